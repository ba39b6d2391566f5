// SPDX-License-Identifier: GPL-2.0
/*
 * iofunc attributes: initialisation, the recursive attr lock, time
 * updates, the client's identity and POSIX access checks.
 *
 * Access is decided against the caller's Linux credentials, which are
 * the current ones while a handler runs: fs ids as the effective ids,
 * supplementary groups, and capabilities (CAP_DAC_OVERRIDE,
 * CAP_DAC_READ_SEARCH, CAP_FOWNER) in the caller's user namespace over
 * an attr whose owner is mapped there, as the VFS decides for inodes.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/sched/signal.h>
#include <linux/timekeeping.h>
#include <linux/user_namespace.h>
#include <resmgr/ns.h>
#include "internal.h"

/**
 * iofunc_privileged() - may the caller override checks on @attr with @cap?
 * @attr: the resource
 * @cap: the capability
 *
 * Return: true if @cap is effective in the caller's user namespace and
 * the attr's owner and group are mapped there.
 * Context: process context, the caller's credentials current.
 */
bool iofunc_privileged(const iofunc_attr_t *attr, int cap)
{
	struct user_namespace *ns = current_user_ns();

	iofunc_might_sleep();
	return kuid_has_mapping(ns, attr->uid) && kgid_has_mapping(ns, attr->gid) &&
	       ns_capable(ns, cap);
}

/**
 * iofunc_in_group() - is the client in group @gid?
 * @info: the client
 * @gid: the group
 *
 * Return: true for the effective group or a supplementary group.
 * Context: process context, the caller's credentials current.
 */
bool iofunc_in_group(const struct _client_info *info, kgid_t gid)
{
	iofunc_might_sleep();
	return gid_eq(info->cred.egid, gid) || in_group_p(gid);
}

/**
 * iofunc_client_info() - who sent the message
 * @ctp: the context of the message
 * @ioflag: the open's ioflag (Linux has no O_REALIDS; unused)
 * @info: filled with the client's pid, session and credentials
 *
 * Return: EOK, or EINVAL without @info.
 * Context: process context, inside a handler.
 */
int iofunc_client_info(resmgr_context_t *ctp, int ioflag,
		       struct _client_info *info)
{
	const struct cred *cred = ctp->info.cred ? ctp->info.cred : current_cred();

	iofunc_might_sleep();
	if (!info)
		return EINVAL;
	memset(info, 0, sizeof(*info));
	info->pid = ctp->info.pid;
	info->sid = task_session_vnr(current);
	info->cred.ruid = cred->uid;
	info->cred.euid = cred->fsuid;
	info->cred.suid = cred->suid;
	info->cred.rgid = cred->gid;
	info->cred.egid = cred->fsgid;
	info->cred.sgid = cred->sgid;
	info->cred.ngroups = cred->group_info ? cred->group_info->ngroups : 0;
	return EOK;
}
EXPORT_SYMBOL_NS_GPL(iofunc_client_info, RESMGR_NS);

/**
 * iofunc_check_access() - POSIX permission check against an attr
 * @ctp: the context of the message
 * @attr: the resource
 * @check: S_IREAD/S_IWRITE/S_IEXEC wanted; S_ISUID asks "is the owner",
 *	S_ISGID "is in the group"
 * @info: the client, from iofunc_client_info()
 *
 * Return: EOK; EPERM when only ownership was asked and it fails; EACCES
 * when the owner, group or other class lacks a wanted bit and no
 * capability overrides it; ENOSYS without @info.
 * Context: process context, the caller's credentials current.
 */
int iofunc_check_access(resmgr_context_t *ctp, const iofunc_attr_t *attr,
			mode_t check, const struct _client_info *info)
{
	unsigned int want, have;

	iofunc_might_sleep();
	if (!info)
		return ENOSYS;
	if (check & S_ISUID) {
		if (uid_eq(info->cred.euid, attr->uid) ||
		    iofunc_privileged(attr, CAP_FOWNER))
			return EOK;
	}
	if (check & S_ISGID) {
		if (iofunc_in_group(info, attr->gid) ||
		    iofunc_privileged(attr, CAP_FOWNER))
			return EOK;
	}
	want = (check & (S_IREAD | S_IWRITE | S_IEXEC)) >> 6;
	if (!want)
		return EPERM;

	if (uid_eq(info->cred.euid, attr->uid))
		have = (attr->mode >> 6) & 7;
	else if (iofunc_in_group(info, attr->gid))
		have = (attr->mode >> 3) & 7;
	else
		have = attr->mode & 7;
	if ((have & want) == want)
		return EOK;

	if (iofunc_privileged(attr, CAP_DAC_OVERRIDE) &&
	    (!(want & 1) || (attr->mode & 0111) || S_ISDIR(attr->mode)))
		return EOK;
	if (want == 4 && iofunc_privileged(attr, CAP_DAC_READ_SEARCH))
		return EOK;
	return EACCES;
}
EXPORT_SYMBOL_NS_GPL(iofunc_check_access, RESMGR_NS);

/**
 * __iofunc_attr_init() - initialise an attr (use iofunc_attr_init())
 * @attr: the attr; zeroed here
 * @mode: S_IF* and permissions
 * @dattr: the parent directory's attr, or NULL; gives the mount, and the
 *	group when it has S_ISGID
 * @info: the creating client, or NULL for the current credentials
 * @key: lockdep class of the attr lock (one per iofunc_attr_init() site)
 *
 * All three times are set to now; the owner is the client's effective
 * (fs) uid and gid; nlink is 1.
 *
 * Context: process context.
 */
void __iofunc_attr_init(iofunc_attr_t *attr, mode_t mode,
			iofunc_attr_t *dattr, struct _client_info *info,
			struct lock_class_key *key)
{
	iofunc_might_sleep();
	memset(attr, 0, sizeof(*attr));
	__mutex_init(&attr->lock, "&attr->lock", key);
	attr->mount = dattr ? dattr->mount : NULL;
	attr->mode = mode;
	attr->nlink = 1;
	attr->uid = info ? info->cred.euid : current_fsuid();
	if (dattr && (dattr->mode & S_ISGID))
		attr->gid = dattr->gid;
	else
		attr->gid = info ? info->cred.egid : current_fsgid();
	attr->flags = IOFUNC_ATTR_MTIME | IOFUNC_ATTR_ATIME | IOFUNC_ATTR_CTIME;
	iofunc_time_update(attr);
}
EXPORT_SYMBOL_NS_GPL(__iofunc_attr_init, RESMGR_NS);

/**
 * iofunc_time_update() - set the marked times to now
 * @attr: the attr; IOFUNC_ATTR_MTIME/ATIME/CTIME say which
 *
 * Skipped on a read-only mount; ATIME is dropped under _MOUNT_NOATIME.
 * Marks IOFUNC_ATTR_DIRTY_TIME when a time changed.
 *
 * Return: EOK.
 * Context: any; the caller holds the attr lock.
 */
int iofunc_time_update(iofunc_attr_t *attr)
{
	u32 mflags = attr->mount ? attr->mount->flags : 0;
	u32 marks = attr->flags & (IOFUNC_ATTR_MTIME | IOFUNC_ATTR_ATIME |
				   IOFUNC_ATTR_CTIME);
	struct timespec64 now;

	if (!marks)
		return EOK;
	attr->flags &= ~marks;
	if (mflags & _MOUNT_READONLY)
		return EOK;
	if (mflags & _MOUNT_NOATIME)
		marks &= ~IOFUNC_ATTR_ATIME;
	if (!marks)
		return EOK;
	ktime_get_real_ts64(&now);
	if (marks & IOFUNC_ATTR_MTIME) {
		attr->mtime = now.tv_sec;
		attr->mtime_ns = now.tv_nsec;
	}
	if (marks & IOFUNC_ATTR_ATIME) {
		attr->atime = now.tv_sec;
		attr->atime_ns = now.tv_nsec;
	}
	if (marks & IOFUNC_ATTR_CTIME) {
		attr->ctime = now.tv_sec;
		attr->ctime_ns = now.tv_nsec;
	}
	attr->flags |= IOFUNC_ATTR_DIRTY_TIME;
	return EOK;
}
EXPORT_SYMBOL_NS_GPL(iofunc_time_update, RESMGR_NS);

/**
 * iofunc_attr_lock() - take the attr lock (recursive, as in QNX)
 * @attr: the attr
 *
 * The mount's attr_lock replaces this when it has one.
 *
 * Return: EOK.
 * Context: process context; may sleep.
 */
int iofunc_attr_lock(iofunc_attr_t *attr)
{
	iofunc_might_sleep();
	return __iofunc_attr_lock(attr);
}
EXPORT_SYMBOL_NS_GPL(iofunc_attr_lock, RESMGR_NS);

/**
 * iofunc_attr_trylock() - take the attr lock if it is free
 * @attr: the attr
 *
 * Return: EOK, or EBUSY when another thread holds it.
 * Context: process context.
 */
int iofunc_attr_trylock(iofunc_attr_t *attr)
{
	int (*fn)(iofunc_attr_t *attr);

	iofunc_might_sleep();
	fn = IOFUNC_MOUNT_FN(attr, attr_trylock);
	if (fn)
		return fn(attr);
	if (READ_ONCE(attr->lock_owner) == current) {
		attr->lock_count++;
		return EOK;
	}
	if (!mutex_trylock(&attr->lock))
		return EBUSY;
	WRITE_ONCE(attr->lock_owner, current);
	attr->lock_count = 1;
	return EOK;
}
EXPORT_SYMBOL_NS_GPL(iofunc_attr_trylock, RESMGR_NS);

/**
 * iofunc_attr_unlock() - release one level of the attr lock
 * @attr: the attr, locked by the current thread
 *
 * Return: EOK, or EPERM when the current thread does not hold it.
 * Context: process context.
 */
int iofunc_attr_unlock(iofunc_attr_t *attr)
{
	iofunc_might_sleep();
	return __iofunc_attr_unlock(attr);
}
EXPORT_SYMBOL_NS_GPL(iofunc_attr_unlock, RESMGR_NS);
