// SPDX-License-Identifier: GPL-2.0
/*
 * The connect helpers a directory manager calls from its own unlink,
 * link, mknod, rename and readlink handlers (QNX has no defaults for
 * those: only the manager knows its names). Each checks what POSIX
 * asks against the caller's credentials and updates the link counts
 * and times of the attrs; the manager changes its own directory
 * entries around the call.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <resmgr/ns.h>
#include "internal.h"

static bool iofunc_mount_ro(const iofunc_attr_t *attr)
{
	return attr && attr->mount && (attr->mount->flags & _MOUNT_READONLY);
}

static const struct _client_info *iofunc_info(resmgr_context_t *ctp,
					      struct _client_info *info,
					      struct _client_info *local)
{
	if (info)
		return info;
	iofunc_client_info(ctp, 0, local);
	return local;
}

/* Sticky directory: only the file's owner, the directory's, or CAP_FOWNER. */
static int iofunc_sticky(const iofunc_attr_t *attr, const iofunc_attr_t *dattr,
			 const struct _client_info *info)
{
	if (!(dattr->mode & S_ISVTX))
		return EOK;
	if (uid_eq(info->cred.euid, attr->uid) || uid_eq(info->cred.euid, dattr->uid) ||
	    iofunc_privileged(attr, CAP_FOWNER))
		return EOK;
	return EPERM;
}

/* The checks for adding a name to @dattr. */
static int iofunc_create_check(resmgr_context_t *ctp, iofunc_attr_t *dattr,
			       const struct _client_info *info)
{
	if (!dattr)
		return ENOENT;
	if (!S_ISDIR(dattr->mode))
		return ENOTDIR;
	if (iofunc_mount_ro(dattr))
		return EROFS;
	if (dattr->mount && (dattr->mount->flags & _MOUNT_NOCREAT))
		return ENOSYS;
	if (!dattr->nlink)
		return ENOENT;	/* the directory was removed */
	return iofunc_check_access(ctp, dattr, S_IWRITE | S_IEXEC, info);
}

static void iofunc_touch(iofunc_attr_t *attr, unsigned int flags)
{
	attr->flags |= flags;
	iofunc_time_update(attr);
}

/**
 * iofunc_unlink() - checks and link counts for unlink() and rmdir()
 * @ctp: the context of the unlink message
 * @msg: the message; S_ISDIR(msg->connect.mode) asks for rmdir()
 * @attr: the name's attr
 * @dattr: its directory's attr
 * @info: the client, or NULL to look it up
 *
 * rmdir() of a non-directory is ENOTDIR, of "." EINVAL, of a directory
 * with subdirectories ENOTEMPTY (nlink > 2: a directory's files are the
 * manager's to count); unlink() of a directory is EISDIR. The caller
 * needs write and search permission on @dattr, and in a sticky
 * directory must own the file or the directory (else EPERM).
 *
 * On EOK @attr loses a link (a directory all of them, and @dattr the
 * one its ".." held) and the times are marked; the manager removes the
 * entry and frees the attr once no link and no open file remain.
 *
 * Return: EOK, EROFS, ENOTDIR, EISDIR, EINVAL, ENOTEMPTY, EACCES, EPERM.
 * Context: process context; the caller serialises the directory and the
 *	file (the manager's own locks).
 */
int iofunc_unlink(resmgr_context_t *ctp, io_unlink_t *msg, iofunc_attr_t *attr,
		  iofunc_attr_t *dattr, struct _client_info *info)
{
	bool rmdir = S_ISDIR(msg->connect.mode);
	struct _client_info local;
	const struct _client_info *ci = iofunc_info(ctp, info, &local);
	int st;

	iofunc_might_sleep();
	if (iofunc_mount_ro(dattr))
		return EROFS;
	if (rmdir) {
		if (!S_ISDIR(attr->mode))
			return ENOTDIR;
		if (msg->connect.eflag & _IO_CONNECT_EFLAG_DOT)
			return EINVAL;
		if (attr->nlink > 2)
			return ENOTEMPTY;
	} else if (S_ISDIR(attr->mode)) {
		return EISDIR;
	}
	st = iofunc_check_access(ctp, dattr, S_IWRITE | S_IEXEC, ci);
	if (st != EOK)
		return st;
	st = iofunc_sticky(attr, dattr, ci);
	if (st != EOK)
		return st;

	if (rmdir) {
		attr->nlink = 0;
		if (dattr->nlink > 2)
			dattr->nlink--;
	} else if (attr->nlink) {
		attr->nlink--;
	}
	iofunc_touch(attr, IOFUNC_ATTR_CTIME | IOFUNC_ATTR_DIRTY_NLINK);
	iofunc_touch(dattr, IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME);
	return EOK;
}
EXPORT_SYMBOL_NS_GPL(iofunc_unlink, RESMGR_NS);

/**
 * iofunc_link() - checks and link counts for link() and symlink()
 * @ctp: the context of the link message
 * @msg: the message
 * @attr: the existing file for a hard link (it gains a link), or NULL
 *	for a symlink (only the checks on @dattr)
 * @dattr: the directory the new name goes into
 * @info: the client, or NULL to look it up
 *
 * Return: EOK; ENOTDIR, EROFS, ENOSYS (the mount has _MOUNT_NOCREAT),
 * EACCES on @dattr; EPERM for a hard link to a directory; EMLINK.
 * Context: process context; the caller serialises the directory and the
 *	file (the manager's own locks).
 */
int iofunc_link(resmgr_context_t *ctp, io_link_t *msg, iofunc_attr_t *attr,
		iofunc_attr_t *dattr, struct _client_info *info)
{
	struct _client_info local;
	const struct _client_info *ci = iofunc_info(ctp, info, &local);
	int st;

	iofunc_might_sleep();
	st = iofunc_create_check(ctp, dattr, ci);
	if (st != EOK)
		return st;
	if (!attr)
		goto touch_dir;
	if (S_ISDIR(attr->mode))
		return EPERM;
	if (!attr->nlink)
		return ENOENT;	/* an open file whose last name went */
	if (attr->nlink >= U16_MAX)
		return EMLINK;
	attr->nlink++;
	iofunc_touch(attr, IOFUNC_ATTR_CTIME | IOFUNC_ATTR_DIRTY_NLINK);
touch_dir:
	iofunc_touch(dattr, IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME);
	return EOK;
}
EXPORT_SYMBOL_NS_GPL(iofunc_link, RESMGR_NS);

/**
 * iofunc_mknod() - checks for mkdir() and mknod(), and the new attr
 * @ctp: the context of the mknod message
 * @msg: the message; msg->connect.mode has the type and permissions
 * @attr: the manager's new attr to initialise, or NULL for the checks only
 * @dattr: the directory the new name goes into
 * @info: the client, or NULL to look it up
 *
 * A character or block device needs CAP_MKNOD (EPERM). The new attr is
 * owned by the caller (group from @dattr when it is set-group-ID), with
 * the mode given; a directory starts with two links and adds one to
 * @dattr.
 *
 * Return: EOK; ENOTDIR, EROFS, ENOSYS, EACCES on @dattr; EPERM.
 * Context: process context; the caller serialises the directory and the
 *	file (the manager's own locks).
 */
int iofunc_mknod(resmgr_context_t *ctp, io_mknod_t *msg, iofunc_attr_t *attr,
		 iofunc_attr_t *dattr, struct _client_info *info)
{
	umode_t mode = msg->connect.mode;
	struct _client_info local;
	struct _client_info *ci = info ? info : &local;
	int st;

	iofunc_might_sleep();
	if (!info)
		iofunc_client_info(ctp, 0, &local);
	st = iofunc_create_check(ctp, dattr, ci);
	if (st != EOK)
		return st;
	if ((S_ISCHR(mode) || S_ISBLK(mode)) && !capable(CAP_MKNOD))
		return EPERM;
	if (attr) {
		iofunc_attr_init(attr, mode, dattr, ci);
		if (S_ISDIR(mode)) {
			if (dattr->mode & S_ISGID)
				attr->mode |= S_ISGID;
			attr->nlink = 2;
			dattr->nlink++;
		}
	}
	iofunc_touch(dattr, IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME);
	return EOK;
}
EXPORT_SYMBOL_NS_GPL(iofunc_mknod, RESMGR_NS);

/**
 * iofunc_rename() - checks and link counts for rename()
 * @ctp: the context of the rename message
 * @msg: the message
 * @oldattr: the file being renamed
 * @olddattr: its directory
 * @newattr: the file the new name has now (replaced), or NULL
 * @newdattr: the new name's directory
 * @info: the client, or NULL to look it up
 *
 * Both directories need write and search permission, and the sticky
 * rule applies to the old name and to a replaced one. A directory may
 * replace only an empty directory (EISDIR, ENOTDIR, ENOTEMPTY as
 * rename(2)); moving a directory into itself is for the manager (or the
 * VFS) to refuse. Renaming a file onto itself is EOK and changes nothing.
 *
 * On EOK the replaced file has lost its link (all of them for a
 * directory), a directory moved to another parent moves its ".." link,
 * and the times are marked; the manager moves its entries.
 *
 * Return: EOK, EROFS, EACCES, EPERM, EISDIR, ENOTDIR, ENOTEMPTY.
 * Context: process context; the caller serialises the directory and the
 *	file (the manager's own locks).
 */
int iofunc_rename(resmgr_context_t *ctp, io_rename_t *msg,
		  iofunc_attr_t *oldattr, iofunc_attr_t *olddattr,
		  iofunc_attr_t *newattr, iofunc_attr_t *newdattr,
		  struct _client_info *info)
{
	bool dir = S_ISDIR(oldattr->mode);
	struct _client_info local;
	const struct _client_info *ci = iofunc_info(ctp, info, &local);
	int st;

	iofunc_might_sleep();
	if (iofunc_mount_ro(olddattr) || iofunc_mount_ro(newdattr))
		return EROFS;
	if (oldattr == newattr)
		return EOK;
	st = iofunc_check_access(ctp, olddattr, S_IWRITE | S_IEXEC, ci);
	if (st == EOK && newdattr != olddattr)
		st = iofunc_check_access(ctp, newdattr, S_IWRITE | S_IEXEC, ci);
	if (st == EOK)
		st = iofunc_sticky(oldattr, olddattr, ci);
	if (st == EOK && newattr)
		st = iofunc_sticky(newattr, newdattr, ci);
	if (st != EOK)
		return st;
	if (newattr) {
		if (dir && !S_ISDIR(newattr->mode))
			return ENOTDIR;
		if (!dir && S_ISDIR(newattr->mode))
			return EISDIR;
		if (dir && newattr->nlink > 2)
			return ENOTEMPTY;
	}

	if (newattr) {
		if (dir) {
			newattr->nlink = 0;
			newdattr->nlink--;
		} else if (newattr->nlink) {
			newattr->nlink--;
		}
		iofunc_touch(newattr, IOFUNC_ATTR_CTIME | IOFUNC_ATTR_DIRTY_NLINK);
	}
	if (dir && newdattr != olddattr) {
		olddattr->nlink--;
		newdattr->nlink++;
	}
	iofunc_touch(oldattr, IOFUNC_ATTR_CTIME);
	iofunc_touch(olddattr, IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME);
	if (newdattr != olddattr)
		iofunc_touch(newdattr, IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME);
	return EOK;
}
EXPORT_SYMBOL_NS_GPL(iofunc_rename, RESMGR_NS);

/**
 * iofunc_readlink() - checks for readlink()
 * @ctp: the context of the readlink message
 * @msg: the message
 * @attr: the name's attr
 * @info: the client, or NULL
 *
 * The manager then replies the target: its bytes, NUL-terminated
 * or not, as the reply's data.
 *
 * Return: EOK, or EINVAL when @attr is not a symbolic link.
 * Context: process context; the caller serialises the directory and the
 *	file (the manager's own locks).
 */
int iofunc_readlink(resmgr_context_t *ctp, io_readlink_t *msg,
		    iofunc_attr_t *attr, struct _client_info *info)
{
	iofunc_might_sleep();
	return S_ISLNK(attr->mode) ? EOK : EINVAL;
}
EXPORT_SYMBOL_NS_GPL(iofunc_readlink, RESMGR_NS);
