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
#include "call_inline.h"

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
	resmgr_might_sleep();
	__resmgr_call_init(call, link, type, msg, hdr_len);
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
	resmgr_might_sleep();
	return __resmgr_call_enter(call, call->connect);
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
	__resmgr_call_exit(call);
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
	return __resmgr_io_invoke(io, type, ctp, msg, ocb);
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
long resmgr_call_request_run(struct resmgr_request *req)
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
	resmgr_might_sleep();
	return __resmgr_call_send(call, run, interruptible);
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
	resmgr_might_sleep();
	return __resmgr_call_deliver(call, iov, parts);
}

/**
 * resmgr_status_bad() - a negative reply status: warn, and give EIO
 * @status: what the manager said (resmgr_status())
 *
 * Return: -EIO.
 * Context: any.
 */
long resmgr_status_bad(long status)
{
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
	resmgr_might_sleep();
	return __resmgr_call_finish(call, ret);
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
		/*
		 * Bytes below m.copied are always written or zero, so a
		 * caller clears only what lies past it (resmgr_read_small()).
		 */
		if (offset > call->m.copied)
			memset(call->m.kbuf + call->m.copied, 0, offset - call->m.copied);
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
