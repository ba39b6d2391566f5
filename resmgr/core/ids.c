// SPDX-License-Identifier: GPL-2.0
/*
 * The ids the core gives out to managers, in one place:
 *  - receive ids (ctp->rcvid): every call that enters a link has one
 *    until it exits: a slot of its own in a table, whose lock guards the
 *    call's reply for those who find it by its id (reply.c). The call's
 *    own thread takes and leaves its slot without the lock, so a call
 *    that nobody answers from elsewhere disables no interrupts. The
 *    slots are also the one list of calls in flight: a detach looks
 *    through them for its link's (resmgr_rcvid_scan());
 *  - notify ids (the sival_int of a notification's event): an open file
 *    that polled, found again by MsgDeliverEvent() under RCU.
 * Link ids are the pathname space's (pathmgr); a handle's connection id
 * (message_connect()) is the dispatch room's, and /dev minors the /dev
 * front end's.
 */
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/xarray.h>
#include <resmgr/neutrino.h>
#include "internal.h"

/* The slots (internal.h says how they are kept), and how many chunks. */
struct resmgr_rcvid_slot *resmgr_rcvid_chunks[RESMGR_RCVID_CHUNKS];
static unsigned int resmgr_rcvid_nchunks;
static DEFINE_MUTEX(resmgr_rcvid_grow_lock);	/* adding chunks */

/* How many rows of slots a call looks at before the table grows. */
#define RESMGR_RCVID_TRIES	4

/* Locked for ids no slot was ever given: it never holds a call. */
static struct resmgr_rcvid_slot resmgr_rcvid_nowhere = {
	.lock = __SPIN_LOCK_UNLOCKED(resmgr_rcvid_nowhere.lock),
};

/**
 * resmgr_rcvid_lock() - lock the slot a receive id names
 * @rcvid: the id
 * @flags: the saved interrupt state, for resmgr_rcvid_unlock()
 *
 * Return: the slot, locked; resmgr_rcvid_find() says whether it holds
 * the call with @rcvid (never, for an id no slot was given).
 * Context: any.
 */
struct resmgr_rcvid_slot *resmgr_rcvid_lock(int rcvid, unsigned long *flags)
	__acquires(slot)
{
	unsigned int idx = rcvid & (RESMGR_RCVID_SLOTS - 1);
	struct resmgr_rcvid_slot *s = &resmgr_rcvid_nowhere;

	/* The count admits the chunks published before it (resmgr_rcvid_grow()). */
	if (rcvid > 0 && idx / RESMGR_RCVID_CHUNK < smp_load_acquire(&resmgr_rcvid_nchunks))
		s = resmgr_rcvid_slot(idx);
	spin_lock_irqsave(&s->lock, *flags);
	WRITE_ONCE(s->busy, true);
	/*
	 * busy set before the id is read; a leaving call clears the id
	 * before it reads busy (resmgr_rcvid_unregister()): one of the two
	 * sees the other's store.
	 */
	smp_mb();
	return s;
}

RESMGR_EXPORT_FOR_TESTS(resmgr_rcvid_lock);

/**
 * resmgr_rcvid_unlock() - unlock a slot from resmgr_rcvid_lock()
 * @s: the slot
 * @flags: what resmgr_rcvid_lock() saved
 *
 * Context: any; the slot locked.
 */
void resmgr_rcvid_unlock(struct resmgr_rcvid_slot *s, unsigned long flags)
	__releases(slot)
{
	lockdep_assert_held(&s->lock);
	/* What was done to the call, before a leaving call sees busy clear. */
	smp_store_release(&s->busy, false);
	spin_unlock_irqrestore(&s->lock, flags);
}

RESMGR_EXPORT_FOR_TESTS(resmgr_rcvid_unlock);

/**
 * resmgr_rcvid_find() - the call a locked slot holds under @rcvid
 * @s: the slot, locked (resmgr_rcvid_lock())
 * @rcvid: the id
 *
 * Return: the call, which cannot leave while the slot stays locked; NULL
 * when no call in flight has @rcvid.
 * Context: any; @s locked.
 */
struct resmgr_call *resmgr_rcvid_find(struct resmgr_rcvid_slot *s, int rcvid)
{
	lockdep_assert_held(&s->lock);
	/* Pairs with the release that gave the id: the call is set up. */
	if (rcvid <= 0 || smp_load_acquire(&s->rcvid) != rcvid)
		return NULL;
	return READ_ONCE(s->call);
}

RESMGR_EXPORT_FOR_TESTS(resmgr_rcvid_find);

/* resmgr_rcvid_scan() on a slot that gave @rcvid. */
static bool resmgr_rcvid_scan_slot(int rcvid,
				   bool (*fn)(struct resmgr_call *call, void *arg), void *arg)
{
	struct resmgr_rcvid_slot *s;
	struct resmgr_call *call;
	unsigned long flags;
	bool stop = false;

	s = resmgr_rcvid_lock(rcvid, &flags);
	/* NULL: that call left; one taking the slot since sees what was published. */
	call = resmgr_rcvid_find(s, rcvid);
	if (call)
		stop = fn(call, arg);
	resmgr_rcvid_unlock(s, flags);
	return stop;
}

/**
 * resmgr_rcvid_scan() - look at every call in flight
 * @fn: called for each call that holds an id, with its slot locked (the
 *	call cannot leave meanwhile) and interrupts off; true stops the scan
 * @arg: @fn's argument
 *
 * A call that takes a slot the scan has passed is not seen. So whoever
 * scans to stop calls (a detach) first publishes what stops them and
 * then, after a full barrier, scans; a call takes its slot and then,
 * after a full barrier, looks (resmgr_call_enter() and link->dead): one
 * of the two sees the other.
 *
 * Return: true when @fn stopped the scan.
 * Context: any, a wait's condition included (it never sleeps); takes
 * each busy slot's lock with interrupts off.
 */
bool resmgr_rcvid_scan(bool (*fn)(struct resmgr_call *call, void *arg), void *arg)
{
	/* Pairs with resmgr_rcvid_grow(): the chunks it counts are set. */
	unsigned int nslots = smp_load_acquire(&resmgr_rcvid_nchunks) * RESMGR_RCVID_CHUNK;
	unsigned int idx;
	bool stop = false;

	for (idx = 0; idx < nslots && !stop; idx++) {
		/*
		 * No id: a free slot, or a call registering (it then sees
		 * what was published, as above) or leaving.
		 */
		int rcvid = READ_ONCE(resmgr_rcvid_slot(idx)->rcvid);

		if (rcvid)
			stop = resmgr_rcvid_scan_slot(rcvid, fn, arg);
	}
	return stop;
}

RESMGR_EXPORT_FOR_TESTS(resmgr_rcvid_scan);

/* Add a chunk of slots unless another thread just did; false at the cap. */
static bool resmgr_rcvid_grow(unsigned int seen)
{
	struct resmgr_rcvid_slot *chunk;
	unsigned int n, i;
	bool grown = true;

	mutex_lock(&resmgr_rcvid_grow_lock);
	n = resmgr_rcvid_nchunks;
	if (n != seen)
		goto out_unlock;
	grown = false;
	if (n == RESMGR_RCVID_CHUNKS)
		goto out_unlock;
	chunk = kvcalloc(RESMGR_RCVID_CHUNK, sizeof(*chunk), GFP_KERNEL);
	if (!chunk)
		goto out_unlock;
	for (i = 0; i < RESMGR_RCVID_CHUNK; i++)
		spin_lock_init(&chunk[i].lock);
	resmgr_rcvid_chunks[n] = chunk;
	/* The chunk published before the count that admits it. */
	smp_store_release(&resmgr_rcvid_nchunks, n + 1);
	grown = true;
out_unlock:
	mutex_unlock(&resmgr_rcvid_grow_lock);
	return grown;
}

/*
 * Take a free slot for @call: first where this CPU's calls usually find
 * one, then at random places; the table grows when those are taken,
 * and only when it cannot grow is every slot looked at.
 */
static struct resmgr_rcvid_slot *resmgr_rcvid_take(struct resmgr_call *call,
						   unsigned int *idx)
{
	unsigned int tries = 0;
	bool all = false;

	for (;;) {
		/* Pairs with resmgr_rcvid_grow(): the chunks it counts are set. */
		unsigned int n = smp_load_acquire(&resmgr_rcvid_nchunks);
		unsigned int nslots = n * RESMGR_RCVID_CHUNK;
		unsigned int start, i, probes = all ? nslots : RESMGR_RCVID_PROBES;

		start = tries ? get_random_u32() % nslots :
			raw_smp_processor_id() * RESMGR_RCVID_PROBES;
		for (i = 0; i < probes; i++) {
			struct resmgr_rcvid_slot *s;

			*idx = (start + i) % nslots;
			s = resmgr_rcvid_slot(*idx);
			if (!READ_ONCE(s->call) && !cmpxchg(&s->call, NULL, call))
				return s;
		}
		if (all)
			return NULL;
		if (++tries < RESMGR_RCVID_TRIES)
			continue;
		tries = 1;
		if (!resmgr_rcvid_grow(n))
			all = true;
	}
}

/**
 * resmgr_rcvid_register() - give a call its receive id
 * @call: a call entering its link
 *
 * The call takes a free slot with one atomic exchange, no lock: the
 * slot's lock is for those who find the call by its id. Ids are unique
 * among the calls in flight; an old id names a new call of its slot
 * only after the slot's generation wraps (4095 calls later). The calls
 * of the direct paths try their CPU's first slot inline before this
 * (__resmgr_rcvid_register(), call_inline.h).
 *
 * Return: 0; -ENOMEM when slots were needed and none could be
 * allocated; -EAGAIN with RESMGR_RCVID_SLOTS calls in flight.
 * Context: process context.
 */
int resmgr_rcvid_register(struct resmgr_call *call)
{
	struct resmgr_rcvid_slot *s;
	unsigned int idx;

	resmgr_might_sleep();
	s = resmgr_rcvid_take(call, &idx);
	if (!s)
		return READ_ONCE(resmgr_rcvid_nchunks) == RESMGR_RCVID_CHUNKS ? -EAGAIN : -ENOMEM;
	resmgr_rcvid_give(call, s, idx);
	return 0;
}

RESMGR_EXPORT_FOR_TESTS(resmgr_rcvid_register);

/**
 * resmgr_rcvid_unregister() - the call is over; its id answers no more
 * @call: a registered call
 *
 * Clears the id, then waits while the slot is busy: whoever locked it
 * before the id was cleared may be using the call, and whoever locks it
 * after finds no call. Then the slot is free. Frees a deferred reply the
 * caller did not take.
 *
 * Context: process context, in the call's own thread.
 */
void resmgr_rcvid_unregister(struct resmgr_call *call)
{
	resmgr_might_sleep();
	__resmgr_rcvid_unregister(call);
}

RESMGR_EXPORT_FOR_TESTS(resmgr_rcvid_unregister);

/* Files that have polled, by notify id; deliveries look them up under RCU. */
static DEFINE_XARRAY_ALLOC1(resmgr_notify_ids);

/**
 * MsgDeliverEvent() - deliver a notification's event
 * @rcvid: the arming message's receive id (unused: the event names the file)
 * @event: the event resmgr put in the notify message
 *
 * Wakes the pollers of the file the event names; a file since closed is
 * skipped.
 *
 * Return: 0, or -ESRCH when the file is gone.
 * Context: any; no sleeping.
 */
int MsgDeliverEvent(int rcvid, const struct sigevent *event)
{
	struct resmgr_binding *b;
	int err = -ESRCH;

	rcu_read_lock();
	b = xa_load(&resmgr_notify_ids, event->sigev_value.sival_int);
	if (b) {
		wake_up_interruptible_poll(&b->wq, EPOLLIN | EPOLLRDNORM | EPOLLOUT |
					   EPOLLWRNORM | EPOLLPRI | EPOLLRDBAND);
		err = 0;
	}
	rcu_read_unlock();
	return err;
}
EXPORT_SYMBOL_NS_GPL(MsgDeliverEvent, RESMGR_NS);

/**
 * resmgr_deliver_owned() - MsgDeliverEvent() for the user channel: it
 *	wakes only the pollers of files on its own links
 * @owner: the channel's dispatch handle
 * @id: the notify id (the event's sigev_value.sival_int)
 *
 * Return: 0, or -ESRCH when no file of @owner's has the id.
 * Context: process context.
 */
int resmgr_deliver_owned(const dispatch_t *owner, int id)
{
	struct resmgr_binding *b;
	int err = -ESRCH;

	resmgr_might_sleep();
	xa_lock(&resmgr_notify_ids);
	b = xa_load(&resmgr_notify_ids, id);
	/* While the id is there the binding holds its link (resmgr_release()). */
	if (b && b->link->dpp == owner) {
		wake_up_interruptible_poll(&b->wq, EPOLLIN | EPOLLRDNORM | EPOLLOUT |
					   EPOLLWRNORM | EPOLLPRI | EPOLLRDBAND);
		err = 0;
	}
	xa_unlock(&resmgr_notify_ids);
	return err;
}

/**
 * resmgr_notify_id() - the file's notify id, made at its first poll
 * @b: the binding
 *
 * Return: the id, or 0 when out of memory.
 * Context: process context.
 */
int resmgr_notify_id(struct resmgr_binding *b)
{
	u32 id;

	resmgr_might_sleep();
	if (READ_ONCE(b->notify_id))
		return b->notify_id;
	if (xa_alloc(&resmgr_notify_ids, &id, b, xa_limit_31b, GFP_KERNEL))
		return 0;
	if (cmpxchg(&b->notify_id, 0, (int)id) != 0)
		xa_erase(&resmgr_notify_ids, id);
	return b->notify_id;
}

/**
 * resmgr_notify_id_free() - a closed file's notify id answers no more
 * @b: the binding, with a notify id
 *
 * Deliveries that found it before are done after a grace period, when
 * the binding is freed (kfree_rcu()).
 *
 * Context: any.
 */
void resmgr_notify_id_free(struct resmgr_binding *b)
{
	xa_erase(&resmgr_notify_ids, b->notify_id);
}

/**
 * resmgr_ids_init() - set up the receive ids
 *
 * Return: 0, or -ENOMEM.
 * Context: module init.
 */
int resmgr_ids_init(void)
{
	resmgr_might_sleep();
	return resmgr_rcvid_grow(0) ? 0 : -ENOMEM;
}

/**
 * resmgr_ids_exit() - free the receive-id slots
 *
 * Context: module exit, with no call in flight.
 */
void resmgr_ids_exit(void)
{
	unsigned int i;

	resmgr_might_sleep();
	for (i = 0; i < resmgr_rcvid_nchunks; i++)
		kvfree(resmgr_rcvid_chunks[i]);
	resmgr_rcvid_nchunks = 0;
}
