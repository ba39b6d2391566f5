// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/resmgr: the user channel. One open file is one channel of a
 * user-space resource manager: it attaches paths, its threads receive
 * the messages sent to them and answer (include/uapi/resmgr/channel.h).
 *
 * The channel's end comes at its file's release, however it came (close,
 * exit, kill), or sooner at the exit of the process that opened it: a
 * child it forked may hold the file longer, but the channel is its
 * opener's, as a QNX channel is its process's. Its links are detached,
 * which fails every call waiting on them with EBADF, and new opens go
 * on to the next manager of a union.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/pagemap.h>
#include <linux/pid.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/user_namespace.h>
#include <resmgr/neutrino.h>
#include <resmgr/pathname.h>
#include "internal.h"
#include "../core/core.h"
#include "chan.h"

/*
 * One path a channel attached. After a _RESMGR_DETACH_PATHNAME, @kept
 * holds a reference on the link, whose files outlive its id until the
 * channel goes. @old_server: its server before an adoption, until the
 * grace period that lets it go (resmgr_chan_adopt()).
 */
struct resmgr_chan_link {
	struct list_head	node;
	int			id;
	struct resmgr_link	*kept;
	struct pid		*old_server;
};

static int resmgr_chan_open(struct inode *inode, struct file *file)
{
	message_attr_t timeout_attr = { .flags = MSG_FLAG_TIMEOUT_FUNC };
	struct resmgr_chan *chan;
	int err = -ENOMEM;

	chan = kzalloc(sizeof(*chan), GFP_KERNEL);
	if (!chan)
		return -ENOMEM;
	mutex_init(&chan->lock);
	init_rwsem(&chan->end_lock);
	INIT_LIST_HEAD(&chan->links);
	spin_lock_init(&chan->slock);
	INIT_LIST_HEAD(&chan->receivers);
	INIT_LIST_HEAD(&chan->pending);
	INIT_LIST_HEAD(&chan->ocbs);
	INIT_LIST_HEAD(&chan->events);
	xa_init_flags(&chan->coids, XA_FLAGS_ALLOC1);
	kref_init(&chan->ref);
	INIT_LIST_HEAD(&chan->sends);
	xa_init_flags(&chan->msgs, XA_FLAGS_ALLOC1);
	chan->dpp = dispatch_create();
	if (!chan->dpp)
		goto err_free_chan;
	/* Message delivery from the first attach on (a /dev node's stat too). */
	chan->spare[0] = dispatch_context_alloc(chan->dpp);
	if (!chan->spare[0])
		goto err_destroy_dpp;
	chan->nspare = 1;
	chan->wake_coid = message_connect(chan->dpp, MSG_FLAG_SIDE_CHANNEL);
	if (chan->wake_coid < 0) {
		err = chan->wake_coid;
		goto err_free_spare;
	}
	/* dispatch_timeout()'s end of a receive (RESMGR_CHAN_TIMEOUT). */
	err = message_attach(chan->dpp, &timeout_attr, 0, 0, resmgr_chan_timedout, chan);
	if (err)
		goto err_free_spare;
	chan->user_ns = get_user_ns(file->f_cred->user_ns);
	chan->owner = get_pid(task_tgid(current));
	WARN_ON(resmgr_served_by(chan->dpp, chan->owner));
	file->private_data = chan;
	return 0;

err_free_spare:
	dispatch_context_free(chan->spare[0]);
err_destroy_dpp:
	dispatch_destroy(chan->dpp);
err_free_chan:
	kfree(chan);
	return err;
}

/*
 * The channel's end, once: no one finds it by id or name, sends end
 * (ESRCH), its links are unlinked, their waiting and queued calls fail
 * (EBADF) and drain: no handler of ours runs after this, and no file on
 * these links reaches its OCB again (a dead link runs no close_ocb).
 * What the file's other holders may still use (the handle, the ring,
 * the OCBs) stays until the release.
 */
static void resmgr_chan_end(struct resmgr_chan *chan)
{
	struct resmgr_chan_link *l, *tmp_l;
	LIST_HEAD(links);

	down_write(&chan->end_lock);
	if (chan->ended) {
		up_write(&chan->end_lock);
		return;
	}
	chan->ended = true;
	up_write(&chan->end_lock);

	resmgr_chan_shutdown(chan);
	mutex_lock(&chan->lock);
	list_splice_init(&chan->links, &links);
	mutex_unlock(&chan->lock);
	list_for_each_entry_safe(l, tmp_l, &links, node) {
		if (l->kept) {
			WARN_ON(resmgr_link_kill(chan->dpp, l->kept));
			resmgr_link_put(l->kept);
		} else {
			WARN_ON(resmgr_detach(chan->dpp, l->id, _RESMGR_DETACH_ALL));
		}
		kfree(l);
	}
}

/*
 * Is this the exit of the process that opened the channel, as a whole
 * (its last thread, or a group exit)? Its exit closes the file; a child
 * it forked may still hold it.
 */
static bool resmgr_chan_owner_exits(const struct resmgr_chan *chan)
{
	return (current->flags & PF_EXITING) && task_tgid(current) == READ_ONCE(chan->owner) &&
	       (!atomic_read(&current->signal->live) ||
		(READ_ONCE(current->signal->flags) & SIGNAL_GROUP_EXIT));
}

/*
 * Each close of a descriptor: the opener's exit ends the channel, though
 * a forked child's descriptor keeps the file (the child's exit could
 * otherwise wait for ever on a close that the channel it holds itself
 * would answer).
 */
static int resmgr_chan_flush(struct file *file, fl_owner_t id)
{
	struct resmgr_chan *chan = file->private_data;

	if (unlikely(resmgr_chan_owner_exits(chan)))
		resmgr_chan_end(chan);
	return 0;
}

static int resmgr_chan_release(struct inode *inode, struct file *file)
{
	struct resmgr_chan *chan = file->private_data;
	struct resmgr_chan_event *ev, *tmp_ev;
	struct resmgr_chan_ocb *ocb, *tmp_ocb;

	resmgr_chan_end(chan);
	WARN_ON(dispatch_destroy(chan->dpp));
	resmgr_chan_ring_free(chan);
	while (chan->nspare)
		dispatch_context_free(chan->spare[--chan->nspare]);

	list_for_each_entry_safe(ev, tmp_ev, &chan->events, node) {
		list_del(&ev->node);
		if (ev->ocb)
			resmgr_chan_ocb_free(ev->ocb);
		else
			kfree(ev);
	}
	list_for_each_entry_safe(ocb, tmp_ocb, &chan->ocbs, node) {
		list_del(&ocb->node);
		resmgr_chan_ocb_free(ocb);
	}
	/* Connections may hold the struct a while yet (msg.c). */
	resmgr_chan_put(chan);
	return 0;
}

static long resmgr_chan_attach(struct resmgr_chan *chan,
			       struct resmgr_chan_attach __user *uarg)
{
	struct resmgr_chan_name *name = NULL;
	struct resmgr_chan_attach a;
	struct resmgr_chan_link *l;
	resmgr_attr_t attr = {};
	bool privileged;
	char *path;
	int id;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	/* QNX's PROCMGR_AID_PATHSPACE; a name (name_attach()) is anyone's. */
	privileged = capable(CAP_SYS_ADMIN);
	if (!privileged && (a.file_type != _FTYPE_NAME || a.flags))
		return -EPERM;
	if (a.flags & ~_RESMGR_FLAG_MASK)
		return -EINVAL;
	path = strndup_user(u64_to_user_ptr(a.path), PATH_MAX);
	if (IS_ERR(path))
		return PTR_ERR(path);
	/* One channel a name: name_open() finds it. */
	if (a.file_type == _FTYPE_NAME) {
		name = resmgr_chan_name_reserve(chan, path, privileged);
		if (IS_ERR(name)) {
			kfree(path);
			return PTR_ERR(name);
		}
	}
	l = kzalloc(sizeof(*l), GFP_KERNEL);
	if (!l) {
		if (name)
			resmgr_chan_name_drop(chan, name, -1);
		kfree(path);
		return -ENOMEM;
	}
	/* An unprivileged name never goes before a privileged manager's path. */
	if (!privileged)
		a.flags = _RESMGR_FLAG_AFTER;
	attr.nparts_max = 1;
	attr.msg_max_size = a.msg_max_size;
	/* MsgSend() of a type of the server's own, on a file: to the server. */
	attr.other_func = resmgr_chan_other;
	mutex_lock(&chan->lock);
	id = resmgr_attach(chan->dpp, &attr, path, a.file_type, a.flags,
			   &resmgr_chan_connect_funcs, &resmgr_chan_io_funcs, chan);
	if (id >= 0) {
		l->id = id;
		list_add_tail(&l->node, &chan->links);
		/* The listing names the process that attached it. */
		resmgr_link_set_server(chan->dpp, id, task_tgid(current));
	}
	mutex_unlock(&chan->lock);
	kfree(path);
	if (id < 0) {
		if (name)
			resmgr_chan_name_drop(chan, name, -1);
		kfree(l);
		return id;
	}
	if (name)
		resmgr_chan_name_commit(name, id);
	if (put_user(id, &uarg->id)) {
		/* Nothing may change when the caller cannot learn the id. */
		mutex_lock(&chan->lock);
		list_del(&l->node);
		mutex_unlock(&chan->lock);
		if (name)
			resmgr_chan_name_drop(chan, name, -1);
		resmgr_detach(chan->dpp, id, _RESMGR_DETACH_ALL);
		kfree(l);
		return -EFAULT;
	}
	return 0;
}

static long resmgr_chan_detach(struct resmgr_chan *chan,
			       struct resmgr_chan_detach __user *uarg)
{
	struct resmgr_chan_link *l, *found = NULL;
	struct resmgr_chan_detach d;
	int err;

	if (copy_from_user(&d, uarg, sizeof(d)))
		return -EFAULT;
	if ((d.flags & ~(_RESMGR_DETACH_PATHNAME | _RESMGR_DETACH_CLOSE)) ||
	    d.flags == (_RESMGR_DETACH_PATHNAME | _RESMGR_DETACH_CLOSE))
		return -EINVAL;
	/* A link whose name went already is not found again (QNX: ENOENT). */
	mutex_lock(&chan->lock);
	list_for_each_entry(l, &chan->links, node) {
		if (l->id != d.id || l->kept)
			continue;
		found = l;
		if (!(d.flags & _RESMGR_DETACH_PATHNAME)) {
			list_del(&l->node);
			break;
		}
		/* Its files stay open until they close, or the channel goes. */
		l->kept = resmgr_link_by_id(d.id);
		break;
	}
	mutex_unlock(&chan->lock);
	if (!found || ((d.flags & _RESMGR_DETACH_PATHNAME) && !found->kept))
		return -ENOENT;
	resmgr_chan_name_drop(chan, NULL, d.id);
	if (d.flags & _RESMGR_DETACH_PATHNAME)
		return resmgr_detach(chan->dpp, d.id, _RESMGR_DETACH_PATHNAME);
	/* _RESMGR_DETACH_CLOSE: the server hears of each file's end (close_ocb). */
	err = resmgr_detach(chan->dpp, d.id, d.flags & _RESMGR_DETACH_CLOSE);
	kfree(found);
	return err;
}

/* A pulse waiting for the server, into @r; true if there was one. */
static bool resmgr_chan_take_event(struct resmgr_chan *chan, struct resmgr_chan_receiver *r)
{
	struct resmgr_chan_event *ev;

	spin_lock(&chan->slock);
	ev = list_first_entry_or_null(&chan->events, struct resmgr_chan_event, node);
	if (ev) {
		list_del(&ev->node);
		if (ev->own)
			chan->npulses--;
	}
	spin_unlock(&chan->slock);
	if (!ev)
		return false;
	memset(&r->out.info, 0, sizeof(r->out.info));
	r->out.info.coid = ev->coid;
	r->out.rcvid = 0;
	r->out.code = ev->code;
	r->out.value = ev->value;
	if (ev->code == RESMGR_CHAN_PULSE_RING)
		resmgr_chan_ring_woken(chan);
	if (ev->ocb)
		resmgr_chan_ocb_free(ev->ocb);
	else
		kfree(ev);
	return true;
}

/* Is there a pulse, a send or a spilled message for a receive? */
static bool resmgr_chan_has_work(struct resmgr_chan *chan)
{
	return !list_empty_careful(&chan->events) || !list_empty_careful(&chan->sends) ||
	       resmgr_chan_ring_spilled(chan);
}

/*
 * MsgReceive(): the next pulse, send or message (one the ring's slots did
 * not take); with @nowait, EAGAIN when none waits.
 */
static long resmgr_chan_receive(struct resmgr_chan *chan,
				struct resmgr_chan_receive __user *uarg, bool nowait)
{
	struct resmgr_chan_receiver r = { .task = current };
	dispatch_context_t *ctx;
	u64 addr, size;
	long err = 0;

	if (get_user(addr, &uarg->msg) || get_user(size, &uarg->size))
		return -EFAULT;
	r.buf = u64_to_user_ptr(addr);
	/* No message is larger (a link's msg_max_size is at most 1 MiB, a path's header less). */
	r.size = min_t(u64, size, RESMGR_CHAN_REPLY_MAX + PATH_MAX + PAGE_SIZE);
	/* A bad buffer fails here, before a message is taken. */
	if (!access_ok(r.buf, r.size) || fault_in_writeable(r.buf, r.size) ||
	    fault_in_writeable((char __user *)uarg, sizeof(*uarg)))
		return -EFAULT;
	spin_lock(&chan->slock);
	ctx = chan->nspare ? chan->spare[--chan->nspare] : NULL;
	spin_unlock(&chan->slock);
	if (!ctx)
		ctx = dispatch_context_alloc(chan->dpp);
	if (!ctx)
		return -ENOMEM;
	spin_lock(&chan->slock);
	list_add(&r.node, &chan->receivers);
	spin_unlock(&chan->slock);
	for (;;) {
		if (resmgr_chan_take_event(chan, &r) || resmgr_chan_take_send(chan, &r) ||
		    resmgr_chan_ring_take_spill(chan, &r))
			break;
		if (nowait) {
			err = -EAGAIN;
			break;
		}
		if (!dispatch_block(ctx)) {
			err = signal_pending(current) ? -EINTR : -EBADF;
			break;
		}
		/* Our handlers copy a message out and say so in @r. */
		dispatch_handler(ctx);
		if (r.got || r.err)
			break;
		if (r.timedout) {
			err = -ETIMEDOUT;
			break;
		}
	}
	/* The context is kept for the next receive (they are few: one a thread). */
	spin_lock(&chan->slock);
	list_del(&r.node);
	if (chan->nspare < RESMGR_CHAN_SPARE) {
		chan->spare[chan->nspare++] = ctx;
		ctx = NULL;
	}
	spin_unlock(&chan->slock);
	dispatch_context_free(ctx);
	/*
	 * A receive that ends without taking anything may have taken the
	 * wake-up meant for what still waits: another receiver gets one.
	 */
	if (err && !r.got && resmgr_chan_has_work(chan))
		resmgr_chan_wake(chan, false);
	if (r.err)
		return r.err;
	if (err)
		return err;
	if (copy_to_user(&uarg->rcvid, &r.out.rcvid,
			 sizeof(r.out) - offsetof(struct resmgr_chan_receive, rcvid)))
		return -EFAULT;
	return 0;
}

/* The OCB of an open answered now, off the pending list; accepted if @ok. */
static void resmgr_chan_answer_open(struct resmgr_chan *chan, int rcvid, bool ok)
{
	struct resmgr_chan_ocb *ocb;

	spin_lock(&chan->slock);
	list_for_each_entry(ocb, &chan->pending, pend_node) {
		if (ocb->open_rcvid == rcvid) {
			list_del_init(&ocb->pend_node);
			WRITE_ONCE(ocb->accepted, ok);
			break;
		}
	}
	spin_unlock(&chan->slock);
}

/* Parts a reply's iov brings without an allocation. */
#define RESMGR_CHAN_IOV_STACK	4

/**
 * resmgr_chan_gather() - gather a user iov into one kmalloc()ed buffer
 * @uiov: struct resmgr_chan_iov[@parts]
 * @parts: at most RESMGR_CHAN_IOV_MAX
 * @lenp: out: the bytes gathered
 * @gfp: GFP_KERNEL (a reply, which the core then takes over and
 *	kfree()s), or GFP_KERNEL_ACCOUNT (a send, the sender's memory)
 *
 * Return: the buffer, NULL for no bytes, or ERR_PTR(-E2BIG) past
 * RESMGR_CHAN_IOV_MAX parts or RESMGR_CHAN_REPLY_MAX bytes, -EFAULT,
 * -ENOMEM.
 * Context: process context.
 */
void *resmgr_chan_gather(u64 uiov, u32 parts, size_t *lenp, gfp_t gfp)
{
	struct resmgr_chan_iov stack[RESMGR_CHAN_IOV_STACK], *iov = stack;
	size_t len = 0, off = 0;
	void *buf = NULL;
	u32 i;

	resmgr_might_sleep();
	*lenp = 0;
	if (!parts)
		return NULL;
	if (parts > RESMGR_CHAN_IOV_MAX)
		return ERR_PTR(-E2BIG);
	if (parts <= RESMGR_CHAN_IOV_STACK) {
		if (copy_from_user(stack, u64_to_user_ptr(uiov), parts * sizeof(*iov)))
			return ERR_PTR(-EFAULT);
	} else {
		iov = memdup_array_user(u64_to_user_ptr(uiov), parts, sizeof(*iov));
		if (IS_ERR(iov))
			return iov;
	}
	for (i = 0; i < parts; i++) {
		if (iov[i].len > RESMGR_CHAN_REPLY_MAX - len) {
			buf = ERR_PTR(-E2BIG);
			goto out;
		}
		len += iov[i].len;
	}
	if (!len)
		goto out;
	buf = kmalloc(len, gfp | __GFP_NOWARN);
	if (!buf) {
		buf = ERR_PTR(-ENOMEM);
		goto out;
	}
	for (i = 0; i < parts; i++) {
		if (copy_from_user(buf + off, u64_to_user_ptr(iov[i].base), iov[i].len)) {
			kfree(buf);
			buf = ERR_PTR(-EFAULT);
			goto out;
		}
		off += iov[i].len;
	}
	*lenp = len;
out:
	if (iov != stack)
		kfree(iov);
	return buf;
}

/* A reply whose arguments were copied in. */
static long resmgr_chan_do_reply(struct resmgr_chan *chan, const struct resmgr_chan_reply *ap)
{
	struct resmgr_chan_reply a = *ap;
	size_t len = 0;
	void *buf = NULL;

	if (a.reserved || (!a.error && a.status < 0) || a.error < 0 || a.error >= MAX_ERRNO)
		return -EINVAL;
	if (!a.error) {
		buf = resmgr_chan_gather(a.iov, a.parts, &len, GFP_KERNEL);
		if (IS_ERR(buf))
			return PTR_ERR(buf);
	}
	if (a.rcvid & RESMGR_CHAN_RCVID_SEND)
		return resmgr_chan_send_reply(chan, a.rcvid, a.status, a.error, buf, len);
	/*
	 * Before the reply: a file opened by it may close at once. A link to
	 * follow (_IO_CONNECT_RET_FLAG) opens nothing here.
	 */
	resmgr_chan_answer_open(chan, a.rcvid,
				!a.error && !(a.status & _IO_CONNECT_RET_FLAG));
	if (a.error)
		return resmgr_reply_owned(chan->dpp, a.rcvid, 0, a.error, NULL, 0);
	/* The call takes the buffer over: no second copy. */
	return resmgr_reply_owned_buf(chan->dpp, a.rcvid, a.status, buf, len);
}

static long resmgr_chan_reply(struct resmgr_chan *chan, struct resmgr_chan_reply __user *uarg)
{
	struct resmgr_chan_reply a;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	return resmgr_chan_do_reply(chan, &a);
}

/*
 * A reply, then a receive: one system call a message for a server loop.
 * The reply's own result goes back in reply_error; the call's is the
 * receive's.
 */
static long resmgr_chan_reply_receive(struct resmgr_chan *chan,
				      struct resmgr_chan_reply_receive __user *uarg)
{
	struct resmgr_chan_reply a;
	s32 err;

	if (copy_from_user(&a, &uarg->reply, sizeof(a)))
		return -EFAULT;
	err = a.rcvid ? resmgr_chan_do_reply(chan, &a) : 0;
	if (put_user(-err, &uarg->reply_error))
		return -EFAULT;
	return resmgr_chan_receive(chan, &uarg->receive, false);
}

static long resmgr_chan_copy(struct resmgr_chan *chan, struct resmgr_chan_copy __user *uarg,
			     bool to_caller)
{
	struct resmgr_chan_copy a;
	void __user *ubuf;
	ssize_t done;
	iov_t iov;
	void *buf;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	if (a.reserved || a.size > RESMGR_CHAN_REPLY_MAX || a.offset > INT_MAX)
		return -EINVAL;
	ubuf = u64_to_user_ptr(a.buf);
	if (a.rcvid & RESMGR_CHAN_RCVID_SEND) {
		if (!access_ok(ubuf, a.size))
			return -EFAULT;
		return resmgr_chan_send_copy(chan, a.rcvid, ubuf, a.size, a.offset, to_caller);
	}
	if (to_caller) {
		buf = a.size ? memdup_user(ubuf, a.size) : NULL;
		if (IS_ERR(buf))
			return PTR_ERR(buf);
	} else {
		if (!access_ok(ubuf, a.size))
			return -EFAULT;
		buf = kvzalloc(a.size ? a.size : 1, GFP_KERNEL);
		if (!buf)
			return -ENOMEM;
	}
	SETIOV(&iov, buf, a.size);
	done = resmgr_msg_copy_owned(chan->dpp, a.rcvid, &iov, 1, a.offset, to_caller);
	if (!to_caller && done > 0 && copy_to_user(ubuf, buf, done))
		done = -EFAULT;
	kvfree(buf);
	return done;
}

/* A waiting caller's credentials, a path's or a send's; NULL when none waits. */
static const struct cred *resmgr_chan_cred_of(struct resmgr_chan *chan, int rcvid)
{
	if (rcvid & RESMGR_CHAN_RCVID_SEND)
		return resmgr_chan_send_info(chan, rcvid, NULL);
	return resmgr_msg_cred_owned(chan->dpp, rcvid);
}

static long resmgr_chan_groups(struct resmgr_chan *chan, struct resmgr_chan_groups __user *uarg)
{
	struct resmgr_chan_groups a;
	const struct cred *cred;
	u32 __user *ugroups;
	long ret = 0;
	int i, n;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	ugroups = u64_to_user_ptr(a.groups);
	if (!access_ok(ugroups, (size_t)a.size * sizeof(u32)))
		return -EFAULT;
	cred = resmgr_chan_cred_of(chan, a.rcvid);
	if (!cred)
		return -ESRCH;
	n = cred->group_info ? cred->group_info->ngroups : 0;
	for (i = 0; i < n && i < a.size; i++) {
		u32 gid = from_kgid_munged(chan->user_ns, cred->group_info->gid[i]);

		if (put_user(gid, ugroups + i)) {
			ret = -EFAULT;
			break;
		}
	}
	put_cred(cred);
	return ret ? ret : n;
}

/* A pulse of the server's own, for its next receive. */
static long resmgr_chan_pulse(struct resmgr_chan *chan, struct resmgr_chan_pulse __user *uarg)
{
	struct resmgr_chan_pulse a;
	struct resmgr_chan_event *ev;
	bool full;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	if (a.code < 0 || a.code > 127)
		return -EINVAL;
	ev = kzalloc(sizeof(*ev), GFP_KERNEL);
	if (!ev)
		return -ENOMEM;
	ev->code = a.code;
	ev->value = a.value;
	ev->own = true;
	/* Bounded: a server that never receives cannot fill the kernel. */
	spin_lock(&chan->slock);
	full = chan->npulses >= RESMGR_CHAN_PULSES_MAX;
	if (!full)
		chan->npulses++;
	spin_unlock(&chan->slock);
	if (full) {
		kfree(ev);
		return -EAGAIN;
	}
	resmgr_chan_event(chan, ev);
	return 0;
}

/* MsgInfo(): who waits under a receive id, and whether it wants to go. */
static long resmgr_chan_msginfo(struct resmgr_chan *chan,
				struct resmgr_chan_msginfo __user *uarg)
{
	struct resmgr_chan_msginfo a;
	const struct cred *cred;
	struct _msg_info mi;
	int id = -1;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	if (a.reserved)
		return -EINVAL;
	if (a.rcvid & RESMGR_CHAN_RCVID_SEND) {
		cred = resmgr_chan_send_info(chan, a.rcvid, &a.info);
		if (!cred)
			return -ESRCH;
		put_cred(cred);
		return copy_to_user(&uarg->info, &a.info, sizeof(a.info)) ? -EFAULT : 0;
	}
	cred = resmgr_msg_info_owned(chan->dpp, a.rcvid, &mi, &id);
	if (!cred)
		return -ESRCH;
	memset(&a.info, 0, sizeof(a.info));
	a.info.pid = mi.pid;
	a.info.tid = mi.tid;
	resmgr_chan_info_ids(chan, cred, &a.info);
	a.info.caps = resmgr_chan_caps(chan, cred);
	put_cred(cred);
	a.info.id = id;
	a.info.srcmsglen = mi.srcmsglen;
	a.info.dstmsglen = mi.dstmsglen;
	a.info.priority = mi.priority;
	if (mi.flags & _NTO_MI_UNBLOCK_REQ)
		a.info.flags = RESMGR_CHAN_INFO_UNBLOCK_REQ;
	return copy_to_user(&uarg->info, &a.info, sizeof(a.info)) ? -EFAULT : 0;
}

/* A waiting caller's capabilities (its credentials made current to ask). */
static long resmgr_chan_caps_of(struct resmgr_chan *chan, struct resmgr_chan_caps __user *uarg)
{
	struct resmgr_chan_caps a;
	const struct cred *cred;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	if (a.reserved)
		return -EINVAL;
	cred = resmgr_chan_cred_of(chan, a.rcvid);
	if (!cred)
		return -ESRCH;
	a.caps = resmgr_chan_caps(chan, cred);
	put_cred(cred);
	return put_user(a.caps, &uarg->caps);
}

/* dispatch_timeout(): how long a receive waits. */
static long resmgr_chan_timeout(struct resmgr_chan *chan, struct resmgr_chan_timeout __user *uarg)
{
	struct resmgr_chan_timeout a;
	struct timespec64 ts;
	struct timespec rel;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	if (a.ns < 0)
		return dispatch_timeout(chan->dpp, NULL);
	ts = ns_to_timespec64(a.ns);
	rel.tv_sec = ts.tv_sec;
	rel.tv_nsec = ts.tv_nsec;
	return dispatch_timeout(chan->dpp, &rel);
}

/* MsgDeliverEvent(): a poll's event back, to wake that file's pollers. */
static long resmgr_chan_deliver(struct resmgr_chan *chan, struct resmgr_chan_deliver __user *uarg)
{
	struct resmgr_chan_deliver a;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	return resmgr_deliver_owned(chan->dpp, a.value);
}

/*
 * RESMGR_CHAN_ADOPT: the calling process becomes the channel's owner, its
 * handle's server and its paths' server in the listing. Under end_lock
 * for writing: no attach, detach or other adoption meanwhile. The old
 * pids go after a grace period: the orphan rule and the listing read
 * them under RCU.
 */
static long resmgr_chan_adopt(struct resmgr_chan *chan)
{
	struct pid *me = task_tgid(current), *old_owner, *old_server;
	struct resmgr_chan_link *l;

	down_write(&chan->end_lock);
	if (chan->ended) {
		up_write(&chan->end_lock);
		return -EBADF;
	}
	old_owner = chan->owner;
	if (old_owner == me) {
		up_write(&chan->end_lock);
		return 0;
	}
	WRITE_ONCE(chan->owner, get_pid(me));
	old_server = resmgr_served_by(chan->dpp, me);
	mutex_lock(&chan->lock);
	list_for_each_entry(l, &chan->links, node)
		if (!l->kept)
			l->old_server = resmgr_link_swap_server(chan->dpp, l->id, me);
	mutex_unlock(&chan->lock);
	synchronize_rcu();
	mutex_lock(&chan->lock);
	list_for_each_entry(l, &chan->links, node) {
		put_pid(l->old_server);
		l->old_server = NULL;
	}
	mutex_unlock(&chan->lock);
	up_write(&chan->end_lock);
	put_pid(old_server);
	put_pid(old_owner);
	return 0;
}

/*
 * What registers the channel (a path, a name, its id) runs before its end
 * or not at all: a channel that ended (its opener exited while a forked
 * child holds the file) gets EBADF.
 */
static long resmgr_chan_register(struct resmgr_chan *chan, unsigned int cmd,
				 void __user *uarg)
{
	long ret = -EBADF;

	down_read(&chan->end_lock);
	if (!chan->ended) {
		if (cmd == RESMGR_CHAN_ATTACH)
			ret = resmgr_chan_attach(chan, uarg);
		else if (cmd == RESMGR_CHAN_DETACH)
			ret = resmgr_chan_detach(chan, uarg);
		else
			ret = resmgr_chan_channel(chan, uarg);
	}
	up_read(&chan->end_lock);
	return ret;
}

static long resmgr_chan_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct resmgr_chan *chan = file->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case RESMGR_CHAN_ATTACH:
	case RESMGR_CHAN_DETACH:
	case RESMGR_CHAN_CHANNEL:
		return resmgr_chan_register(chan, cmd, uarg);
	case RESMGR_CHAN_RECEIVE:
		return resmgr_chan_receive(chan, uarg, false);
	case RESMGR_CHAN_TRY_RECEIVE:
		return resmgr_chan_receive(chan, uarg, true);
	case RESMGR_CHAN_REPLY:
		return resmgr_chan_reply(chan, uarg);
	case RESMGR_CHAN_MSGREAD:
		return resmgr_chan_copy(chan, uarg, false);
	case RESMGR_CHAN_MSGWRITE:
		return resmgr_chan_copy(chan, uarg, true);
	case RESMGR_CHAN_GROUPS:
		return resmgr_chan_groups(chan, uarg);
	case RESMGR_CHAN_REPLY_RECEIVE:
		return resmgr_chan_reply_receive(chan, uarg);
	case RESMGR_CHAN_CAPS_OF:
		return resmgr_chan_caps_of(chan, uarg);
	case RESMGR_CHAN_PULSE:
		return resmgr_chan_pulse(chan, uarg);
	case RESMGR_CHAN_MSGINFO:
		return resmgr_chan_msginfo(chan, uarg);
	case RESMGR_CHAN_CONNECT:
		return resmgr_chan_connect(uarg);
	case RESMGR_CHAN_NAME_OPEN:
		return resmgr_chan_name_open(uarg);
	case RESMGR_CHAN_DELIVER:
		return resmgr_chan_deliver(chan, uarg);
	case RESMGR_CHAN_TIMEOUT:
		return resmgr_chan_timeout(chan, uarg);
	case RESMGR_CHAN_FD_SEND:
		return resmgr_chan_fd_send(uarg);
	case RESMGR_CHAN_RING:
		return resmgr_chan_ring_setup(chan, uarg);
	case RESMGR_CHAN_RING_WAKE:
		return resmgr_chan_ring_kick(chan);
	case RESMGR_CHAN_ADOPT:
		return resmgr_chan_adopt(chan);
	}
	return -ENOTTY;
}

/* The ring's slots (ring.c). */
static int resmgr_chan_mmap(struct file *file, struct vm_area_struct *vma)
{
	return resmgr_chan_ring_mmap(file->private_data, vma);
}

static const struct file_operations resmgr_chan_fops = {
	.owner		= THIS_MODULE,
	.open		= resmgr_chan_open,
	.flush		= resmgr_chan_flush,
	.release	= resmgr_chan_release,
	.mmap		= resmgr_chan_mmap,
	.unlocked_ioctl	= resmgr_chan_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice resmgr_chan_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "resmgr",
	.fops	= &resmgr_chan_fops,
	.mode	= 0666,
};

/**
 * resmgr_chan_init() - make /dev/resmgr
 *
 * Return: 0 or a negative errno.
 * Context: process context (module init).
 */
int resmgr_chan_init(void)
{
	resmgr_might_sleep();
	return misc_register(&resmgr_chan_dev);
}

/**
 * resmgr_chan_exit() - remove /dev/resmgr (no channel is open: each holds
 * the module)
 *
 * Context: process context (module exit).
 */
void resmgr_chan_exit(void)
{
	resmgr_might_sleep();
	misc_deregister(&resmgr_chan_dev);
}
