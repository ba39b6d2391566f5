// SPDX-License-Identifier: GPL-2.0
/*
 * The tables of a user channel's links: each handler runs in a server
 * thread of the user process (RESMGR_CHAN_RECEIVE, via dispatch_handler()),
 * copies the message into that thread's buffer and defers the reply; the
 * process answers with RESMGR_CHAN_REPLY. Only the bookkeeping of files
 * (which coid an OCB is, whether the server knows it) stays here.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <resmgr/iomsg.h>
#include <resmgr/neutrino.h>
#include "internal.h"

/* The receive of the current thread, or NULL when it is none of ours. */
static struct resmgr_chan_receiver *chan_receiver(struct resmgr_chan *chan)
{
	struct resmgr_chan_receiver *r, *found = NULL;

	spin_lock(&chan->slock);
	list_for_each_entry(r, &chan->receivers, node) {
		if (r->task == current) {
			found = r;
			break;
		}
	}
	spin_unlock(&chan->slock);
	return found;
}

/**
 * resmgr_chan_caps() - a caller's capabilities, as info.caps reports them
 * @chan: the channel
 * @cred: the caller's credentials (a handler runs under them already,
 *	dispatch_handler(); else they are made current for the question)
 *
 * Return: 1 << CAP_x for each of RESMGR_CHAN_CAPS that @cred has in the
 * channel's user namespace (ns_capable_noaudit()).
 * Context: process context.
 */
u64 resmgr_chan_caps(struct resmgr_chan *chan, const struct cred *cred)
{
	const struct cred *old = NULL;
	u64 want = RESMGR_CHAN_CAPS, caps = 0;
	int cap;

	resmgr_might_sleep();
	if (current_cred() != cred)
		old = override_creds(cred);
	while (want) {
		cap = __ffs64(want);
		want &= want - 1;
		if (ns_capable_noaudit(chan->user_ns, cap))
			caps |= 1ull << cap;
	}
	if (old)
		revert_creds(old);
	return caps;
}

/**
 * resmgr_chan_info_ids() - a caller's ids, as info reports them
 * @chan: the channel, in whose user namespace they are given
 * @cred: the caller's credentials
 * @info: filled: the uids, gids and the number of groups
 *
 * Context: any.
 */
void resmgr_chan_info_ids(struct resmgr_chan *chan, const struct cred *cred,
			  struct resmgr_chan_info *info)
{
	info->uid = from_kuid_munged(chan->user_ns, cred->fsuid);
	info->gid = from_kgid_munged(chan->user_ns, cred->fsgid);
	info->ruid = from_kuid_munged(chan->user_ns, cred->uid);
	info->rgid = from_kgid_munged(chan->user_ns, cred->gid);
	info->suid = from_kuid_munged(chan->user_ns, cred->suid);
	info->sgid = from_kgid_munged(chan->user_ns, cred->sgid);
	info->ngroups = cred->group_info ? cred->group_info->ngroups : 0;
}

/**
 * resmgr_chan_fill_info() - who sent a message, as the server is told
 * @chan: the channel
 * @ctp: the call's context
 * @coid: the file's id, or 0
 * @len: bytes of the message the server gets with it
 * @info: filled in whole
 *
 * Context: process context, in the caller's thread or a server thread.
 */
void resmgr_chan_fill_info(struct resmgr_chan *chan, resmgr_context_t *ctp, int coid,
			   size_t len, struct resmgr_chan_info *info)
{
	const struct cred *cred = ctp->info.cred;

	resmgr_might_sleep();
	memset(info, 0, sizeof(*info));
	info->pid = ctp->info.pid;
	info->tid = ctp->info.tid;
	resmgr_chan_info_ids(chan, cred, info);
	/*
	 * The capabilities only when asked (RESMGR_CHAN_CAPS_OF): a check
	 * that the ids and the mode decide never asks, and seven
	 * ns_capable() calls are no small part of an open's round trip.
	 */
	info->flags = RESMGR_CHAN_INFO_NOCAPS;
	info->id = ctp->id;
	info->coid = coid;
	info->msglen = len;
	info->srcmsglen = ctp->info.srcmsglen;
	info->dstmsglen = ctp->info.dstmsglen;
	info->priority = ctp->info.priority;
}

/*
 * Copy the message into the receiver's buffer (or a slot of the ring) and
 * keep the call waiting for the server's reply. A message resmgr made
 * itself (rcvid <= 0: a close after a detach or a failed open) cannot
 * wait; nor can one that reaches no receiver: the table's slot is then as
 * good as empty.
 */
static int chan_deliver(struct resmgr_chan *chan, resmgr_context_t *ctp, int coid)
{
	struct resmgr_chan_receiver *r;
	size_t len;

	if (ctp->rcvid <= 0)
		return ENOSYS;
	if (READ_ONCE(chan->ring))
		return resmgr_chan_ring_deliver(chan, ctp, coid);
	r = chan_receiver(chan);
	if (!r)
		return ENOSYS;
	len = min_t(size_t, ctp->info.msglen, r->size);
	if (copy_to_user(r->buf, ctp->msg, len)) {
		/* The server unmapped its buffer meanwhile: the caller gets EIO. */
		r->err = -EFAULT;
		return EIO;
	}
	resmgr_chan_fill_info(chan, ctp, coid, len, &r->out.info);
	r->out.rcvid = ctp->rcvid;
	r->out.code = 0;
	r->out.value = 0;
	r->got = true;
	return _RESMGR_NOREPLY;
}

/**
 * resmgr_chan_timedout() - the channel's MSG_FLAG_TIMEOUT_FUNC handler:
 *	the receive of the thread whose dispatch_block() timed out ends
 * @ctp: that thread's context
 * @code: 0
 * @flags: MSG_FLAG_TIMEOUT_FUNC
 * @handle: the channel
 *
 * Return: 0.
 * Context: process context, in RESMGR_CHAN_RECEIVE (dispatch_handler()).
 */
int resmgr_chan_timedout(message_context_t *ctp, int code, unsigned int flags, void *handle)
{
	struct resmgr_chan_receiver *r = chan_receiver(handle);

	resmgr_might_sleep();
	if (r)
		r->timedout = true;
	return 0;
}

/**
 * resmgr_chan_event() - queue a pulse for the server's next receive
 * @chan: the channel
 * @ev: the pulse; the receive that takes it frees it
 *
 * Context: process context.
 */
void resmgr_chan_event(struct resmgr_chan *chan, struct resmgr_chan_event *ev)
{
	/*
	 * The ring's own pulse is no news to a thread that polls its slots.
	 * Read before the pulse is on the list: a receive may take and free
	 * it (with the OCB it is part of) as soon as the lock is dropped.
	 */
	bool work = ev->code != RESMGR_CHAN_PULSE_RING;

	resmgr_might_sleep();
	spin_lock(&chan->slock);
	list_add_tail(&ev->node, &chan->events);
	spin_unlock(&chan->slock);
	resmgr_chan_wake(chan, work);
}

/**
 * resmgr_chan_wake() - wake a receiver: something waits for a receive
 * @chan: the channel, not dead (or its slock held)
 * @work: and tell threads polling the ring's slots (ring.c)
 *
 * A receiver blocked in dispatch_block() wakes; a lost wake-up only
 * delays.
 *
 * Context: any.
 */
void resmgr_chan_wake(struct resmgr_chan *chan, bool work)
{
	if (work)
		resmgr_chan_ring_work(chan);
	MsgSendPulse(chan->wake_coid, 0, 0, 0);
}

/**
 * resmgr_chan_event_locked() - queue a pulse, the channel's slock held
 * @chan: the channel, not dead
 * @ev: the pulse
 *
 * Context: any; @chan->slock held (the handle lives while the channel
 * is not dead).
 */
void resmgr_chan_event_locked(struct resmgr_chan *chan, struct resmgr_chan_event *ev)
{
	lockdep_assert_held(&chan->slock);
	list_add_tail(&ev->node, &chan->events);
	resmgr_chan_wake(chan, true);
}

/**
 * resmgr_chan_event_live() - queue a pulse unless the channel is dead
 * @chan: the channel
 * @ev: the pulse
 *
 * Return: 0; -EBADF when the channel is dead (@ev is the caller's again).
 * Context: process context.
 */
int resmgr_chan_event_live(struct resmgr_chan *chan, struct resmgr_chan_event *ev)
{
	int err = 0;

	resmgr_might_sleep();
	spin_lock(&chan->slock);
	if (chan->dead)
		err = -EBADF;
	else
		resmgr_chan_event_locked(chan, ev);
	spin_unlock(&chan->slock);
	return err;
}

/**
 * resmgr_chan_ocb_free() - free an OCB and its id
 * @ocb: the OCB, on no list
 *
 * Context: any.
 */
void resmgr_chan_ocb_free(struct resmgr_chan_ocb *ocb)
{
	xa_erase(&ocb->chan->coids, ocb->coid);
	kfree(ocb);
}

/*
 * An open: bind an OCB of ours now (the core keeps it if the server's
 * reply is a success, and closes it otherwise) and send the message
 * with the file's coid.
 */
static int chan_open(resmgr_context_t *ctp, io_open_t *msg, struct resmgr_chan *chan,
		     void *extra)
{
	struct resmgr_chan_ocb *ocb;
	int ret;
	u32 coid;

	if (ctp->rcvid <= 0 || (!READ_ONCE(chan->ring) && !chan_receiver(chan)))
		return ENOSYS;
	ocb = kzalloc(sizeof(*ocb), GFP_KERNEL);
	if (!ocb)
		return ENOMEM;
	/*
	 * Cyclic: the server drops its OCB when it handles the disconnect
	 * pulse, after the id is free here; a new file must not get the id
	 * meanwhile.
	 */
	if (xa_alloc_cyclic(&chan->coids, &coid, ocb,
			    XA_LIMIT(RESMGR_CHAN_COID_MIN, RESMGR_CHAN_COID_MAX),
			    &chan->next_coid, GFP_KERNEL) < 0) {
		kfree(ocb);
		return ENOMEM;
	}
	ocb->chan = chan;
	ocb->coid = coid;
	ocb->open_rcvid = ctp->rcvid;
	spin_lock(&chan->slock);
	list_add_tail(&ocb->node, &chan->ocbs);
	list_add_tail(&ocb->pend_node, &chan->pending);
	spin_unlock(&chan->slock);
	/* From here the core's close_ocb frees it, whatever the answer. */
	resmgr_open_bind(ctp, ocb, &resmgr_chan_io_funcs);
	ret = chan_deliver(chan, ctp, coid);
	if (ret != _RESMGR_NOREPLY) {
		spin_lock(&chan->slock);
		list_del_init(&ocb->pend_node);
		spin_unlock(&chan->slock);
	}
	return ret;
}

/*
 * unlink(), rename(), mkdir() and mknod(), readlink(): the message goes as
 * it is, its extra data after the path (channel.h). The server answers;
 * nothing is bound.
 */
#define CHAN_CONNECT_FORWARD(name, msg_ptr, extra_ptr)				\
static int chan_##name(resmgr_context_t *ctp, msg_ptr msg, struct resmgr_chan *chan,	\
		       extra_ptr extra)						\
{										\
	return chan_deliver(chan, ctp, 0);					\
}

CHAN_CONNECT_FORWARD(unlink, io_unlink_t *, void *)
CHAN_CONNECT_FORWARD(rename, io_rename_t *, io_rename_extra_t *)
CHAN_CONNECT_FORWARD(mknod, io_mknod_t *, void *)
CHAN_CONNECT_FORWARD(readlink, io_readlink_t *, void *)

/*
 * A hard link names the existing file by its OCB, which resmgr opened on
 * this same link: the server knows that file by its coid, and never sees
 * a kernel pointer. A file the server has not accepted is not one of its
 * own yet.
 */
static int chan_link(resmgr_context_t *ctp, io_link_t *msg, struct resmgr_chan *chan,
		     io_link_extra_t *extra)
{
	if (msg->connect.extra_type == _IO_CONNECT_EXTRA_LINK) {
		struct resmgr_chan_ocb *ocb;

		if (!extra || msg->connect.extra_len < sizeof(extra->ocb))
			return EINVAL;
		ocb = extra->ocb;
		if (!ocb || ocb->chan != chan || !READ_ONCE(ocb->accepted))
			return EXDEV;
		extra->ocb = (void *)(uintptr_t)ocb->coid;
	}
	return chan_deliver(chan, ctp, 0);
}

/* A caller waiting for an answer got a signal: the server decides. */
static int chan_unblock(struct resmgr_chan *chan, io_pulse_t *msg, int coid)
{
	struct resmgr_chan_event *ev = kzalloc(sizeof(*ev), GFP_KERNEL);

	if (!ev)
		return _RESMGR_DEFAULT;	/* let the caller go */
	ev->code = RESMGR_CHAN_PULSE_UNBLOCK;
	ev->value = msg->i.value;
	ev->coid = coid;
	resmgr_chan_event(chan, ev);
	return _RESMGR_NOREPLY;
}

static int chan_connect_unblock(resmgr_context_t *ctp, io_pulse_t *msg,
				struct resmgr_chan *chan, void *reserved)
{
	return chan_unblock(chan, msg, 0);
}

static int chan_io_unblock(resmgr_context_t *ctp, io_pulse_t *msg,
			   struct resmgr_chan_ocb *ocb)
{
	return chan_unblock(ocb->chan, msg, ocb->coid);
}

/*
 * The file's last reference went (or its open failed): a server that
 * knows the file gets a disconnect pulse, and the OCB goes with it.
 */
static int chan_close_ocb(resmgr_context_t *ctp, void *reserved, struct resmgr_chan_ocb *ocb)
{
	struct resmgr_chan *chan = ocb->chan;
	bool tell;

	spin_lock(&chan->slock);
	list_del(&ocb->node);
	list_del_init(&ocb->pend_node);
	tell = ocb->accepted;
	spin_unlock(&chan->slock);
	if (!tell) {
		resmgr_chan_ocb_free(ocb);
		return EOK;
	}
	ocb->gone.code = RESMGR_CHAN_PULSE_DISCONNECT;
	ocb->gone.value = ocb->coid;
	ocb->gone.coid = ocb->coid;
	ocb->gone.ocb = ocb;
	resmgr_chan_event(chan, &ocb->gone);
	return EOK;
}

/* Every other I/O message goes to the server as it is. */
#define CHAN_FORWARD(name, msg_ptr)						\
static int chan_##name(resmgr_context_t *ctp, msg_ptr msg, struct resmgr_chan_ocb *ocb)	\
{										\
	return chan_deliver(ocb->chan, ctp, ocb->coid);				\
}

CHAN_FORWARD(read, io_read_t *)
CHAN_FORWARD(write, io_write_t *)
CHAN_FORWARD(stat, io_stat_t *)
CHAN_FORWARD(devctl, io_devctl_t *)
CHAN_FORWARD(pathconf, io_pathconf_t *)
CHAN_FORWARD(lseek, io_lseek_t *)
CHAN_FORWARD(chmod, io_chmod_t *)
CHAN_FORWARD(chown, io_chown_t *)
CHAN_FORWARD(utime, io_utime_t *)
CHAN_FORWARD(fdinfo, io_fdinfo_t *)
CHAN_FORWARD(space, io_space_t *)
CHAN_FORWARD(msg, io_msg_t *)
CHAN_FORWARD(sync, io_sync_t *)
CHAN_FORWARD(notify, io_notify_t *)

/* A close of a file the server knows; resmgr's own closes stay here. */
static int chan_close_dup(resmgr_context_t *ctp, io_close_t *msg, struct resmgr_chan_ocb *ocb)
{
	if (ctp->rcvid <= 0 || !READ_ONCE(ocb->accepted))
		return EOK;
	return chan_deliver(ocb->chan, ctp, ocb->coid);
}

/**
 * resmgr_chan_other() - the other_func of a channel's links: a message
 *	of the server's own type, MsgSend() on a file, goes to the server
 * @ctp: the context
 * @msg: the message
 *
 * Return: _RESMGR_NOREPLY (the server answers), or ENOSYS for a file the
 * server does not know.
 * Context: process context, in RESMGR_CHAN_RECEIVE.
 */
int resmgr_chan_other(resmgr_context_t *ctp, void *msg)
{
	struct resmgr_chan_ocb *ocb = _resmgr_ocb(ctp, NULL);

	resmgr_might_sleep();
	if (!ocb || !READ_ONCE(ocb->accepted))
		return ENOSYS;
	return chan_deliver(ocb->chan, ctp, ocb->coid);
}

const resmgr_connect_funcs_t resmgr_chan_connect_funcs = {
	.nfuncs		= _RESMGR_CONNECT_NFUNCS,
	.open		= chan_open,
	.unlink		= chan_unlink,
	.rename		= chan_rename,
	.mknod		= chan_mknod,
	.readlink	= chan_readlink,
	.link		= chan_link,
	.unblock	= chan_connect_unblock,
};

/*
 * No lock_ocb: the server serialises as it likes. A notify (poll) brings
 * the event that RESMGR_CHAN_DELIVER gives back to wake the pollers.
 */
const resmgr_io_funcs_t resmgr_chan_io_funcs = {
	.nfuncs		= _RESMGR_IO_NFUNCS,
	.read		= chan_read,
	.write		= chan_write,
	.close_ocb	= chan_close_ocb,
	.stat		= chan_stat,
	.devctl		= chan_devctl,
	.unblock	= chan_io_unblock,
	.pathconf	= chan_pathconf,
	.lseek		= chan_lseek,
	.chmod		= chan_chmod,
	.chown		= chan_chown,
	.utime		= chan_utime,
	.fdinfo		= chan_fdinfo,
	.space		= chan_space,
	.msg		= chan_msg,
	.close_dup	= chan_close_dup,
	.sync		= chan_sync,
	.notify		= chan_notify,
};
