// SPDX-License-Identifier: GPL-2.0
/*
 * Opening and closing with iofunc: the open checks, OCB attach and
 * detach with the open counts, and the open/close default handlers.
 */
#include <linux/fcntl.h>
#include <linux/slab.h>
#include <resmgr/ns.h>
#include "internal.h"

/**
 * iofunc_open() - POSIX checks for an open
 * @ctp: the context of the open
 * @msg: the open message
 * @attr: the resource, or NULL to create one in @dattr
 * @dattr: the directory for a create, or NULL
 * @info: the client, or NULL to look it up
 *
 * Checks O_CREAT|O_EXCL (EEXIST), synchronous I/O without
 * IOFUNC_PC_SYNC_IO (EINVAL), the wanted access (EACCES), writing a
 * directory (EISDIR) or a read-only mount (EROFS). O_TRUNC with write
 * access marks the times; the manager truncates. For a create (@attr
 * NULL) it needs O_CREAT (else ENOENT) and write access to @dattr.
 *
 * Return: EOK or an errno.
 * Context: process context; the caller serialises the attr (as lock_ocb does).
 */
int iofunc_open(resmgr_context_t *ctp, io_open_t *msg, iofunc_attr_t *attr,
		iofunc_attr_t *dattr, struct _client_info *info)
{
	u32 ioflag = msg->connect.ioflag;
	struct _client_info local;
	iofunc_mount_t *mnt;
	mode_t want = 0;
	int st;

	iofunc_might_sleep();
	if (!info) {
		iofunc_client_info(ctp, ioflag, &local);
		info = &local;
	}
	if (!attr) {
		if (!dattr || !(ioflag & O_CREAT))
			return ENOENT;
		mnt = dattr->mount;
		if (mnt && (mnt->flags & _MOUNT_READONLY))
			return EROFS;
		if (mnt && (mnt->flags & _MOUNT_NOCREAT))
			return ENOSYS;
		return iofunc_check_access(ctp, dattr, S_IWRITE | S_IEXEC, info);
	}
	mnt = attr->mount;
	if ((ioflag & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return EEXIST;
	if ((ioflag & O_DSYNC) && !(mnt && (mnt->conf & IOFUNC_PC_SYNC_IO)))
		return EINVAL;
	if (ioflag & _IO_FLAG_RD)
		want |= S_IREAD;
	if (ioflag & _IO_FLAG_WR)
		want |= S_IWRITE;
	if (want) {
		st = iofunc_check_access(ctp, attr, want, info);
		if (st != EOK)
			return st;
	}
	if (ioflag & _IO_FLAG_WR) {
		if (S_ISDIR(attr->mode))
			return EISDIR;
		if (mnt && (mnt->flags & _MOUNT_READONLY))
			return EROFS;
		if (ioflag & O_TRUNC)
			attr->flags |= IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME;
	}
	return EOK;
}
EXPORT_SYMBOL_NS_GPL(iofunc_open, RESMGR_NS);

/**
 * iofunc_ocb_calloc() - a zeroed OCB for @attr, from the mount's ocb_calloc
 * @ctp: the context of the open
 * @attr: the resource
 *
 * Return: the OCB (an iofunc_ocb_t when the mount has no ocb_calloc), or
 * NULL without memory.
 * Context: process context.
 */
iofunc_ocb_t *iofunc_ocb_calloc(resmgr_context_t *ctp, iofunc_attr_t *attr)
{
	iofunc_ocb_t *(*fn)(resmgr_context_t *ctp, iofunc_attr_t *attr);

	iofunc_might_sleep();
	fn = IOFUNC_MOUNT_FN(attr, ocb_calloc);
	return fn ? fn(ctp, attr) : kzalloc(sizeof(iofunc_ocb_t), GFP_KERNEL);
}
EXPORT_SYMBOL_NS_GPL(iofunc_ocb_calloc, RESMGR_NS);

/**
 * iofunc_ocb_free() - free an OCB through the mount's ocb_free
 * @ocb: the OCB
 *
 * Context: process context.
 */
void iofunc_ocb_free(iofunc_ocb_t *ocb)
{
	void (*fn)(iofunc_ocb_t *ocb);

	iofunc_might_sleep();
	fn = IOFUNC_MOUNT_FN(ocb->attr, ocb_free);
	if (fn)
		fn(ocb);
	else
		kfree(ocb);
}
EXPORT_SYMBOL_NS_GPL(iofunc_ocb_free, RESMGR_NS);

/**
 * iofunc_ocb_attach() - set up an OCB for an open and bind it
 * @ctp: the context of the open
 * @msg: the open message
 * @ocb: the OCB, or NULL to allocate one (the mount's ocb_calloc, else
 *	a plain iofunc_ocb_t)
 * @attr: the resource
 * @io_funcs: the I/O table for the file, or NULL for the attachment's
 *
 * Sets ioflag, sflag and a zero offset, counts the open in the attr and
 * binds the OCB with resmgr_open_bind().
 *
 * Return: EOK, ENOMEM, ENFILE when the attr's open count is full, or an
 * error from the bind.
 * Context: process context; the caller serialises the attr (as lock_ocb does).
 */
int iofunc_ocb_attach(resmgr_context_t *ctp, io_open_t *msg,
		      iofunc_ocb_t *ocb, iofunc_attr_t *attr,
		      const resmgr_io_funcs_t *io_funcs)
{
	bool allocated = false;
	int err;

	iofunc_might_sleep();
	if (attr->count == U32_MAX)
		return ENFILE;
	if (!ocb) {
		ocb = iofunc_ocb_calloc(ctp, attr);
		if (!ocb)
			return ENOMEM;
		allocated = true;
	}
	ocb->attr = attr;
	ocb->ioflag = msg->connect.ioflag;
	ocb->sflag = msg->connect.sflag;
	ocb->offset = 0;

	attr->count++;
	if (ocb->ioflag & _IO_FLAG_RD)
		attr->rcount++;
	if (ocb->ioflag & _IO_FLAG_WR)
		attr->wcount++;

	err = resmgr_open_bind(ctp, ocb, io_funcs);
	if (err) {
		attr->count--;
		if (ocb->ioflag & _IO_FLAG_RD)
			attr->rcount--;
		if (ocb->ioflag & _IO_FLAG_WR)
			attr->wcount--;
		if (allocated)
			iofunc_ocb_free(ocb);
		return -err;
	}
	return EOK;
}
EXPORT_SYMBOL_NS_GPL(iofunc_ocb_attach, RESMGR_NS);

/**
 * iofunc_ocb_detach() - take an OCB's open out of its attr's counts
 * @ctp: the context
 * @ocb: the OCB
 *
 * Return: IOFUNC_OCB_LAST_INUSE/READER/WRITER for the counts that
 * reached zero.
 * Context: process context; the caller serialises the attr (as lock_ocb does).
 */
int iofunc_ocb_detach(resmgr_context_t *ctp, iofunc_ocb_t *ocb)
{
	iofunc_attr_t *attr = ocb->attr;
	int last = 0;

	iofunc_might_sleep();
	if ((ocb->ioflag & _IO_FLAG_RD) && --attr->rcount == 0)
		last |= IOFUNC_OCB_LAST_READER;
	if ((ocb->ioflag & _IO_FLAG_WR) && --attr->wcount == 0)
		last |= IOFUNC_OCB_LAST_WRITER;
	if (--attr->count == 0)
		last |= IOFUNC_OCB_LAST_INUSE;
	iofunc_time_update(attr);
	return last;
}
EXPORT_SYMBOL_NS_GPL(iofunc_ocb_detach, RESMGR_NS);

/**
 * iofunc_open_default() - the default open handler
 * @ctp: the context of the open
 * @msg: the open message
 * @attr: the handle given to resmgr_attach(), an iofunc attr
 * @extra: unused
 *
 * Return: EOK or an errno from iofunc_open() or iofunc_ocb_attach().
 * Context: process context.
 */
int iofunc_open_default(resmgr_context_t *ctp, io_open_t *msg,
			iofunc_attr_t *attr, void *extra)
{
	int st;

	iofunc_might_sleep();
	iofunc_attr_lock(attr);
	st = iofunc_open(ctp, msg, attr, NULL, NULL);
	if (st == EOK)
		st = iofunc_ocb_attach(ctp, msg, NULL, attr, NULL);
	iofunc_attr_unlock(attr);
	return st;
}
EXPORT_SYMBOL_NS_GPL(iofunc_open_default, RESMGR_NS);

/**
 * iofunc_close_ocb() - the last close of an OCB
 * @ctp: the context
 * @ocb: the OCB; detached from @attr and freed here
 * @attr: its attribute
 *
 * Return: EOK.
 * Context: process context; takes the attr lock.
 */
int iofunc_close_ocb(resmgr_context_t *ctp, iofunc_ocb_t *ocb, iofunc_attr_t *attr)
{
	iofunc_might_sleep();
	iofunc_attr_lock(attr);
	iofunc_ocb_detach(ctp, ocb);
	iofunc_attr_unlock(attr);
	iofunc_ocb_free(ocb);
	return EOK;
}
EXPORT_SYMBOL_NS_GPL(iofunc_close_ocb, RESMGR_NS);

/**
 * iofunc_close_ocb_default() - the default close_ocb handler
 * @ctp: the context
 * @reserved: unused
 * @ocb: the OCB; freed here
 *
 * Return: as iofunc_close_ocb() on the OCB's attribute.
 * Context: process context.
 */
int iofunc_close_ocb_default(resmgr_context_t *ctp, void *reserved,
			     iofunc_ocb_t *ocb)
{
	iofunc_might_sleep();
	return iofunc_close_ocb(ctp, ocb, ocb->attr);
}
EXPORT_SYMBOL_NS_GPL(iofunc_close_ocb_default, RESMGR_NS);

/**
 * iofunc_close_dup_default() - the default close_dup handler
 * @ctp: the context
 * @msg: the close message
 * @ocb: the OCB
 *
 * Releases the closing client's byte-range locks, as close() does.
 *
 * Return: EOK.
 * Context: process context.
 */
int iofunc_close_dup_default(resmgr_context_t *ctp, io_close_t *msg,
			     iofunc_ocb_t *ocb)
{
	int st;

	iofunc_might_sleep();
	iofunc_attr_lock(ocb->attr);
	st = iofunc_lock_release(ctp, ocb->attr);
	iofunc_attr_unlock(ocb->attr);
	return st;
}
EXPORT_SYMBOL_NS_GPL(iofunc_close_dup_default, RESMGR_NS);

/**
 * iofunc_lock_ocb_default() - lock the OCB's attr around an I/O handler
 * @ctp: the context
 * @reserved: unused
 * @ocb: the OCB
 *
 * Return: EOK.
 * Context: process context.
 */
int iofunc_lock_ocb_default(resmgr_context_t *ctp, void *reserved,
			    iofunc_ocb_t *ocb)
{
	iofunc_might_sleep();
	return __iofunc_attr_lock(ocb->attr);
}
EXPORT_SYMBOL_NS_GPL(iofunc_lock_ocb_default, RESMGR_NS);

/**
 * iofunc_unlock_ocb_default() - unlock what iofunc_lock_ocb_default() locked
 * @ctp: the context
 * @reserved: unused
 * @ocb: the OCB
 *
 * Return: EOK.
 * Context: process context.
 */
int iofunc_unlock_ocb_default(resmgr_context_t *ctp, void *reserved,
			      iofunc_ocb_t *ocb)
{
	iofunc_might_sleep();
	return __iofunc_attr_unlock(ocb->attr);
}
EXPORT_SYMBOL_NS_GPL(iofunc_unlock_ocb_default, RESMGR_NS);
