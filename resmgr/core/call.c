// SPDX-License-Identifier: GPL-2.0
/*
 * Running a handler: the context it sees, the in-flight bookkeeping that
 * detach drains, the nfuncs rule, and QNX's reply conventions (EOK,
 * errno, _RESMGR_NPARTS, _RESMGR_DEFAULT, _RESMGR_NOREPLY with
 * resmgr_msgreply()/resmgr_msgerror()), and the message-access helpers.
 *
 * Delivery is direct: the handler runs in the calling thread, with the
 * caller's credentials and address space, and this file is the seam
 * where message delivery to server threads will plug in.
 */
#include <linux/cred.h>
#include <linux/delay.h>
#include <linux/pid.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uio.h>
#include <resmgr/neutrino.h>
#include <resmgr/ns.h>
#include "internal.h"

/**
 * resmgr_call_init() - prepare a call and the context its handler sees
 * @call: the call, usually on the caller's stack
 * @link: the attachment the message goes to
 * @type: the message type (_IO_READ..., or _IO_CONNECT)
 * @msg: the message header in kernel memory
 * @hdr_len: its length
 *
 * Context: process context, in the calling thread.
 */
void resmgr_call_init(struct resmgr_call *call, struct resmgr_link *link,
		      int type, void *msg, size_t hdr_len)
{
	struct pid *tpid = task_pid(current);
	resmgr_context_t *ctp = &call->ctp;

	resmgr_might_sleep();
	/* Dispatch sets the request up when it queues it; a server is none. */
	memset(call, 0, offsetof(struct resmgr_call, req));
	call->req.server = NULL;
	call->link = link;
	call->task = current;
	call->mm = current->mm;
	call->m.type = type;
	call->m.msg = msg;
	call->m.hdr = msg;
	call->m.hdr_len = hdr_len;

	ctp->rcvid = 1;
	/*
	 * task_tgid_vnr() and task_pid_vnr() without their RCU sections: a
	 * running thread's own pids stay put, and its thread id in its own
	 * namespace is the last level of its pid.
	 */
	ctp->info.pid = pid_nr_ns(task_tgid(current), ns_of_pid(tpid));
	ctp->info.tid = tpid->numbers[tpid->level].nr;
	ctp->info.priority = task_nice(current);
	ctp->info.msglen = hdr_len;
	ctp->info.srcmsglen = hdr_len;
	ctp->info.cred = current_cred();
	ctp->msg = msg;
	ctp->dpp = link->dpp;
	ctp->id = link->entry.id;
	ctp->msg_max_size = max_t(unsigned int, link->attr.msg_max_size, RESMGR_MSG_MAX_MIN);
	ctp->size = hdr_len;
	ctp->iov = call->iov;
}

/* Free the reply parts resmgr_call_enter() allocated, if it did. */
static void resmgr_call_free_parts(struct resmgr_call *call)
{
	if (call->ctp.iov != call->iov) {
		kfree(call->ctp.iov);
		call->ctp.iov = call->iov;
	}
}

/*
 * Give up the call's receive-id slot, and wake a detach that may have
 * seen the call in it (its drain looks through the slots). The
 * unregistering's full barrier orders the slot's release before
 * unlinked is read.
 */
static void resmgr_call_leave(struct resmgr_call *call)
{
	struct resmgr_link *link = call->link;

	resmgr_rcvid_unregister(call);
	if (READ_ONCE(link->unlinked))
		wake_up_var(&link->unlinked);
}

/**
 * resmgr_call_enter() - register a call as in flight on its link
 * @call: the call
 *
 * A link whose nparts_max is above what a call holds gets its reply
 * parts allocated here (a close's cannot fail), freed by
 * resmgr_call_exit().
 *
 * The call's receive-id slot is what a detach finds it by: no lock of
 * the link is taken.
 *
 * Return: 0; -ENOENT if the link no longer takes such calls: detached
 * (any detach stops connect calls) or dead (_RESMGR_DETACH_ALL stops
 * I/O); -ENOMEM, or -EAGAIN with too many calls in flight
 * (resmgr_rcvid_register(); a close waits instead).
 * Context: process context (a front end's entry point, or a handler's
 * own call).
 */
int resmgr_call_enter(struct resmgr_call *call)
{
	struct resmgr_link *link = call->link;
	unsigned int nparts = link->attr.nparts_max;
	int err;

	resmgr_might_sleep();
	if (nparts > RESMGR_NPARTS_INLINE) {
		gfp_t gfp = GFP_KERNEL | (call->m.type == _IO_CLOSE ? __GFP_NOFAIL : 0);

		call->ctp.iov = kmalloc_array(nparts, sizeof(iov_t), gfp);
		if (!call->ctp.iov) {
			call->ctp.iov = call->iov;
			return -ENOMEM;
		}
	}
	/* A close waits for a receive id rather than fail. */
	while ((err = resmgr_rcvid_register(call))) {
		if (call->m.type != _IO_CLOSE)
			goto err_free_parts;
		usleep_range(1000, 2000);
	}
	/*
	 * The slot taken before the link is looked at; a detach sets dead
	 * before it looks through the slots (resmgr_rcvid_scan()).
	 */
	smp_mb();
	if (READ_ONCE(link->dead) || (call->connect && READ_ONCE(link->unlinked))) {
		err = -ENOENT;
		goto err_unregister;
	}
	/* As a read lock of the link's drain, so lockdep sees detach wait for it. */
	rwsem_acquire_read(&link->dep_map, 0, 1, _RET_IP_);
	return 0;

err_unregister:
	/* A detach may have seen the slot taken, and wait for it. */
	resmgr_call_leave(call);
err_free_parts:
	resmgr_call_free_parts(call);
	return err;
}

/**
 * resmgr_call_exit() - the handler is done; wake a draining detach
 * @call: a call that entered
 *
 * Context: as resmgr_call_enter().
 */
void resmgr_call_exit(struct resmgr_call *call)
{
	resmgr_might_sleep();
	rwsem_release(&call->link->dep_map, _RET_IP_);
	resmgr_call_leave(call);
	resmgr_call_free_parts(call);
}

/**
 * resmgr_io_invoke() - run the I/O table's handler for a message type
 * @io: the table, or NULL
 * @type: the message type (_IO_READ ... _IO_UTIME64)
 * @ctp: the context
 * @msg: the message, of the type's own message type
 * @ocb: the OCB
 *
 * Each type is called through its own typed member (no table of void
 * pointers, no re-typed calls), under the nfuncs rule: a slot at or past
 * @io->nfuncs, or one this library does not know, is empty.
 *
 * Return: the handler's return value, or _RESMGR_DEFAULT for an empty
 * slot (the caller applies the built-in behaviour).
 * Context: that of the handler: process context.
 */
int resmgr_io_invoke(const resmgr_io_funcs_t *io, int type, resmgr_context_t *ctp,
		     void *msg, void *ocb)
{
	resmgr_might_sleep();
#define RESMGR_IO_CALL(m) \
	(RESMGR_IO_FN(io, m) ? io->m(ctp, msg, ocb) : _RESMGR_DEFAULT)
	switch (type) {
	case _IO_READ:
		return RESMGR_IO_CALL(read);
	case _IO_WRITE:
		return RESMGR_IO_CALL(write);
	case _IO_RSVD_CLOSE_OCB:
		return RESMGR_IO_CALL(close_ocb);
	case _IO_STAT:
		return RESMGR_IO_CALL(stat);
	case _IO_NOTIFY:
		return RESMGR_IO_CALL(notify);
	case _IO_DEVCTL:
		return RESMGR_IO_CALL(devctl);
	case _IO_RSVD_UNBLOCK:
		return RESMGR_IO_CALL(unblock);
	case _IO_PATHCONF:
		return RESMGR_IO_CALL(pathconf);
	case _IO_LSEEK:
		return RESMGR_IO_CALL(lseek);
	case _IO_CHMOD:
		return RESMGR_IO_CALL(chmod);
	case _IO_CHOWN:
		return RESMGR_IO_CALL(chown);
	case _IO_UTIME:
		return RESMGR_IO_CALL(utime);
	case _IO_OPENFD:
		return RESMGR_IO_CALL(openfd);
	case _IO_FDINFO:
		return RESMGR_IO_CALL(fdinfo);
	case _IO_LOCK:
		return RESMGR_IO_CALL(lock);
	case _IO_SPACE:
		return RESMGR_IO_CALL(space);
	case _IO_SHUTDOWN:
		return RESMGR_IO_CALL(shutdown);
	case _IO_MMAP:
		return RESMGR_IO_CALL(mmap);
	case _IO_MSG:
		return RESMGR_IO_CALL(msg);
	case _IO_RSVD:
		return RESMGR_IO_CALL(reserved);
	case _IO_DUP:
		return RESMGR_IO_CALL(dup);
	case _IO_CLOSE:
		return RESMGR_IO_CALL(close_dup);
	case _IO_RSVD_LOCK_OCB:
		return RESMGR_IO_CALL(lock_ocb);
	case _IO_RSVD_UNLOCK_OCB:
		return RESMGR_IO_CALL(unlock_ocb);
	case _IO_SYNC:
		return RESMGR_IO_CALL(sync);
	case _IO_POWER:
		return RESMGR_IO_CALL(power);
	case _IO_ACL:
		return RESMGR_IO_CALL(acl);
	case _IO_PAUSE:
		return RESMGR_IO_CALL(pause);
	case _IO_UNPAUSE:
		return RESMGR_IO_CALL(unpause);
	case _IO_READ64:
		return RESMGR_IO_CALL(read64);
	case _IO_WRITE64:
		return RESMGR_IO_CALL(write64);
	case _IO_NOTIFY64:
		return RESMGR_IO_CALL(notify64);
	case _IO_UTIME64:
		return RESMGR_IO_CALL(utime64);
	}
#undef RESMGR_IO_CALL
	return _RESMGR_DEFAULT;
}

/**
 * resmgr_default_func() - what _RESMGR_DEFAULT and empty slots become
 * @call: the call
 * @msg: the message
 *
 * Return: the attach attributes' other_func's answer, or ENOSYS.
 * Context: process context.
 */
int resmgr_default_func(struct resmgr_call *call, void *msg)
{
	int (*other)(resmgr_context_t *ctp, void *msg) = call->link->attr.other_func;
	int ret;

	resmgr_might_sleep();
	if (!other)
		return ENOSYS;
	ret = other(&call->ctp, msg);
	return ret == _RESMGR_DEFAULT ? ENOSYS : ret;
}

/* A server thread (or this one) runs the call's handler. */
static long resmgr_call_request_run(struct resmgr_request *req)
{
	struct resmgr_call *call = container_of(req, struct resmgr_call, req);

	return call->run(call);
}

/**
 * resmgr_call_send() - run a call directly or through its dispatch handle
 * @call: the call, entered on its link
 * @run: what runs its handler (in this thread, or in a server thread)
 * @interruptible: a signal may take a still-queued request back (not for
 *	closes, which must reach the manager even from a dying process)
 *
 * Return: what @run returned (possibly RESMGR_CALL_WAIT: the caller then
 * waits for a deferred reply in its own thread); -ERESTARTSYS when a
 * signal came while the request was still queued; -EBADF when the handle
 * was destroyed or the link detached meanwhile.
 * Context: process context, in the caller's thread; sleeps.
 */
long resmgr_call_send(struct resmgr_call *call, long (*run)(struct resmgr_call *call),
		      bool interruptible)
{
	dispatch_t *dpp = call->link->dpp;

	resmgr_might_sleep();
	/* Direct delivery: no request, no indirect call more. */
	if (!resmgr_dispatch_by_message(dpp))
		return run(call);
	call->run = run;
	call->req.run = resmgr_call_request_run;
	call->req.ctp = &call->ctp;
	call->req.owner = call->link;
	/* A detach sets dead before it fails the queue (resmgr_detach()). */
	call->req.gone = &call->link->dead;
	return resmgr_dispatch_deliver(dpp, &call->req, interruptible);
}

/**
 * resmgr_call_deliver() - copy reply parts to where the caller wants them
 * @call: the call
 * @iov: the parts
 * @parts: how many
 *
 * Return: 0, or -EFAULT when the caller's buffer faults.
 * Context: process context, in the caller's thread.
 */
int resmgr_call_deliver(struct resmgr_call *call, const iov_t *iov, int parts)
{
	int i;

	resmgr_might_sleep();
	for (i = 0; i < parts; i++) {
		size_t len = iov[i].iov_len;

		switch (call->m.sink) {
		case RESMGR_SINK_USER:
			len = min(len, iov_iter_count(call->m.out));
			if (len && copy_to_iter(iov[i].iov_base, len, call->m.out) != len)
				return -EFAULT;
			break;
		case RESMGR_SINK_KERNEL:
			len = min(len, call->m.kbuf_len - call->m.copied);
			memcpy(call->m.kbuf + call->m.copied, iov[i].iov_base, len);
			break;
		case RESMGR_SINK_NONE:
			len = 0;
			break;
		}
		call->m.copied += len;
	}
	return 0;
}

static long resmgr_errno(int err)
{
	return err > 0 && err < MAX_ERRNO ? -err : -EIO;
}

/**
 * resmgr_status() - a reply status as a system call may return it
 * @status: what the manager said (ctp->status, MsgReply()'s status)
 *
 * A status is a count, never negative: a negative one would reach user
 * space as a kernel-internal errno (-512 is ERESTARTSYS). It becomes EIO.
 *
 * Return: @status, or -EIO.
 * Context: any.
 */
long resmgr_status(long status)
{
	if (status >= 0)
		return status;
	pr_warn_ratelimited("resmgr: a reply with status %ld; the caller gets EIO\n",
			    status);
	return -EIO;
}

/**
 * resmgr_call_finish() - turn a handler's return value into the answer
 * @call: the call
 * @ret: what the handler returned
 *
 * EOK replies with ctp->status; a positive value is an errno;
 * _RESMGR_NPARTS(n) replies with ctp->iov[0..n-1] and ctp->status;
 * _RESMGR_NOREPLY takes what resmgr_msgreply()/resmgr_msgerror() or
 * MsgReply()/MsgError() gave, or asks the caller to wait for it.
 *
 * Return: the status (>= 0) or a negative errno, or RESMGR_CALL_WAIT
 * when the answer is deferred (see resmgr_call_wait()).
 * Context: process context, in the caller's thread.
 */
long resmgr_call_finish(struct resmgr_call *call, int ret)
{
	resmgr_context_t *ctp = &call->ctp;
	int err;

	resmgr_might_sleep();
	if (call->reply.state == RESMGR_REPLY_GIVEN)
		return call->reply.status;
	/* A MsgReply() during the handler; pairs with its store-release. */
	if (smp_load_acquire(&call->reply.state) == RESMGR_REPLY_LATER) {
		iov_t iov;

		if (call->reply.status < 0 || !call->reply.len)
			return call->reply.status;
		SETIOV(&iov, call->reply.buf, call->reply.len);
		return resmgr_call_deliver(call, &iov, 1) ?: call->reply.status;
	}
	if (ret == _RESMGR_NOREPLY) {
		if (ctp->rcvid <= 0)
			return -ENOSYS;
		/* A server thread's: the caller polls while it runs (reply.c). */
		if (current != call->task && !call->reply.server)
			call->reply.server = get_task_struct(current);
		return RESMGR_CALL_WAIT;
	}
	if (ret == _RESMGR_DEFAULT)
		return -ENOSYS;
	if (ret > 0)
		return resmgr_errno(ret);
	if (ret < 0) {
		/* The parts there are: nparts_max, and never fewer than inline. */
		unsigned int max = max_t(unsigned int, call->link->attr.nparts_max,
					 RESMGR_NPARTS_INLINE);

		if (-ret > max) {
			pr_warn_ratelimited("resmgr: link %d replied with %d parts (max %u)\n",
					    ctp->id, -ret, max);
			return -EIO;
		}
		err = resmgr_call_deliver(call, ctp->iov, -ret);
		if (err)
			return err;
	}
	return resmgr_status(ctp->status);
}

/*
 * Can this thread reach the memory behind @it? Kernel memory (a kvec)
 * from anywhere; user memory only from the caller's address space: the
 * caller's thread, its server thread (which runs with the caller's mm),
 * or another thread of the caller's process. Anywhere else the same user
 * address is a third party's memory.
 */
static bool resmgr_caller_reachable(const struct resmgr_call *call,
				    const struct iov_iter *it)
{
	return !user_backed_iter(it) || current->mm == call->mm;
}

/**
 * resmgr_call_read() - copy from a call's message (header, then data)
 * @call: the call
 * @buf: where to copy
 * @nbytes: how many bytes
 * @offset: from where, counted from the start of the message
 *
 * Return: bytes copied (fewer at the end of the message), -EFAULT, or
 * -ESRCH for data in user memory this thread cannot reach.
 * Context: any when the data is kernel memory or pinned pages (as for
 * every read and write); else process context.
 */
ssize_t resmgr_call_read(struct resmgr_call *call, void *buf, size_t nbytes,
			 size_t offset)
{
	size_t done = 0, total = call->m.hdr_len + call->m.data_len;

	if (offset >= total)
		return 0;
	nbytes = min(nbytes, total - offset);
	if (offset < call->m.hdr_len) {
		done = min(nbytes, call->m.hdr_len - offset);
		memcpy(buf, call->m.hdr + offset, done);
	}
	if (done < nbytes) {
		struct iov_iter it = *call->m.data;
		size_t want = nbytes - done;

		if (!resmgr_caller_reachable(call, &it))
			return -ESRCH;
		iov_iter_advance(&it, offset + done - call->m.hdr_len);
		if (copy_from_iter(buf + done, want, &it) != want)
			return -EFAULT;
		done += want;
	}
	return done;
}

/**
 * resmgr_call_write() - copy into a call's reply buffer at an offset
 * @call: the call
 * @buf: the bytes
 * @nbytes: how many
 * @offset: where in the caller's reply buffer
 *
 * Return: bytes written (fewer past the end of the buffer), -EFAULT, or
 * -ESRCH for a buffer in user memory this thread cannot reach.
 * Context: as resmgr_call_read().
 */
ssize_t resmgr_call_write(struct resmgr_call *call, const void *buf,
			  size_t nbytes, size_t offset)
{
	struct iov_iter it;
	size_t room;

	switch (call->m.sink) {
	case RESMGR_SINK_USER:
		if (!resmgr_caller_reachable(call, call->m.out))
			return -ESRCH;
		room = iov_iter_count(call->m.out);
		if (offset >= room)
			return 0;
		nbytes = min(nbytes, room - offset);
		it = *call->m.out;
		iov_iter_advance(&it, offset);
		if (copy_to_iter(buf, nbytes, &it) != nbytes)
			return -EFAULT;
		return nbytes;
	case RESMGR_SINK_KERNEL:
		if (offset >= call->m.kbuf_len)
			return 0;
		nbytes = min(nbytes, call->m.kbuf_len - offset);
		memcpy(call->m.kbuf + offset, buf, nbytes);
		call->m.copied = max(call->m.copied, offset + nbytes);
		return nbytes;
	default:
		return 0;
	}
}

/**
 * resmgr_call_copyv() - copy between a call's caller and several parts
 * @call: the call
 * @iov: the parts
 * @parts: how many
 * @offset: in the message (a read) or the reply buffer (a write)
 * @to_caller: write the parts into the caller's reply buffer; else read
 *	the caller's message into them
 *
 * Return: bytes copied in all (fewer at the end), or as
 * resmgr_call_read()/resmgr_call_write() before any byte.
 * Context: as resmgr_call_read()/resmgr_call_write().
 */
ssize_t resmgr_call_copyv(struct resmgr_call *call, const iov_t *iov, int parts,
			  size_t offset, bool to_caller)
{
	ssize_t n, done = 0;
	int i;

	for (i = 0; i < parts; i++) {
		if (to_caller)
			n = resmgr_call_write(call, iov[i].iov_base, iov[i].iov_len,
					      offset + done);
		else
			n = resmgr_call_read(call, iov[i].iov_base, iov[i].iov_len,
					     offset + done);
		if (n < 0)
			return done ? done : n;
		done += n;
		if (n < iov[i].iov_len)
			break;
	}
	return done;
}

/**
 * resmgr_msgread() - read the caller's message
 * @ctp: the context of the message being handled
 * @buf: where to copy
 * @nbytes: how many bytes
 * @offset: from where, counted from the start of the message (the data
 *	of a write starts at sizeof(msg->i), plus sizeof(struct
 *	_xtype_offset) for _IO_XTYPE_OFFSET)
 *
 * Reads the header from the kernel copy and the data from the caller's
 * buffer as resmgr handed it over (bounced or pinned, ubuf.c), so any
 * thread holding @ctp reaches it.
 *
 * Return: bytes copied (fewer at the end of the message), -EFAULT, or
 * -ESRCH for data in user memory this thread cannot reach (never for
 * read and write, whose buffers are handed over).
 * Context: process context, inside a handler.
 */
ssize_t resmgr_msgread(resmgr_context_t *ctp, void *buf, size_t nbytes,
		       size_t offset)
{
	struct resmgr_call *call = resmgr_call_of(ctp);

	resmgr_might_sleep();
	return resmgr_call_read(call, buf, nbytes, offset + ctp->offset);
}
EXPORT_SYMBOL_NS_GPL(resmgr_msgread, RESMGR_NS);

/**
 * resmgr_msgreadv() - read the caller's message into several parts
 * @ctp: the context of the message being handled
 * @iov: the parts
 * @parts: how many
 * @offset: as resmgr_msgread()
 *
 * Return: bytes copied in all (fewer at the end of the message), or as
 * resmgr_msgread() before any byte.
 * Context: process context, inside a handler.
 */
ssize_t resmgr_msgreadv(resmgr_context_t *ctp, const iov_t *iov, int parts,
			size_t offset)
{
	resmgr_might_sleep();
	return resmgr_call_copyv(resmgr_call_of(ctp), iov, parts, offset + ctp->offset,
				 false);
}
EXPORT_SYMBOL_NS_GPL(resmgr_msgreadv, RESMGR_NS);

/**
 * resmgr_msgwritev() - write reply parts at an offset of the caller's buffer
 * @ctp: the context of the message being handled
 * @iov: the parts
 * @parts: how many
 * @offset: as resmgr_msgwrite()
 *
 * Return: bytes written in all (fewer past the end of the buffer), or as
 * resmgr_msgwrite() before any byte.
 * Context: process context, inside a handler (before it replies).
 */
ssize_t resmgr_msgwritev(resmgr_context_t *ctp, const iov_t *iov, int parts,
			 size_t offset)
{
	resmgr_might_sleep();
	return resmgr_call_copyv(resmgr_call_of(ctp), iov, parts, offset, true);
}
EXPORT_SYMBOL_NS_GPL(resmgr_msgwritev, RESMGR_NS);

/**
 * _resmgr_ocb() - the OCB of the file a message came on
 * @ctp: the context of the message being handled
 * @info: unused (QNX's: which connection; the context says)
 *
 * Return: the OCB bound at open, or NULL for a connect message or a file
 * whose OCB was bound as NULL.
 * Context: process context, inside a handler.
 */
void *_resmgr_ocb(resmgr_context_t *ctp, struct _msg_info *info)
{
	struct resmgr_binding *b = resmgr_call_of(ctp)->binding;

	resmgr_might_sleep();
	return b ? b->ocb : NULL;
}
EXPORT_SYMBOL_NS_GPL(_resmgr_ocb, RESMGR_NS);

/**
 * _resmgr_iofuncs() - the I/O table of the file a message came on
 * @ctp: the context of the message being handled
 * @info: unused, as for _resmgr_ocb()
 *
 * Return: the table bound at open (or the attachment's), NULL for a
 * connect message.
 * Context: process context, inside a handler.
 */
const resmgr_io_funcs_t *_resmgr_iofuncs(resmgr_context_t *ctp, struct _msg_info *info)
{
	struct resmgr_binding *b = resmgr_call_of(ctp)->binding;

	resmgr_might_sleep();
	return b ? b->io : NULL;
}
EXPORT_SYMBOL_NS_GPL(_resmgr_iofuncs, RESMGR_NS);

/**
 * resmgr_unbind() - take the OCB away from the file a message came on
 * @ctp: the context of an I/O message
 *
 * The manager is done with the OCB (it may free it once the handler
 * returns): the file's later calls get EBADF, and its close reaches no
 * handler.
 *
 * Return: 0, or -EINVAL for a connect message.
 * Context: process context, inside an I/O handler.
 */
int resmgr_unbind(resmgr_context_t *ctp)
{
	struct resmgr_call *call = resmgr_call_of(ctp);
	struct resmgr_binding *b = call->binding;

	resmgr_might_sleep();
	if (!b)
		return -EINVAL;
	mutex_lock(&call->link->bind_lock);
	WRITE_ONCE(b->bound, false);
	mutex_unlock(&call->link->bind_lock);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(resmgr_unbind, RESMGR_NS);

/**
 * resmgr_msgwrite() - write reply data at an offset of the caller's buffer
 * @ctp: the context of the message being handled
 * @buf: the bytes
 * @nbytes: how many
 * @offset: where in the caller's reply buffer (0: its start)
 *
 * QNX's MsgWrite: a handler may put a large reply in place piece by
 * piece (a read spanning several pages) and then return EOK with the
 * byte count as status (_IO_SET_READ_NBYTES) and no reply parts.
 *
 * The caller's buffer is kernel memory or pinned pages (ubuf.c), so any
 * thread holding @ctp reaches it while the caller waits.
 *
 * Return: bytes written (fewer past the end of the buffer), -EFAULT, or
 * -ESRCH when the caller's buffer is user memory this thread cannot
 * reach (never for a read, whose buffer is handed over).
 * Context: process context, inside a handler (before it replies).
 */
ssize_t resmgr_msgwrite(resmgr_context_t *ctp, const void *buf, size_t nbytes,
			size_t offset)
{
	resmgr_might_sleep();
	return resmgr_call_write(resmgr_call_of(ctp), buf, nbytes, offset);
}
EXPORT_SYMBOL_NS_GPL(resmgr_msgwrite, RESMGR_NS);

/**
 * resmgr_msgreplyv() - reply now with several parts
 * @ctp: the context of the message being handled
 * @iov: the parts
 * @parts: how many
 *
 * The status is ctp->status. The handler then returns _RESMGR_NOREPLY.
 *
 * Return: 0, -ESRCH if the message was already answered or cannot be,
 * -EINVAL for a bad part count, or -EFAULT.
 * Context: process context, inside a handler.
 */
int resmgr_msgreplyv(resmgr_context_t *ctp, iov_t *iov, int parts)
{
	struct resmgr_call *call = resmgr_call_of(ctp);
	int err;

	resmgr_might_sleep();
	if (ctp->rcvid <= 0)
		return -ESRCH;
	if (parts < 0)
		return -EINVAL;
	/* From another thread the caller's memory is out of reach: buffer it. */
	if (call->task != current)
		return MsgReplyv(ctp->rcvid, ctp->status, iov, parts);
	if (!resmgr_reply_claim(call))
		return -ESRCH;
	err = resmgr_call_deliver(call, iov, parts);
	call->reply.status = err ? err : ctp->status;
	return err;
}
EXPORT_SYMBOL_NS_GPL(resmgr_msgreplyv, RESMGR_NS);

/**
 * resmgr_msgreply() - reply now with one part
 * @ctp: the context of the message being handled
 * @buf: reply data, or NULL
 * @len: its length
 *
 * Return: as resmgr_msgreplyv().
 * Context: process context, inside a handler.
 */
int resmgr_msgreply(resmgr_context_t *ctp, void *buf, size_t len)
{
	iov_t iov;

	resmgr_might_sleep();
	SETIOV(&iov, buf, len);
	return resmgr_msgreplyv(ctp, &iov, buf ? 1 : 0);
}
EXPORT_SYMBOL_NS_GPL(resmgr_msgreply, RESMGR_NS);

/**
 * resmgr_msgerror() - answer now with an error
 * @ctp: the context of the message being handled
 * @err: a positive errno
 *
 * Return: 0, or -ESRCH if the message was already answered.
 * Context: process context, inside a handler.
 */
int resmgr_msgerror(resmgr_context_t *ctp, int err)
{
	struct resmgr_call *call = resmgr_call_of(ctp);

	resmgr_might_sleep();
	if (ctp->rcvid <= 0)
		return -ESRCH;
	if (call->task != current)
		return MsgError(ctp->rcvid, err);
	if (!resmgr_reply_claim(call))
		return -ESRCH;
	call->reply.status = resmgr_errno(err);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(resmgr_msgerror, RESMGR_NS);

/**
 * resmgr_open_bind() - bind an OCB to the file being opened
 * @ctp: the context of an open (connect) message
 * @ocb: the OCB; every I/O handler of this file gets it
 * @io_funcs: the I/O table for this file, or NULL for the attachment's
 *
 * Return: 0, or -EINVAL outside an open handler.
 * Context: process context, inside a connect handler.
 */
int resmgr_open_bind(resmgr_context_t *ctp, void *ocb, const void *io_funcs)
{
	struct resmgr_call *call = resmgr_call_of(ctp);

	resmgr_might_sleep();
	if (!call->connect)
		return -EINVAL;
	call->bound = true;
	call->bind_ocb = ocb;
	call->bind_io = io_funcs ? io_funcs : call->link->io;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(resmgr_open_bind, RESMGR_NS);
