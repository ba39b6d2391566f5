// SPDX-License-Identifier: GPL-2.0
/*
 * I/O on an open file: each Linux call becomes a QNX I/O message to the
 * file's bound I/O table, bracketed by lock_ocb/unlock_ocb, and the
 * reply becomes the call's result. Front ends (char devices, resmgrfs)
 * call these with the file's binding.
 *
 * The manager owns the file offset (ocb->offset), as in QNX: read() and
 * write() send _IO_XTYPE_NONE and let the handler use and move it;
 * pread() and pwrite() send _IO_XTYPE_OFFSET with the offset; lseek()
 * asks the handler.
 *
 * Bad user buffers (unmapped, kernel addresses) fail with EFAULT before
 * any handler runs, so they change nothing.
 */
#include <linux/fcntl.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pagemap.h>
#include <linux/poll.h>
#include <linux/xarray.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <resmgr/devctl.h>
#include <resmgr/neutrino.h>
#include <uapi/resmgr/devctl.h>
#include "internal.h"
#include "call_inline.h"
#include "small_copy.h"

/*
 * A caller waiting for a deferred reply got a signal: run the unblock
 * handler, under lock_ocb, with the waiting call's context (its rcvid).
 * No handler, or _RESMGR_DEFAULT, lets the caller go.
 */
static long resmgr_io_unblock(struct resmgr_call *call)
{
	struct resmgr_binding *b = call->binding;
	io_pulse_t msg = {};
	int ret;

	if (!RESMGR_IO_FN(b->io, unblock))
		return _RESMGR_DEFAULT;
	msg.i.code = _PULSE_CODE_UNBLOCK;
	msg.i.value = call->ctp.rcvid;
	if (RESMGR_IO_FN(b->io, lock_ocb) && b->io->lock_ocb(&call->ctp, NULL, b->ocb) != EOK)
		return _RESMGR_DEFAULT;
	ret = b->io->unblock(&call->ctp, &msg, b->ocb);
	if (RESMGR_IO_FN(b->io, unlock_ocb))
		b->io->unlock_ocb(&call->ctp, NULL, b->ocb);
	return ret;
}

/*
 * Run the handler for @type (call->m.type) on the binding's OCB, under
 * lock_ocb, in the caller's thread or a server thread; a deferred answer
 * comes back as RESMGR_CALL_WAIT for the caller to wait on. Inline: the
 * direct paths pass a type the compiler knows, so the table's switch
 * and the checks for other types fold away.
 */
static __always_inline long __resmgr_io_handle(struct resmgr_call *call, int type)
{
	struct resmgr_binding *b = call->binding;
	resmgr_context_t *ctp = &call->ctp;
	const resmgr_io_funcs_t *io = b->io;
	void *msg = call->m.msg;
	long res;
	int ret;

	if (RESMGR_IO_FN(io, lock_ocb)) {
		ret = io->lock_ocb(ctp, NULL, b->ocb);
		if (ret != EOK)
			return resmgr_call_finish(call, ret);
	}
	ret = __resmgr_io_invoke(io, type, ctp, msg, b->ocb);
	if (ret == _RESMGR_DEFAULT)
		ret = resmgr_default_func(call, msg);
	/* Deliver while the OCB is locked: reply parts may point into it. */
	res = __resmgr_call_finish(call, ret);
	if (RESMGR_IO_FN(io, unlock_ocb))
		io->unlock_ocb(ctp, NULL, b->ocb);
	return res;
}

/* What a server thread, a wait and any other type run. */
static long resmgr_io_handle(struct resmgr_call *call)
{
	return __resmgr_io_handle(call, call->m.type);
}

/* resmgr_io_run(), inlined where a fast path calls it; @type is call->m.type. */
static __always_inline long __resmgr_io_run(struct resmgr_call *call, int type)
{
	long res;

	resmgr_might_sleep();
	/* Direct delivery runs the handler here, inline (resmgr_call_send()). */
	if (!resmgr_dispatch_by_message(call->link->dpp))
		res = __resmgr_io_handle(call, type);
	else
		res = resmgr_call_send(call, resmgr_io_handle, true);
	/* A deferred answer: wait for it without the OCB lock. */
	if (res == RESMGR_CALL_WAIT)
		res = resmgr_call_wait(call, resmgr_io_handle, resmgr_io_unblock);
	/* After the change: what resmgrfs cached is stale (change.c). */
	if (call->link->attr.flags & RESMGR_FLAG_CACHEABLE) {
		unsigned int changes = resmgr_io_changes(type);

		if (changes) {
			WRITE_ONCE(call->binding->dirty, true);
			resmgr_changed(changes);
		}
	}
	/* A /dev node shows the manager's mode and owner. */
	if ((type == _IO_CHMOD || type == _IO_CHOWN) && res >= 0)
		resmgr_frontend_changed(call->link);
	return res;
}

/**
 * resmgr_io_run() - deliver an I/O message and wait for its answer
 * @call: a call set up by resmgr_io_begin()
 *
 * Return: the handler's status, or a negative errno.
 * Context: process context, in the calling thread.
 */
long resmgr_io_run(struct resmgr_call *call)
{
	resmgr_might_sleep();
	return __resmgr_io_run(call, call->m.type);
}

/*
 * resmgr_io_begin(), inlined where a fast path calls it; with @kbuf, the
 * reply goes there (RESMGR_SINK_KERNEL, @kbuf_len bytes, and
 * @reply_in_msg as struct resmgr_message says). Set before the call is
 * entered, the sink's fields are stored once, not cleared and then set.
 */
static __always_inline int __resmgr_io_begin_kbuf(struct resmgr_call *call,
						  struct resmgr_binding *b, int type,
						  void *msg, size_t hdr_len, void *kbuf,
						  size_t kbuf_len, bool reply_in_msg)
{
	int err;

	resmgr_might_sleep();
	/* resmgr_unbind() may clear bound under another call. */
	if (b->closed || !READ_ONCE(b->bound))
		return -EBADF;
	__resmgr_call_init(call, b->link, type, msg, hdr_len);
	call->binding = b;
	call->ctp.info.coid = b->notify_id;
	if (kbuf) {
		call->m.sink = RESMGR_SINK_KERNEL;
		call->m.kbuf = kbuf;
		call->m.kbuf_len = kbuf_len;
		call->m.reply_in_msg = reply_in_msg;
		call->ctp.info.dstmsglen = kbuf_len;
	}
	err = __resmgr_call_enter(call, false);
	return err == -ENOENT ? -EBADF : err;
}

static __always_inline int __resmgr_io_begin(struct resmgr_call *call, struct resmgr_binding *b,
					     int type, void *msg, size_t hdr_len)
{
	return __resmgr_io_begin_kbuf(call, b, type, msg, hdr_len, NULL, 0, false);
}

/**
 * resmgr_io_begin() - set up and enter an I/O call on an open file
 * @call: the call
 * @b: the file's binding
 * @type: the message type
 * @msg: the message
 * @hdr_len: its length
 *
 * Return: 0, and resmgr_call_exit() must follow; -EBADF when the file
 * can take no I/O (closed, nothing bound, or its manager detached);
 * -ENOMEM.
 * Context: process context.
 */
int resmgr_io_begin(struct resmgr_call *call, struct resmgr_binding *b,
		    int type, void *msg, size_t hdr_len)
{
	resmgr_might_sleep();
	return __resmgr_io_begin(call, b, type, msg, hdr_len);
}

static size_t resmgr_io_count(struct iov_iter *iter)
{
	return min_t(size_t, iov_iter_count(iter), INT_MAX & PAGE_MASK);
}

/* resmgr_io_kcall(), inlined where a fast path calls it. */
static __always_inline long __resmgr_io_kcall(struct resmgr_binding *b, int type, void *msg,
					      size_t hdr_len, void *reply, size_t reply_len,
					      size_t *copied)
{
	struct resmgr_call call __uninitialized;
	long res;

	res = __resmgr_io_begin_kbuf(&call, b, type, msg, hdr_len, reply, reply_len, false);
	if (res)
		return res;
	res = __resmgr_io_run(&call, type);
	__resmgr_call_exit(&call);
	if (copied)
		*copied = call.m.copied;
	return res;
}

/**
 * resmgr_io_kcall() - run one I/O message whose reply lands in kernel memory
 * @b: the file's binding
 * @type: the message type
 * @msg: the message
 * @hdr_len: its length
 * @reply: where the reply's bytes go, or NULL for none
 * @reply_len: room there
 * @copied: out: bytes of the reply copied, or NULL
 *
 * Return: the handler's status, or a negative errno (as resmgr_io_begin()
 * and resmgr_io_run()).
 * Context: process context, in the calling thread.
 */
long resmgr_io_kcall(struct resmgr_binding *b, int type, void *msg, size_t hdr_len,
		     void *reply, size_t reply_len, size_t *copied)
{
	resmgr_might_sleep();
	return __resmgr_io_kcall(b, type, msg, hdr_len, reply, reply_len, copied);
}

/* The message of a read; a positional one carries its offset. */
struct resmgr_read_msg {
	io_read_t		m;
	struct _xtype_offset	off;
};

static size_t resmgr_read_msg_init(struct resmgr_read_msg *msg, size_t count, loff_t pos,
				   bool has_pos, bool nonblock)
{
	msg->m.i.type = _IO_READ;
	msg->m.i.nbytes = count;
	msg->m.i.xtype = has_pos ? _IO_XTYPE_OFFSET : _IO_XTYPE_NONE;
	if (nonblock)
		msg->m.i.xtype |= _IO_XFLAG_NONBLOCK;
	msg->off.offset = pos;
	return sizeof(msg->m.i) + (has_pos ? sizeof(msg->off) : 0);
}

/*
 * A read into a plain buffer that a bounce buffer holds: the reply goes
 * into the bounce buffer on this stack and out with one inline copy,
 * without resmgr_ubuf_get()'s iterators.
 */
static __always_inline ssize_t resmgr_read_small(struct resmgr_binding *b, char __user *ubuf,
						 size_t count, loff_t pos, bool has_pos,
						 bool nonblock)
{
	struct resmgr_read_msg msg = {};
	char bounce[RESMGR_UBUF_BOUNCE] __uninitialized;
	size_t hdr_len, copied = 0;
	long res;

	BUILD_BUG_ON(sizeof(bounce) > RESMGR_SMALL_COPY_MAX);
	if (count > sizeof(bounce))
		return -EINVAL;
	if (!resmgr_small_probe(ubuf, count))
		return -EFAULT;
	hdr_len = resmgr_read_msg_init(&msg, count, pos, has_pos, nonblock);
	res = __resmgr_io_kcall(b, _IO_READ, &msg, hdr_len, bounce, count, &copied);
	if (res <= 0)
		return res;
	res = min_t(size_t, res, count);
	/*
	 * The reply's bytes are written or zero below copied, holes that
	 * resmgr_msgwrite() left included (resmgr_call_write()); bytes a
	 * handler claims past them read as zeros.
	 */
	if (res > copied)
		memset(bounce + copied, 0, res - copied);
	if (!resmgr_small_to_user(ubuf, bounce, res))
		return -EFAULT;
	return res;
}

/**
 * resmgr_read() - read(), pread(), readv() as _IO_READ
 * @b: the file's binding
 * @to: the caller's buffer
 * @pos: the offset for pread()
 * @has_pos: send _IO_XTYPE_OFFSET with @pos
 * @nonblock: O_NONBLOCK or IOCB_NOWAIT: send _IO_XFLAG_NONBLOCK
 *
 * Return: the handler's status (the byte count), capped at the buffer's
 * size, after copying min(reply, buffer) bytes; or a negative errno:
 * -EBADF when the file can take no I/O, -EFAULT for a bad buffer.
 * Context: process context, in the calling thread.
 */
ssize_t resmgr_read(struct resmgr_binding *b, struct iov_iter *to, loff_t pos,
		    bool has_pos, bool nonblock)
{
	resmgr_might_sleep();
	struct resmgr_read_msg msg = {};
	size_t count = resmgr_io_count(to);
	struct resmgr_call call __uninitialized;
	struct resmgr_ubuf u __uninitialized;
	size_t hdr_len;
	long res;
	int err;

	if (iter_is_ubuf(to) && count <= RESMGR_UBUF_BOUNCE) {
		res = resmgr_read_buf(b, to->ubuf + to->iov_offset, count, pos, has_pos,
				      nonblock);
		if (res > 0)
			iov_iter_advance(to, res);
		return res;
	}
	/*
	 * Probe the buffer (one read per page) so that an unmapped or kernel
	 * address fails before the handler runs. Probing for write access
	 * costs a page-table walk per call (measured: 1.2 us of 3.3 us for a
	 * 1-byte read under TCG), so a read-only mapping is only caught when
	 * a small reply is copied out (a large buffer's pages are taken for
	 * writing, below).
	 */
	if (fault_in_iov_iter_readable(to, count))
		return -EFAULT;
	/* Handlers never touch user memory (ubuf.c). */
	err = resmgr_ubuf_get(&u, to, count, true, NULL, 0);
	if (err)
		return err;
	hdr_len = resmgr_read_msg_init(&msg, count, pos, has_pos, nonblock);
	err = resmgr_io_begin(&call, b, _IO_READ, &msg, hdr_len);
	if (err) {
		resmgr_ubuf_put(&u, to, 0, true);
		return err;
	}
	if (u.bounced) {
		/* Straight into the bounce buffer: no iterator, no usercopy check. */
		call.m.sink = RESMGR_SINK_KERNEL;
		call.m.kbuf = u.kv.iov_base;
		call.m.kbuf_len = count;
	} else {
		call.m.sink = RESMGR_SINK_USER;
		call.m.out = &u.iter;
	}
	call.ctp.info.dstmsglen = count;
	res = resmgr_io_run(&call);
	resmgr_call_exit(&call);
	if (res > (long)count)
		res = count;
	err = resmgr_ubuf_put(&u, to, res > 0 ? res : 0, true);
	return err ? err : res;
}

RESMGR_EXPORT_FOR_TESTS(resmgr_read);

/**
 * resmgr_read_buf() - read() and pread() into one plain buffer
 * @b: the file's binding
 * @buf: the caller's buffer (access_ok() checked by the VFS)
 * @count: its size
 * @pos: the offset for pread()
 * @has_pos: send _IO_XTYPE_OFFSET with @pos
 * @nonblock: send _IO_XFLAG_NONBLOCK
 *
 * As resmgr_read(); a buffer the bounce buffer holds goes straight to
 * the small path, without an iterator.
 *
 * Return: as resmgr_read().
 * Context: process context, in the calling thread.
 */
noinline ssize_t resmgr_read_buf(struct resmgr_binding *b, char __user *buf, size_t count,
				 loff_t pos, bool has_pos, bool nonblock)
{
	struct iov_iter to;

	resmgr_might_sleep();
	if (count <= RESMGR_UBUF_BOUNCE)
		return resmgr_read_small(b, buf, count, pos, has_pos, nonblock);
	iov_iter_ubuf(&to, ITER_DEST, buf, count);
	return resmgr_read(b, &to, pos, has_pos, nonblock);
}

/* A write's header and the data that small writes bring along. */
struct resmgr_write_msg {
	io_write_t		m;
	struct _xtype_offset	off;
	u8			data[RESMGR_UBUF_BOUNCE];
};

/* A write's header; a positional one carries its offset after it. */
static __always_inline void resmgr_write_hdr_init(io_write_t *msg, size_t count, loff_t pos,
						  bool has_pos, bool nonblock)
{
	/* Of a size the compiler knows: a few stores, no call. */
	memset(&msg->i, 0, sizeof(msg->i));
	msg->i.type = _IO_WRITE;
	msg->i.nbytes = count;
	msg->i.xtype = has_pos ? _IO_XTYPE_OFFSET : _IO_XTYPE_NONE;
	if (nonblock)
		msg->i.xtype |= _IO_XFLAG_NONBLOCK;
	if (has_pos)
		((struct _xtype_offset *)(&msg->i + 1))->offset = pos;
}

/*
 * resmgr_write() of a plain buffer that the message holds whole (the
 * least receive buffer is far larger than a bounce buffer): one inline
 * copy into the message (small_copy.h), without resmgr_ubuf_get()'s
 * iterators. A bad buffer fails before the handler runs.
 */
static __always_inline ssize_t resmgr_write_small(struct resmgr_binding *b,
						  const char __user *ubuf, size_t count,
						  loff_t pos, bool has_pos, bool nonblock)
{
	struct resmgr_write_msg small __uninitialized;
	size_t hdr_len = sizeof(small.m.i) + (has_pos ? sizeof(small.off) : 0);
	struct resmgr_call call __uninitialized;
	long res;
	int err;

	BUILD_BUG_ON(sizeof(small.off) + RESMGR_UBUF_BOUNCE > sizeof(small) - sizeof(small.m.i));
	BUILD_BUG_ON(sizeof(small) > RESMGR_MSG_MAX_MIN);
	BUILD_BUG_ON(RESMGR_UBUF_BOUNCE > RESMGR_SMALL_COPY_MAX);
	if (count > RESMGR_UBUF_BOUNCE)
		return -EINVAL;
	resmgr_write_hdr_init(&small.m, count, pos, has_pos, nonblock);
	if (!resmgr_small_from_user((u8 *)&small + hdr_len, ubuf, count))
		return -EFAULT;
	err = __resmgr_io_begin(&call, b, _IO_WRITE, &small, hdr_len);
	if (err)
		return err;
	/* The message holds all the data: resmgr_msgread() reads it there. */
	call.m.hdr_len = hdr_len + count;
	call.ctp.info.msglen = hdr_len + count;
	call.ctp.info.srcmsglen = hdr_len + count;
	call.ctp.size = hdr_len + count;
	res = __resmgr_io_run(&call, _IO_WRITE);
	__resmgr_call_exit(&call);
	return res > (long)count ? count : res;
}

/**
 * resmgr_write() - write(), pwrite(), writev() as _IO_WRITE
 * @b: the file's binding
 * @from: the caller's data; handlers read it with resmgr_msgread(), and
 *	its first bytes right after the header, as on QNX
 * @pos: the offset for pwrite()
 * @has_pos: send _IO_XTYPE_OFFSET with @pos
 * @nonblock: send _IO_XFLAG_NONBLOCK
 *
 * The message a handler gets holds the header and as much of the data
 * as fits in the receive buffer (ctp->msg_max_size, at least
 * RESMGR_MSG_MAX_MIN); ctp->info.msglen says how much came,
 * srcmsglen how much was sent. A write that fits whole is copied once,
 * into the message; a larger one has its pages taken (ubuf.c) and its
 * first bytes copied into the message.
 *
 * Return: the handler's status (bytes written), capped at the data's
 * size, or a negative errno.
 * Context: process context, in the calling thread.
 */
ssize_t resmgr_write(struct resmgr_binding *b, struct iov_iter *from,
		     loff_t pos, bool has_pos, bool nonblock)
{
	/* The header is cleared below; the message holds only the data after it. */
	struct resmgr_write_msg small __uninitialized;
	size_t count = resmgr_io_count(from);
	size_t hdr_len, inmsg, room;
	struct resmgr_call call __uninitialized;
	struct resmgr_ubuf u __uninitialized;
	io_write_t *msg;
	long res;
	int err;

	resmgr_might_sleep();
	if (iter_is_ubuf(from) && count <= RESMGR_UBUF_BOUNCE) {
		res = resmgr_write_buf(b, from->ubuf + from->iov_offset, count, pos, has_pos,
				       nonblock);
		if (res > 0)
			iov_iter_advance(from, res);
		return res;
	}
	hdr_len = sizeof(small.m.i) + (has_pos ? sizeof(small.off) : 0);
	room = b->link->attr.msg_max_size - hdr_len;	/* at least the minimum */
	inmsg = min(count, room);
	msg = (void *)&small;
	if (hdr_len + inmsg > sizeof(small)) {
		msg = kmalloc(hdr_len + inmsg, GFP_KERNEL);
		if (!msg)
			return -ENOMEM;
	}
	resmgr_write_hdr_init(msg, count, pos, has_pos, nonblock);

	/* Handlers never touch user memory (ubuf.c): this faults it in. */
	err = resmgr_ubuf_get(&u, from, count, false, (u8 *)msg + hdr_len,
			      inmsg == count ? inmsg : 0);
	if (err)
		goto out_free;
	if (inmsg && !(u.bounced && u.kv.iov_base == (u8 *)msg + hdr_len)) {
		struct iov_iter head = u.iter;

		if (copy_from_iter((u8 *)msg + hdr_len, inmsg, &head) != inmsg) {
			err = -EFAULT;
			goto out_put;
		}
	}
	err = resmgr_io_begin(&call, b, _IO_WRITE, msg, hdr_len);
	if (err)
		goto out_put;
	if (u.bounced && u.kv.iov_base == (u8 *)msg + hdr_len) {
		/* The message holds all the data: resmgr_msgread() reads it there. */
		call.m.hdr_len = hdr_len + inmsg;
	} else {
		call.m.data = &u.iter;
		call.m.data_len = count;
	}
	call.ctp.info.msglen = hdr_len + inmsg;
	call.ctp.info.srcmsglen = hdr_len + count;
	call.ctp.size = hdr_len + inmsg;
	res = resmgr_io_run(&call);
	resmgr_call_exit(&call);
	if (res > (long)count)
		res = count;
	resmgr_ubuf_put(&u, from, res > 0 ? res : 0, false);
	if (msg != (void *)&small)
		kfree(msg);
	return res;

out_put:
	resmgr_ubuf_put(&u, from, 0, false);
out_free:
	if (msg != (void *)&small)
		kfree(msg);
	return err;
}

RESMGR_EXPORT_FOR_TESTS(resmgr_write);

/**
 * resmgr_write_buf() - write() and pwrite() from one plain buffer
 * @b: the file's binding
 * @buf: the caller's data (access_ok() checked by the VFS)
 * @count: its size
 * @pos: the offset for pwrite()
 * @has_pos: send _IO_XTYPE_OFFSET with @pos
 * @nonblock: send _IO_XFLAG_NONBLOCK
 *
 * As resmgr_write(); data the message holds whole goes straight to the
 * small path, without an iterator.
 *
 * Return: as resmgr_write().
 * Context: process context, in the calling thread.
 */
noinline ssize_t resmgr_write_buf(struct resmgr_binding *b, const char __user *buf,
				  size_t count, loff_t pos, bool has_pos, bool nonblock)
{
	struct iov_iter from;

	resmgr_might_sleep();
	if (count <= RESMGR_UBUF_BOUNCE)
		return resmgr_write_small(b, buf, count, pos, has_pos, nonblock);
	iov_iter_ubuf(&from, ITER_SOURCE, (void __user *)buf, count);
	return resmgr_write(b, &from, pos, has_pos, nonblock);
}

/**
 * resmgr_lseek() - lseek() as _IO_LSEEK
 * @b: the file's binding
 * @offset: as lseek()
 * @whence: as lseek()
 *
 * Return: the new offset the handler replied (or its status when it
 * replied no data), -ESPIPE when the manager has no lseek handler,
 * -EOVERFLOW for an offset that does not fit, or a negative errno.
 * Context: process context, in the calling thread.
 */
loff_t resmgr_lseek(struct resmgr_binding *b, loff_t offset, int whence)
{
	io_lseek_t msg = {};
	struct resmgr_call call __uninitialized;
	u64 reply = 0;
	long res;

	resmgr_might_sleep();
	msg.i.type = _IO_LSEEK;
	msg.i.whence = whence;
	msg.i.offset = offset;
	res = resmgr_io_begin(&call, b, _IO_LSEEK, &msg, sizeof(msg.i));
	if (res)
		return res;
	call.m.sink = RESMGR_SINK_KERNEL;
	call.m.kbuf = &reply;
	call.m.kbuf_len = sizeof(reply);
	res = resmgr_io_run(&call);
	resmgr_call_exit(&call);
	if (res == -ENOSYS)
		return -ESPIPE;
	if (res < 0)
		return res;
	if (call.m.copied < sizeof(reply))
		return res;
	return (s64)reply < 0 ? -EOVERFLOW : (loff_t)reply;
}

RESMGR_EXPORT_FOR_TESTS(resmgr_lseek);

/* devctl data that travels on the stack rather than in an allocation. */
#define RESMGR_DEVCTL_INLINE	64

/*
 * A devctl, from either ioctl route (each checked @nbytes against the
 * size @dcmd encodes), as _IO_DEVCTL: data goes to the handler only for
 * TO commands (after the header, at _DEVCTL_DATA(msg->i)) and back only
 * for FROM commands; reply bytes the handler did not write are zero.
 * Returns 0 with *@ret_val the handler's msg->o.ret_val, or a negative
 * errno: -E2BIG past RESMGR_DEVCTL_MAX, -EFAULT for a bad buffer (before
 * any handler runs), -ENOTTY for a handler's ENOSYS, -EBADF, or the
 * handler's error. Inline in resmgr_ioctl(), whose two routes are its
 * only callers.
 */
static __always_inline long __resmgr_devctl(struct resmgr_binding *b, int dcmd,
					    void __user *data, size_t nbytes, int *ret_val)
{
	u32 dir = get_device_direction((u32)dcmd);
	/* Small commands (most) need no allocation; cleared below when used. */
	struct {
		io_devctl_t	m;
		u8		data[RESMGR_DEVCTL_INLINE];
	} small_msg __uninitialized;
	struct {
		struct _io_devctl_reply	r;
		u8			data[RESMGR_DEVCTL_INLINE];
	} small_reply __uninitialized;
	struct _io_devctl_reply *reply, *reply_buf;
	struct resmgr_call call __uninitialized;
	io_devctl_t *msg;
	long res;

	/* Where the reply may stay (reply_in_msg): the message is as large. */
	BUILD_BUG_ON(sizeof(small_msg) < sizeof(small_reply));
	BUILD_BUG_ON(sizeof(*msg) < sizeof(*reply));
	if (nbytes > RESMGR_DEVCTL_MAX)
		return -E2BIG;
	if (dir == _POSIX_DEVDIR_NONE)
		nbytes = 0;
	/*
	 * A probe, as for read(): bad addresses fail before the handler. A
	 * TO command's copy in below reads the same bytes.
	 */
	if (dir == _POSIX_DEVDIR_FROM && nbytes &&
	    (nbytes <= RESMGR_DEVCTL_INLINE ? !resmgr_small_probe(data, nbytes) :
	     fault_in_readable(data, nbytes)))
		return -EFAULT;

	BUILD_BUG_ON(RESMGR_DEVCTL_INLINE > RESMGR_SMALL_COPY_MAX);
	if (nbytes <= RESMGR_DEVCTL_INLINE) {
		/*
		 * The data unless the caller's bytes fill it (the header's
		 * fields are all stored below); the reply's bytes are cleared
		 * after the handler, past what it wrote.
		 */
		if (!(dir & _POSIX_DEVDIR_TO))
			memset(small_msg.data, 0, nbytes);
		msg = &small_msg.m;
		reply_buf = &small_reply.r;
	} else {
		msg = kzalloc(sizeof(*msg) + nbytes, GFP_KERNEL);
		if (!msg)
			return -ENOMEM;
		reply_buf = kzalloc(sizeof(*reply_buf) + nbytes, GFP_KERNEL);
		if (!reply_buf) {
			res = -ENOMEM;
			goto out_free_msg;
		}
	}
	if ((dir & _POSIX_DEVDIR_TO) && nbytes &&
	    (nbytes <= RESMGR_DEVCTL_INLINE ?
	     !resmgr_small_from_user(_DEVCTL_DATA(msg->i), data, nbytes) :
	     copy_from_user(_DEVCTL_DATA(msg->i), data, nbytes))) {
		res = -EFAULT;
		goto out_free_reply;
	}
	/* Every field: the small message's header was not cleared. */
	BUILD_BUG_ON(sizeof(msg->i) != 16 || sizeof(*msg) != sizeof(msg->i));
	msg->i.type = _IO_DEVCTL;
	msg->i.combine_len = 0;
	msg->i.dcmd = dcmd;
	msg->i.nbytes = nbytes;
	msg->i.zero = 0;

	/* The usual reply, msg->o and the data after it, stays in msg. */
	res = __resmgr_io_begin_kbuf(&call, b, _IO_DEVCTL, msg, sizeof(msg->i) +
				     ((dir & _POSIX_DEVDIR_TO) ? nbytes : 0),
				     reply_buf, sizeof(*reply_buf) + nbytes, true);
	if (res)
		goto out_free_reply;
	res = __resmgr_io_run(&call, _IO_DEVCTL);
	__resmgr_call_exit(&call);
	if (res == -ENOSYS)
		res = -ENOTTY;
	if (res < 0)
		goto out_free_reply;
	reply = call.m.kbuf;
	/* Below m.copied the reply is written or zero (resmgr_call_write()). */
	if (call.m.copied < call.m.kbuf_len)
		memset((u8 *)reply + call.m.copied, 0, call.m.kbuf_len - call.m.copied);
	res = 0;
	*ret_val = reply->ret_val;
	if ((dir & _POSIX_DEVDIR_FROM) && nbytes &&
	    (nbytes <= RESMGR_DEVCTL_INLINE ?
	     !resmgr_small_to_user(data, _DEVCTL_DATA(*reply), nbytes) :
	     copy_to_user(data, _DEVCTL_DATA(*reply), nbytes)))
		res = -EFAULT;
out_free_reply:
	if (reply_buf != &small_reply.r)
		kfree(reply_buf);
out_free_msg:
	if (msg != &small_msg.m)
		kfree(msg);
	return res;
}

/**
 * resmgr_ioctl() - an ioctl() on a resmgr file, as _IO_DEVCTL
 * @b: the file's binding
 * @cmd: a Linux _IOC number (the QNX dcmd with the direction bits
 *	swapped), or RESMGR_IOC_DEVCTL with a struct resmgr_devctl_args
 * @arg: the caller's buffer, or the struct resmgr_devctl_args
 *
 * Data goes to the handler only for TO commands (after the header, at
 * _DEVCTL_DATA(msg->i)) and back only for FROM commands; reply bytes the
 * handler did not write are zero.
 *
 * Return: for an _IOC number, the handler's msg->o.ret_val when positive,
 * else 0; for RESMGR_IOC_DEVCTL, 0 with ret_val stored in the args.
 * Or a negative errno: -EINVAL when the size is not the one the dcmd
 * encodes (or the args' flags are not 0), -E2BIG past RESMGR_DEVCTL_MAX,
 * -EFAULT for a bad buffer (before any handler runs), -ENOTTY for a
 * handler's ENOSYS, -EBADF, or the handler's error.
 * Context: process context, in the calling thread.
 */
long resmgr_ioctl(struct resmgr_binding *b, unsigned int cmd, unsigned long arg)
{
	/* A Linux _IOC number: the QNX dcmd with the direction bits swapped. */
	size_t nbytes = _IOC_DIR(cmd) == _IOC_NONE ? 0 : _IOC_SIZE(cmd);
	struct resmgr_devctl_args __user *uargs = NULL;
	void __user *data = (void __user *)arg;
	int dcmd = RESMGR_IOC_TO_DCMD(cmd);
	int ret_val = 0;
	long err;

	resmgr_might_sleep();
	if (cmd == RESMGR_IOC_DEVCTL) {
		struct resmgr_devctl_args args;
		size_t size;

		uargs = (void __user *)arg;
		if (copy_from_user(&args, uargs, sizeof(args)))
			return -EFAULT;
		if (args.flags)
			return -EINVAL;
		/* A dcmd that encodes a size takes exactly that many bytes. */
		size = get_device_size((u32)args.dcmd);
		if (size && args.nbytes != size)
			return -EINVAL;
		dcmd = args.dcmd;
		data = u64_to_user_ptr(args.data);
		nbytes = args.nbytes;
	} else if (!nbytes && _IOC_SIZE(cmd)) {
		/* _IOC_NONE with a size: no data for bytes it says it has. */
		return -EINVAL;
	}
	err = __resmgr_devctl(b, dcmd, data, nbytes, &ret_val);
	if (err)
		return err;
	if (uargs)
		return put_user(ret_val, &uargs->ret_val);
	return ret_val > 0 ? ret_val : 0;
}

RESMGR_EXPORT_FOR_TESTS(resmgr_ioctl);

/*
 * The header of an I/O message a client may send itself with MsgSend(),
 * as QNX's libc sends them; 0 for a type that only the calls that keep
 * the kernel's own state may send (open, close, dup, locks, mmap,
 * notify: Linux's open(), close(), dup(), fcntl(), mmap() and poll()).
 */
static size_t resmgr_msgsend_hdr(u16 type)
{
	switch (type) {
	case _IO_READ:
		return sizeof(struct _io_read);
	case _IO_WRITE:
		return sizeof(struct _io_write);
	case _IO_STAT:
		return sizeof(struct _io_stat);
	case _IO_DEVCTL:
		return sizeof(struct _io_devctl);
	case _IO_PATHCONF:
		return sizeof(struct _io_pathconf);
	case _IO_LSEEK:
		return sizeof(struct _io_lseek);
	case _IO_CHMOD:
		return sizeof(struct _io_chmod);
	case _IO_CHOWN:
		return sizeof(struct _io_chown);
	case _IO_UTIME:
		return sizeof(struct _io_utime);
	case _IO_FDINFO:
		return sizeof(struct _io_fdinfo);
	case _IO_SPACE:
		return sizeof(struct _io_space);
	case _IO_MSG:
		return sizeof(struct _io_msg);
	case _IO_SYNC:
		return sizeof(struct _io_sync);
	}
	return 0;
}

/**
 * resmgr_msgsend() - MsgSend() on an open file: an I/O message, or a
 *	message of a type of the manager's own (outside QNX's I/O range)
 * @b: the file's binding
 * @msg: the message (kernel memory; its first u16 is its type)
 * @len: its length
 * @reply: where the reply's bytes go (kernel memory)
 * @rlen: room there
 * @copied: out: reply bytes delivered
 *
 * An I/O message (_IO_READ, _IO_WRITE, _IO_STAT, _IO_DEVCTL,
 * _IO_PATHCONF, _IO_LSEEK, _IO_CHMOD, _IO_CHOWN, _IO_UTIME, _IO_FDINFO,
 * _IO_SPACE, _IO_MSG, _IO_SYNC) goes to its handler in the I/O table,
 * with the caller's credentials, as if a Linux call had sent it; another
 * type to the attach attributes' other_func (ENOSYS without one), all
 * under lock_ocb as every I/O message. The handler sees the message
 * whole, in a buffer of at least RESMGR_MSG_MAX_MIN bytes (and a
 * devctl's header and data) as a QNX receive buffer, and answers into
 * the reply buffer.
 *
 * Return: the reply's status, or a negative errno: -EINVAL for a message
 * shorter than a type or than its type's header, or of an I/O type only
 * Linux's own calls send (open, close, dup, lock, mmap, notify); -E2BIG
 * for a devctl of more than RESMGR_DEVCTL_MAX bytes; -ENOMEM; the
 * handler's error; -EBADF.
 * Context: process context, in the calling thread.
 */
long resmgr_msgsend(struct resmgr_binding *b, void *msg, size_t len, void *reply,
		    size_t rlen, size_t *copied)
{
	size_t room = max_t(size_t, len, RESMGR_MSG_MAX_MIN);
	void *buf;
	long res;
	u16 type;

	resmgr_might_sleep();
	*copied = 0;
	if (len < sizeof(type))
		return -EINVAL;
	type = *(u16 *)msg;
	if (type >= _IO_BASE && type <= _IO_MAX) {
		size_t hdr = resmgr_msgsend_hdr(type);

		if (!hdr || len < hdr)
			return -EINVAL;
	}
	/* A devctl's handler writes its data after the header, as much as asked. */
	if (type == _IO_DEVCTL) {
		u32 nbytes = ((struct _io_devctl *)msg)->nbytes;

		if (nbytes > RESMGR_DEVCTL_MAX)
			return -E2BIG;
		room = max(room, sizeof(io_devctl_t) + nbytes);
	}
	/*
	 * As a QNX receive buffer: handlers answer in the message's own
	 * buffer (msg->o, a devctl's data), which may be longer than what
	 * was sent; the rest reads as zeros.
	 */
	buf = kvzalloc(room, GFP_KERNEL_ACCOUNT);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, msg, len);
	res = resmgr_io_kcall(b, type, buf, len, reply, rlen, copied);
	kvfree(buf);
	return res;
}

/**
 * resmgr_sync() - fsync() and fdatasync() as _IO_SYNC
 * @b: the file's binding
 * @datasync: fdatasync(): flag O_DSYNC instead of O_SYNC
 *
 * Return: 0, -EINVAL when the manager has no sync handler (as Linux
 * answers for files that cannot sync), or a negative errno.
 * Context: process context, in the calling thread.
 */
int resmgr_sync(struct resmgr_binding *b, bool datasync)
{
	io_sync_t msg = {};
	struct resmgr_call call __uninitialized;
	long res;

	resmgr_might_sleep();
	msg.i.type = _IO_SYNC;
	msg.i.flag = datasync ? O_DSYNC : O_SYNC;
	res = resmgr_io_begin(&call, b, _IO_SYNC, &msg, sizeof(msg.i));
	if (res)
		return res;
	res = resmgr_io_run(&call);
	resmgr_call_exit(&call);
	if (res == -ENOSYS)
		return -EINVAL;
	return res < 0 ? res : 0;
}

/*
 * What a poll waiting for @want asks, as _IO_NOTIFY's flags: input,
 * output and out-of-band for the events it waits for, and the same in
 * QNX's extended conditions (for managers that read them) with the error
 * and hang-up Linux always reports.
 */
static u32 resmgr_poll_flags_of(__poll_t want)
{
	u32 flags = _NOTIFY_COND_EXTEN | _NOTIFY_CONDE_ERR | _NOTIFY_CONDE_HUP |
		    _NOTIFY_CONDE_NVAL;

	if (want & (EPOLLIN | EPOLLRDNORM))
		flags |= _NOTIFY_COND_INPUT | _NOTIFY_CONDE_RDNORM;
	if (want & (EPOLLOUT | EPOLLWRNORM))
		flags |= _NOTIFY_COND_OUTPUT | _NOTIFY_CONDE_WRNORM;
	if (want & (EPOLLPRI | EPOLLRDBAND))
		flags |= _NOTIFY_COND_OBAND;
	if (want & EPOLLRDBAND)
		flags |= _NOTIFY_CONDE_RDBAND;
	if (want & EPOLLPRI)
		flags |= _NOTIFY_CONDE_PRI;
	if (want & EPOLLWRBAND)
		flags |= _NOTIFY_CONDE_WRBAND;
	return flags;
}

/*
 * It runs in every poll, so it is a table by the seven poll bits it
 * depends on: index bits 0-2 are EPOLLIN, EPOLLPRI and EPOLLOUT, bits 3-6
 * EPOLLRDNORM to EPOLLWRBAND. Filled at module init.
 */
#define RESMGR_POLL_LOW		0x07
#define RESMGR_POLL_HIGH	0x78
static u32 resmgr_poll_flags[128] __ro_after_init;

/**
 * resmgr_poll_init() - fill the table of what a poll asks
 *
 * Context: module init (resmgr_core_init()).
 */
void resmgr_poll_init(void)
{
	unsigned int i;

	resmgr_might_sleep();
	BUILD_BUG_ON((__force u32)(EPOLLIN | EPOLLPRI | EPOLLOUT) != RESMGR_POLL_LOW);
	BUILD_BUG_ON((__force u32)(EPOLLRDNORM | EPOLLRDBAND | EPOLLWRNORM | EPOLLWRBAND) !=
		     RESMGR_POLL_HIGH << 3);
	BUILD_BUG_ON(ARRAY_SIZE(resmgr_poll_flags) != (RESMGR_POLL_LOW | RESMGR_POLL_HIGH) + 1);
	for (i = 0; i < ARRAY_SIZE(resmgr_poll_flags); i++)
		resmgr_poll_flags[i] = resmgr_poll_flags_of((__force __poll_t)
			((i & RESMGR_POLL_LOW) | (i & RESMGR_POLL_HIGH) << 3));
}

static __always_inline u32 resmgr_poll_msg_flags(__poll_t want)
{
	u32 w = (__force u32)want;

	return resmgr_poll_flags[(w & RESMGR_POLL_LOW) | (w >> 3 & RESMGR_POLL_HIGH)];
}

/* The poll bits of a reply's extended conditions. */
static __poll_t resmgr_poll_from_conde(u32 flags)
{
	__poll_t mask = 0;

	if (flags & _NOTIFY_CONDE_RDNORM)
		mask |= EPOLLIN | EPOLLRDNORM;
	if (flags & _NOTIFY_CONDE_WRNORM)
		mask |= EPOLLOUT | EPOLLWRNORM;
	if (flags & _NOTIFY_CONDE_RDBAND)
		mask |= EPOLLRDBAND;
	if (flags & _NOTIFY_CONDE_PRI)
		mask |= EPOLLPRI;
	if (flags & _NOTIFY_CONDE_WRBAND)
		mask |= EPOLLWRBAND;
	if (flags & _NOTIFY_CONDE_ERR)
		mask |= EPOLLERR;
	if (flags & _NOTIFY_CONDE_HUP)
		mask |= EPOLLHUP;
	if (flags & _NOTIFY_CONDE_NVAL)
		mask |= EPOLLNVAL;
	return mask;
}

/**
 * resmgr_poll() - poll(), select() and epoll as _IO_NOTIFY (POLLARM)
 * @b: the file's binding
 * @file: the file
 * @pt: the poll table
 *
 * Asks the notify handler which of input, output and out-of-band (those
 * the caller waits for) are ready, arming it to deliver an event (which
 * wakes @file's pollers) when none is. A manager without a notify
 * handler gives Linux's default mask.
 *
 * Return: the poll mask; EPOLLERR when the file can take no I/O.
 * Context: process context.
 */
__poll_t resmgr_poll(struct resmgr_binding *b, struct file *file,
		     struct poll_table_struct *pt)
{
	__poll_t want = poll_requested_events(pt);
	struct _io_notify_reply reply_buf = {};
	struct resmgr_call call __uninitialized;
	const struct _io_notify_reply *reply;
	io_notify_t msg = {};
	__poll_t mask = 0;
	long res;

	resmgr_might_sleep();
	poll_wait(file, &b->wq, pt);
	msg.i.type = _IO_NOTIFY;
	msg.i.action = _NOTIFY_ACTION_POLLARM;
	/* Ask (and arm) only for what the caller waits for. */
	msg.i.flags = resmgr_poll_msg_flags(want);
	msg.i.event.sigev_notify = SIGEV_NONE;
	/* Made at the first poll: later ones need no call for it. */
	msg.i.event.sigev_value.sival_int = READ_ONCE(b->notify_id) ?: resmgr_notify_id(b);
	if (!msg.i.event.sigev_value.sival_int)
		return EPOLLERR;
	/* iofunc_notify()'s reply, msg.o, stays in msg (as large: a union). */
	BUILD_BUG_ON(sizeof(msg) < sizeof(reply_buf));
	if (__resmgr_io_begin_kbuf(&call, b, _IO_NOTIFY, &msg, sizeof(msg.i), &reply_buf,
				   sizeof(reply_buf), true))
		return EPOLLERR;
	res = __resmgr_io_run(&call, _IO_NOTIFY);
	__resmgr_call_exit(&call);
	if (res == -ENOSYS)
		return DEFAULT_POLLMASK;
	if (res < 0)
		return EPOLLERR;
	reply = call.m.kbuf;
	/* Only the bytes the handler replied count: none is a reply of 0. */
	if (call.m.copied < offsetofend(struct _io_notify_reply, flags))
		return 0;
	if (reply->flags & _NOTIFY_COND_INPUT)
		mask |= EPOLLIN | EPOLLRDNORM;
	if (reply->flags & _NOTIFY_COND_OUTPUT)
		mask |= EPOLLOUT | EPOLLWRNORM;
	if (reply->flags & _NOTIFY_COND_OBAND)
		mask |= EPOLLPRI | EPOLLRDBAND;
	if (reply->flags & _NOTIFY_COND_EXTEN)
		mask |= resmgr_poll_from_conde(reply->flags);
	return mask;
}

RESMGR_EXPORT_FOR_TESTS(resmgr_poll);

/**
 * resmgr_lock() - fcntl F_GETLK, F_SETLK, F_SETLKW as _IO_LOCK
 * @b: the file's binding
 * @cmd: F_GETLK, F_SETLK or F_SETLKW (OFD locks arrive converted)
 * @fl: the lock; for F_GETLK, filled with the conflicting lock
 *
 * The handler sees a struct flock64 (whence SEEK_SET) and the lock owner
 * in ctp->info.lock_owner. F_SETLKW may wait for a deferred reply.
 *
 * Return: 0 or a negative errno (-EAGAIN for a conflict under F_SETLK,
 * -ENOLCK when the manager has no lock handler).
 * Context: process context, in the calling thread.
 */
int resmgr_lock(struct resmgr_binding *b, int cmd, struct file_lock *fl)
{
	resmgr_might_sleep();
	struct {
		io_lock_t	m;
		struct flock64	fl;
	} __packed msg = {};
	struct flock64 reply = {};
	struct resmgr_call call __uninitialized;
	long res;

	msg.m.i.type = _IO_LOCK;
	msg.m.i.subtype = cmd;
	msg.m.i.nbytes = sizeof(msg.fl);
	msg.fl.l_type = RESMGR_FL_TYPE(fl);
	msg.fl.l_whence = SEEK_SET;
	msg.fl.l_start = fl->fl_start;
	msg.fl.l_len = fl->fl_end == OFFSET_MAX ? 0 : fl->fl_end - fl->fl_start + 1;
	msg.fl.l_pid = RESMGR_FL_PID(fl);
	res = resmgr_io_begin(&call, b, _IO_LOCK, &msg, sizeof(msg));
	if (res)
		return res;
	call.ctp.info.lock_owner = RESMGR_FL_OWNER(fl);
	call.m.sink = RESMGR_SINK_KERNEL;
	call.m.kbuf = &reply;
	call.m.kbuf_len = sizeof(reply);
	res = resmgr_io_run(&call);
	resmgr_call_exit(&call);
	if (res == -ENOSYS)
		return -ENOLCK;
	if (res < 0)
		return res;
	if (cmd == F_GETLK && call.m.copied == sizeof(reply)) {
		RESMGR_FL_TYPE(fl) = reply.l_type;
		if (reply.l_type != F_UNLCK) {
			fl->fl_start = reply.l_start;
			fl->fl_end = reply.l_len ? reply.l_start + reply.l_len - 1 : OFFSET_MAX;
			RESMGR_FL_PID(fl) = reply.l_pid;
		}
	}
	return 0;
}

/* close_dup: the reply is close()'s result; an empty slot is EOK. */
static long resmgr_close_dup_handle(struct resmgr_call *call)
{
	struct resmgr_binding *b = call->binding;
	int ret;

	ret = RESMGR_IO_FN(b->io, close_dup) ?
	      b->io->close_dup(&call->ctp, call->ctp.msg, b->ocb) : EOK;
	return __resmgr_call_finish(call, ret);
}

static long resmgr_run_close_dup(struct resmgr_call *call)
{
	long res;

	/* resmgr-made closes (rcvid -1) run here; a client's goes by delivery. */
	if (call->ctp.rcvid <= 0)
		return resmgr_close_dup_handle(call);
	res = __resmgr_call_send(call, resmgr_close_dup_handle, false);
	if (res == RESMGR_CALL_WAIT)
		res = resmgr_call_wait(call, resmgr_close_dup_handle, resmgr_io_unblock);
	return res;
}

/* close_ocb: no reply is possible; an empty slot is skipped. */
static long resmgr_close_ocb_handle(struct resmgr_call *call)
{
	struct resmgr_binding *b = call->binding;
	int rcvid = call->ctp.rcvid;

	call->ctp.rcvid = 0;
	if (RESMGR_IO_FN(b->io, close_ocb))
		b->io->close_ocb(&call->ctp, NULL, b->ocb);
	call->ctp.rcvid = rcvid;
	return 0;
}

static void resmgr_run_close_ocb(struct resmgr_call *call)
{
	if (call->ctp.rcvid > 0)
		__resmgr_call_send(call, resmgr_close_ocb_handle, false);
	else
		resmgr_close_ocb_handle(call);
	/* A close may settle what the file's messages changed (its times). */
	if (READ_ONCE(call->binding->dirty) &&
	    (call->link->attr.flags & RESMGR_FLAG_CACHEABLE))
		resmgr_changed(RESMGR_CHANGE_TIMES);
}

/*
 * A close the exiting process that serves the file makes itself: none
 * of its threads is left to answer. Its handlers then run here, as
 * resmgr's own closes do (a user channel's close_ocb only queues its
 * disconnect pulse). One flag test for every other close.
 */
static void resmgr_close_orphaned(struct resmgr_call *call)
{
	if (unlikely(current->flags & PF_EXITING) && resmgr_dispatch_orphaned(call->link->dpp))
		call->ctp.rcvid = -1;
}

/*
 * The last close() of a file: take the binding off its link, which a
 * detach closing every file no longer needs to see, and claim its
 * close_ocb. Return: true for the one claimer.
 */
static bool resmgr_close_last(struct resmgr_binding *b)
{
	struct resmgr_link *link = b->link;
	bool first;

	mutex_lock(&link->bind_lock);
	first = resmgr_binding_claim_close(b);
	list_del(&b->link_node);
	atomic_dec(&link->nopen);
	b->unlisted = true;
	mutex_unlock(&link->bind_lock);
	return first;
}

/* The binding goes: after a grace period if a delivery may have found it. */
static void resmgr_binding_free(struct resmgr_binding *b)
{
	if (b->notify_id) {
		resmgr_notify_id_free(b);
		kfree_rcu(b, rcu);
	} else {
		kfree(b);
	}
}

/**
 * resmgr_close_dup() - one descriptor of the file is being closed
 * @b: the file's binding
 * @owner: the closing process's lock owner (its locks go, as POSIX says)
 * @last: no other reference to the file is left: close_ocb follows
 *
 * Runs close_dup, whose answer is close()'s result; when @last, then
 * close_ocb in the same call, as QNX's _IO_CLOSE of the last descriptor
 * does, and takes the binding off its link: resmgr_release() then only
 * frees it. After a detach the manager is not called and close succeeds.
 *
 * Return: 0 or a negative errno.
 * Context: process context (the VFS's ->flush).
 */
int resmgr_close_dup(struct resmgr_binding *b, void *owner, bool last)
{
	io_close_t msg = { .i.type = _IO_CLOSE };
	struct resmgr_call call __uninitialized;
	long res;

	resmgr_might_sleep();
	if (__resmgr_io_begin(&call, b, _IO_CLOSE, &msg, sizeof(msg.i)))
		return 0;
	call.ctp.info.lock_owner = owner;
	resmgr_close_orphaned(&call);
	res = resmgr_run_close_dup(&call);
	if (last && resmgr_close_last(b)) {
		call.ctp.info.lock_owner = NULL;
		resmgr_run_close_ocb(&call);
	}
	__resmgr_call_exit(&call);
	return res < 0 ? res : 0;
}

RESMGR_EXPORT_FOR_TESTS(resmgr_close_dup);

/**
 * resmgr_binding_close() - run close_dup and close_ocb on behalf of a
 * detach or a failed open
 * @b: the binding, or a copy of its link, OCB and table; not on a list,
 *	or already marked closed under link->bind_lock
 *
 * Runs with ctp->rcvid -1 (close_dup) and 0 (close_ocb), outside any
 * resmgr lock: the handlers take their own. It enters no call of its
 * own, so the caller keeps a detach from finishing meanwhile: the detach
 * itself, or a failed open's call still in flight.
 *
 * Context: process context.
 */
void resmgr_binding_close(struct resmgr_binding *b)
{
	io_close_t msg = { .i.type = _IO_CLOSE };
	struct resmgr_call call __uninitialized;

	resmgr_might_sleep();
	if (!b->bound)
		return;
	resmgr_call_init(&call, b->link, _IO_CLOSE, &msg, sizeof(msg.i));
	call.binding = b;
	call.ctp.info.coid = b->notify_id;
	call.ctp.rcvid = -1;
	resmgr_run_close_dup(&call);
	resmgr_run_close_ocb(&call);
}

/**
 * resmgr_release() - the last reference to the file is gone
 * @b: the file's binding; freed here
 *
 * Runs close_ocb unless a detach closed the file already or the link is
 * dead, then drops the link and module references.
 *
 * Context: process context (the VFS's ->release).
 */
void resmgr_release(struct resmgr_binding *b)
{
	struct resmgr_link *link = b->link;
	io_close_t msg = { .i.type = _IO_CLOSE };
	struct resmgr_call call __uninitialized;
	bool entered, run;

	resmgr_might_sleep();
	/* The last close() ran close_ocb, or a detach claimed it. */
	if (b->unlisted)
		goto out_free;
	/* Enter before claiming the close, so a detach drains us. */
	entered = !resmgr_io_begin(&call, b, _IO_CLOSE, &msg, sizeof(msg.i));
	if (entered)
		resmgr_close_orphaned(&call);
	mutex_lock(&link->bind_lock);
	list_del(&b->link_node);
	atomic_dec(&link->nopen);
	run = resmgr_binding_claim_close(b) && entered;
	mutex_unlock(&link->bind_lock);
	if (run)
		resmgr_run_close_ocb(&call);
	if (entered)
		resmgr_call_exit(&call);

out_free:
	resmgr_binding_free(b);
	module_put(resmgr_link_owner(link));
	resmgr_link_put(link);
}

RESMGR_EXPORT_FOR_TESTS(resmgr_release);
