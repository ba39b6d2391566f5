// SPDX-License-Identifier: GPL-2.0
/*
 * The remaining iofunc defaults: sync, space, fdinfo, openfd, mmap,
 * devctl (the DCMD_ALL_* commands) and unblock, and the helpers that take
 * the attribute apart from the OCB (iofunc_devctl(), iofunc_mmap(),
 * iofunc_fdinfo(), iofunc_sync()), which the defaults call with the
 * OCB's own.
 */
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/mman.h>
#include <resmgr/ns.h>
#include "internal.h"

/* QNX's O_SETFLAG: the flags DCMD_ALL_SETFLAGS may change (fcntl F_SETFL). */
#define IOFUNC_O_SETFLAG	(O_NONBLOCK | O_APPEND | O_DSYNC | __O_SYNC | O_LARGEFILE)

/**
 * iofunc_sync_verify() - may this OCB sync?
 * @ctp: the context
 * @msg: the sync message (flag O_SYNC or O_DSYNC)
 * @ocb: the OCB
 *
 * Return: EOK; EINVAL unless the mount has IOFUNC_PC_SYNC_IO and the
 * flag is O_SYNC or O_DSYNC.
 * Context: process context.
 */
int iofunc_sync_verify(resmgr_context_t *ctp, io_sync_t *msg,
		       iofunc_ocb_t *ocb)
{
	iofunc_mount_t *mnt = ocb->attr->mount;

	iofunc_might_sleep();
	if (!mnt || !(mnt->conf & IOFUNC_PC_SYNC_IO))
		return EINVAL;
	if (msg->i.flag != O_SYNC && msg->i.flag != O_DSYNC)
		return EINVAL;
	return EOK;
}
EXPORT_SYMBOL_NS_GPL(iofunc_sync_verify, RESMGR_NS);

/**
 * iofunc_sync_default() - the default sync handler (fsync(), fdatasync())
 * @ctp: the context
 * @msg: the sync message
 * @ocb: the OCB
 *
 * Nothing is cached, so a verified sync is done at once.
 *
 * Return: as iofunc_sync_verify().
 * Context: process context.
 */
int iofunc_sync_default(resmgr_context_t *ctp, io_sync_t *msg,
			iofunc_ocb_t *ocb)
{
	iofunc_might_sleep();
	return iofunc_sync_verify(ctp, msg, ocb);
}
EXPORT_SYMBOL_NS_GPL(iofunc_sync_default, RESMGR_NS);

/**
 * iofunc_sync() - what integrity an operation on an OCB asks for
 * @ctp: the context
 * @ocb: the OCB, opened with or without O_SYNC/O_DSYNC
 * @ioflag: the operation: _IO_FLAG_WR (writing) or _IO_FLAG_RD (reading)
 *
 * Writes on an OCB opened O_SYNC need file integrity, O_DSYNC data
 * integrity. Linux's O_RSYNC is O_SYNC, so a read asks for nothing of its
 * own here. Nothing on a read-only mount needs syncing.
 *
 * Return: O_SYNC, O_DSYNC, or 0 when no synchronization is needed.
 * Context: any.
 */
int iofunc_sync(resmgr_context_t *ctp, iofunc_ocb_t *ocb, int ioflag)
{
	iofunc_mount_t *mnt = ocb->attr ? ocb->attr->mount : NULL;

	if (!(ioflag & _IO_FLAG_WR) || (mnt && (mnt->flags & _MOUNT_READONLY)))
		return 0;
	if (ocb->ioflag & __O_SYNC)
		return O_SYNC;
	if (ocb->ioflag & O_DSYNC)
		return O_DSYNC;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(iofunc_sync, RESMGR_NS);

/**
 * iofunc_space_verify() - check a space (truncate, allocate) request
 * @ctp: the context
 * @msg: the space message; start is made absolute (SEEK_SET) here
 * @ocb: the OCB
 * @nonblock: set to O_NONBLOCK or 0 when not NULL
 *
 * Return: EOK; EBADF when not open for writing; EROFS; EINVAL for a bad
 * whence or a negative start.
 * Context: process context; the caller serialises the attr (as lock_ocb does).
 */
int iofunc_space_verify(resmgr_context_t *ctp, io_space_t *msg,
			iofunc_ocb_t *ocb, int *nonblock)
{
	iofunc_attr_t *attr = ocb->attr;
	s64 start;

	iofunc_might_sleep();
	if (!(ocb->ioflag & _IO_FLAG_WR))
		return EBADF;
	if (attr->mount && (attr->mount->flags & _MOUNT_READONLY))
		return EROFS;
	if (iofunc_seek_pos(ocb, attr, msg->i.whence, (s64)msg->i.start, &start))
		return EINVAL;
	msg->i.start = start;
	msg->i.whence = SEEK_SET;
	if (nonblock)
		*nonblock = ocb->ioflag & O_NONBLOCK;
	return EOK;
}
EXPORT_SYMBOL_NS_GPL(iofunc_space_verify, RESMGR_NS);

/**
 * iofunc_fdinfo() - describe an open file
 * @ctp: the context
 * @ocb: the OCB
 * @attr: its attribute
 * @info: filled: mode, open flags, offset, size, share flags, the open
 *	counts, and _FDINFO_LOCKS when the file has byte-range locks
 *
 * Return: EOK.
 * Context: process context, in an I/O handler; lock_ocb serialises the attr
 *	(iofunc_lock_ocb_default() takes the attr lock).
 */
int iofunc_fdinfo(resmgr_context_t *ctp, iofunc_ocb_t *ocb, iofunc_attr_t *attr,
		  struct _fdinfo *info)
{
	iofunc_might_sleep();
	memset(info, 0, sizeof(*info));
	info->mode = attr->mode;
	info->ioflag = ocb->ioflag;
	info->offset = ocb->offset;
	info->size = attr->nbytes;
	info->sflag = ocb->sflag;
	info->count = attr->count;
	info->rcount = attr->rcount;
	info->wcount = attr->wcount;
	info->rlocks = attr->rlocks;
	info->wlocks = attr->wlocks;
	if (attr->lock_list)
		info->flags |= _FDINFO_LOCKS;
	return EOK;
}
EXPORT_SYMBOL_NS_GPL(iofunc_fdinfo, RESMGR_NS);

/**
 * iofunc_fdinfo_default() - the default fdinfo handler
 * @ctp: the context
 * @msg: the fdinfo message; msg->i.path_len is the room for the path
 * @ocb: the OCB
 *
 * Replies QNX's layout: struct _io_fdinfo_reply (two zero words, then
 * struct _fdinfo), then the path the file was opened by, written into the
 * message after the reply: at most msg->i.path_len bytes and what the
 * receive buffer holds, NUL-terminated when it fits. The reply's status
 * (_IO_SET_FDINFO_LEN()) is the whole path's length.
 *
 * Return: _RESMGR_PTR() with the reply and the path bytes.
 * Context: process context, in an I/O handler; lock_ocb serialises the attr
 *	(iofunc_lock_ocb_default() takes the attr lock).
 */
int iofunc_fdinfo_default(resmgr_context_t *ctp, io_fdinfo_t *msg,
			  iofunc_ocb_t *ocb)
{
	char *path = (char *)(&msg->o + 1);
	int room = 0, len;

	iofunc_might_sleep();
	/* The room the caller asked for and the receive buffer has, or none. */
	if (msg->i.path_len > 0 && ctp->msg_max_size > sizeof(msg->o))
		room = min_t(int, msg->i.path_len, ctp->msg_max_size - sizeof(msg->o));
	len = resmgr_pathname(ctp->id, 0, room ? path : NULL, room);
	_IO_SET_FDINFO_LEN(ctp, len > 0 ? len : 0);
	memset(&msg->o.zero, 0, sizeof(msg->o.zero));
	iofunc_fdinfo(ctp, ocb, ocb->attr, &msg->o.info);
	len = len > 0 ? min(len + 1, room) : 0;
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o) + len);
}
EXPORT_SYMBOL_NS_GPL(iofunc_fdinfo_default, RESMGR_NS);

/**
 * iofunc_openfd_default() - the default openfd handler
 * @ctp: the context
 * @msg: the openfd message
 * @ocb: the OCB to derive from
 *
 * QNX's openfd() makes a new descriptor with a subset of an open file's
 * access. No Linux call sends _IO_OPENFD, so after the checks the answer
 * is ENOSYS.
 *
 * Return: ENOSYS for an xtype other than _IO_OPENFD_NONE or after the
 * checks; EACCES when more access is asked than the OCB has.
 * Context: process context.
 */
int iofunc_openfd_default(resmgr_context_t *ctp, io_openfd_t *msg,
			  iofunc_ocb_t *ocb)
{
	iofunc_might_sleep();
	if (msg->i.xtype != _IO_OPENFD_NONE)
		return ENOSYS;
	if ((msg->i.ioflag & _IO_FLAG_MASK) & ~(ocb->ioflag & _IO_FLAG_MASK))
		return EACCES;
	return ENOSYS;
}
EXPORT_SYMBOL_NS_GPL(iofunc_openfd_default, RESMGR_NS);

/**
 * iofunc_mmap() - may an attribute be mapped?
 * @ctp: the context
 * @msg: the mmap message
 * @ocb: the OCB (its access, for PROT_WRITE)
 * @attr: the attribute
 *
 * On QNX the process manager sends _IO_MMAP and then pages the file in
 * and out with reads and writes on it; resmgrfs does the same through
 * the page cache. A regular file may be mapped; anything else has no
 * pages to give (ENODEV, as a Linux device without mmap).
 *
 * Return: EOK for a regular file; EACCES for PROT_WRITE without write
 * access, EROFS for PROT_WRITE on a read-only mount, else ENODEV.
 * Context: process context.
 */
int iofunc_mmap(resmgr_context_t *ctp, io_mmap_t *msg, iofunc_ocb_t *ocb,
		iofunc_attr_t *attr)
{
	iofunc_might_sleep();
	if (msg->i.prot & PROT_WRITE) {
		if (!(ocb->ioflag & _IO_FLAG_WR))
			return EACCES;
		if (attr->mount && (attr->mount->flags & _MOUNT_READONLY))
			return EROFS;
	}
	return S_ISREG(attr->mode) ? EOK : ENODEV;
}
EXPORT_SYMBOL_NS_GPL(iofunc_mmap, RESMGR_NS);

/**
 * iofunc_mmap_default() - the default mmap handler
 * @ctp: the context
 * @msg: the mmap message
 * @ocb: the OCB
 *
 * Return: as iofunc_mmap() on the OCB's attribute.
 * Context: process context.
 */
int iofunc_mmap_default(resmgr_context_t *ctp, io_mmap_t *msg,
			iofunc_ocb_t *ocb)
{
	iofunc_might_sleep();
	return iofunc_mmap(ctp, msg, ocb, ocb->attr);
}
EXPORT_SYMBOL_NS_GPL(iofunc_mmap_default, RESMGR_NS);

/**
 * iofunc_devctl() - the DCMD_ALL_* commands every file answers
 * @ctp: the context
 * @msg: the devctl message
 * @ocb: the OCB (its open flags)
 * @attr: its attribute (the mount's flags and sync support)
 *
 * DCMD_ALL_GETFLAGS replies the open flags as fcntl(F_GETFL) gives them;
 * DCMD_ALL_SETFLAGS changes only the O_SETFLAG bits (O_NONBLOCK,
 * O_APPEND, O_DSYNC, O_SYNC, O_LARGEFILE), refusing synchronous flags
 * without IOFUNC_PC_SYNC_IO; DCMD_ALL_GETMOUNTFLAGS replies the mount's
 * flags; DCMD_ALL_FADVISE is ESPIPE on a FIFO.
 *
 * Return: _RESMGR_PTR() with the reply, EINVAL, ESPIPE, or
 * _RESMGR_DEFAULT for any other command (the handler's own, then).
 * Context: process context, in an I/O handler; lock_ocb serialises the attr
 *	(iofunc_lock_ocb_default() takes the attr lock).
 */
int iofunc_devctl(resmgr_context_t *ctp, io_devctl_t *msg, iofunc_ocb_t *ocb,
		  iofunc_attr_t *attr)
{
	int *data = _DEVCTL_DATA(msg->i);
	int nbytes = 0, value;

	iofunc_might_sleep();
	switch (msg->i.dcmd) {
	case DCMD_ALL_GETFLAGS:
		value = (ocb->ioflag & IOFUNC_O_SETFLAG) |
			((ocb->ioflag - 1) & O_ACCMODE);
		nbytes = sizeof(int);
		break;
	case DCMD_ALL_SETFLAGS:
		value = *data;
		if ((value & (O_DSYNC | __O_SYNC)) &&
		    !(attr->mount && (attr->mount->conf & IOFUNC_PC_SYNC_IO)))
			return EINVAL;
		ocb->ioflag = (ocb->ioflag & ~IOFUNC_O_SETFLAG) |
			      (value & IOFUNC_O_SETFLAG);
		break;
	case DCMD_ALL_GETMOUNTFLAGS:
		value = attr->mount ? attr->mount->flags & IOFUNC_MOUNT_FLAGS : 0;
		nbytes = sizeof(int);
		break;
	case DCMD_ALL_FADVISE:
		if (S_ISFIFO(attr->mode))
			return ESPIPE;
		return _RESMGR_DEFAULT;
	default:
		return _RESMGR_DEFAULT;
	}
	memset(&msg->o, 0, sizeof(msg->o));
	msg->o.nbytes = nbytes;
	if (nbytes)
		*(int *)_DEVCTL_DATA(msg->o) = value;
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o) + nbytes);
}
EXPORT_SYMBOL_NS_GPL(iofunc_devctl, RESMGR_NS);

/**
 * iofunc_devctl_default() - the default devctl handler
 * @ctp: the context
 * @msg: the devctl message
 * @ocb: the OCB
 *
 * Return: as iofunc_devctl() on the OCB's attribute.
 * Context: process context, in an I/O handler; lock_ocb serialises the attr
 *	(iofunc_lock_ocb_default() takes the attr lock).
 */
int iofunc_devctl_default(resmgr_context_t *ctp, io_devctl_t *msg,
			  iofunc_ocb_t *ocb)
{
	iofunc_might_sleep();
	return iofunc_devctl(ctp, msg, ocb, ocb->attr);
}
EXPORT_SYMBOL_NS_GPL(iofunc_devctl_default, RESMGR_NS);

/**
 * iofunc_unblock_default() - a caller waiting for a reply got a signal
 * @ctp: the context; rcvid is the waiting call
 * @msg: the unblock pulse
 * @ocb: the OCB
 *
 * Forgets the call if it waits for a byte-range lock.
 *
 * Return: _RESMGR_DEFAULT: resmgr answers the waiting call with EINTR
 * (or restarts it under SA_RESTART).
 * Context: process context.
 */
int iofunc_unblock_default(resmgr_context_t *ctp, io_pulse_t *msg,
			   iofunc_ocb_t *ocb)
{
	iofunc_might_sleep();
	iofunc_lock_unblock(ctp, ocb->attr);
	return _RESMGR_DEFAULT;
}
EXPORT_SYMBOL_NS_GPL(iofunc_unblock_default, RESMGR_NS);
