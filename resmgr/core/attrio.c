// SPDX-License-Identifier: GPL-2.0
/*
 * Attribute I/O: stat, chmod, chown, utime, space (truncate, allocate)
 * and statvfs as QNX
 * I/O messages on an open file. A path call (stat(), chmod() on a name)
 * is QNX's combine message: the path is opened with
 * _IO_CONNECT_COMBINE_CLOSE, the I/O message runs on what the open bound,
 * and the file is closed again (resmgr_combine_open() and resmgr_release()).
 */
#include <linux/fcntl.h>
#include <linux/string.h>
#include <resmgr/dcmd_blk.h>
#include "internal.h"

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

	resmgr_might_sleep();
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

	resmgr_might_sleep();
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

	resmgr_might_sleep();
	msg.i.uid = uid;
	msg.i.gid = gid;
	res = resmgr_io_kcall(b, _IO_CHOWN, &msg, sizeof(msg.i), NULL, 0, NULL);
	return res < 0 ? res : 0;
}

/**
 * resmgr_utime() - utime() as _IO_UTIME64, or _IO_UTIME for older managers
 * @b: the binding
 * @now: set both times to now (cur_flag: utime(path, NULL))
 * @atime: access time, unless @now
 * @mtime: modification time, unless @now
 *
 * A manager without a utime64 handler (ENOSYS) gets _IO_UTIME: whole
 * seconds, limited to its 32 bits.
 *
 * Return: 0 or a negative errno.
 * Context: process context, in the calling thread.
 */
int resmgr_utime(struct resmgr_binding *b, bool now,
		 const struct timespec64 *atime, const struct timespec64 *mtime)
{
	io_utime_t msg = { .i64 = { .type = _IO_UTIME64,
				    .combine_len = sizeof(msg.i64) } };
	long res;

	resmgr_might_sleep();
	msg.i64.cur_flag = now;
	msg.i64.atime_s = atime->tv_sec;
	msg.i64.atime_ns = atime->tv_nsec;
	msg.i64.mtime_s = mtime->tv_sec;
	msg.i64.mtime_ns = mtime->tv_nsec;
	res = resmgr_io_kcall(b, _IO_UTIME64, &msg, sizeof(msg.i64), NULL, 0, NULL);
	if (res != -ENOSYS)
		return res < 0 ? res : 0;

	memset(&msg, 0, sizeof(msg));
	msg.i.type = _IO_UTIME;
	msg.i.combine_len = sizeof(msg.i);
	msg.i.cur_flag = now;
	msg.i.times.actime = clamp_t(s64, atime->tv_sec, 0, U32_MAX);
	msg.i.times.modtime = clamp_t(s64, mtime->tv_sec, 0, U32_MAX);
	res = resmgr_io_kcall(b, _IO_UTIME, &msg, sizeof(msg.i), NULL, 0, NULL);
	return res < 0 ? res : 0;
}

/**
 * resmgr_mmap() - ask the manager whether a file may be mapped (_IO_MMAP)
 * @b: the file's binding
 * @prot: PROT_READ, PROT_WRITE (a shared writable mapping), PROT_EXEC
 *
 * The pages then travel as reads and writes at offsets on the file.
 *
 * Return: 0; -ENODEV when the manager has no mmap handler (ENOSYS); or
 * the handler's error (-EACCES, -EROFS, -ENODEV).
 * Context: process context, in the calling thread.
 */
int resmgr_mmap(struct resmgr_binding *b, u32 prot)
{
	io_mmap_t msg = { .i.type = _IO_MMAP, .i.combine_len = sizeof(msg.i) };
	long res;

	resmgr_might_sleep();
	msg.i.prot = prot;
	msg.i.required_prot = prot;
	res = resmgr_io_kcall(b, _IO_MMAP, &msg, sizeof(msg.i), NULL, 0, NULL);
	if (res == -ENOSYS)
		return -ENODEV;
	return res < 0 ? res : 0;
}

/**
 * resmgr_statvfs() - statfs() as the devctl DCMD_FSYS_STATVFS
 * @b: a binding on any file of the file system (no access needed)
 * @st: out: what the manager replied; zero where it replied nothing
 *
 * Return: 0; -ENOSYS when the manager does not answer the command; or
 * a negative errno.
 * Context: process context, in the calling thread.
 */
int resmgr_statvfs(struct resmgr_binding *b, struct statvfs *st)
{
	resmgr_might_sleep();
	struct {
		io_devctl_t	m;
		struct statvfs	st;
	} msg = {};
	struct {
		struct _io_devctl_reply	r;
		struct statvfs		st;
	} reply = {};
	size_t copied = 0;
	long res;

	msg.m.i.type = _IO_DEVCTL;
	msg.m.i.combine_len = sizeof(msg.m.i);
	msg.m.i.dcmd = DCMD_FSYS_STATVFS;
	msg.m.i.nbytes = sizeof(msg.st);
	res = resmgr_io_kcall(b, _IO_DEVCTL, &msg, sizeof(msg.m.i), &reply,
			      sizeof(reply), &copied);
	if (res == -ENOTTY || res == -EINVAL)
		return -ENOSYS;
	if (res < 0)
		return res;
	if (copied <= sizeof(reply.r))
		return -ENOSYS;
	*st = reply.st;
	st->f_basetype[sizeof(st->f_basetype) - 1] = '\0';
	return 0;
}

/**
 * resmgr_io_space() - an _IO_SPACE request on an open file
 * @b: the binding (opened for writing)
 * @subtype: F_FREESP64 or F_ALLOCSP64
 * @start: where the range starts (SEEK_SET)
 * @len: its length; 0 with F_FREESP64 means "to the end": truncate
 *
 * Return: 0 or a negative errno; a handler's ENOSYS is -ENOSYS.
 * Context: process context, in the calling thread.
 */
int resmgr_io_space(struct resmgr_binding *b, unsigned int subtype, u64 start, u64 len)
{
	io_space_t msg = { .i.type = _IO_SPACE, .i.combine_len = sizeof(msg.i) };
	u64 reply = 0;
	long res;

	resmgr_might_sleep();
	msg.i.subtype = subtype;
	msg.i.whence = SEEK_SET;
	msg.i.start = start;
	msg.i.len = len;
	res = resmgr_io_kcall(b, _IO_SPACE, &msg, sizeof(msg.i), &reply,
			      sizeof(reply), NULL);
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
	int err = resmgr_io_space(b, F_FREESP64, size, 0);

	resmgr_might_sleep();
	return err == -ENOSYS ? -EINVAL : err;
}

/**
 * resmgr_combine_open() - the open half of a combine message on a path
 * @path: absolute path
 * @oflag: Linux open flags; RESMGR_O_NOACCESS asks for no access at all, as
 *	stat() and chmod() on a name do
 * @out: the binding, for resmgr_release() after the I/O message
 * @uncached: if not NULL, set when a manager asked is not
 *	RESMGR_FLAG_CACHEABLE (what it answered may go stale unseen)
 *
 * Return: 0 or a negative errno, as resmgr_connect().
 * Context: process context, in the calling thread.
 */
int resmgr_combine_open(const char *path, unsigned int oflag,
			struct resmgr_binding **out, bool *uncached)
{
	struct resmgr_connect_req req = {
		.path = path,
		.subtype = _IO_CONNECT_COMBINE_CLOSE,
		.oflag = oflag,
		.file_type = _FTYPE_ANY,
		.bindings = out,
		.max = 1,
	};
	int err;

	resmgr_might_sleep();
	err = resmgr_connect(&req);
	if (uncached)
		*uncached |= req.uncached;
	return err;
}
