// SPDX-License-Identifier: GPL-2.0
/*
 * Receive ids and deferred replies.
 *
 * Every call that enters a link gets a receive id (ctp->rcvid) and is
 * findable by it until it exits, so a handler may keep the id, return
 * _RESMGR_NOREPLY, and have anyone answer later with MsgReply(),
 * MsgReplyv() or MsgError() (or resmgr_msgreply() on the saved context)
 * from any thread: a timer, a work item, another client's handler.
 *
 * The caller then sleeps in resmgr_call_wait(). A reply's data is copied
 * into a kernel buffer that the caller delivers once awake; MsgRead()
 * and MsgWrite() reach the waiting caller's message and reply buffer
 * directly (kernel memory or taken pages, ubuf.c), under the slot lock
 * that keeps the caller from leaving. A signal runs the
 * manager's unblock handler; if the manager lets go (its default), the
 * call ends with -ERESTARTSYS: EINTR, or a restart under SA_RESTART.
 * A manager that keeps the call leaves the caller waiting, killable.
 * A detach without _RESMGR_DETACH_PATHNAME fails every waiter with EBADF.
 *
 * The ids live in ids.c's table of slots, each with its own spinlock,
 * which also guards each registered call's reply (state, buf, len,
 * status, again).
 */
#include <linux/cred.h>
#include <linux/sched/clock.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/wait_bit.h>
#include <resmgr/neutrino.h>
#include "internal.h"

/**
 * resmgr_reply_async() - answer a call from any thread
 * @owner: NULL, or the handle the call's link must be attached through
 *	(a user channel answers only its own calls)
 * @call: the call, or NULL to find it by @rcvid
 * @rcvid: its receive id
 * @status: the status, or a negative errno
 * @iov: reply parts (copied here), or NULL
 * @parts: how many
 *
 * Return: 0, -ESRCH when no call waits under @rcvid (already answered,
 * abandoned after a signal, or gone), -ENOMEM.
 * Context: any context that may allocate with GFP_ATOMIC, or process
 * context (then GFP_KERNEL).
 */
int resmgr_reply_async(const dispatch_t *owner, struct resmgr_call *call, int rcvid,
		       long status, const iov_t *iov, int parts)
{
	size_t len = 0, off = 0;
	void *buf = NULL;
	int i;

	for (i = 0; i < parts; i++)
		len += iov[i].iov_len;
	if (len) {
		buf = kmalloc(len, preemptible() ? GFP_KERNEL : GFP_ATOMIC);
		if (!buf)
			return -ENOMEM;
		for (i = 0; i < parts; i++) {
			memcpy(buf + off, iov[i].iov_base, iov[i].iov_len);
			off += iov[i].iov_len;
		}
	}
	return resmgr_reply_give(owner, call, rcvid, status, buf, len);
}

/**
 * resmgr_reply_give() - answer a call with a buffer it takes over
 * @owner: as resmgr_reply_async()
 * @call: as resmgr_reply_async()
 * @rcvid: as resmgr_reply_async()
 * @status: as resmgr_reply_async()
 * @buf: the reply's bytes, kmalloc()ed, or NULL; the call frees it, or
 *	this function does when no call takes it
 * @len: their length
 *
 * Return: as resmgr_reply_async().
 * Context: any.
 */
int resmgr_reply_give(const dispatch_t *owner, struct resmgr_call *call, int rcvid,
		      long status, void *buf, size_t len)
{
	struct resmgr_rcvid_slot *b;
	unsigned long flags;
	int err = 0;

	b = resmgr_rcvid_lock(rcvid, &flags);
	if (!call)
		call = resmgr_rcvid_find(b, rcvid);
	if (!call || call->reply.rcvid != rcvid || call->reply.state != RESMGR_REPLY_NONE ||
	    (owner && call->link->dpp != owner)) {
		err = -ESRCH;
	} else {
		call->reply.buf = buf;
		call->reply.len = len;
		call->reply.status = status;
		call->reply.at = local_clock();
		buf = NULL;
		/* Publish the reply; pairs with resmgr_call_answered(). */
		smp_store_release(&call->reply.state, RESMGR_REPLY_LATER);
	}
	resmgr_rcvid_unlock(b, flags);
	kfree(buf);
	if (!err)
		wake_up_var(&call->reply.state);
	return err;
}

/**
 * resmgr_reply_claim() - the handler's own thread answers its call now
 * @call: a registered call (ctp->rcvid > 0), in the caller's thread
 *
 * The answer is the first of resmgr_msgreply(), resmgr_msgerror() and a
 * MsgReply() from elsewhere; later ones get -ESRCH.
 *
 * Return: true when no answer came before (the state is now GIVEN; the
 * caller sets reply.status).
 * Context: any; takes the call's slot lock.
 */
bool resmgr_reply_claim(struct resmgr_call *call)
{
	struct resmgr_rcvid_slot *b;
	unsigned long flags;
	bool won;

	b = resmgr_rcvid_lock(call->reply.rcvid, &flags);
	won = call->reply.state == RESMGR_REPLY_NONE;
	if (won)
		call->reply.state = RESMGR_REPLY_GIVEN;
	resmgr_rcvid_unlock(b, flags);
	return won;
}

/* End a waiting call with @result unless a reply came first. */
static bool resmgr_call_abandon(struct resmgr_call *call, long result)
{
	struct resmgr_rcvid_slot *b;
	unsigned long flags;
	bool abandoned;

	b = resmgr_rcvid_lock(call->reply.rcvid, &flags);
	abandoned = call->reply.state == RESMGR_REPLY_NONE;
	if (abandoned) {
		call->reply.state = RESMGR_REPLY_ABANDONED;
		call->reply.status = result;
	}
	resmgr_rcvid_unlock(b, flags);
	return abandoned;
}

static bool resmgr_call_answered(struct resmgr_call *call)
{
	/* Pairs with the smp_store_release() of a reply. */
	return smp_load_acquire(&call->reply.state) != RESMGR_REPLY_NONE;
}

/* Is there something for the waiter: an answer, or resmgr_msg_again()? */
static bool resmgr_call_woken(struct resmgr_call *call)
{
	return resmgr_call_answered(call) || READ_ONCE(call->reply.again);
}

/* Take a resmgr_msg_again() request of an unanswered call. */
static bool resmgr_call_take_again(struct resmgr_call *call)
{
	struct resmgr_rcvid_slot *b;
	unsigned long flags;
	bool again;

	b = resmgr_rcvid_lock(call->reply.rcvid, &flags);
	again = call->reply.again && call->reply.state == RESMGR_REPLY_NONE;
	call->reply.again = false;
	resmgr_rcvid_unlock(b, flags);
	return again;
}

static bool resmgr_call_woken_poll(void *call)
{
	return resmgr_call_woken(call);
}

/* The server thread that has the call runs: its answer may come soon. */
static bool resmgr_call_server_runs(void *arg)
{
	struct resmgr_call *call = arg;

	return owner_on_cpu(call->reply.server);
}

/*
 * The caller starts to wait for a deferred answer. A detach fails the
 * calls it finds waiting once it set dead (resmgr_link_fail_waiters());
 * one that set dead before this call was seen waiting is seen here.
 * Return: false when the detach came first: the call ended with EBADF.
 */
static bool resmgr_call_await(struct resmgr_call *call)
{
	WRITE_ONCE(call->reply.waiting, true);
	/* waiting set before dead is read; a detach sets dead, then reads waiting. */
	smp_mb();
	return !(READ_ONCE(call->link->dead) && resmgr_call_abandon(call, -EBADF));
}

/* resmgr_call_wait() without dropping the server thread's reference. */
static long resmgr_call_wait_reply(struct resmgr_call *call,
				   long (*run)(struct resmgr_call *call),
				   long (*unblock)(struct resmgr_call *call))
{
	bool killable_only = false;
	struct resmgr_poll w;
	bool polled;
	iov_t iov;

	resmgr_might_sleep();
	if (!resmgr_call_await(call))
		return -EBADF;
	/* Replies that come quickly are polled for first (dispatch/poll.c). */
	polled = resmgr_dispatch_poll_reply(call->link->dpp, resmgr_call_woken_poll,
					    call->reply.server ? resmgr_call_server_runs : NULL,
					    call, &w);
	for (;;) {
		int err;

		if (killable_only)
			err = wait_var_event_killable(&call->reply.state, resmgr_call_woken(call));
		else
			err = wait_var_event_interruptible(&call->reply.state,
							   resmgr_call_woken(call));
		if (resmgr_call_take_again(call)) {
			long res;

			/*
			 * The message again, as if it had just come. After a
			 * signal the manager kept the call for, that signal must
			 * not take the queued request back: only a fatal one
			 * ends the wait, as before.
			 */
			WRITE_ONCE(call->reply.waiting, false);
			call->ctp.status = 0;
			res = resmgr_call_send(call, run, !killable_only);
			if (res != RESMGR_CALL_WAIT)
				return res;
			if (!resmgr_call_await(call))
				return -EBADF;
			continue;
		}
		if (!err || resmgr_call_answered(call))
			break;
		if (killable_only) {
			/* A fatal signal: the caller is going away. */
			if (resmgr_call_abandon(call, -EINTR))
				return -EINTR;
			break;
		}
		/* A signal: ask the manager to let go. */
		WRITE_ONCE(call->reply.unblock_req, true);
		if (unblock(call) == _RESMGR_NOREPLY && !resmgr_call_answered(call)) {
			killable_only = true;
			continue;
		}
		if (resmgr_call_abandon(call, -ERESTARTSYS))
			return -ERESTARTSYS;
		break;
	}
	if (!polled)
		resmgr_poll_end(&w, READ_ONCE(call->reply.at));
	if (call->reply.state == RESMGR_REPLY_ABANDONED)
		return call->reply.status;
	if (call->reply.status < 0 || !call->reply.len)
		return call->reply.status;
	SETIOV(&iov, call->reply.buf, call->reply.len);
	return resmgr_call_deliver(call, &iov, 1) ?: call->reply.status;
}

/**
 * resmgr_call_wait() - sleep until a deferred reply comes
 * @call: a call whose handler returned _RESMGR_NOREPLY without replying
 * @run: runs the handler again, as the first time, when the manager
 *	calls resmgr_msg_again() on the call
 * @unblock: runs the manager's unblock handler on a signal; returns
 *	_RESMGR_NOREPLY when the manager keeps the call
 *
 * Return: the reply's status (its data delivered to the call's sink) or
 * a negative errno; -ERESTARTSYS when a signal ended the wait.
 * Context: process context, in the caller's thread, no locks held.
 */
long resmgr_call_wait(struct resmgr_call *call, long (*run)(struct resmgr_call *call),
		      long (*unblock)(struct resmgr_call *call))
{
	long res;

	resmgr_might_sleep();
	res = resmgr_call_wait_reply(call, run, unblock);
	if (call->reply.server) {
		put_task_struct(call->reply.server);
		call->reply.server = NULL;
	}
	return res;
}

struct resmgr_fail_waiters {
	struct resmgr_link	*link;
	int			err;
};

/* Under the call's slot lock (resmgr_rcvid_scan()). */
static bool resmgr_fail_waiter(struct resmgr_call *call, void *arg)
{
	const struct resmgr_fail_waiters *q = arg;

	if (call->link == q->link && READ_ONCE(call->reply.waiting) &&
	    call->reply.state == RESMGR_REPLY_NONE) {
		call->reply.status = -q->err;
		/* Publish the error; pairs with resmgr_call_answered(). */
		smp_store_release(&call->reply.state, RESMGR_REPLY_LATER);
		wake_up_var(&call->reply.state);
	}
	return false;
}

/**
 * resmgr_link_fail_waiters() - answer every call waiting on a link
 * @link: the link, being detached
 * @err: the positive errno they get
 *
 * Context: process context; takes slot locks.
 */
void resmgr_link_fail_waiters(struct resmgr_link *link, int err)
{
	struct resmgr_fail_waiters q = { .link = link, .err = err };

	resmgr_might_sleep();
	resmgr_rcvid_scan(resmgr_fail_waiter, &q);
}

/**
 * MsgReplyv() - answer a message from any thread, with several parts
 * @rcvid: the receive id the handler kept (ctp->rcvid)
 * @status: what the caller's call returns (for read(), the byte count)
 * @iov: the reply parts; copied before this returns
 * @parts: how many
 *
 * Return: 0, -ESRCH when no call waits under @rcvid, -ENOMEM.
 * Context: any; allocates with GFP_ATOMIC outside process context.
 */
int MsgReplyv(int rcvid, long status, const iov_t *iov, int parts)
{
	if (rcvid <= 0 || parts < 0)
		return -ESRCH;
	return resmgr_reply_async(NULL, NULL, rcvid, resmgr_status(status), iov, parts);
}
EXPORT_SYMBOL_NS_GPL(MsgReplyv, RESMGR_NS);

/**
 * MsgReply() - answer a message from any thread
 * @rcvid: the receive id the handler kept (ctp->rcvid)
 * @status: what the caller's call returns
 * @msg: reply data, or NULL; copied before this returns
 * @size: its length
 *
 * Return: as MsgReplyv().
 * Context: as MsgReplyv().
 */
int MsgReply(int rcvid, long status, const void *msg, size_t size)
{
	iov_t iov;

	SETIOV(&iov, msg, size);
	return MsgReplyv(rcvid, status, &iov, msg && size ? 1 : 0);
}
EXPORT_SYMBOL_NS_GPL(MsgReply, RESMGR_NS);

/**
 * MsgError() - answer a message with an error from any thread
 * @rcvid: the receive id the handler kept
 * @error: a positive errno
 *
 * Return: as MsgReplyv().
 * Context: as MsgReplyv().
 */
int MsgError(int rcvid, int error)
{
	if (rcvid <= 0)
		return -ESRCH;
	return resmgr_reply_async(NULL, NULL, rcvid,
				  error > 0 && error < MAX_ERRNO ? -error : -EIO, NULL, 0);
}
EXPORT_SYMBOL_NS_GPL(MsgError, RESMGR_NS);

/*
 * The call waiting unanswered under @rcvid, or NULL. The caller holds
 * the slot's lock across its use of the call, so that the caller of
 * the call cannot leave (a signal's abandon takes the same lock).
 */
static struct resmgr_call *resmgr_rcvid_running(struct resmgr_rcvid_slot *b, int rcvid)
{
	struct resmgr_call *call;

	call = resmgr_rcvid_find(b, rcvid);
	return call && call->reply.state == RESMGR_REPLY_NONE ? call : NULL;
}

/* MsgReadv() and MsgWritev(): every part under one hold of the lock. */
static ssize_t resmgr_rcvid_copyv(const dispatch_t *owner, int rcvid, const iov_t *iov,
				  int parts, size_t offset, bool to_caller)
{
	struct resmgr_rcvid_slot *b;
	struct resmgr_call *call;
	unsigned long flags;
	ssize_t done;

	if (rcvid <= 0)
		return -ESRCH;
	b = resmgr_rcvid_lock(rcvid, &flags);
	call = resmgr_rcvid_running(b, rcvid);
	if (call && owner && call->link->dpp != owner)
		call = NULL;
	done = call ? resmgr_call_copyv(call, iov, parts, offset, to_caller) : -ESRCH;
	resmgr_rcvid_unlock(b, flags);
	return done;
}

/**
 * resmgr_msg_copy_owned() - MsgReadv() or MsgWritev() on a handle's call only
 * @owner: the handle the call's link must be attached through
 * @rcvid: the receive id
 * @iov: the parts (kernel memory)
 * @parts: how many
 * @offset: where in the caller's message or reply buffer
 * @to_caller: MsgWritev() (else MsgReadv())
 *
 * Return: as MsgReadv(); -ESRCH also for a call of another handle.
 * Context: any.
 */
ssize_t resmgr_msg_copy_owned(const dispatch_t *owner, int rcvid, const iov_t *iov,
			      int parts, size_t offset, bool to_caller)
{
	return resmgr_rcvid_copyv(owner, rcvid, iov, parts, offset, to_caller);
}

/**
 * resmgr_reply_owned() - MsgReplyv() or MsgError() on a handle's call only
 * @owner: the handle the call's link must be attached through
 * @rcvid: the receive id
 * @status: the status (negative: EIO, as MsgReplyv())
 * @error: non-zero: answer with this errno instead
 * @iov: reply parts (kernel memory, copied)
 * @parts: how many
 *
 * Return: as MsgReplyv(); -ESRCH also for a call of another handle.
 * Context: process context.
 */
int resmgr_reply_owned(const dispatch_t *owner, int rcvid, long status, int error,
		       const iov_t *iov, int parts)
{
	resmgr_might_sleep();
	if (rcvid <= 0 || parts < 0)
		return -ESRCH;
	if (error)
		return resmgr_reply_async(owner, NULL, rcvid,
					  error > 0 && error < MAX_ERRNO ? -error : -EIO,
					  NULL, 0);
	return resmgr_reply_async(owner, NULL, rcvid, resmgr_status(status), iov, parts);
}

/**
 * resmgr_msg_info_owned() - MsgInfo() on a handle's call only, with the
 *	caller's credentials
 * @owner: the handle the call's link must be attached through
 * @rcvid: the receive id, not yet answered
 * @info: filled as MsgInfo() fills it (its @cred is not to be used), or
 *	NULL
 * @id: the link id the message came through, or NULL
 *
 * Return: the caller's credentials with a reference (put_cred()), or NULL
 * when no call of @owner waits unanswered under @rcvid.
 * Context: any.
 */
const struct cred *resmgr_msg_info_owned(const dispatch_t *owner, int rcvid,
					 struct _msg_info *info, int *id)
{
	const struct cred *cred = NULL;
	struct resmgr_rcvid_slot *b;
	struct resmgr_call *call;
	unsigned long flags;

	if (rcvid <= 0)
		return NULL;
	b = resmgr_rcvid_lock(rcvid, &flags);
	call = resmgr_rcvid_running(b, rcvid);
	if (call && call->link->dpp == owner && call->ctp.info.cred) {
		cred = get_cred(call->ctp.info.cred);
		if (info) {
			*info = call->ctp.info;
			/* The caller wants to go: it was signalled, or is now. */
			if (READ_ONCE(call->reply.unblock_req) ||
			    (call->task && signal_pending(call->task)))
				info->flags |= _NTO_MI_UNBLOCK_REQ;
		}
		if (id)
			*id = call->ctp.id;
	}
	resmgr_rcvid_unlock(b, flags);
	return cred;
}

/**
 * resmgr_msg_cred_owned() - the credentials of a handle's waiting caller
 * @owner: the handle the call's link must be attached through
 * @rcvid: the receive id, not yet answered
 *
 * Return: as resmgr_msg_info_owned().
 * Context: any.
 */
const struct cred *resmgr_msg_cred_owned(const dispatch_t *owner, int rcvid)
{
	return resmgr_msg_info_owned(owner, rcvid, NULL, NULL);
}

/**
 * resmgr_reply_owned_buf() - resmgr_reply_owned() with a buffer it takes over
 * @owner: the handle the call's link must be attached through
 * @rcvid: the receive id
 * @status: the status (negative: EIO, as MsgReplyv())
 * @buf: the reply's bytes, kmalloc()ed, or NULL; always taken (freed
 *	here when no call takes it)
 * @len: their length
 *
 * Return: as resmgr_reply_owned().
 * Context: process context.
 */
int resmgr_reply_owned_buf(const dispatch_t *owner, int rcvid, long status, void *buf,
			   size_t len)
{
	resmgr_might_sleep();
	if (rcvid <= 0) {
		kfree(buf);
		return -ESRCH;
	}
	return resmgr_reply_give(owner, NULL, rcvid, resmgr_status(status), buf, len);
}

/**
 * MsgReadv() - read a waiting caller's message into parts, from any thread
 * @rcvid: the receive id the handler kept
 * @iov: the parts
 * @parts: how many
 * @offset: from where in the message (the header first, then the data)
 *
 * Return: bytes copied in all (fewer at the end of the message); -ESRCH
 * when no call waits unanswered under @rcvid, -EFAULT, before any byte.
 * Context: any (the caller's buffers are kernel memory or taken pages).
 */
ssize_t MsgReadv(int rcvid, const iov_t *iov, int parts, size_t offset)
{
	return resmgr_rcvid_copyv(NULL, rcvid, iov, parts, offset, false);
}
EXPORT_SYMBOL_NS_GPL(MsgReadv, RESMGR_NS);

/**
 * MsgRead() - read a waiting caller's message, from any thread
 * @rcvid: the receive id the handler kept
 * @msg: where to copy
 * @bytes: how many bytes
 * @offset: from where in the message
 *
 * Return: as MsgReadv().
 * Context: any.
 */
ssize_t MsgRead(int rcvid, void *msg, size_t bytes, size_t offset)
{
	iov_t iov;

	SETIOV(&iov, msg, bytes);
	return MsgReadv(rcvid, &iov, 1, offset);
}
EXPORT_SYMBOL_NS_GPL(MsgRead, RESMGR_NS);

/**
 * MsgWritev() - write parts into a waiting caller's reply buffer
 * @rcvid: the receive id the handler kept
 * @iov: the parts
 * @parts: how many
 * @offset: where in the caller's reply buffer
 *
 * The QNX way to give a large or piecewise reply: MsgWrite() the data,
 * then MsgReply() the count with no data.
 *
 * Return: bytes written in all (fewer past the end of the buffer);
 * -ESRCH when no call waits unanswered under @rcvid, -EFAULT, before
 * any byte.
 * Context: any.
 */
ssize_t MsgWritev(int rcvid, const iov_t *iov, int parts, size_t offset)
{
	return resmgr_rcvid_copyv(NULL, rcvid, iov, parts, offset, true);
}
EXPORT_SYMBOL_NS_GPL(MsgWritev, RESMGR_NS);

/**
 * MsgWrite() - write into a waiting caller's reply buffer, from any thread
 * @rcvid: the receive id the handler kept
 * @msg: the bytes
 * @size: how many
 * @offset: where in the caller's reply buffer
 *
 * Return: as MsgWritev().
 * Context: any.
 */
ssize_t MsgWrite(int rcvid, const void *msg, size_t size, size_t offset)
{
	iov_t iov;

	SETIOV(&iov, msg, size);
	return MsgWritev(rcvid, &iov, 1, offset);
}
EXPORT_SYMBOL_NS_GPL(MsgWrite, RESMGR_NS);

/**
 * MsgInfo() - who sent the message waiting under @rcvid
 * @rcvid: the receive id
 * @info: filled as ctp->info was for the handler, with
 *	_NTO_MI_UNBLOCK_REQ in @info->flags when a signal came while the
 *	caller waits (or is pending); @info->cred is only valid while the
 *	call waits
 *
 * Return: 0, or -ESRCH when no call waits unanswered under @rcvid.
 * Context: any.
 */
int MsgInfo(int rcvid, struct _msg_info *info)
{
	struct resmgr_rcvid_slot *b;
	struct resmgr_call *call;
	unsigned long flags;
	int ret = 0;

	if (rcvid <= 0)
		return -ESRCH;
	b = resmgr_rcvid_lock(rcvid, &flags);
	call = resmgr_rcvid_running(b, rcvid);
	if (call) {
		*info = call->ctp.info;
		/* The caller wants to go: it was signalled, or is now. */
		if (READ_ONCE(call->reply.unblock_req) ||
		    (call->task && signal_pending(call->task)))
			info->flags |= _NTO_MI_UNBLOCK_REQ;
	} else {
		ret = -ESRCH;
	}
	resmgr_rcvid_unlock(b, flags);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(MsgInfo, RESMGR_NS);

/**
 * resmgr_msg_again() - handle a deferred message again
 * @ctp: the calling handler's context (QNX refreshes it with the
 *	message; here the message runs in its own context, so @ctp is left
 *	as it is and may be NULL)
 * @rcvid: the receive id a handler kept when it returned _RESMGR_NOREPLY
 *
 * The message's handler runs again as if the message had just come:
 * through the same delivery (the caller's thread or a server thread),
 * under lock_ocb, with the message as the handler left it, and may
 * answer or defer again. It runs soon after this returns, not inside it
 * (QNX runs it before returning): the caller may hold the locks the
 * handler takes.
 *
 * Return: 0, or -ESRCH when no unanswered call has @rcvid.
 * Context: any.
 */
int resmgr_msg_again(resmgr_context_t *ctp, int rcvid)
{
	struct resmgr_rcvid_slot *b;
	struct resmgr_call *call;
	unsigned long flags;

	if (rcvid <= 0)
		return -ESRCH;
	b = resmgr_rcvid_lock(rcvid, &flags);
	call = resmgr_rcvid_running(b, rcvid);
	if (call)
		call->reply.again = true;
	resmgr_rcvid_unlock(b, flags);
	if (!call)
		return -ESRCH;
	wake_up_var(&call->reply.state);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(resmgr_msg_again, RESMGR_NS);
