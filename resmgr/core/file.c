// SPDX-License-Identifier: GPL-2.0
/*
 * The file operations every resmgr file shares, whichever front end
 * opened it (a /dev node or resmgrfs): each turns into the QNX I/O
 * message on the file's binding (io.c). The front ends differ only in
 * how they find the managers at open, and resmgrfs in its page cache.
 */
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <uapi/resmgr/devctl.h>
#include "internal.h"

/*
 * f_pos of every resmgr file. The manager owns the offset, so the VFS's
 * is unused; it sits at a negative value (allowed by
 * FMODE_UNSIGNED_OFFSET) that pread() can never pass, which is how a
 * read() (no offset) is told from a pread() (an offset).
 */
#define RESMGR_POS_NONE		(-(1LL << 62))

/**
 * resmgr_file_bind() - make an open file use a binding
 * @file: the file being opened
 * @b: what the open bound; the file's release frees it
 *
 * Context: process context, in the front end's ->open.
 */
void resmgr_file_bind(struct file *file, struct resmgr_binding *b)
{
	resmgr_might_sleep();
	file->private_data = b;
	file->f_mode |= RESMGR_FMODE_UNSIGNED_OFFSET;
	file->f_pos = RESMGR_POS_NONE;
}

static bool resmgr_nonblock(struct kiocb *iocb)
{
	return (iocb->ki_filp->f_flags & O_NONBLOCK) || (iocb->ki_flags & IOCB_NOWAIT);
}

/*
 * A positional call moves iocb->ki_pos past what it moved, as the VFS
 * expects of ->read_iter and ->write_iter (splice and copy_file_range
 * go on from there); a plain read() or write() leaves RESMGR_POS_NONE.
 */
ssize_t resmgr_file_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	bool positional = iocb->ki_pos >= 0;
	ssize_t n;

	n = resmgr_read(iocb->ki_filp->private_data, to, iocb->ki_pos, positional,
			resmgr_nonblock(iocb));
	if (positional && n > 0)
		iocb->ki_pos += n;
	return n;
}

/*
 * pwrite() on an O_APPEND file appends on Linux (the offset is ignored),
 * and Linux programs count on it: such a write goes as a plain one,
 * which the manager appends (iofunc_write_verify()).
 */
ssize_t resmgr_file_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	bool positional = iocb->ki_pos >= 0 && !(iocb->ki_flags & IOCB_APPEND);
	ssize_t n;

	n = resmgr_write(iocb->ki_filp->private_data, from, iocb->ki_pos, positional,
			 resmgr_nonblock(iocb));
	if (positional && n > 0)
		iocb->ki_pos += n;
	return n;
}

/*
 * read() and pread() on a /dev node: as ->read_iter, without the kiocb
 * and iterator set-up around it (readv() and io_uring still go there).
 * vfs_read() has checked the buffer with access_ok().
 */
ssize_t resmgr_file_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	bool positional = *ppos >= 0;
	ssize_t n;

	n = resmgr_read_buf(file->private_data, buf, count, *ppos, positional,
			    file->f_flags & O_NONBLOCK);
	if (positional && n > 0)
		*ppos += n;
	return n;
}

/* write() and pwrite() on a /dev node, as resmgr_file_write_iter(). */
ssize_t resmgr_file_write(struct file *file, const char __user *buf, size_t count,
			  loff_t *ppos)
{
	bool positional = *ppos >= 0 && !(file->f_flags & O_APPEND);
	ssize_t n;

	n = resmgr_write_buf(file->private_data, buf, count, *ppos, positional,
			     file->f_flags & O_NONBLOCK);
	if (positional && n > 0)
		*ppos += n;
	return n;
}

loff_t resmgr_file_llseek(struct file *file, loff_t offset, int whence)
{
	return resmgr_lseek(file->private_data, offset, whence);
}

long resmgr_file_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return resmgr_ioctl(file->private_data, cmd, arg);
}

/**
 * resmgr_file_msgsend() - MsgSend() on a file, if it is resmgr's
 * @file: any file
 * @msg: the message, as resmgr_msgsend()
 * @len: its length
 * @reply: where the reply goes
 * @rlen: room there
 * @copied: out: reply bytes delivered
 *
 * Return: as resmgr_msgsend(); -EBADF when @file is no resmgr file.
 * Context: process context.
 */
long resmgr_file_msgsend(struct file *file, void *msg, size_t len, void *reply,
			 size_t rlen, size_t *copied)
{
	resmgr_might_sleep();
	*copied = 0;
	/* /dev nodes and resmgrfs files alike share this table entry. */
	if (file->f_op->unlocked_ioctl != resmgr_file_ioctl)
		return -EBADF;
	return resmgr_msgsend(file->private_data, msg, len, reply, rlen, copied);
}

__poll_t resmgr_file_poll(struct file *file, struct poll_table_struct *pt)
{
	return resmgr_poll(file->private_data, file, pt);
}

int resmgr_file_fsync(struct file *file, loff_t start, loff_t end, int datasync)
{
	return resmgr_sync(file->private_data, datasync);
}

int resmgr_file_flush(struct file *file, fl_owner_t id)
{
	/*
	 * The descriptor is gone from the table already: a count of one
	 * means the release follows, with no call on the file between.
	 */
	return resmgr_close_dup(file->private_data, id, file_count(file) == 1);
}

int resmgr_file_lock(struct file *file, int cmd, struct file_lock *fl)
{
	return resmgr_lock(file->private_data, cmd, fl);
}

int resmgr_file_release(struct inode *inode, struct file *file)
{
	resmgr_release(file->private_data);
	return 0;
}

/*
 * A /dev node's file, once its open found the managers (the front end's
 * ->open swaps this table in with replace_fops()).
 */
const struct file_operations resmgr_file_fops = {
	RESMGR_FILE_OPS_SHARED,
	.read		= resmgr_file_read,
	.write		= resmgr_file_write,
	.read_iter	= resmgr_file_read_iter,
	.write_iter	= resmgr_file_write_iter,
	.fsync		= resmgr_file_fsync,
	.release	= resmgr_file_release,
};
