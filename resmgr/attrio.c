// SPDX-License-Identifier: GPL-2.0
/*
 * Attribute I/O: stat, chmod, chown, utime and space (truncate) as QNX
 * I/O messages on an open file. A path call (stat(), chmod() on a name)
 * is QNX's combine message: the path is opened with
 * _IO_CONNECT_COMBINE_CLOSE, the I/O message runs on what the open bound,
 * and the file is closed again (resmgr_path_open() and resmgr_release()).
 */
#include <linux/fcntl.h>
#include <linux/string.h>
#include "internal.h"

/* Run one I/O message whose reply lands in kernel memory. */
static long resmgr_io_kcall(struct resmgr_binding *b, int type, void *msg,
			    size_t hdr_len, void *reply, size_t reply_len,
			    size_t *copied)
{
	struct resmgr_call call;
	long res;

	if (!resmgr_io_begin(&call, b, type, msg, hdr_len))
		return -EBADF;
	if (reply) {
		call.sink = RESMGR_SINK_KERNEL;
		call.kbuf = reply;
		call.kbuf_len = reply_len;
		call.ctp.info.dstmsglen = reply_len;
	}
	res = resmgr_io_run(&call);
	resmgr_call_exit(&call);
	if (copied)
		*copied = call.copied;
	return res;
}

/**
 * resmgr_stat() - fstat() as _IO_STAT
 * @b: the file's binding
 * @st: out: what the manager replied; zero where it replied nothing
 *
 * Return: 0; -EIO when the handler succeeded without replying a stat;
 * or a negative errno.
 * Context: process context, in the calling thread.
 */
int resmgr_stat(struct resmgr_binding *b, struct stat *st)
{
	io_stat_t msg = { .i.type = _IO_STAT, .i.combine_len = sizeof(msg.i) };
	size_t copied = 0;
	long res;

	memset(st, 0, sizeof(*st));
	res = resmgr_io_kcall(b, _IO_STAT, &msg, sizeof(msg.i), st, sizeof(*st),
			      &copied);
	if (res < 0)
		return res;
	return copied ? 0 : -EIO;
}

/**
 * resmgr_chmod() - chmod() as _IO_CHMOD
 * @b: the binding
 * @mode: the new permission bits
 *
 * Return: 0 or a negative errno.
 * Context: process context, in the calling thread.
 */
int resmgr_chmod(struct resmgr_binding *b, umode_t mode)
{
	io_chmod_t msg = { .i.type = _IO_CHMOD, .i.combine_len = sizeof(msg.i) };
	long res;

	msg.i.mode = mode & S_IALLUGO;
	res = resmgr_io_kcall(b, _IO_CHMOD, &msg, sizeof(msg.i), NULL, 0, NULL);
	return res < 0 ? res : 0;
}

/**
 * resmgr_chown() - chown() as _IO_CHOWN
 * @b: the binding
 * @uid: new owner, or -1 to keep it
 * @gid: new group, or -1 to keep it
 *
 * Return: 0 or a negative errno.
 * Context: process context, in the calling thread.
 */
int resmgr_chown(struct resmgr_binding *b, s32 uid, s32 gid)
{
	io_chown_t msg = { .i.type = _IO_CHOWN, .i.combine_len = sizeof(msg.i) };
	long res;

	msg.i.uid = uid;
	msg.i.gid = gid;
	res = resmgr_io_kcall(b, _IO_CHOWN, &msg, sizeof(msg.i), NULL, 0, NULL);
	return res < 0 ? res : 0;
}

/**
 * resmgr_utime() - utime() as _IO_UTIME
 * @b: the binding
 * @now: set both times to now (cur_flag: utime(path, NULL))
 * @atime: access time, seconds, unless @now
 * @mtime: modification time, seconds, unless @now
 *
 * Return: 0 or a negative errno.
 * Context: process context, in the calling thread.
 */
int resmgr_utime(struct resmgr_binding *b, bool now, s64 atime, s64 mtime)
{
	io_utime_t msg = { .i.type = _IO_UTIME, .i.combine_len = sizeof(msg.i) };
	long res;

	msg.i.cur_flag = now;
	msg.i.actime = atime;
	msg.i.modtime = mtime;
	res = resmgr_io_kcall(b, _IO_UTIME, &msg, sizeof(msg.i), NULL, 0, NULL);
	return res < 0 ? res : 0;
}

/**
 * resmgr_truncate() - ftruncate() as _IO_SPACE, subtype F_FREESP
 * @b: the binding (opened for writing)
 * @size: the new size
 *
 * Return: 0 or a negative errno (-EINVAL for a handler's ENOSYS: the
 * file cannot be truncated).
 * Context: process context, in the calling thread.
 */
int resmgr_truncate(struct resmgr_binding *b, u64 size)
{
	io_space_t msg = { .i.type = _IO_SPACE, .i.combine_len = sizeof(msg.i) };
	u64 reply = 0;
	long res;

	msg.i.subtype = F_FREESP64;
	msg.i.whence = SEEK_SET;
	msg.i.start = size;
	msg.i.len = 0;
	res = resmgr_io_kcall(b, _IO_SPACE, &msg, sizeof(msg.i), &reply,
			      sizeof(reply), NULL);
	if (res == -ENOSYS)
		return -EINVAL;
	return res < 0 ? res : 0;
}

/**
 * resmgr_path_open() - the open half of a combine message on a path
 * @path: absolute path
 * @oflag: Linux open flags; RESMGR_O_NOACCESS asks for no access at all, as
 *	stat() and chmod() on a name do
 * @out: the binding, for resmgr_release() after the I/O message
 *
 * Return: 0 or a negative errno, as resmgr_connect().
 * Context: process context, in the calling thread.
 */
int resmgr_path_open(const char *path, unsigned int oflag,
		     struct resmgr_binding **out)
{
	struct resmgr_connect_req req = {
		.path = path,
		.subtype = _IO_CONNECT_COMBINE_CLOSE,
		.oflag = oflag,
		.file_type = _FTYPE_ANY,
		.bindings = out,
		.max = 1,
	};

	return resmgr_connect(&req);
}
