// SPDX-License-Identifier: GPL-2.0
/*
 * The attr as stat() sees it and as chmod(), chown() and utime() change
 * it, and pathconf(): the iofunc defaults with POSIX rules, decided on
 * the caller's Linux credentials and capabilities (see attr.c).
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/kdev_t.h>
#include <linux/limits.h>
#include <linux/time64.h>
#include <linux/user_namespace.h>
#include <resmgr/ns.h>
#include "internal.h"

/**
 * iofunc_stat() - fill a struct stat from an attr
 * @ctp: the context
 * @attr: the resource
 * @stat: filled; uid and gid as the kernel has them (the initial user
 *	namespace), the same for every caller: front ends map them
 *
 * st_dev is the mount's dev (else the attr's rdev), st_blksize at least
 * 512.
 *
 * Return: EOK.
 * Context: process context; the caller serialises the attr (as lock_ocb does).
 */
int iofunc_stat(resmgr_context_t *ctp, iofunc_attr_t *attr, struct stat *stat)
{
	u32 blksize = attr->mount && attr->mount->blocksize > 512 ?
		      attr->mount->blocksize : 512;

	iofunc_might_sleep();
	memset(stat, 0, sizeof(*stat));
	stat->st_dev = attr->mount && attr->mount->dev ?
		       new_encode_dev(attr->mount->dev) : new_encode_dev(attr->rdev);
	stat->st_ino = attr->inode;
	stat->st_nlink = attr->nlink;
	stat->st_mode = attr->mode;
	/* The kernel's own ids: front ends map them for their callers. */
	stat->st_uid = from_kuid_munged(&init_user_ns, attr->uid);
	stat->st_gid = from_kgid_munged(&init_user_ns, attr->gid);
	stat->st_rdev = new_encode_dev(attr->rdev);
	stat->st_size = attr->nbytes;
	stat->st_blksize = blksize;
	stat->st_blocks = (attr->nbytes + 511) >> 9;
	stat->st_atime = attr->atime;
	stat->st_atime_nsec = attr->atime_ns;
	stat->st_mtime = attr->mtime;
	stat->st_mtime_nsec = attr->mtime_ns;
	stat->st_ctime = attr->ctime;
	stat->st_ctime_nsec = attr->ctime_ns;
	return EOK;
}
EXPORT_SYMBOL_NS_GPL(iofunc_stat, RESMGR_NS);

/**
 * iofunc_stat_default() - the default stat handler
 * @ctp: the context
 * @msg: the stat message; its reply is the struct stat
 * @ocb: the OCB
 *
 * Return: _RESMGR_PTR() with the struct stat.
 * Context: process context, in an I/O handler; lock_ocb serialises the attr
 *	(iofunc_lock_ocb_default() takes the attr lock).
 */
int iofunc_stat_default(resmgr_context_t *ctp, io_stat_t *msg,
			iofunc_ocb_t *ocb)
{
	iofunc_might_sleep();
	iofunc_time_update(ocb->attr);
	iofunc_stat(ctp, ocb->attr, &msg->o);
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o));
}
EXPORT_SYMBOL_NS_GPL(iofunc_stat_default, RESMGR_NS);

static bool iofunc_readonly(const iofunc_attr_t *attr)
{
	return attr->mount && (attr->mount->flags & _MOUNT_READONLY) &&
	       !(attr->flags & IOFUNC_ATTR_SYNTHETIC);
}

static bool iofunc_is_owner(const iofunc_attr_t *attr, const struct _client_info *info)
{
	return uid_eq(info->cred.euid, attr->uid) || iofunc_privileged(attr, CAP_FOWNER);
}

/**
 * iofunc_chmod() - change the mode bits of an attr
 * @ctp: the context
 * @msg: the chmod message
 * @ocb: the OCB (unused)
 * @attr: the resource
 *
 * Only the owner (or CAP_FOWNER) may. Without CAP_FSETID, S_ISGID is
 * dropped when the caller is not in the group, as Linux does; S_ISVTX
 * stays on any file (Linux keeps it; some BSDs drop it). The file type
 * bits never change.
 *
 * Return: EOK, EPERM, or EROFS on a read-only mount (unless the attr is
 * IOFUNC_ATTR_SYNTHETIC).
 * Context: process context; the caller serialises the attr (as lock_ocb does).
 */
int iofunc_chmod(resmgr_context_t *ctp, io_chmod_t *msg, iofunc_ocb_t *ocb,
		 iofunc_attr_t *attr)
{
	struct _client_info info;
	umode_t mode = msg->i.mode & 07777;

	iofunc_might_sleep();
	iofunc_client_info(ctp, 0, &info);
	if (!iofunc_is_owner(attr, &info))
		return EPERM;
	if (iofunc_readonly(attr))
		return EROFS;
	if (!iofunc_privileged(attr, CAP_FSETID) && !iofunc_in_group(&info, attr->gid))
		mode &= ~S_ISGID;
	attr->mode = (attr->mode & S_IFMT) | mode;
	attr->flags |= IOFUNC_ATTR_CTIME | IOFUNC_ATTR_DIRTY_MODE;
	iofunc_time_update(attr);
	return EOK;
}
EXPORT_SYMBOL_NS_GPL(iofunc_chmod, RESMGR_NS);

/**
 * iofunc_chmod_default() - the default chmod handler
 * @ctp: the context
 * @msg: the chmod message
 * @ocb: the OCB
 *
 * Return: as iofunc_chmod().
 * Context: process context, in an I/O handler; lock_ocb serialises the attr
 *	(iofunc_lock_ocb_default() takes the attr lock).
 */
int iofunc_chmod_default(resmgr_context_t *ctp, io_chmod_t *msg,
			 iofunc_ocb_t *ocb)
{
	iofunc_might_sleep();
	return iofunc_chmod(ctp, msg, ocb, ocb->attr);
}
EXPORT_SYMBOL_NS_GPL(iofunc_chmod_default, RESMGR_NS);

/**
 * iofunc_chown() - change the owner and group of an attr
 * @ctp: the context
 * @msg: the chown message; -1 means "no change", ids as the kernel has
 *	them (the initial user namespace: front ends map the caller's)
 * @ocb: the OCB (unused)
 * @attr: the resource
 *
 * Where chown is restricted (IOFUNC_PC_CHOWN_RESTRICTED, or no mount)
 * only CAP_CHOWN changes the owner, and the owner may change the group
 * to one of its own groups; otherwise the owner may give the file away.
 * A change by a caller without CAP_FSETID clears S_ISUID and, on a
 * group-executable file, S_ISGID.
 *
 * Return: EOK, EPERM, EINVAL for an id with no mapping, EROFS.
 * Context: process context; the caller serialises the attr (as lock_ocb does).
 */
int iofunc_chown(resmgr_context_t *ctp, io_chown_t *msg, iofunc_ocb_t *ocb,
		 iofunc_attr_t *attr)
{
	bool restricted = !attr->mount ||
			  (attr->mount->conf & IOFUNC_PC_CHOWN_RESTRICTED);
	kuid_t uid = attr->uid;
	kgid_t gid = attr->gid;
	struct _client_info info;
	bool chown_cap;

	iofunc_might_sleep();
	iofunc_client_info(ctp, 0, &info);
	if (msg->i.uid != -1) {
		uid = make_kuid(&init_user_ns, msg->i.uid);
		if (!uid_valid(uid))
			return EINVAL;
	}
	if (msg->i.gid != -1) {
		gid = make_kgid(&init_user_ns, msg->i.gid);
		if (!gid_valid(gid))
			return EINVAL;
	}
	if (iofunc_readonly(attr))
		return EROFS;

	chown_cap = iofunc_privileged(attr, CAP_CHOWN);
	if (!chown_cap) {
		if (!uid_eq(info.cred.euid, attr->uid))
			return EPERM;
		if (restricted && !uid_eq(uid, attr->uid))
			return EPERM;
		if (restricted && !gid_eq(gid, attr->gid) && !iofunc_in_group(&info, gid))
			return EPERM;
	}
	if (uid_eq(uid, attr->uid) && gid_eq(gid, attr->gid))
		return EOK;
	if (!S_ISDIR(attr->mode) && !iofunc_privileged(attr, CAP_FSETID)) {
		attr->mode &= ~S_ISUID;
		if (attr->mode & 0010)
			attr->mode &= ~S_ISGID;
	}
	attr->uid = uid;
	attr->gid = gid;
	attr->flags |= IOFUNC_ATTR_CTIME | IOFUNC_ATTR_DIRTY_OWNER;
	iofunc_time_update(attr);
	return EOK;
}
EXPORT_SYMBOL_NS_GPL(iofunc_chown, RESMGR_NS);

/**
 * iofunc_chown_default() - the default chown handler
 * @ctp: the context
 * @msg: the chown message
 * @ocb: the OCB
 *
 * Return: as iofunc_chown().
 * Context: process context, in an I/O handler; lock_ocb serialises the attr
 *	(iofunc_lock_ocb_default() takes the attr lock).
 */
int iofunc_chown_default(resmgr_context_t *ctp, io_chown_t *msg,
			 iofunc_ocb_t *ocb)
{
	iofunc_might_sleep();
	return iofunc_chown(ctp, msg, ocb, ocb->attr);
}
EXPORT_SYMBOL_NS_GPL(iofunc_chown_default, RESMGR_NS);

/**
 * iofunc_utime() - set the access and modification times of an attr
 * @ctp: the context
 * @msg: the _IO_UTIME or _IO_UTIME64 message; cur_flag set means "now"
 *	for both
 * @ocb: the OCB (unused)
 * @attr: the resource
 *
 * Setting given times needs ownership (or CAP_FOWNER); setting them to
 * now also allows a caller with write access. _IO_UTIME64 sets the
 * nanoseconds too; _IO_UTIME clears them.
 *
 * Return: EOK, EPERM, EACCES, EROFS, EINVAL (nanoseconds out of range).
 * Context: process context; the caller serialises the attr (as lock_ocb does).
 */
int iofunc_utime(resmgr_context_t *ctp, io_utime_t *msg, iofunc_ocb_t *ocb,
		 iofunc_attr_t *attr)
{
	struct _client_info info;

	iofunc_might_sleep();
	iofunc_client_info(ctp, 0, &info);
	if (iofunc_readonly(attr))
		return EROFS;
	if (msg->i.type == _IO_UTIME64 && !msg->i.cur_flag &&
	    (msg->i64.atime_ns < 0 || msg->i64.atime_ns >= NSEC_PER_SEC ||
	     msg->i64.mtime_ns < 0 || msg->i64.mtime_ns >= NSEC_PER_SEC))
		return EINVAL;
	if (!iofunc_is_owner(attr, &info)) {
		if (!msg->i.cur_flag)
			return EPERM;
		if (iofunc_check_access(ctp, attr, S_IWRITE, &info) != EOK)
			return EACCES;
	}
	if (msg->i.cur_flag) {
		attr->flags |= IOFUNC_ATTR_ATIME | IOFUNC_ATTR_MTIME;
	} else if (msg->i.type == _IO_UTIME64) {
		attr->atime = msg->i64.atime_s;
		attr->atime_ns = msg->i64.atime_ns;
		attr->mtime = msg->i64.mtime_s;
		attr->mtime_ns = msg->i64.mtime_ns;
		attr->flags |= IOFUNC_ATTR_DIRTY_TIME;
	} else {
		attr->atime = msg->i.times.actime;
		attr->atime_ns = 0;
		attr->mtime = msg->i.times.modtime;
		attr->mtime_ns = 0;
		attr->flags |= IOFUNC_ATTR_DIRTY_TIME;
	}
	attr->flags |= IOFUNC_ATTR_CTIME;
	iofunc_time_update(attr);
	return EOK;
}
EXPORT_SYMBOL_NS_GPL(iofunc_utime, RESMGR_NS);

/**
 * iofunc_utime_default() - the default utime handler
 * @ctp: the context
 * @msg: the utime message
 * @ocb: the OCB
 *
 * Return: as iofunc_utime().
 * Context: process context, in an I/O handler; lock_ocb serialises the attr
 *	(iofunc_lock_ocb_default() takes the attr lock).
 */
int iofunc_utime_default(resmgr_context_t *ctp, io_utime_t *msg,
			 iofunc_ocb_t *ocb)
{
	iofunc_might_sleep();
	return iofunc_utime(ctp, msg, ocb, ocb->attr);
}
EXPORT_SYMBOL_NS_GPL(iofunc_utime_default, RESMGR_NS);

/**
 * iofunc_pathconf() - answer pathconf() from the mount's conf
 * @ctp: the context; its status is the value
 * @msg: the pathconf message
 * @ocb: the OCB (unused)
 * @attr: the resource
 *
 * _PC_CHOWN_RESTRICTED, _PC_NO_TRUNC, _PC_SYNC_IO and _PC_LINK_DIR are 1
 * when the mount's conf has the bit (else -1: not supported);
 * _PC_SYMLOOP_MAX is 8 (Linux's limit of nested links is 40, but QNX's
 * SYMLOOP_MAX is 8); _PC_ASYNC_IO and _PC_PRIO_IO are -1.
 *
 * Return: EOK, or _RESMGR_DEFAULT for any other name.
 * Context: process context.
 */
int iofunc_pathconf(resmgr_context_t *ctp, io_pathconf_t *msg,
		    iofunc_ocb_t *ocb, iofunc_attr_t *attr)
{
	u32 conf = attr->mount ? attr->mount->conf : IOFUNC_PC_CHOWN_RESTRICTED;
	u32 bit;

	iofunc_might_sleep();
	switch (msg->i.name) {
	case _PC_CHOWN_RESTRICTED:
		bit = IOFUNC_PC_CHOWN_RESTRICTED;
		break;
	case _PC_NO_TRUNC:
		bit = IOFUNC_PC_NO_TRUNC;
		break;
	case _PC_SYNC_IO:
		bit = IOFUNC_PC_SYNC_IO;
		break;
	case _PC_LINK_DIR:
		bit = IOFUNC_PC_LINK_DIR;
		break;
	case _PC_SYMLOOP_MAX:
		_IO_SET_PATHCONF_VALUE(ctp, 8);
		return EOK;
	case _PC_ASYNC_IO:
	case _PC_PRIO_IO:
		_IO_SET_PATHCONF_VALUE(ctp, -1);
		return EOK;
	default:
		return _RESMGR_DEFAULT;
	}
	_IO_SET_PATHCONF_VALUE(ctp, (conf & bit) ? 1 : -1);
	return EOK;
}
EXPORT_SYMBOL_NS_GPL(iofunc_pathconf, RESMGR_NS);

/**
 * iofunc_pathconf_default() - the default pathconf handler
 * @ctp: the context
 * @msg: the pathconf message
 * @ocb: the OCB
 *
 * Return: as iofunc_pathconf().
 * Context: process context.
 */
int iofunc_pathconf_default(resmgr_context_t *ctp, io_pathconf_t *msg,
			    iofunc_ocb_t *ocb)
{
	iofunc_might_sleep();
	return iofunc_pathconf(ctp, msg, ocb, ocb->attr);
}
EXPORT_SYMBOL_NS_GPL(iofunc_pathconf_default, RESMGR_NS);
