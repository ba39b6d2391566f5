// SPDX-License-Identifier: GPL-2.0
/*
 * QNX message passing between processes on user channels: channel ids
 * (ChannelCreate()), connections by id (ConnectAttach()) or by name
 * (name_attach(), name_open()), MsgSend() and the pulses sent on a
 * connection. See include/uapi/resmgr/channel.h for the user's view.
 *
 * A send (struct resmgr_chan_msg) is the sender's: it allocates it,
 * queues it on the channel and waits. A receive takes it off the queue
 * and gives it a receive id (in the channel's @msgs); from then the
 * server finds it by that id, under the channel's slock, taking a
 * reference for what it does outside the lock. The reply takes it out of
 * @msgs and sets it DONE; so do a signal that lets the sender go and the
 * channel's end. The sender's reference goes when its call ends.
 *
 * A connection (struct resmgr_chan_conn) is a file that holds a
 * reference on its channel's struct, which outlives the channel's file:
 * after the channel's release it is "dead", and sends get EBADF.
 */
#include <linux/anon_inodes.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/user_namespace.h>
#include <linux/wait.h>
#include <resmgr/iomsg.h>
#include <resmgr/neutrino.h>
#include <resmgr/pathname.h>
#include "internal.h"
#include "../core/core.h"

/* Channels by id: ConnectAttach() finds them here. */
static DEFINE_XARRAY_ALLOC1(resmgr_chan_chids);
static u32 resmgr_chan_next_chid;

/* Names attached with _FTYPE_NAME (struct resmgr_chan_name). */
static DEFINE_MUTEX(resmgr_chan_names_lock);	/* resmgr_chan_names */
static LIST_HEAD(resmgr_chan_names);

/**
 * struct resmgr_chan_name - a name a channel attached
 * @node: on resmgr_chan_names
 * @chan: the channel (its file holds the struct while the name exists)
 * @id: the link id
 * @path: the path attached
 */
struct resmgr_chan_name {
	struct list_head	node;
	struct resmgr_chan	*chan;
	int			id;
	char			path[];
};

/* Where a send is (struct resmgr_chan_msg's @state, under the channel's slock). */
enum {
	RESMGR_CHAN_MSG_QUEUED,
	RESMGR_CHAN_MSG_RECEIVED,
	RESMGR_CHAN_MSG_REPLYING,
	RESMGR_CHAN_MSG_DONE,
};

/**
 * struct resmgr_chan_msg - one MsgSend()
 * @ref: the sender's reference, and one for each server call using it
 * @node: on the channel's @sends while queued; on a private list while
 *	the channel's end fails it
 * @wq: the sender waits here
 * @state: RESMGR_CHAN_MSG_* (the channel's slock; DONE is read without it)
 * @rcvid: its receive id, once received
 * @scoid: the connection's server id
 * @unblock_req: the sender was signalled and the server was told
 * @cred: the sender's credentials
 * @pid: its process id
 * @tid: its thread id
 * @priority: its nice value
 * @smsg: the message
 * @slen: its length
 * @rlock: protects @rbuf and @rused (MsgWrite() and the reply)
 * @rbuf: what the server wrote for the sender, or NULL
 * @rlen: room the sender left
 * @rused: bytes of @rbuf written
 * @status: the reply's status
 * @error: MsgError()'s errno, or the call's own
 */
struct resmgr_chan_msg {
	struct kref		ref;
	struct list_head	node;
	wait_queue_head_t	wq;
	int			state;
	int			rcvid;
	int			scoid;
	bool			unblock_req;
	const struct cred	*cred;
	pid_t			pid;
	pid_t			tid;
	s16			priority;
	void			*smsg;
	size_t			slen;
	struct mutex		rlock;	/* @rbuf, @rused */
	void			*rbuf;
	size_t			rlen;
	size_t			rused;
	long			status;
	int			error;
};

/**
 * struct resmgr_chan_conn - a connection's file
 * @chan: the channel it reaches (a reference on its struct)
 * @scoid: its id on the server's side
 * @fd: its file descriptor in the process that made it (its coid)
 * @owner: that process (a reference)
 * @death: the pulse that tells @owner of @chan's end, until it is taken
 *	(under @chan->coids' lock)
 */
struct resmgr_chan_conn {
	struct resmgr_chan	*chan;
	int			scoid;
	int			fd;
	struct pid		*owner;
	struct resmgr_chan_event *death;
};

/* Connections (not files) among a channel's coids. */
#define RESMGR_CHAN_CONN_MARK	XA_MARK_1

static void resmgr_chan_msg_free(struct kref *ref)
{
	struct resmgr_chan_msg *m = container_of(ref, struct resmgr_chan_msg, ref);

	put_cred(m->cred);
	kfree(m->smsg);
	kvfree(m->rbuf);
	kfree(m);
}

static void resmgr_chan_msg_put(struct resmgr_chan_msg *m)
{
	kref_put(&m->ref, resmgr_chan_msg_free);
}

/*
 * DONE is the last word on a send: the reply's bytes, status and error
 * are written before it, and the sender, which reads it without the
 * lock, reads them after (release here, acquire in _is_done()).
 */
static void resmgr_chan_msg_set_done(struct resmgr_chan_msg *m)
{
	/* Pairs with resmgr_chan_msg_is_done(). */
	smp_store_release(&m->state, RESMGR_CHAN_MSG_DONE);
}

static bool resmgr_chan_msg_is_done(struct resmgr_chan_msg *m)
{
	/* Pairs with resmgr_chan_msg_set_done(). */
	return smp_load_acquire(&m->state) == RESMGR_CHAN_MSG_DONE;
}

/* End a send (state set DONE by the caller, a reference held): wake its sender. */
static void resmgr_chan_msg_done(struct resmgr_chan_msg *m)
{
	wake_up(&m->wq);
	resmgr_chan_msg_put(m);
}

static void resmgr_chan_free(struct kref *ref)
{
	struct resmgr_chan *chan = container_of(ref, struct resmgr_chan, ref);

	xa_destroy(&chan->coids);
	xa_destroy(&chan->msgs);
	put_user_ns(chan->user_ns);
	put_pid(chan->owner);
	kfree(chan);
}

/**
 * resmgr_chan_put() - drop a reference on a channel's struct
 * @chan: the channel
 *
 * Context: process context.
 */
void resmgr_chan_put(struct resmgr_chan *chan)
{
	resmgr_might_sleep();
	kref_put(&chan->ref, resmgr_chan_free);
}

/*
 * The channel of @owner that hears of its connections' ends
 * (RESMGR_CHAN_CHF_COID_DISCONNECT), with a reference; or NULL.
 */
static struct resmgr_chan *resmgr_chan_coid_listener(struct pid *owner)
{
	struct resmgr_chan *c, *found = NULL;
	unsigned long idx;

	xa_lock(&resmgr_chan_chids);
	xa_for_each(&resmgr_chan_chids, idx, c) {
		if (READ_ONCE(c->owner) == owner &&
		    (READ_ONCE(c->flags) & RESMGR_CHAN_CHF_COID_DISCONNECT)) {
			kref_get(&c->ref);
			found = c;
			break;
		}
	}
	xa_unlock(&resmgr_chan_chids);
	return found;
}

/*
 * @chan ends: each process with a connection to it hears of it on its
 * COID_DISCONNECT channel, once a connection. The pulses were allocated
 * with the connections; a connection that closes meanwhile frees its own.
 */
static void resmgr_chan_coids_died(struct resmgr_chan *chan)
{
	struct resmgr_chan_event *ev, *tmp;
	struct resmgr_chan_conn *conn;
	struct resmgr_chan *listener;
	unsigned long idx;
	LIST_HEAD(deaths);

	xa_lock(&chan->coids);
	xa_for_each_marked(&chan->coids, idx, conn, RESMGR_CHAN_CONN_MARK) {
		ev = conn->death;
		if (!ev)
			continue;
		conn->death = NULL;
		ev->value = conn->fd;
		ev->pid = get_pid(conn->owner);
		list_add_tail(&ev->node, &deaths);
	}
	xa_unlock(&chan->coids);
	list_for_each_entry_safe(ev, tmp, &deaths, node) {
		list_del(&ev->node);
		listener = resmgr_chan_coid_listener(ev->pid);
		put_pid(ev->pid);
		ev->pid = NULL;
		if (!listener || resmgr_chan_event_live(listener, ev))
			kfree(ev);
		if (listener)
			resmgr_chan_put(listener);
	}
}

/**
 * resmgr_chan_shutdown() - the channel ends: no one finds it by id or
 *	name any more, and every send on it ends with ESRCH
 * @chan: the channel
 *
 * Context: process context (the channel's end, once: channel.c).
 */
void resmgr_chan_shutdown(struct resmgr_chan *chan)
{
	struct resmgr_chan_name *n, *tmp_n;
	struct resmgr_chan_msg *m, *tmp;
	unsigned long idx;
	LIST_HEAD(ended);

	resmgr_might_sleep();
	if (chan->chid)
		xa_erase(&resmgr_chan_chids, chan->chid);
	mutex_lock(&resmgr_chan_names_lock);
	list_for_each_entry_safe(n, tmp_n, &resmgr_chan_names, node) {
		if (n->chan == chan) {
			list_del(&n->node);
			kfree(n);
		}
	}
	mutex_unlock(&resmgr_chan_names_lock);

	spin_lock(&chan->slock);
	chan->dead = true;
	list_splice_init(&chan->sends, &ended);
	xa_for_each(&chan->msgs, idx, m) {
		xa_erase(&chan->msgs, idx);
		list_add_tail(&m->node, &ended);
	}
	list_for_each_entry(m, &ended, node) {
		kref_get(&m->ref);
		m->error = ESRCH;
		resmgr_chan_msg_set_done(m);
	}
	spin_unlock(&chan->slock);
	list_for_each_entry_safe(m, tmp, &ended, node) {
		list_del_init(&m->node);
		resmgr_chan_msg_done(m);
	}
	resmgr_chan_coids_died(chan);
}

/* Is @path a name anyone may attach: one component below a name directory? */
static bool resmgr_chan_name_ok(const char *path)
{
	const char *name;

	if (!strncmp(path, RESMGR_CHAN_NAME_LOCAL, strlen(RESMGR_CHAN_NAME_LOCAL)))
		name = path + strlen(RESMGR_CHAN_NAME_LOCAL);
	else if (!strncmp(path, RESMGR_CHAN_NAME_GLOBAL, strlen(RESMGR_CHAN_NAME_GLOBAL)))
		name = path + strlen(RESMGR_CHAN_NAME_GLOBAL);
	else
		return false;
	return *name && strlen(name) <= NAME_MAX && !strchr(name, '/') &&
	       strcmp(name, ".") && strcmp(name, "..");
}

/**
 * resmgr_chan_name_reserve() - claim a name before it is attached
 * @chan: the channel
 * @path: the path
 * @privileged: the caller may attach anywhere
 *
 * Return: the claim, for resmgr_chan_name_commit() or _drop(); -EPERM
 * when an unprivileged caller's path is no name; -EEXIST when a channel
 * has the name; -ENOMEM.
 * Context: process context.
 */
struct resmgr_chan_name *resmgr_chan_name_reserve(struct resmgr_chan *chan, const char *path,
						  bool privileged)
{
	struct resmgr_chan_name *n, *pos;

	resmgr_might_sleep();
	if (!resmgr_chan_name_ok(path))
		return ERR_PTR(privileged ? -EINVAL : -EPERM);
	n = kzalloc(struct_size(n, path, strlen(path) + 1), GFP_KERNEL);
	if (!n)
		return ERR_PTR(-ENOMEM);
	n->chan = chan;
	n->id = -1;
	strscpy(n->path, path, strlen(path) + 1);
	mutex_lock(&resmgr_chan_names_lock);
	list_for_each_entry(pos, &resmgr_chan_names, node) {
		if (!strcmp(pos->path, path)) {
			mutex_unlock(&resmgr_chan_names_lock);
			kfree(n);
			return ERR_PTR(-EEXIST);
		}
	}
	list_add_tail(&n->node, &resmgr_chan_names);
	mutex_unlock(&resmgr_chan_names_lock);
	return n;
}

/**
 * resmgr_chan_name_commit() - the name was attached under @id
 * @n: the claim
 * @id: the link id
 *
 * Context: process context.
 */
void resmgr_chan_name_commit(struct resmgr_chan_name *n, int id)
{
	resmgr_might_sleep();
	mutex_lock(&resmgr_chan_names_lock);
	n->id = id;
	mutex_unlock(&resmgr_chan_names_lock);
}

/**
 * resmgr_chan_name_drop() - forget a channel's name by its link id, or a
 *	claim that was not attached (@n)
 * @chan: the channel
 * @n: the claim, or NULL to find it by @id
 * @id: the link id
 *
 * Context: process context.
 */
void resmgr_chan_name_drop(struct resmgr_chan *chan, struct resmgr_chan_name *n, int id)
{
	struct resmgr_chan_name *pos;

	resmgr_might_sleep();
	mutex_lock(&resmgr_chan_names_lock);
	if (!n) {
		list_for_each_entry(pos, &resmgr_chan_names, node) {
			if (pos->chan == chan && pos->id == id) {
				n = pos;
				break;
			}
		}
	}
	if (n)
		list_del(&n->node);
	mutex_unlock(&resmgr_chan_names_lock);
	kfree(n);
}

/**
 * resmgr_chan_channel() - RESMGR_CHAN_CHANNEL: the channel's id and flags
 * @chan: the channel
 * @uarg: struct resmgr_chan_channel
 *
 * Return: 0, -EINVAL for unknown flags, -EFAULT, -ENOMEM.
 * Context: process context.
 */
long resmgr_chan_channel(struct resmgr_chan *chan, struct resmgr_chan_channel __user *uarg)
{
	struct resmgr_chan_channel a;
	u32 chid;
	int err;

	resmgr_might_sleep();
	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	if (a.flags & ~RESMGR_CHAN_CHF_MASK)
		return -EINVAL;
	mutex_lock(&chan->lock);
	if (!chan->chid) {
		/* Cyclic: an old id names no new channel soon. */
		err = xa_alloc_cyclic(&resmgr_chan_chids, &chid, chan, XA_LIMIT(1, INT_MAX),
				      &resmgr_chan_next_chid, GFP_KERNEL);
		if (err < 0) {
			mutex_unlock(&chan->lock);
			return err;
		}
		chan->chid = chid;
	}
	WRITE_ONCE(chan->flags, a.flags);
	a.chid = chan->chid;
	mutex_unlock(&chan->lock);
	return put_user(a.chid, &uarg->chid);
}

/*
 * A connection goes: off its channel's coids, then its death pulse (not
 * taken by the channel's end: no one is told of this one, and the
 * channel's end takes it only while the connection is on its coids),
 * its owner and its reference on the channel.
 */
static void resmgr_chan_conn_free(struct resmgr_chan_conn *conn)
{
	xa_erase(&conn->chan->coids, conn->scoid);
	kfree(conn->death);
	put_pid(conn->owner);
	resmgr_chan_put(conn->chan);
	kfree(conn);
}

static int resmgr_chan_conn_release(struct inode *inode, struct file *file)
{
	struct resmgr_chan_conn *conn = file->private_data;
	struct resmgr_chan *chan = conn->chan;
	struct resmgr_chan_event *ev = NULL;

	if (READ_ONCE(chan->flags) & RESMGR_CHAN_CHF_DISCONNECT)
		ev = kzalloc(sizeof(*ev), GFP_KERNEL);
	if (ev) {
		ev->code = RESMGR_CHAN_PULSE_DISCONNECT;
		ev->value = conn->scoid;
		ev->coid = conn->scoid;
		/* Before the id goes: the server hears of it once. */
		if (resmgr_chan_event_live(chan, ev))
			kfree(ev);
	}
	resmgr_chan_conn_free(conn);
	return 0;
}

/*
 * A signal came while the sender waits. Queued: it goes. Received: on a
 * channel with _NTO_CHF_UNBLOCK the server is told once, and the sender
 * stays; else it goes. Returns true when it goes.
 */
static bool resmgr_chan_msg_signalled(struct resmgr_chan *chan, struct resmgr_chan_msg *m,
				      bool fatal)
{
	struct resmgr_chan_event *ev = NULL;
	bool leave = false;

	if (!fatal && (READ_ONCE(chan->flags) & RESMGR_CHAN_CHF_UNBLOCK) && !m->unblock_req)
		ev = kzalloc(sizeof(*ev), GFP_KERNEL);
	spin_lock(&chan->slock);
	switch (m->state) {
	case RESMGR_CHAN_MSG_QUEUED:
		list_del_init(&m->node);
		leave = true;
		break;
	case RESMGR_CHAN_MSG_RECEIVED:
		if (fatal || !(READ_ONCE(chan->flags) & RESMGR_CHAN_CHF_UNBLOCK) ||
		    (!m->unblock_req && !ev) || chan->dead) {
			xa_erase(&chan->msgs, m->rcvid & ~RESMGR_CHAN_RCVID_SEND);
			leave = true;
		} else if (!m->unblock_req) {
			m->unblock_req = true;
			ev->code = RESMGR_CHAN_PULSE_UNBLOCK;
			ev->value = m->rcvid;
			ev->coid = m->scoid;
			resmgr_chan_event_locked(chan, ev);
			ev = NULL;
		}
		break;
	}
	if (leave) {
		m->error = EINTR;
		m->state = RESMGR_CHAN_MSG_DONE;
	}
	spin_unlock(&chan->slock);
	kfree(ev);
	return leave;
}

/*
 * Send @smsg (taken over) and wait for the reply, which lands in the
 * send's @rbuf. Returns the send (a reference) or an error.
 */
static struct resmgr_chan_msg *resmgr_chan_msg_send(struct resmgr_chan_conn *conn, void *smsg,
						    size_t slen, size_t rlen)
{
	struct resmgr_chan *chan = conn->chan;
	struct resmgr_chan_msg *m;
	int err;

	m = kzalloc(sizeof(*m), GFP_KERNEL_ACCOUNT);
	if (!m) {
		kfree(smsg);
		return ERR_PTR(-ENOMEM);
	}
	kref_init(&m->ref);
	INIT_LIST_HEAD(&m->node);
	init_waitqueue_head(&m->wq);
	mutex_init(&m->rlock);
	m->smsg = smsg;
	m->slen = slen;
	m->rlen = rlen;
	m->scoid = conn->scoid;
	m->cred = get_current_cred();
	m->pid = task_tgid_vnr(current);
	m->tid = task_pid_vnr(current);
	m->priority = task_nice(current);

	spin_lock(&chan->slock);
	if (chan->dead) {
		spin_unlock(&chan->slock);
		resmgr_chan_msg_put(m);
		return ERR_PTR(-EBADF);
	}
	list_add_tail(&m->node, &chan->sends);
	/* Wakes a receiver in dispatch_block(); the handle lives while !dead. */
	resmgr_chan_wake(chan, true);
	spin_unlock(&chan->slock);

	err = wait_event_interruptible(m->wq, resmgr_chan_msg_is_done(m));
	if (err && !resmgr_chan_msg_signalled(chan, m, false)) {
		/* The server was told; only the reply or a fatal signal ends it. */
		err = wait_event_killable(m->wq, resmgr_chan_msg_is_done(m));
		/* Being answered this instant, which takes no time: wait for it. */
		if (err && !resmgr_chan_msg_signalled(chan, m, true))
			wait_event(m->wq, resmgr_chan_msg_is_done(m));
	}
	return m;
}

/* The reply's bytes (@len of @buf) to the sender's parts. */
static long resmgr_chan_scatter(const void *buf, size_t len, u64 uiov, u32 parts)
{
	struct resmgr_chan_iov iov;
	size_t off = 0;
	u32 i;

	for (i = 0; i < parts && off < len; i++) {
		size_t n;

		if (copy_from_user(&iov, u64_to_user_ptr(uiov) + i * sizeof(iov), sizeof(iov)))
			return -EFAULT;
		n = min_t(u64, iov.len, len - off);
		if (copy_to_user(u64_to_user_ptr(iov.base), buf + off, n))
			return -EFAULT;
		off += n;
	}
	return 0;
}

/* The sender's end: the reply's bytes to its buffers, and its status. */
static long resmgr_chan_msg_result(struct resmgr_chan_msg *m, u64 uiov, u32 parts)
{
	long ret = m->error ? -m->error : m->status;

	if (!m->error && m->rused) {
		long err = resmgr_chan_scatter(m->rbuf, m->rused, uiov, parts);

		if (err)
			ret = err;
	}
	resmgr_chan_msg_put(m);
	return ret;
}

/* The room a reply iov leaves, checked as the send's. */
static long resmgr_chan_reply_room(u64 uiov, u32 parts, size_t *lenp)
{
	struct resmgr_chan_iov iov;
	size_t len = 0;
	u32 i;

	if (parts > RESMGR_CHAN_IOV_MAX)
		return -E2BIG;
	for (i = 0; i < parts; i++) {
		if (copy_from_user(&iov, u64_to_user_ptr(uiov) + i * sizeof(iov), sizeof(iov)))
			return -EFAULT;
		if (!access_ok(u64_to_user_ptr(iov.base), iov.len))
			return -EFAULT;
		len += min_t(u64, iov.len, RESMGR_CHAN_REPLY_MAX);
	}
	*lenp = min_t(size_t, len, RESMGR_CHAN_REPLY_MAX);
	return 0;
}

/**
 * resmgr_chan_fd_send() - RESMGR_CHAN_FD_SEND: MsgSend() on a path's file
 * @uarg: struct resmgr_chan_fd_send
 *
 * Return: the reply's status, or a negative errno (resmgr_msgsend()'s,
 * -EBADF for a file that is not resmgr's, -E2BIG, -EFAULT, -ENOMEM).
 * Context: process context.
 */
long resmgr_chan_fd_send(struct resmgr_chan_fd_send __user *uarg)
{
	struct resmgr_chan_fd_send a;
	size_t slen, rlen, copied;
	void *smsg, *rbuf = NULL;
	struct file *file;
	long ret;

	resmgr_might_sleep();
	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	if (a.reserved)
		return -EINVAL;
	ret = resmgr_chan_reply_room(a.send.rmsg, a.send.rparts, &rlen);
	if (ret)
		return ret;
	file = fget(a.fd);
	if (!file)
		return -EBADF;
	smsg = resmgr_chan_gather(a.send.smsg, a.send.sparts, &slen, GFP_KERNEL_ACCOUNT);
	if (IS_ERR(smsg)) {
		ret = PTR_ERR(smsg);
		goto out_put;
	}
	if (rlen) {
		rbuf = kvzalloc(rlen, GFP_KERNEL_ACCOUNT);
		if (!rbuf) {
			ret = -ENOMEM;
			goto out_free;
		}
	}
	ret = resmgr_file_msgsend(file, smsg, slen, rbuf, rlen, &copied);
	if (ret >= 0 && copied) {
		long err = resmgr_chan_scatter(rbuf, copied, a.send.rmsg, a.send.rparts);

		if (err)
			ret = err;
	}
	kvfree(rbuf);
out_free:
	kfree(smsg);
out_put:
	fput(file);
	return ret;
}

static long resmgr_chan_conn_send(struct resmgr_chan_conn *conn,
				  struct resmgr_chan_send __user *uarg)
{
	struct resmgr_chan_send a;
	struct resmgr_chan_msg *m;
	size_t slen, rlen;
	void *smsg;
	long err;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	err = resmgr_chan_reply_room(a.rmsg, a.rparts, &rlen);
	if (err)
		return err;
	smsg = resmgr_chan_gather(a.smsg, a.sparts, &slen, GFP_KERNEL_ACCOUNT);
	if (IS_ERR(smsg))
		return PTR_ERR(smsg);
	m = resmgr_chan_msg_send(conn, smsg, slen, rlen);
	if (IS_ERR(m))
		return PTR_ERR(m);
	return resmgr_chan_msg_result(m, a.rmsg, a.rparts);
}

static long resmgr_chan_conn_pulse(struct resmgr_chan_conn *conn,
				   struct resmgr_chan_pulse __user *uarg)
{
	struct resmgr_chan *chan = conn->chan;
	struct resmgr_chan_pulse a;
	struct resmgr_chan_event *ev;
	long err = 0;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	if (a.code < 0 || a.code > 127)
		return -EINVAL;
	ev = kzalloc(sizeof(*ev), GFP_KERNEL);
	if (!ev)
		return -ENOMEM;
	ev->code = a.code;
	ev->value = a.value;
	ev->coid = conn->scoid;
	ev->own = true;
	spin_lock(&chan->slock);
	if (chan->dead)
		err = -EBADF;
	else if (chan->npulses >= RESMGR_CHAN_PULSES_MAX)
		err = -EAGAIN;	/* bounded: a server that never receives fills nothing */
	else
		chan->npulses++;
	if (!err)
		resmgr_chan_event_locked(chan, ev);
	spin_unlock(&chan->slock);
	if (err)
		kfree(ev);
	return err;
}

static long resmgr_chan_conn_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct resmgr_chan_conn *conn = file->private_data;

	switch (cmd) {
	case RESMGR_CHAN_SEND:
		return resmgr_chan_conn_send(conn, (void __user *)arg);
	case RESMGR_CHAN_PULSE:
		return resmgr_chan_conn_pulse(conn, (void __user *)arg);
	}
	return -ENOTTY;
}

static const struct file_operations resmgr_chan_conn_fops = {
	.owner		= THIS_MODULE,
	.release	= resmgr_chan_conn_release,
	.unlocked_ioctl	= resmgr_chan_conn_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

/* A connection to @chan (its reference taken over), not yet a file. */
static struct resmgr_chan_conn *resmgr_chan_conn_new(struct resmgr_chan *chan)
{
	struct resmgr_chan_conn *conn;
	u32 scoid;

	conn = kzalloc(sizeof(*conn), GFP_KERNEL);
	if (!conn)
		goto err_put;
	/* Allocated now: the channel's end cannot fail to tell of it. */
	conn->death = kzalloc(sizeof(*conn->death), GFP_KERNEL_ACCOUNT);
	if (!conn->death)
		goto err_free;
	conn->death->code = RESMGR_CHAN_PULSE_COIDDEATH;
	conn->chan = chan;
	conn->owner = get_pid(task_tgid(current));
	if (xa_alloc_cyclic(&chan->coids, &scoid, conn,
			    XA_LIMIT(RESMGR_CHAN_COID_MIN, RESMGR_CHAN_COID_MAX),
			    &chan->next_coid, GFP_KERNEL) < 0)
		goto err_free_death;
	conn->scoid = scoid;
	return conn;

err_free_death:
	put_pid(conn->owner);
	kfree(conn->death);
err_free:
	kfree(conn);
err_put:
	resmgr_chan_put(chan);
	return NULL;
}

/*
 * The connection's file descriptor; on failure the connection is gone.
 * The descriptor is known (@conn->fd, its coid) before the file can be
 * reached through it.
 */
static int resmgr_chan_conn_install(struct resmgr_chan_conn *conn, u32 flags)
{
	struct file *file;
	int fd;

	fd = get_unused_fd_flags(flags & O_CLOEXEC);
	if (fd < 0)
		goto err_free;
	file = anon_inode_getfile("[resmgr-conn]", &resmgr_chan_conn_fops, conn, O_RDWR);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		fd = PTR_ERR(file);
		goto err_free;
	}
	conn->fd = fd;
	/* A connection from here: the channel's end tells its owner. */
	xa_set_mark(&conn->chan->coids, conn->scoid, RESMGR_CHAN_CONN_MARK);
	fd_install(fd, file);
	return fd;

err_free:
	/* No file: no disconnect either; the server never heard of it. */
	resmgr_chan_conn_free(conn);
	return fd;
}

/**
 * resmgr_chan_connect() - RESMGR_CHAN_CONNECT: ConnectAttach()
 * @uarg: struct resmgr_chan_connect
 *
 * Return: the connection's file descriptor; -ESRCH when @pid has no
 * channel @chid; -EINVAL, -EFAULT, -ENOMEM, -EMFILE.
 * Context: process context.
 */
long resmgr_chan_connect(struct resmgr_chan_connect __user *uarg)
{
	struct resmgr_chan_connect a;
	struct resmgr_chan_conn *conn;
	struct resmgr_chan *chan;
	struct pid *pid;

	resmgr_might_sleep();
	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	if (a.reserved || (a.flags & ~O_CLOEXEC) || a.pid < 0 || a.chid <= 0)
		return -EINVAL;
	rcu_read_lock();
	pid = a.pid ? find_vpid(a.pid) : task_tgid(current);
	xa_lock(&resmgr_chan_chids);
	chan = xa_load(&resmgr_chan_chids, a.chid);
	if (chan && (!pid || READ_ONCE(chan->owner) != pid))
		chan = NULL;
	if (chan)
		kref_get(&chan->ref);
	xa_unlock(&resmgr_chan_chids);
	rcu_read_unlock();
	if (!chan)
		return -ESRCH;
	conn = resmgr_chan_conn_new(chan);
	if (!conn)
		return -ENOMEM;
	return resmgr_chan_conn_install(conn, a.flags);
}

/**
 * resmgr_chan_name_open() - RESMGR_CHAN_NAME_OPEN: name_open()
 * @uarg: struct resmgr_chan_name_open
 *
 * The channel gets an _IO_CONNECT message first, as QNX's name_open()
 * sends; its reply decides.
 *
 * Return: the connection's file descriptor; -ENOENT when no channel has
 * the name; the server's errno; -EINTR, -EINVAL, -EFAULT, -ENOMEM.
 * Context: process context.
 */
long resmgr_chan_name_open(struct resmgr_chan_name_open __user *uarg)
{
	struct resmgr_chan_name_open a;
	struct resmgr_chan *chan = NULL;
	struct resmgr_chan_conn *conn;
	struct resmgr_chan_name *n;
	struct resmgr_chan_msg *m;
	io_open_t *msg;
	char *path;
	long err;

	resmgr_might_sleep();
	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	if (a.reserved || (a.flags & ~O_CLOEXEC))
		return -EINVAL;
	path = strndup_user(u64_to_user_ptr(a.path), PATH_MAX);
	if (IS_ERR(path))
		return PTR_ERR(path);
	mutex_lock(&resmgr_chan_names_lock);
	list_for_each_entry(n, &resmgr_chan_names, node) {
		if (n->id >= 0 && !strcmp(n->path, path)) {
			chan = n->chan;
			kref_get(&chan->ref);
			break;
		}
	}
	mutex_unlock(&resmgr_chan_names_lock);
	kfree(path);
	if (!chan)
		return -ENOENT;
	conn = resmgr_chan_conn_new(chan);
	if (!conn)
		return -ENOMEM;

	msg = kzalloc(sizeof(msg->connect) + 1, GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto err_conn;
	}
	msg->connect.type = _IO_CONNECT;
	msg->connect.subtype = _IO_CONNECT_OPEN;
	msg->connect.file_type = _FTYPE_NAME;
	msg->connect.ioflag = _IO_FLAG_RD | _IO_FLAG_WR;
	msg->connect.access = _IO_FLAG_RD | _IO_FLAG_WR;
	msg->connect.sflag = SH_DENYNO;
	msg->connect.path_len = 1;
	m = resmgr_chan_msg_send(conn, msg, sizeof(msg->connect) + 1, 0);
	if (IS_ERR(m)) {
		err = PTR_ERR(m);
		goto err_conn;
	}
	err = resmgr_chan_msg_result(m, 0, 0);
	if (err < 0)
		goto err_conn;
	return resmgr_chan_conn_install(conn, a.flags);

err_conn:
	/* The server accepted nothing, or is told by nothing more. */
	resmgr_chan_conn_free(conn);
	return err;
}

/* Who sent @m, as a receive and MsgInfo() both report it. */
static void resmgr_chan_msg_info(struct resmgr_chan *chan, struct resmgr_chan_msg *m,
				 struct resmgr_chan_info *info)
{
	memset(info, 0, sizeof(*info));
	info->pid = m->pid;
	info->tid = m->tid;
	resmgr_chan_info_ids(chan, m->cred, info);
	info->id = -1;
	info->srcmsglen = m->slen;
	info->dstmsglen = m->rlen;
	info->priority = m->priority;
}

/**
 * resmgr_chan_take_send() - a queued send, for a receive
 * @chan: the channel
 * @r: the receiver; its @out and buffer get the message
 *
 * Return: true when a send was taken (@r->got, or @r->err when the
 * receive buffer faulted: the sender then gets EFAULT).
 * Context: process context, in RESMGR_CHAN_RECEIVE.
 */
bool resmgr_chan_take_send(struct resmgr_chan *chan, struct resmgr_chan_receiver *r)
{
	struct resmgr_chan_info *info = &r->out.info;
	struct resmgr_chan_msg *m;
	size_t len;
	u32 id;

	resmgr_might_sleep();
	if (list_empty_careful(&chan->sends))
		return false;
	spin_lock(&chan->slock);
	m = list_first_entry_or_null(&chan->sends, struct resmgr_chan_msg, node);
	if (!m) {
		spin_unlock(&chan->slock);
		return false;
	}
	list_del_init(&m->node);
	kref_get(&m->ref);
	if (xa_alloc_cyclic(&chan->msgs, &id, m, XA_LIMIT(1, RESMGR_CHAN_RCVID_SEND - 1),
			    &chan->next_msg, GFP_ATOMIC) < 0) {
		m->error = ENOMEM;
		resmgr_chan_msg_set_done(m);
		spin_unlock(&chan->slock);
		resmgr_chan_msg_done(m);
		return false;
	}
	m->rcvid = RESMGR_CHAN_RCVID_SEND | id;
	m->state = RESMGR_CHAN_MSG_RECEIVED;
	spin_unlock(&chan->slock);

	len = min_t(size_t, m->slen, r->size);
	if (copy_to_user(r->buf, m->smsg, len)) {
		/* The server's buffer went: the sender hears of it. */
		resmgr_chan_send_reply(chan, m->rcvid, 0, EFAULT, NULL, 0);
		r->err = -EFAULT;
		resmgr_chan_msg_put(m);
		return true;
	}
	resmgr_chan_msg_info(chan, m, info);
	info->flags = RESMGR_CHAN_INFO_NOCAPS;
	info->coid = m->scoid;
	info->msglen = len;
	r->out.rcvid = m->rcvid;
	r->out.code = 0;
	r->out.value = 0;
	r->got = true;
	resmgr_chan_msg_put(m);
	return true;
}

/* The received send under @rcvid, with a reference; NULL when none. */
static struct resmgr_chan_msg *resmgr_chan_msg_find(struct resmgr_chan *chan, int rcvid)
{
	struct resmgr_chan_msg *m;

	spin_lock(&chan->slock);
	m = xa_load(&chan->msgs, rcvid & ~RESMGR_CHAN_RCVID_SEND);
	if (m && m->state == RESMGR_CHAN_MSG_RECEIVED && m->rcvid == rcvid)
		kref_get(&m->ref);
	else
		m = NULL;
	spin_unlock(&chan->slock);
	return m;
}

/* Room for the sender's reply bytes (@rlock held). */
static int resmgr_chan_msg_rbuf(struct resmgr_chan_msg *m)
{
	if (!m->rbuf && m->rlen) {
		m->rbuf = kvzalloc(m->rlen, GFP_KERNEL);
		if (!m->rbuf)
			return -ENOMEM;
	}
	return 0;
}

/**
 * resmgr_chan_send_reply() - MsgReply() or MsgError() to a send
 * @chan: the channel
 * @rcvid: the send's receive id
 * @status: the status (no @error)
 * @error: the errno, or 0
 * @buf: the reply's bytes, kmalloc()ed; taken over in any case
 * @len: how many
 *
 * Return: 0; -ESRCH when no send waits under @rcvid; -ENOMEM.
 * Context: process context.
 */
int resmgr_chan_send_reply(struct resmgr_chan *chan, int rcvid, long status, int error,
			   void *buf, size_t len)
{
	struct resmgr_chan_msg *m = resmgr_chan_msg_find(chan, rcvid);
	int err = 0;

	resmgr_might_sleep();
	if (!m) {
		kfree(buf);
		return -ESRCH;
	}
	/* Claimed: no other reply, no signal takes it now. */
	spin_lock(&chan->slock);
	if (m->state != RESMGR_CHAN_MSG_RECEIVED) {
		spin_unlock(&chan->slock);
		kfree(buf);
		resmgr_chan_msg_put(m);
		return -ESRCH;
	}
	xa_erase(&chan->msgs, rcvid & ~RESMGR_CHAN_RCVID_SEND);
	m->state = RESMGR_CHAN_MSG_REPLYING;
	spin_unlock(&chan->slock);

	mutex_lock(&m->rlock);
	len = min(len, m->rlen);
	if (error) {
		m->error = error;
	} else if (!m->rbuf && len) {
		/* The common case: the buffer is the sender's now. */
		m->rbuf = buf;
		buf = NULL;
		m->rused = len;
	} else if (len) {
		err = resmgr_chan_msg_rbuf(m);
		if (!err) {
			memcpy(m->rbuf, buf, len);
			m->rused = max(m->rused, len);
		}
	}
	if (err)
		m->error = -err;
	m->status = status;
	mutex_unlock(&m->rlock);
	kfree(buf);
	resmgr_chan_msg_set_done(m);
	resmgr_chan_msg_done(m);
	return err;
}

/**
 * resmgr_chan_send_copy() - MsgRead() or MsgWrite() on a send
 * @chan: the channel
 * @rcvid: the send's receive id
 * @ubuf: the server's buffer
 * @size: its size (checked by the caller)
 * @offset: where in the message, or in the reply
 * @to_caller: MsgWrite()
 *
 * Return: the bytes copied; -ESRCH, -EFAULT, -ENOMEM.
 * Context: process context.
 */
ssize_t resmgr_chan_send_copy(struct resmgr_chan *chan, int rcvid, void __user *ubuf,
			      size_t size, size_t offset, bool to_caller)
{
	struct resmgr_chan_msg *m = resmgr_chan_msg_find(chan, rcvid);
	ssize_t done = 0;
	void *buf;

	resmgr_might_sleep();
	if (!m)
		return -ESRCH;
	if (!to_caller) {
		if (offset < m->slen) {
			done = min(size, m->slen - offset);
			if (copy_to_user(ubuf, m->smsg + offset, done))
				done = -EFAULT;
		}
		goto out;
	}
	if (offset >= m->rlen || !size)
		goto out;
	done = min(size, m->rlen - offset);
	buf = memdup_user(ubuf, done);
	if (IS_ERR(buf)) {
		done = PTR_ERR(buf);
		goto out;
	}
	mutex_lock(&m->rlock);
	if (READ_ONCE(m->state) != RESMGR_CHAN_MSG_RECEIVED) {
		done = -ESRCH;
	} else if (!resmgr_chan_msg_rbuf(m)) {
		memcpy(m->rbuf + offset, buf, done);
		m->rused = max_t(size_t, m->rused, offset + done);
	} else {
		done = -ENOMEM;
	}
	mutex_unlock(&m->rlock);
	kfree(buf);
out:
	resmgr_chan_msg_put(m);
	return done;
}

/**
 * resmgr_chan_send_info() - who waits in a send (MsgInfo())
 * @chan: the channel
 * @rcvid: the send's receive id
 * @info: filled as the receive filled it, caps included, with
 *	RESMGR_CHAN_INFO_UNBLOCK_REQ; may be NULL
 *
 * Return: the sender's credentials (put_cred() them), or NULL when no
 * send waits under @rcvid.
 * Context: process context.
 */
const struct cred *resmgr_chan_send_info(struct resmgr_chan *chan, int rcvid,
					 struct resmgr_chan_info *info)
{
	struct resmgr_chan_msg *m = resmgr_chan_msg_find(chan, rcvid);
	const struct cred *cred;

	resmgr_might_sleep();
	if (!m)
		return NULL;
	cred = get_cred(m->cred);
	if (info) {
		resmgr_chan_msg_info(chan, m, info);
		info->caps = resmgr_chan_caps(chan, cred);
		if (READ_ONCE(m->unblock_req))
			info->flags = RESMGR_CHAN_INFO_UNBLOCK_REQ;
	}
	resmgr_chan_msg_put(m);
	return cred;
}
