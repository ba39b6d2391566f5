// SPDX-License-Identifier: GPL-2.0
/*
 * The channel's ring (RESMGR_CHAN_RING, channel.h): messages handed to
 * server threads through memory the server maps, without a receive call.
 *
 * With a ring, the channel's handlers run in the caller's own thread
 * (its dispatch handle calls them directly): each message is copied into
 * a free slot of the ring, and the caller waits for the server's
 * RESMGR_CHAN_REPLY as for any deferred reply (the core's receive ids,
 * reply.c). A server thread takes a ready slot in user space with one
 * compare-and-swap and copies the message out. What a slot cannot carry
 * goes the old way, through RESMGR_CHAN_RECEIVE: pulses, sends, and
 * messages that find every slot taken (the spill list); the ring's
 * header counts them in @work so that a thread polling the slots knows
 * to make that call.
 *
 * The server can write anything into the ring at any time. The kernel
 * only writes it, and reads nothing back from it but a slot's state
 * (claimed with cmpxchg()) and the count of sleeping server threads:
 * nothing decided here depends on the server's honesty beyond whether
 * its own callers are served.
 */
#include <linux/capability.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include "internal.h"
#include "../core/core.h"

/**
 * struct resmgr_chan_ring_k - a channel's ring, the kernel's side
 * @mem: the ring (header, then the slots), vmalloc_user()ed and mapped
 *	by the server
 * @size: its size, a multiple of PAGE_SIZE
 * @nslots: how many slots
 * @slot_size: bytes a slot
 * @next: where the next search for a free slot starts
 * @wake_queued: RESMGR_CHAN_PULSE_RINGs waiting in the channel's events
 * @work: what @mem's header says in work (the kernel's own count)
 * @spill: messages no slot took (struct resmgr_chan_spill; the
 *	channel's slock)
 */
struct resmgr_chan_ring_k {
	void			*mem;
	size_t			size;
	u32			nslots;
	u32			slot_size;
	atomic_t		next;
	atomic_t		wake_queued;
	atomic_t		work;
	struct list_head	spill;
};

/**
 * struct resmgr_chan_spill - a message that found no free slot
 * @node: on the ring's @spill
 * @rcvid: its receive id
 * @info: who sent it
 * @len: its bytes in @msg
 * @msg: the message
 */
struct resmgr_chan_spill {
	struct list_head	node;
	int			rcvid;
	struct resmgr_chan_info	info;
	size_t			len;
	u8			msg[];
};

/* The channel's ring, or NULL. */
static struct resmgr_chan_ring_k *ring_of(struct resmgr_chan *chan)
{
	/* Set up before it is seen; pairs with resmgr_chan_ring_setup()'s release. */
	return smp_load_acquire(&chan->ring);
}

static struct resmgr_chan_ring_hdr *ring_hdr(struct resmgr_chan_ring_k *ring)
{
	return ring->mem;
}

static struct resmgr_chan_ring_slot *ring_slot(struct resmgr_chan_ring_k *ring, u32 i)
{
	return ring->mem + RESMGR_CHAN_RING_SLOTS + (size_t)i * ring->slot_size;
}

/**
 * resmgr_chan_ring_setup() - RESMGR_CHAN_RING: give the channel a ring
 * @chan: the channel, with no link attached yet
 * @uarg: the slots wanted
 *
 * Return: 0; -EPERM without CAP_SYS_ADMIN (the right to attach paths),
 * -EINVAL for a size out of bounds, -EBUSY when the channel has a ring or
 * a link already, -EFAULT, -ENOMEM.
 * Context: process context.
 */
long resmgr_chan_ring_setup(struct resmgr_chan *chan, struct resmgr_chan_ring __user *uarg)
{
	struct resmgr_chan_ring_k *ring;
	struct resmgr_chan_ring a;
	long err = 0;

	resmgr_might_sleep();
	/* As an attach of a path: only servers of paths need one. */
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	if (a.reserved || !a.nslots || a.nslots > RESMGR_CHAN_RING_SLOTS_MAX ||
	    a.slot_size < RESMGR_CHAN_RING_SLOT_MIN || a.slot_size > RESMGR_CHAN_RING_SLOT_MAX ||
	    a.slot_size % 64 || (u64)a.nslots * a.slot_size > RESMGR_CHAN_RING_BYTES_MAX)
		return -EINVAL;
	ring = kzalloc(sizeof(*ring), GFP_KERNEL_ACCOUNT);
	if (!ring)
		return -ENOMEM;
	ring->nslots = a.nslots;
	ring->slot_size = a.slot_size;
	ring->size = PAGE_ALIGN(RESMGR_CHAN_RING_SLOTS + (size_t)a.nslots * a.slot_size);
	INIT_LIST_HEAD(&ring->spill);
	ring->mem = vmalloc_user(ring->size);
	if (!ring->mem) {
		kfree(ring);
		return -ENOMEM;
	}
	ring_hdr(ring)->nslots = a.nslots;
	ring_hdr(ring)->slot_size = a.slot_size;
	ring_hdr(ring)->poll_ns = resmgr_poll_window_max();
	/* No link yet: no call has seen the handle deliver by message. */
	mutex_lock(&chan->lock);
	if (chan->ring || !list_empty(&chan->links)) {
		err = -EBUSY;
	} else {
		resmgr_calls_direct(chan->dpp);
		/* The ring set up before its pointer is seen; pairs with the readers. */
		smp_store_release(&chan->ring, ring);
	}
	mutex_unlock(&chan->lock);
	if (err) {
		vfree(ring->mem);
		kfree(ring);
	}
	return err;
}

/**
 * resmgr_chan_ring_mmap() - map the ring, whole, into the server
 * @chan: the channel
 * @vma: the mapping: offset 0, the ring's size
 *
 * Return: 0; -ENODEV without a ring, -EINVAL for another offset or size.
 * Context: process context (mmap()).
 */
int resmgr_chan_ring_mmap(struct resmgr_chan *chan, struct vm_area_struct *vma)
{
	struct resmgr_chan_ring_k *ring = ring_of(chan);

	resmgr_might_sleep();
	if (!ring)
		return -ENODEV;
	if (vma->vm_pgoff || vma->vm_end - vma->vm_start != ring->size)
		return -EINVAL;
	return remap_vmalloc_range(vma, ring->mem, 0);
}

/**
 * resmgr_chan_ring_free() - free the ring at the channel's release
 * @chan: the channel: no handler of its runs any more, and no mapping of
 *	the ring is left (each holds the file)
 *
 * Context: process context.
 */
void resmgr_chan_ring_free(struct resmgr_chan *chan)
{
	struct resmgr_chan_ring_k *ring = chan->ring;
	struct resmgr_chan_spill *sp, *tmp;

	resmgr_might_sleep();
	if (!ring)
		return;
	list_for_each_entry_safe(sp, tmp, &ring->spill, node)
		kfree(sp);
	vfree(ring->mem);
	kfree(ring);
}

/**
 * resmgr_chan_ring_work() - a receive has something the slots do not
 * @chan: the channel
 *
 * Context: any.
 */
void resmgr_chan_ring_work(struct resmgr_chan *chan)
{
	struct resmgr_chan_ring_k *ring = ring_of(chan);

	if (ring)
		WRITE_ONCE(ring_hdr(ring)->work, atomic_inc_return(&ring->work));
}

/**
 * resmgr_chan_ring_woken() - a receive took the ring's wake-up pulse
 * @chan: the channel
 *
 * Context: any.
 */
void resmgr_chan_ring_woken(struct resmgr_chan *chan)
{
	struct resmgr_chan_ring_k *ring = ring_of(chan);

	if (ring)
		atomic_dec_if_positive(&ring->wake_queued);
}

/*
 * Wake a server thread sleeping in a receive, unless a thread polls or
 * as many wake-ups are on their way as threads sleep: messages that come
 * together wake as many threads, as a receive's messages do, and never
 * more than there are slots (the sleepers count is the server's word).
 * Return: true when a wake-up was queued.
 */
static bool resmgr_chan_ring_wake(struct resmgr_chan *chan, struct resmgr_chan_ring_k *ring)
{
	struct resmgr_chan_ring_hdr *hdr = ring_hdr(ring);
	struct resmgr_chan_event *ev;
	int sleepers, queued;

	/* The slot's state stored before the counts are read; see channel.h. */
	smp_mb();
	sleepers = min(READ_ONCE(hdr->sleepers), ring->nslots);
	if (!sleepers || READ_ONCE(hdr->spinning))
		return false;
	queued = atomic_read(&ring->wake_queued);
	do {
		if (queued >= sleepers)
			return false;
	} while (!atomic_try_cmpxchg(&ring->wake_queued, &queued, queued + 1));
	ev = kzalloc(sizeof(*ev), GFP_KERNEL);
	if (!ev) {
		/* A sleeper wakes at the next message; a polling one sees it anyway. */
		atomic_dec(&ring->wake_queued);
		return false;
	}
	ev->code = RESMGR_CHAN_PULSE_RING;
	WRITE_ONCE(hdr->woke_ns, ktime_get_ns());
	resmgr_chan_event(chan, ev);
	return true;
}

/**
 * resmgr_chan_ring_kick() - RESMGR_CHAN_RING_WAKE: wake sleepers for ready slots
 * @chan: the channel
 *
 * A thread that stops polling with a message taken asks this when it
 * sees other slots ready: their messages came while it polled, so they
 * woke no one, and it is about to be busy with its own. Each ready slot
 * wakes a sleeping thread, as a message that found no poller does.
 *
 * Return: 0; -ENODEV without a ring.
 * Context: process context.
 */
long resmgr_chan_ring_kick(struct resmgr_chan *chan)
{
	struct resmgr_chan_ring_k *ring = ring_of(chan);
	u32 i;

	resmgr_might_sleep();
	if (!ring)
		return -ENODEV;
	for (i = 0; i < ring->nslots; i++)
		if (READ_ONCE(ring_slot(ring, i)->state) == RESMGR_CHAN_RING_READY &&
		    !resmgr_chan_ring_wake(chan, ring))
			break;
	return 0;
}

/* A message no slot took: queued for a receive, copied (the caller may leave). */
static int resmgr_chan_ring_spill(struct resmgr_chan *chan, struct resmgr_chan_ring_k *ring,
				  resmgr_context_t *ctp, int coid)
{
	size_t len = ctp->info.msglen;
	struct resmgr_chan_spill *sp;

	sp = kmalloc(struct_size(sp, msg, len), GFP_KERNEL_ACCOUNT);
	if (!sp)
		return ENOMEM;
	memcpy(sp->msg, ctp->msg, len);
	sp->len = len;
	sp->rcvid = ctp->rcvid;
	resmgr_chan_fill_info(chan, ctp, coid, len, &sp->info);
	spin_lock(&chan->slock);
	list_add_tail(&sp->node, &ring->spill);
	spin_unlock(&chan->slock);
	resmgr_chan_wake(chan, true);
	return _RESMGR_NOREPLY;
}

/**
 * resmgr_chan_ring_deliver() - put a message into a free slot
 * @chan: the channel, with a ring
 * @ctp: the call's context (its message, its receive id > 0)
 * @coid: the file's id for info.coid, or 0
 *
 * Return: _RESMGR_NOREPLY (the server's reply ends the call); ENOMEM.
 * Context: process context, in the caller's thread (a handler).
 */
int resmgr_chan_ring_deliver(struct resmgr_chan *chan, resmgr_context_t *ctp, int coid)
{
	struct resmgr_chan_ring_k *ring = ring_of(chan);
	u32 i, start = atomic_inc_return(&ring->next);
	struct resmgr_chan_ring_slot *s = NULL;
	struct resmgr_chan_info info;
	size_t len;

	resmgr_might_sleep();
	for (i = 0; i < ring->nslots; i++) {
		s = ring_slot(ring, (start + i) % ring->nslots);
		if (READ_ONCE(s->state) == RESMGR_CHAN_RING_FREE &&
		    cmpxchg(&s->state, RESMGR_CHAN_RING_FREE, RESMGR_CHAN_RING_FILLING) ==
		    RESMGR_CHAN_RING_FREE)
			break;
		s = NULL;
	}
	if (!s)
		return resmgr_chan_ring_spill(chan, ring, ctp, coid);
	/* A longer message's rest is read with RESMGR_CHAN_MSGREAD. */
	len = min_t(size_t, ctp->info.msglen, ring->slot_size - sizeof(*s));
	memcpy(s->msg, ctp->msg, len);
	resmgr_chan_fill_info(chan, ctp, coid, len, &info);
	memcpy(&s->info, &info, sizeof(info));
	WRITE_ONCE(s->rcvid, ctp->rcvid);
	WRITE_ONCE(ring_hdr(ring)->poll_ns, resmgr_poll_window_max());
	/* The slot filled before it is seen ready; pairs with the server's acquire. */
	smp_store_release(&s->state, RESMGR_CHAN_RING_READY);
	resmgr_chan_ring_wake(chan, ring);
	return _RESMGR_NOREPLY;
}

/**
 * resmgr_chan_ring_spilled() - is a spilled message waiting for a receive?
 * @chan: the channel
 *
 * Return: true if so.
 * Context: any.
 */
bool resmgr_chan_ring_spilled(struct resmgr_chan *chan)
{
	struct resmgr_chan_ring_k *ring = ring_of(chan);

	return ring && !list_empty_careful(&ring->spill);
}

/**
 * resmgr_chan_ring_take_spill() - a receive takes a spilled message
 * @chan: the channel
 * @r: the receiver; its @out and buffer get the message
 *
 * Return: true when one was taken (@r->got, or @r->err when the receive
 * buffer faulted: the caller then gets EIO).
 * Context: process context, in RESMGR_CHAN_RECEIVE.
 */
bool resmgr_chan_ring_take_spill(struct resmgr_chan *chan, struct resmgr_chan_receiver *r)
{
	struct resmgr_chan_ring_k *ring = ring_of(chan);
	struct resmgr_chan_spill *sp;
	size_t len;

	resmgr_might_sleep();
	if (!ring || list_empty_careful(&ring->spill))
		return false;
	spin_lock(&chan->slock);
	sp = list_first_entry_or_null(&ring->spill, struct resmgr_chan_spill, node);
	if (sp)
		list_del(&sp->node);
	spin_unlock(&chan->slock);
	if (!sp)
		return false;
	len = min_t(size_t, sp->len, r->size);
	if (copy_to_user(r->buf, sp->msg, len)) {
		resmgr_reply_owned(chan->dpp, sp->rcvid, 0, EIO, NULL, 0);
		r->err = -EFAULT;
	} else {
		r->out.info = sp->info;
		r->out.info.msglen = len;
		r->out.rcvid = sp->rcvid;
		r->out.code = 0;
		r->out.value = 0;
		r->got = true;
	}
	kfree(sp);
	return true;
}
