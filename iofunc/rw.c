// SPDX-License-Identifier: GPL-2.0
/*
 * Reading, writing and seeking with iofunc: the verify helpers and the
 * read, write and lseek defaults (together a /dev/null), and
 * iofunc_func_init(), which fills handler tables with the defaults.
 */
#include <linux/capability.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <resmgr/ns.h>
#include "internal.h"

/* As QNX's: *nonblock is the O_NONBLOCK bit, so "if (nonblock & O_NONBLOCK)" works. */
static void iofunc_nonblock(u32 ioflag, u32 xtype, int *nonblock)
{
	if (!nonblock)
		return;
	*nonblock = ioflag & O_NONBLOCK;
	if (xtype & _IO_XFLAG_NONBLOCK)
		*nonblock = O_NONBLOCK;
	if (xtype & _IO_XFLAG_BLOCK)
		*nonblock = 0;
}

/**
 * iofunc_read_verify() - may this OCB read?
 * @ctp: the context
 * @msg: the read message
 * @ocb: the OCB
 * @nonblock: if not NULL, set to O_NONBLOCK or 0 from the open flags,
 *	overridden by the message's _IO_XFLAG_NONBLOCK/_IO_XFLAG_BLOCK
 *
 * Return: EOK, or EBADF when not opened for reading.
 * Context: process context.
 */
int iofunc_read_verify(resmgr_context_t *ctp, io_read_t *msg,
		       iofunc_ocb_t *ocb, int *nonblock)
{
	iofunc_might_sleep();
	if (!(ocb->ioflag & _IO_FLAG_RD))
		return EBADF;
	iofunc_nonblock(ocb->ioflag, msg->i.xtype, nonblock);
	return EOK;
}
EXPORT_SYMBOL_NS_GPL(iofunc_read_verify, RESMGR_NS);

/**
 * iofunc_write_verify() - may this OCB write?
 * @ctp: the context
 * @msg: the write message
 * @ocb: the OCB
 * @nonblock: as for iofunc_read_verify()
 *
 * Clears set-id bits unless the writer has CAP_FSETID; with O_APPEND
 * moves the offset to the end.
 *
 * Return: EOK, EBADF when not opened for writing, EROFS on a read-only
 * mount.
 * Context: process context; the caller serialises the attr (as lock_ocb does).
 */
int iofunc_write_verify(resmgr_context_t *ctp, io_write_t *msg,
			iofunc_ocb_t *ocb, int *nonblock)
{
	iofunc_attr_t *attr = ocb->attr;

	iofunc_might_sleep();
	if (!(ocb->ioflag & _IO_FLAG_WR))
		return EBADF;
	if (attr->mount && (attr->mount->flags & _MOUNT_READONLY))
		return EROFS;
	iofunc_nonblock(ocb->ioflag, msg->i.xtype, nonblock);
	if ((attr->mode & (S_ISUID | S_ISGID)) && !iofunc_privileged(attr, CAP_FSETID)) {
		attr->mode &= ~(S_ISUID | S_ISGID);
		attr->flags |= IOFUNC_ATTR_DIRTY_MODE;
	}
	if (ocb->ioflag & O_APPEND)
		ocb->offset = attr->nbytes;
	return EOK;
}
EXPORT_SYMBOL_NS_GPL(iofunc_write_verify, RESMGR_NS);

/**
 * iofunc_read_default() - the default read handler: always end of file
 * @ctp: the context
 * @msg: the read message
 * @ocb: the OCB
 *
 * Return: EOK with 0 bytes; EBADF if not readable; ENOSYS for an xtype
 * other than _IO_XTYPE_NONE (pread() included), as QNX's default.
 * Context: process context.
 */
int iofunc_read_default(resmgr_context_t *ctp, io_read_t *msg,
			iofunc_ocb_t *ocb)
{
	int st = iofunc_read_verify(ctp, msg, ocb, NULL);

	iofunc_might_sleep();
	if (st != EOK)
		return st;
	if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;
	_IO_SET_READ_NBYTES(ctp, 0);
	return EOK;
}
EXPORT_SYMBOL_NS_GPL(iofunc_read_default, RESMGR_NS);

/**
 * iofunc_write_default() - the default write handler: takes everything
 * @ctp: the context
 * @msg: the write message
 * @ocb: the OCB
 *
 * Claims all nbytes written and marks the modification and change times.
 *
 * Return: EOK, or an iofunc_write_verify() error.
 * Context: process context.
 */
int iofunc_write_default(resmgr_context_t *ctp, io_write_t *msg,
			 iofunc_ocb_t *ocb)
{
	int st = iofunc_write_verify(ctp, msg, ocb, NULL);

	iofunc_might_sleep();
	if (st != EOK)
		return st;
	_IO_SET_WRITE_NBYTES(ctp, msg->i.nbytes);
	ocb->attr->flags |= IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME;
	return EOK;
}
EXPORT_SYMBOL_NS_GPL(iofunc_write_default, RESMGR_NS);

/**
 * iofunc_seek_pos() - an absolute position from whence and an offset
 * @ocb: the OCB (its offset for SEEK_CUR)
 * @attr: its attribute (its size for SEEK_END)
 * @whence: SEEK_SET, SEEK_CUR or SEEK_END
 * @off: the offset from there
 * @pos: the position
 *
 * Return: EOK, or EINVAL for another whence, an overflow or a negative
 * position.
 * Context: any; for SEEK_END the caller serialises the attr (lock_ocb).
 */
int iofunc_seek_pos(const iofunc_ocb_t *ocb, const iofunc_attr_t *attr, int whence,
		    s64 off, s64 *pos)
{
	s64 base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = ocb->offset;
		break;
	case SEEK_END:
		base = attr->nbytes;
		break;
	default:
		return EINVAL;
	}
	if (check_add_overflow(base, off, pos) || *pos < 0)
		return EINVAL;
	return EOK;
}

/**
 * iofunc_lseek() - move an OCB's offset
 * @ctp: the context
 * @msg: the lseek message; its reply carries the new offset
 * @ocb: the OCB, whose offset moves
 * @attr: its attribute (its size for SEEK_END)
 *
 * Return: _RESMGR_PTR() with the 64-bit offset; EINVAL for a bad whence
 * or a negative result.
 * Context: process context, in an I/O handler; lock_ocb serialises the attr
 *	(iofunc_lock_ocb_default() takes the attr lock).
 */
int iofunc_lseek(resmgr_context_t *ctp, io_lseek_t *msg, iofunc_ocb_t *ocb,
		 iofunc_attr_t *attr)
{
	s64 off;

	iofunc_might_sleep();
	if (iofunc_seek_pos(ocb, attr, msg->i.whence, (s64)msg->i.offset, &off))
		return EINVAL;
	ocb->offset = off;
	msg->o = off;
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o));
}
EXPORT_SYMBOL_NS_GPL(iofunc_lseek, RESMGR_NS);

/**
 * iofunc_lseek_default() - the default lseek handler
 * @ctp: the context
 * @msg: the lseek message
 * @ocb: the OCB
 *
 * Return: as iofunc_lseek() on the OCB's attribute.
 * Context: process context.
 */
int iofunc_lseek_default(resmgr_context_t *ctp, io_lseek_t *msg,
			 iofunc_ocb_t *ocb)
{
	iofunc_might_sleep();
	return iofunc_lseek(ctp, msg, ocb, ocb->attr);
}
EXPORT_SYMBOL_NS_GPL(iofunc_lseek_default, RESMGR_NS);

static const resmgr_connect_funcs_t iofunc_connect_defaults = {
	.nfuncs = _RESMGR_CONNECT_NFUNCS,
	.open = iofunc_open_default,
};

static const resmgr_io_funcs_t iofunc_io_defaults = {
	.nfuncs = _RESMGR_IO_NFUNCS,
	.read = iofunc_read_default,
	.write = iofunc_write_default,
	.close_ocb = iofunc_close_ocb_default,
	.stat = iofunc_stat_default,
	.devctl = iofunc_devctl_default,
	.unblock = iofunc_unblock_default,
	.pathconf = iofunc_pathconf_default,
	.lseek = iofunc_lseek_default,
	.chmod = iofunc_chmod_default,
	.chown = iofunc_chown_default,
	.utime = iofunc_utime_default,
	.openfd = iofunc_openfd_default,
	.fdinfo = iofunc_fdinfo_default,
	.lock = iofunc_lock_default,
	.mmap = iofunc_mmap_default,
	.close_dup = iofunc_close_dup_default,
	.lock_ocb = iofunc_lock_ocb_default,
	.unlock_ocb = iofunc_unlock_ocb_default,
	.sync = iofunc_sync_default,
	.utime64 = iofunc_utime_default,
};

/*
 * Copy member @m when its slot is below @n: a caller's table may be one
 * built for an older QNX, shorter than ours, so nothing past its @n
 * slots is touched. Typed members, no table of pointers.
 */
#define IOFUNC_COPY_SLOT(dst, src, type, first, m, n)			\
	do {								\
		if ((offsetof(type, m) - offsetof(type, first)) /	\
		    sizeof(void *) < (n))				\
			(dst)->m = (src)->m;				\
	} while (0)
#define IOFUNC_COPY_IO(m) \
	IOFUNC_COPY_SLOT(io, &iofunc_io_defaults, resmgr_io_funcs_t, read, m, n)
#define IOFUNC_COPY_CONNECT(m) \
	IOFUNC_COPY_SLOT(connect, &iofunc_connect_defaults, resmgr_connect_funcs_t, open, m, n)

static void iofunc_copy_io(resmgr_io_funcs_t *io, unsigned int n)
{
	IOFUNC_COPY_IO(read);
	IOFUNC_COPY_IO(write);
	IOFUNC_COPY_IO(close_ocb);
	IOFUNC_COPY_IO(stat);
	IOFUNC_COPY_IO(notify);
	IOFUNC_COPY_IO(devctl);
	IOFUNC_COPY_IO(unblock);
	IOFUNC_COPY_IO(pathconf);
	IOFUNC_COPY_IO(lseek);
	IOFUNC_COPY_IO(chmod);
	IOFUNC_COPY_IO(chown);
	IOFUNC_COPY_IO(utime);
	IOFUNC_COPY_IO(openfd);
	IOFUNC_COPY_IO(fdinfo);
	IOFUNC_COPY_IO(lock);
	IOFUNC_COPY_IO(space);
	IOFUNC_COPY_IO(shutdown);
	IOFUNC_COPY_IO(mmap);
	IOFUNC_COPY_IO(msg);
	IOFUNC_COPY_IO(reserved);
	IOFUNC_COPY_IO(dup);
	IOFUNC_COPY_IO(close_dup);
	IOFUNC_COPY_IO(lock_ocb);
	IOFUNC_COPY_IO(unlock_ocb);
	IOFUNC_COPY_IO(sync);
	IOFUNC_COPY_IO(power);
	IOFUNC_COPY_IO(acl);
	IOFUNC_COPY_IO(pause);
	IOFUNC_COPY_IO(unpause);
	IOFUNC_COPY_IO(read64);
	IOFUNC_COPY_IO(write64);
	IOFUNC_COPY_IO(notify64);
	IOFUNC_COPY_IO(utime64);
}

static void iofunc_copy_connect(resmgr_connect_funcs_t *connect, unsigned int n)
{
	IOFUNC_COPY_CONNECT(open);
	IOFUNC_COPY_CONNECT(unlink);
	IOFUNC_COPY_CONNECT(rename);
	IOFUNC_COPY_CONNECT(mknod);
	IOFUNC_COPY_CONNECT(readlink);
	IOFUNC_COPY_CONNECT(link);
	IOFUNC_COPY_CONNECT(unblock);
	IOFUNC_COPY_CONNECT(mount);
}

/**
 * iofunc_func_init() - fill handler tables with the iofunc defaults
 * @nconnect: slots in @connect (_RESMGR_CONNECT_NFUNCS)
 * @connect: the connect table, or NULL
 * @nio: slots in @io (_RESMGR_IO_NFUNCS)
 * @io: the I/O table, or NULL
 *
 * Copies min(n, this library's count) defaults and sets nfuncs to that,
 * so a table built for fewer slots gets built-in behaviour for the rest.
 * Defaults: connect open; I/O everything except notify, space,
 * shutdown, msg, reserved, dup, power and the QNX 7 slots (acl, pause,
 * unpause, the 64-bit forms), which stay NULL (ENOSYS), as QNX's
 * iofunc_func_init() leaves them.
 *
 * Context: any.
 */
void iofunc_func_init(unsigned int nconnect, resmgr_connect_funcs_t *connect,
		      unsigned int nio, resmgr_io_funcs_t *io)
{
	/* Every member counted: the tables hold pointers and nothing else. */
	BUILD_BUG_ON(offsetof(resmgr_io_funcs_t, utime64) - offsetof(resmgr_io_funcs_t, read) !=
		     (_RESMGR_IO_NFUNCS - 1) * sizeof(void *));
	BUILD_BUG_ON(offsetof(resmgr_connect_funcs_t, mount) -
		     offsetof(resmgr_connect_funcs_t, open) !=
		     (_RESMGR_CONNECT_NFUNCS - 1) * sizeof(void *));

	if (connect) {
		nconnect = min_t(unsigned int, nconnect, _RESMGR_CONNECT_NFUNCS);
		iofunc_copy_connect(connect, nconnect);
		connect->nfuncs = nconnect;
	}
	if (io) {
		nio = min_t(unsigned int, nio, _RESMGR_IO_NFUNCS);
		iofunc_copy_io(io, nio);
		io->nfuncs = nio;
	}
}
EXPORT_SYMBOL_NS_GPL(iofunc_func_init, RESMGR_NS);
