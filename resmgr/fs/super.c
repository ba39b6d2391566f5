// SPDX-License-Identifier: GPL-2.0
/*
 * resmgrfs: the whole pathname space as a file system, QNX style.
 * `mount -t resmgrfs none DIR` shows at DIR every attached path: the
 * parent directories of mountpoints (synthesized, as QNX's process
 * manager does), discrete entries, and directory mountpoints whose
 * contents come from their managers. Every call on a name becomes a
 * connect message walked along the managers the path resolves to, with
 * QNX's rules for going on to the next manager; attributes come from a combine open-stat-close.
 *
 * Access is checked twice, and both checks agree: the VFS checks every
 * call as on any Linux file system, against current attributes (the
 * walk's own answers, or cached ones resmgr still vouches for; fs.h):
 * generic_permission() for access(), open(), exec, chdir, O_TRUNC,
 * and creating, removing and renaming in a directory, setattr_prepare()
 * for chmod, chown and utime. Then the manager decides the message as in
 * QNX, on the same credentials (iofunc_check_access() and friends), so a
 * manager can be stricter than the modes it reports, never laxer.
 *
 * This file: the superblock, inodes, lookup and attributes. Creating and
 * removing names is fs_namei.c; open files and directories fs_file.c.
 */
#include <linux/cred.h>
#include <linux/fs_context.h>
#include <linux/fs_parser.h>
#include <linux/module.h>
#include <linux/namei.h>
#include <linux/pagemap.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/statfs.h>
#include <resmgr/dcmd_blk.h>
#include "internal.h"

static struct kmem_cache *resmgrfs_inode_cachep;
/* The times of synthesized directories: when resmgrfs was registered. */
static time64_t resmgrfs_born;

/**
 * resmgrfs_path() - the pathname-space path of a dentry
 * @dentry: a resmgrfs dentry
 * @bufp: out: the buffer to give to resmgrfs_path_free()
 *
 * Return: the path ("/" for the root) inside *@bufp, or an ERR_PTR
 * (-ENOMEM, -ENAMETOOLONG).
 * Context: process context.
 */
char *resmgrfs_path(struct dentry *dentry, char **bufp)
{
	char *buf = __getname();
	char *path;

	resmgr_might_sleep();
	*bufp = buf;
	if (!buf)
		return ERR_PTR(-ENOMEM);
	path = dentry_path_raw(dentry, buf, PATH_MAX);
	if (IS_ERR(path)) {
		__putname(buf);
		*bufp = NULL;
	}
	return path;
}

/**
 * resmgrfs_path_free() - free what resmgrfs_path() allocated
 * @buf: the buffer, or NULL
 *
 * Context: any.
 */
void resmgrfs_path_free(char *buf)
{
	if (buf)
		__putname(buf);
}

/**
 * resmgrfs_asked_begin() - read the generations before asking managers
 * @asked: out
 *
 * Context: any.
 */
void resmgrfs_asked_begin(struct resmgrfs_asked *asked)
{
	asked->names = resmgr_names_generation();
	asked->modes = resmgr_mode_generation();
	asked->attrs = resmgr_attr_generation();
	asked->uncached = false;
}

/* How long an answer asked at @asked stays, with the mount's @timeout (s). */
static unsigned long resmgrfs_expiry(const struct resmgrfs_asked *asked,
				     unsigned int timeout)
{
	unsigned long t;

	if (!asked->uncached)
		return RESMGRFS_FOREVER;
	if (!timeout)
		return RESMGRFS_NOCACHE;
	t = jiffies + (unsigned long)timeout * HZ;
	/* A deadline is never one of the two codes. */
	return t > RESMGRFS_FOREVER ? t : RESMGRFS_FOREVER + 1;
}

/* An answer asked in generation @gen, staying for @expiry, still holds at @now. */
static bool resmgrfs_holds(u64 gen, u64 now, unsigned long expiry)
{
	if (expiry == RESMGRFS_NOCACHE || gen != now)
		return false;
	return expiry == RESMGRFS_FOREVER || time_before(jiffies, expiry);
}

static struct resmgrfs_sb *RESMGRFS_SB(struct super_block *sb)
{
	return sb->s_fs_info;
}

/**
 * resmgrfs_dentry_asked() - stamp a dentry with the walk that answered it
 * @dentry: the dentry, positive or negative
 * @asked: the generations read before asking
 *
 * Context: any.
 */
void resmgrfs_dentry_asked(struct dentry *dentry, const struct resmgrfs_asked *asked)
{
	unsigned long expiry;

	/* A remount may change the timeout meanwhile. */
	expiry = resmgrfs_expiry(asked, READ_ONCE(RESMGRFS_SB(dentry->d_sb)->entry_timeout));
	WRITE_ONCE(dentry->d_time, asked->names);
	WRITE_ONCE(dentry->d_fsdata, (void *)expiry);
}

static bool resmgrfs_dentry_holds(const struct dentry *dentry)
{
	return resmgrfs_holds(READ_ONCE(dentry->d_time),
			      resmgr_names_generation(),
			      (unsigned long)READ_ONCE(dentry->d_fsdata));
}

/* Stamp @ri's attributes with @asked; ri->lock held. */
static void resmgrfs_attrs_asked(struct resmgrfs_inode *ri,
				 const struct resmgrfs_asked *asked)
{
	lockdep_assert_held(&ri->lock);
	WRITE_ONCE(ri->mode_gen, asked->modes);
	WRITE_ONCE(ri->attr_gen, asked->attrs);
	WRITE_ONCE(ri->attr_expiry,
		   resmgrfs_expiry(asked, READ_ONCE(RESMGRFS_SB(ri->vfs.i_sb)->attr_timeout)));
}

/*
 * @ri's mode, owner or link count were cached and may have changed: ask
 * again before the VFS checks them. So too for a regular file with pages
 * in the cache whose size or times may have changed (resmgrfs_cache_check()
 * must see them before the walk opens it).
 */
static bool resmgrfs_modes_stale(struct resmgrfs_inode *ri)
{
	unsigned long expiry = READ_ONCE(ri->attr_expiry);

	if (expiry == RESMGRFS_NOCACHE)
		return false;
	if (S_ISREG(ri->vfs.i_mode) && ri->vfs.i_mapping->nrpages)
		return !resmgrfs_holds(READ_ONCE(ri->attr_gen),
				       resmgr_attr_generation(), expiry);
	return !resmgrfs_holds(READ_ONCE(ri->mode_gen),
			       resmgr_mode_generation(), expiry);
}

static bool resmgrfs_attrs_hold(struct resmgrfs_inode *ri)
{
	return resmgrfs_holds(READ_ONCE(ri->attr_gen), resmgr_attr_generation(),
			      READ_ONCE(ri->attr_expiry));
}

/* The attributes of a directory no manager serves. */
static void resmgrfs_synthetic_stat(struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFDIR | 0555;
	st->st_nlink = 2;
	st->st_blksize = PAGE_SIZE;
	st->st_atime = resmgrfs_born;
	st->st_mtime = resmgrfs_born;
	st->st_ctime = resmgrfs_born;
}

/*
 * A type Linux has not (QNX's S_IFNAM, a name served by a manager) shows
 * as a character device, which is what such a name is to Linux; no type
 * at all as a regular file.
 */
void resmgrfs_linux_type(struct stat *st)
{
	switch (st->st_mode & S_IFMT) {
	case S_IFREG:
	case S_IFDIR:
	case S_IFLNK:
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		return;
	case 0:
		st->st_mode |= S_IFREG;
		return;
	default:
		st->st_mode = (st->st_mode & ~S_IFMT) | S_IFCHR;
	}
}

/**
 * resmgrfs_path_stat() - stat a path through its managers
 * @path: the pathname-space path
 * @st: out: the attributes
 * @synthetic: out: no manager has the path, but mountpoints lie below it
 * @asked: resmgrfs_asked_begin()'s, before: ->uncached is set when a
 *	manager asked does not tell of changes
 *
 * A combine open (no access asked) and _IO_STAT, then the close. When
 * the managers say ENOENT (or there are none) and something is attached
 * below the path, it is a synthesized directory; the root always is.
 *
 * Return: 0, -ENOENT, or another negative errno from the managers.
 * Context: process context.
 */
int resmgrfs_path_stat(const char *path, struct stat *st, bool *synthetic,
		       struct resmgrfs_asked *asked)
{
	struct resmgr_binding *b;
	int err, n;

	resmgr_might_sleep();
	*synthetic = false;
	err = resmgr_combine_open(path, RESMGR_O_NOACCESS, &b, &asked->uncached);
	if (!err) {
		err = resmgr_stat(b, st);
		resmgr_release(b);
		if (err == -ENOSYS) {
			/*
			 * A manager with no stat handler: a plain file to
			 * Linux, 0666 as its /dev node would be; its open
			 * handler decides.
			 */
			memset(st, 0, sizeof(*st));
			st->st_mode = S_IFREG | 0666;
			st->st_nlink = 1;
			err = 0;
		}
		if (!err)
			resmgrfs_linux_type(st);
		return err;
	}
	if (err != -ENOENT)
		return err;
	n = resmgr_children(path, NULL, NULL);
	if (n < 0)
		return n;
	if (!n && strcmp(path, "/"))
		return -ENOENT;
	resmgrfs_synthetic_stat(st);
	*synthetic = true;
	return 0;
}

/*
 * Copy what changes about a file from @st into its inode. Owners in
 * messages are the kernel's own ids (the initial user namespace), never
 * the caller's view of them: inodes are shared by callers of every
 * namespace, and the VFS maps i_uid for each.
 */
static void resmgrfs_inode_update(struct inode *inode, const struct stat *st)
{
	inode->i_mode = (inode->i_mode & S_IFMT) | (st->st_mode & ~S_IFMT);
	inode->i_uid = make_kuid(&init_user_ns, st->st_uid);
	inode->i_gid = make_kgid(&init_user_ns, st->st_gid);
	set_nlink(inode, st->st_nlink);
	i_size_write(inode, st->st_size);
}

/*
 * FIFOs and sockets are the kernel's, as on any Linux file system: the
 * pipe or the bound socket lives in the inode, so the inode of such a
 * file is found again by the manager's (st_dev, st_ino) while it is in
 * use, and both ends of a FIFO, or bind() and connect(), meet. A regular
 * file's inode holds the pages of its mappings: one per file as well.
 */
static bool resmgrfs_shared_type(const struct stat *st)
{
	return (S_ISFIFO(st->st_mode) || S_ISSOCK(st->st_mode) ||
		S_ISREG(st->st_mode)) && st->st_ino;
}

/*
 * A regular file whose size or modification time changed behind the
 * cache (another manager's client wrote it): cached pages are stale.
 * As FUSE does on new attributes; dirty pages are written back first.
 */
static void resmgrfs_cache_check(struct inode *inode, const struct stat *old,
				 const struct stat *st)
{
	if (!S_ISREG(inode->i_mode) || !inode->i_mapping->nrpages)
		return;
	if (old->st_size == st->st_size && old->st_mtime == st->st_mtime &&
	    old->st_mtime_nsec == st->st_mtime_nsec)
		return;
	if (old->st_size != st->st_size)
		truncate_pagecache(inode, st->st_size);
	invalidate_inode_pages2(inode->i_mapping);
}

static int resmgrfs_inode_test(struct inode *inode, void *data)
{
	const struct stat *st = data;

	return inode->i_ino == st->st_ino &&
	       RESMGRFS_I(inode)->dev == st->st_dev &&
	       !((inode->i_mode ^ st->st_mode) & S_IFMT);
}

static int resmgrfs_inode_set(struct inode *inode, void *data)
{
	const struct stat *st = data;

	inode->i_ino = st->st_ino;
	RESMGRFS_I(inode)->dev = st->st_dev;
	inode->i_mode = st->st_mode & S_IFMT;
	return 0;
}

/**
 * resmgrfs_inode_new() - an inode for attributes a manager gave
 * @sb: the superblock
 * @st: the attributes
 * @synthetic: a directory of the pathname space, not a manager's
 * @asked: when @st was asked for
 *
 * A FIFO or a socket still in use gets its inode back, with @st.
 *
 * Return: the inode (a new reference), or NULL without memory.
 * Context: process context.
 */
struct inode *resmgrfs_inode_new(struct super_block *sb, const struct stat *st,
				 bool synthetic, const struct resmgrfs_asked *asked)
{
	struct resmgrfs_inode *ri;
	struct inode *inode;

	resmgr_might_sleep();
	if (resmgrfs_shared_type(st)) {
		struct stat old;

		inode = iget5_locked(sb, st->st_ino, resmgrfs_inode_test,
				     resmgrfs_inode_set, (void *)st);
		if (!inode)
			return NULL;
		ri = RESMGRFS_I(inode);
		spin_lock(&ri->lock);
		old = ri->st;
		resmgrfs_inode_update(inode, st);
		ri->st = *st;
		resmgrfs_attrs_asked(ri, asked);
		/* While a file is open here, fstat() asks it, not this walk. */
		ri->fresh = !ri->bind;
		spin_unlock(&ri->lock);
		if (inode->i_state & I_NEW) {
			inode->i_op = &resmgrfs_file_iops;
			if (S_ISREG(inode->i_mode)) {
				inode->i_fop = &resmgrfs_file_fops;
				inode->i_mapping->a_ops = &resmgrfs_aops;
			} else {
				init_special_inode(inode, inode->i_mode, 0);
			}
			unlock_new_inode(inode);
		} else {
			resmgrfs_cache_check(inode, &old, st);
		}
		return inode;
	}

	inode = new_inode(sb);
	if (!inode)
		return NULL;
	ri = RESMGRFS_I(inode);
	inode->i_ino = st->st_ino ? st->st_ino : get_next_ino();
	inode->i_mode = st->st_mode & S_IFMT;
	ri->dev = st->st_dev;
	spin_lock(&ri->lock);
	resmgrfs_inode_update(inode, st);
	ri->st = *st;
	resmgrfs_attrs_asked(ri, asked);
	ri->fresh = true;
	spin_unlock(&ri->lock);
	ri->synthetic = synthetic;
	switch (st->st_mode & S_IFMT) {
	case S_IFDIR:
		inode->i_op = &resmgrfs_dir_iops;
		inode->i_fop = &resmgrfs_dir_fops;
		break;
	case S_IFLNK:
		inode->i_op = &resmgrfs_symlink_iops;
		break;
	case S_IFIFO:
	case S_IFSOCK:
		/* A manager that numbers no inodes: a FIFO of this open only. */
		inode->i_op = &resmgrfs_file_iops;
		init_special_inode(inode, inode->i_mode, 0);
		break;
	default:
		inode->i_op = &resmgrfs_file_iops;
		inode->i_fop = &resmgrfs_file_fops;
		inode->i_mapping->a_ops = &resmgrfs_aops;
		break;
	}
	return inode;
}

/**
 * resmgrfs_lookup() - look a name up by asking its managers
 * @dir: the directory
 * @dentry: the name, not yet looked up
 * @flags: LOOKUP_*
 *
 * Return: as d_splice_alias(): the dentry is positive, or negative when
 * no manager has the name; an ERR_PTR for other errors.
 * Context: process context, @dir locked (shared).
 */
struct dentry *resmgrfs_lookup(struct inode *dir, struct dentry *dentry,
			       unsigned int flags)
{
	struct resmgrfs_asked asked;
	struct inode *inode = NULL;
	struct dentry *res;
	bool synthetic;
	struct stat st;
	char *buf, *path;
	int err;

	resmgr_might_sleep();
	lockdep_assert_held(&dir->i_rwsem);
	if (dentry->d_name.len > NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	path = resmgrfs_path(dentry, &buf);
	if (IS_ERR(path))
		return ERR_CAST(path);
	resmgrfs_asked_begin(&asked);
	err = resmgrfs_path_stat(path, &st, &synthetic, &asked);
	resmgrfs_path_free(buf);
	if (!err) {
		inode = resmgrfs_inode_new(dir->i_sb, &st, synthetic, &asked);
		if (!inode)
			return ERR_PTR(-ENOMEM);
	} else if (err != -ENOENT) {
		return ERR_PTR(err);
	}
	resmgrfs_dentry_asked(dentry, &asked);
	res = d_splice_alias(inode, dentry);
	/* A directory's dentry from elsewhere took this name's place. */
	if (!IS_ERR_OR_NULL(res))
		resmgrfs_dentry_asked(res, &asked);
	return res;
}

/**
 * resmgrfs_instantiate() - give a name a manager just made its inode
 * @dir: the directory
 * @dentry: the new name, negative
 * @mode: the type and mode asked for, used when the managers give no
 *	attributes for the name (then it is the caller's)
 *
 * The VFS expects a positive dentry after a successful create, mknod,
 * mkdir, link or symlink: bind() of a socket, the LSM and fsnotify
 * hooks use d_inode() at once.
 *
 * Return: 0, or -ENOMEM (the name stays negative, the manager keeps it).
 * Context: process context, @dir locked.
 */
int resmgrfs_instantiate(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	struct resmgrfs_asked asked;
	struct inode *inode;
	bool synthetic;
	struct stat st;
	char *buf, *path;
	int err = -ENOENT;

	resmgr_might_sleep();
	lockdep_assert_held(&dir->i_rwsem);
	resmgrfs_asked_begin(&asked);
	path = resmgrfs_path(dentry, &buf);
	if (!IS_ERR(path)) {
		err = resmgrfs_path_stat(path, &st, &synthetic, &asked);
		resmgrfs_path_free(buf);
	}
	if (err || synthetic) {
		memset(&st, 0, sizeof(st));
		st.st_mode = mode;
		st.st_nlink = S_ISDIR(mode) ? 2 : 1;
		st.st_uid = from_kuid_munged(&init_user_ns, current_fsuid());
		st.st_gid = from_kgid_munged(&init_user_ns, current_fsgid());
		synthetic = false;
		resmgrfs_linux_type(&st);
		/*
		 * Made-up attributes: never cached, and with a timeout
		 * stale at once (a generation that has passed), so the
		 * next call asks.
		 */
		asked.uncached = true;
		asked.modes--;
		asked.attrs--;
	}
	inode = resmgrfs_inode_new(dir->i_sb, &st, synthetic, &asked);
	if (!inode)
		return -ENOMEM;
	resmgrfs_dentry_asked(dentry, &asked);
	d_instantiate(dentry, inode);
	return 0;
}

/**
 * resmgrfs_bind_inode() - remember an open file of an inode for fstat()
 * @inode: the inode
 * @b: the file's binding
 *
 * Context: process context.
 */
void resmgrfs_bind_inode(struct inode *inode, struct resmgr_binding *b)
{
	struct resmgrfs_inode *ri = RESMGRFS_I(inode);

	resmgr_might_sleep();
	spin_lock(&ri->lock);
	if (!ri->bind)
		ri->bind = b;
	/* From now on the open file answers fstat(), not the lookup's copy. */
	ri->fresh = false;
	spin_unlock(&ri->lock);
}

/**
 * resmgrfs_unbind_inode() - the file @b is closing: forget it
 * @inode: the inode
 * @b: the file's binding
 *
 * Waits for getattr calls that use it.
 *
 * Context: process context.
 */
void resmgrfs_unbind_inode(struct inode *inode, struct resmgr_binding *b)
{
	struct resmgrfs_inode *ri = RESMGRFS_I(inode);

	resmgr_might_sleep();
	spin_lock(&ri->lock);
	if (ri->bind != b) {
		spin_unlock(&ri->lock);
		return;
	}
	ri->bind = NULL;
	wait_event_cmd(ri->bind_wq, !ri->bind_users, spin_unlock(&ri->lock),
		       spin_lock(&ri->lock));
	spin_unlock(&ri->lock);
}

/*
 * Ask for @inode's attributes again: its open file's, else those of the
 * name @dentry (NULL: @inode has no name; its old attributes stay). With
 * @gone set, a name that went or changed type gives -ENOENT; without,
 * the inode keeps its old attributes (it is still open).
 */
static int resmgrfs_ask(struct inode *inode, struct dentry *dentry,
			struct stat *st, bool gone)
{
	struct resmgrfs_inode *ri = RESMGRFS_I(inode);
	struct resmgrfs_asked asked;
	struct resmgr_binding *b;
	struct stat old;
	bool synthetic;
	char *buf, *path;
	int err;

	resmgrfs_asked_begin(&asked);
	spin_lock(&ri->lock);
	b = ri->bind;
	if (b)
		ri->bind_users++;
	spin_unlock(&ri->lock);

	if (b) {
		asked.uncached = !resmgr_binding_cacheable(b);
		err = resmgr_stat(b, st);
		spin_lock(&ri->lock);
		if (!--ri->bind_users)
			wake_up(&ri->bind_wq);
		spin_unlock(&ri->lock);
	} else if (dentry) {
		path = resmgrfs_path(dentry, &buf);
		if (IS_ERR(path))
			return PTR_ERR(path);
		err = resmgrfs_path_stat(path, st, &synthetic, &asked);
		resmgrfs_path_free(buf);
		if (err == -ENOENT || (!err && (st->st_mode ^ inode->i_mode) & S_IFMT))
			err = -ENOENT;
	} else {
		err = -ENOENT;
	}
	if (err == -ENOENT && !gone) {
		/* The name went (or changed type) but this inode is still open. */
		spin_lock(&ri->lock);
		*st = ri->st;
		spin_unlock(&ri->lock);
		return 0;
	}
	if (err)
		return err;
	spin_lock(&ri->lock);
	old = ri->st;
	ri->st = *st;
	resmgrfs_inode_update(inode, st);
	resmgrfs_attrs_asked(ri, &asked);
	spin_unlock(&ri->lock);
	resmgrfs_cache_check(inode, &old, st);
	return 0;
}

/* Current attributes for @dentry: cached ones that hold, else asked. */
static int resmgrfs_refresh(struct dentry *dentry, struct stat *st)
{
	struct inode *inode = d_inode(dentry);
	struct resmgrfs_inode *ri = RESMGRFS_I(inode);

	spin_lock(&ri->lock);
	if (ri->fresh || resmgrfs_attrs_hold(ri)) {
		ri->fresh = false;
		*st = ri->st;
		spin_unlock(&ri->lock);
		return 0;
	}
	spin_unlock(&ri->lock);
	return resmgrfs_ask(inode, dentry, st, false);
}

/*
 * Cached modes of @inode went stale: ask again before the VFS decides
 * on them (->permission, setattr_prepare()).
 */
static int resmgrfs_revalidate_inode(struct inode *inode)
{
	struct dentry *alias;
	struct stat st;
	int err;

	if (!resmgrfs_modes_stale(RESMGRFS_I(inode)))
		return 0;
	alias = d_find_alias(inode);
	err = resmgrfs_ask(inode, alias, &st, false);
	dput(alias);
	return err;
}

int resmgrfs_permission(RESMGR_IDMAP_T *idmap, struct inode *inode, int mask)
{
	int err;

	/*
	 * An RCU walk may not ask (it may not sleep): it checks what is
	 * cached, or drops to a ref walk. Never both tests, one after the
	 * other: the modes may go stale between them.
	 */
	if (mask & MAY_NOT_BLOCK)
		return resmgrfs_modes_stale(RESMGRFS_I(inode)) ? -ECHILD :
		       generic_permission(idmap, inode, mask);
	err = resmgrfs_revalidate_inode(inode);
	return err ? err : generic_permission(idmap, inode, mask);
}

int resmgrfs_getattr(RESMGR_IDMAP_T *idmap, const struct path *path,
		     struct kstat *stat, u32 request_mask, unsigned int flags)
{
	struct inode *inode = d_inode(path->dentry);
	struct stat st;
	int err;

	err = resmgrfs_refresh(path->dentry, &st);
	if (err)
		return err;
	memset(stat, 0, sizeof(*stat));
	stat->result_mask = STATX_BASIC_STATS;
	stat->dev = st.st_dev ? new_decode_dev(st.st_dev) : inode->i_sb->s_dev;
	stat->ino = st.st_ino ? st.st_ino : inode->i_ino;
	stat->mode = (inode->i_mode & S_IFMT) | (st.st_mode & ~S_IFMT);
	stat->nlink = st.st_nlink;
	stat->uid = make_kuid(&init_user_ns, st.st_uid);
	stat->gid = make_kgid(&init_user_ns, st.st_gid);
	stat->rdev = new_decode_dev(st.st_rdev);
	stat->size = st.st_size;
	stat->atime.tv_sec = st.st_atime;
	stat->atime.tv_nsec = st.st_atime_nsec;
	stat->mtime.tv_sec = st.st_mtime;
	stat->mtime.tv_nsec = st.st_mtime_nsec;
	stat->ctime.tv_sec = st.st_ctime;
	stat->ctime.tv_nsec = st.st_ctime_nsec;
	stat->blksize = st.st_blksize ? st.st_blksize : PAGE_SIZE;
	stat->blocks = st.st_blocks;
	return 0;
}

/* The binding to send attribute messages to: the open file's, else the name's. */
static int resmgrfs_attr_binding(struct dentry *dentry, unsigned int oflag,
				 struct resmgr_binding **out, bool *opened)
{
	char *buf, *path;
	int err;

	path = resmgrfs_path(dentry, &buf);
	if (IS_ERR(path))
		return PTR_ERR(path);
	err = resmgr_combine_open(path, oflag, out, NULL);
	resmgrfs_path_free(buf);
	*opened = !err;
	return err;
}

int resmgrfs_setattr(RESMGR_IDMAP_T *idmap, struct dentry *dentry,
		     struct iattr *attr)
{
	struct inode *inode = d_inode(dentry);
	struct resmgrfs_inode *ri = RESMGRFS_I(inode);
	unsigned int valid = attr->ia_valid;
	struct resmgr_binding *b = NULL;
	bool opened = false;
	int err = 0;

	spin_lock(&ri->lock);
	ri->fresh = false;
	spin_unlock(&ri->lock);

	if (ri->synthetic)
		return -EPERM;
	/* Linux's rules first (owner, CAP_FOWNER, S_ISGID), then the manager's. */
	err = resmgrfs_revalidate_inode(inode);
	if (err)
		return err;
	err = setattr_prepare(idmap, dentry, attr);
	if (err)
		return err;
	valid = attr->ia_valid;
	if (valid & ATTR_SIZE) {
		struct file *file = (valid & ATTR_FILE) ? attr->ia_file : NULL;

		/*
		 * An open with O_TRUNC for writing went to the manager with
		 * the open. Without write access QNX's iofunc_open() drops
		 * O_TRUNC, but Linux truncates once the VFS has checked write
		 * permission, so the truncate is sent on a name open for
		 * writing below.
		 */
		if ((valid & ATTR_OPEN) && file && (file->f_mode & FMODE_WRITE))
			return 0;
		err = resmgrfs_cache_before_io(inode);
		if (err)
			return err;
		if (file && (file->f_mode & FMODE_WRITE) &&
		    file->f_op == &resmgrfs_file_fops) {
			err = resmgr_truncate(file->private_data, attr->ia_size);
		} else {
			err = resmgrfs_attr_binding(dentry, O_WRONLY, &b, &opened);
			if (!err)
				err = resmgr_truncate(b, attr->ia_size);
			if (opened)
				resmgr_release(b);
			opened = false;
		}
		if (err)
			return err;
		if (S_ISREG(inode->i_mode))
			truncate_setsize(inode, attr->ia_size);
		/* The manager's space handler keeps the times of a truncate. */
		if (!(valid & ATTR_MTIME_SET))
			valid &= ~ATTR_MTIME;
		if (!(valid & ATTR_ATIME_SET))
			valid &= ~ATTR_ATIME;
	}
	if (!(valid & (ATTR_MODE | ATTR_UID | ATTR_GID | ATTR_ATIME | ATTR_MTIME)))
		return 0;
	err = resmgrfs_attr_binding(dentry, RESMGR_O_NOACCESS, &b, &opened);
	if (err)
		return err;
	if (valid & ATTR_MODE)
		err = resmgr_chmod(b, attr->ia_mode);
	if (!err && (valid & (ATTR_UID | ATTR_GID)))
		err = resmgr_chown(b, (valid & ATTR_UID) ?
				   from_kuid(&init_user_ns, attr->ia_uid) : -1,
				   (valid & ATTR_GID) ?
				   from_kgid(&init_user_ns, attr->ia_gid) : -1);
	if (!err && (valid & (ATTR_ATIME | ATTR_MTIME))) {
		bool now = !(valid & (ATTR_ATIME_SET | ATTR_MTIME_SET));
		struct timespec64 t, a, m;

		ktime_get_real_ts64(&t);
		/* A time not given (UTIME_OMIT) keeps what the walk saw. */
		spin_lock(&ri->lock);
		a.tv_sec = ri->st.st_atime;
		a.tv_nsec = ri->st.st_atime_nsec;
		m.tv_sec = ri->st.st_mtime;
		m.tv_nsec = ri->st.st_mtime_nsec;
		spin_unlock(&ri->lock);
		if (valid & ATTR_ATIME)
			a = (valid & ATTR_ATIME_SET) ? attr->ia_atime : t;
		if (valid & ATTR_MTIME)
			m = (valid & ATTR_MTIME_SET) ? attr->ia_mtime : t;
		/* Both to now is utime(NULL): writers may do that too. */
		now = now && (valid & ATTR_ATIME) && (valid & ATTR_MTIME);
		err = resmgr_utime(b, now, &a, &m);
	}
	resmgr_release(b);
	return err;
}

static const char *resmgrfs_get_link(struct dentry *dentry, struct inode *inode,
				     struct delayed_call *done)
{
	struct resmgr_connect_req req = {
		.subtype = _IO_CONNECT_READLINK,
		.oflag = RESMGR_O_NOACCESS,
		.file_type = _FTYPE_ANY,
		.reply_len = PATH_MAX,
	};
	char *buf, *path, *target;
	int err;

	if (!dentry)
		return ERR_PTR(-ECHILD);
	target = kmalloc(PATH_MAX + 1, GFP_KERNEL);
	if (!target)
		return ERR_PTR(-ENOMEM);
	path = resmgrfs_path(dentry, &buf);
	if (IS_ERR(path)) {
		kfree(target);
		return ERR_CAST(path);
	}
	req.path = path;
	req.reply = target;
	err = resmgr_connect(&req);
	resmgrfs_path_free(buf);
	if (!err && !req.copied)
		err = -EIO;
	if (err) {
		kfree(target);
		return ERR_PTR(err);
	}
	target[min_t(size_t, req.copied, PATH_MAX)] = '\0';
	set_delayed_call(done, kfree_link, target);
	return target;
}

const struct inode_operations resmgrfs_file_iops = {
	.permission	= resmgrfs_permission,
	.getattr	= resmgrfs_getattr,
	.setattr	= resmgrfs_setattr,
};

const struct inode_operations resmgrfs_symlink_iops = {
	.get_link	= resmgrfs_get_link,
	.permission	= resmgrfs_permission,
	.getattr	= resmgrfs_getattr,
	.setattr	= resmgrfs_setattr,
};

/*
 * A dentry holds while its names generation does (and every manager that
 * answered tells of changes, or the mount's entry_timeout has not run
 * out). A positive one whose modes went stale asks for its attributes
 * again, so that the walk checks current modes; a name that went or changed
 * type fails, and the VFS looks it up again.
 */
static int resmgrfs_d_revalidate(struct dentry *dentry, unsigned int flags)
{
	struct inode *inode;
	struct stat st;
	int err;

	if (IS_ROOT(dentry))
		return 1;
	if (!resmgrfs_dentry_holds(dentry))
		return 0;
	inode = d_inode_rcu(dentry);
	if (!inode || !resmgrfs_modes_stale(RESMGRFS_I(inode)))
		return 1;
	if (flags & LOOKUP_RCU)
		return -ECHILD;
	err = resmgrfs_ask(inode, dentry, &st, true);
	if (err == -ENOENT)
		return 0;
	return err ? err : 1;
}

/* Keep a dentry that holds for the next walk; drop any other at once. */
static int resmgrfs_d_delete(const struct dentry *dentry)
{
	return !resmgrfs_dentry_holds(dentry);
}

static const struct dentry_operations resmgrfs_dops = {
	.d_revalidate	= resmgrfs_d_revalidate,
	.d_delete	= resmgrfs_d_delete,
};

static struct inode *resmgrfs_alloc_inode(struct super_block *sb)
{
	struct resmgrfs_inode *ri;

	ri = alloc_inode_sb(sb, resmgrfs_inode_cachep, GFP_KERNEL);
	if (!ri)
		return NULL;
	spin_lock_init(&ri->lock);
	init_waitqueue_head(&ri->bind_wq);
	ri->fresh = false;
	ri->dev = 0;
	ri->synthetic = false;
	ri->bind = NULL;
	ri->bind_users = 0;
	init_rwsem(&ri->map_sem);
	INIT_LIST_HEAD(&ri->maps);
	return &ri->vfs;
}

static void resmgrfs_free_inode(struct inode *inode)
{
	kmem_cache_free(resmgrfs_inode_cachep, RESMGRFS_I(inode));
}

/*
 * statfs() asks the manager of the path (DCMD_FSYS_STATVFS); a
 * synthesized directory, or a manager that does not answer, gets
 * libfs's answer: no block counts.
 */
static int resmgrfs_statfs(struct dentry *dentry, struct kstatfs *buf)
{
	struct resmgr_binding *b;
	struct statvfs st;
	bool opened;
	int err;

	err = simple_statfs(dentry, buf);
	if (err || RESMGRFS_I(d_inode(dentry))->synthetic)
		return err;
	err = resmgrfs_attr_binding(dentry, RESMGR_O_NOACCESS, &b, &opened);
	if (err)
		return 0;
	err = resmgr_statvfs(b, &st);
	resmgr_release(b);
	if (err == -ENOSYS)
		return 0;
	if (err)
		return err;
	buf->f_bsize = st.f_frsize ? st.f_frsize : st.f_bsize;
	buf->f_frsize = buf->f_bsize;
	buf->f_blocks = st.f_blocks;
	buf->f_bfree = st.f_bfree;
	buf->f_bavail = st.f_bavail;
	buf->f_files = st.f_files;
	buf->f_ffree = st.f_ffree;
	if (st.f_namemax)
		buf->f_namelen = st.f_namemax;
	return 0;
}

static int resmgrfs_show_options(struct seq_file *m, struct dentry *root)
{
	struct resmgrfs_sb *sbi = RESMGRFS_SB(root->d_sb);

	if (sbi->entry_timeout)
		seq_printf(m, ",entry_timeout=%u", sbi->entry_timeout);
	if (sbi->attr_timeout)
		seq_printf(m, ",attr_timeout=%u", sbi->attr_timeout);
	return 0;
}

static const struct super_operations resmgrfs_sops = {
	.alloc_inode	= resmgrfs_alloc_inode,
	.free_inode	= resmgrfs_free_inode,
	.drop_inode	= generic_delete_inode,
	.statfs		= resmgrfs_statfs,
	.show_options	= resmgrfs_show_options,
};

enum { RESMGRFS_OPT_ENTRY_TIMEOUT, RESMGRFS_OPT_ATTR_TIMEOUT };

static const struct fs_parameter_spec resmgrfs_params[] = {
	fsparam_u32("entry_timeout", RESMGRFS_OPT_ENTRY_TIMEOUT),
	fsparam_u32("attr_timeout", RESMGRFS_OPT_ATTR_TIMEOUT),
	{}
};

/* The longest timeout: a day, far below a jiffies deadline's range. */
#define RESMGRFS_TIMEOUT_MAX	86400u

static int resmgrfs_parse_param(struct fs_context *fc, struct fs_parameter *param)
{
	struct resmgrfs_sb *sbi = fc->fs_private;
	struct fs_parse_result result;
	int opt;

	opt = fs_parse(fc, resmgrfs_params, param, &result);
	if (opt < 0)
		return opt;
	if (result.uint_32 > RESMGRFS_TIMEOUT_MAX)
		return invalfc(fc, "%s above %u s", param->key, RESMGRFS_TIMEOUT_MAX);
	if (opt == RESMGRFS_OPT_ENTRY_TIMEOUT)
		sbi->entry_timeout = result.uint_32;
	else
		sbi->attr_timeout = result.uint_32;
	return 0;
}

static int resmgrfs_fill_super(struct super_block *sb, struct fs_context *fc)
{
	struct resmgrfs_asked asked;
	struct inode *root;
	bool synthetic;
	struct stat st;
	int err;

	sb->s_fs_info = fc->fs_private;
	fc->fs_private = NULL;
	sb->s_magic = RESMGRFS_MAGIC;
	sb->s_op = &resmgrfs_sops;
	sb->s_d_op = &resmgrfs_dops;
	sb->s_maxbytes = MAX_LFS_FILESIZE;
	sb->s_blocksize = PAGE_SIZE;
	sb->s_blocksize_bits = PAGE_SHIFT;
	sb->s_time_gran = 1;
	/* A backing device of its own, so that mapped pages are written back. */
	err = super_setup_bdi(sb);
	if (err)
		return err;

	resmgrfs_asked_begin(&asked);
	err = resmgrfs_path_stat("/", &st, &synthetic, &asked);
	if (err || !S_ISDIR(st.st_mode)) {
		/* The root is a directory whatever a manager at "/" says. */
		synthetic = true;
		st = (struct stat){};
		st.st_mode = S_IFDIR | 0555;
		st.st_nlink = 2;
	}
	root = resmgrfs_inode_new(sb, &st, synthetic, &asked);
	if (!root)
		return -ENOMEM;
	RESMGRFS_I(root)->fresh = false;
	sb->s_root = d_make_root(root);
	return sb->s_root ? 0 : -ENOMEM;
}

static int resmgrfs_get_tree(struct fs_context *fc)
{
	return get_tree_nodev(fc, resmgrfs_fill_super);
}

/* A remount changes the timeouts; answers cached before keep theirs. */
static int resmgrfs_reconfigure(struct fs_context *fc)
{
	struct resmgrfs_sb *sbi = RESMGRFS_SB(fc->root->d_sb);
	struct resmgrfs_sb *new = fc->fs_private;

	WRITE_ONCE(sbi->entry_timeout, new->entry_timeout);
	WRITE_ONCE(sbi->attr_timeout, new->attr_timeout);
	return 0;
}

static void resmgrfs_free_fc(struct fs_context *fc)
{
	kfree(fc->fs_private);
}

static const struct fs_context_operations resmgrfs_context_ops = {
	.parse_param	= resmgrfs_parse_param,
	.get_tree	= resmgrfs_get_tree,
	.reconfigure	= resmgrfs_reconfigure,
	.free		= resmgrfs_free_fc,
};

static int resmgrfs_init_fs_context(struct fs_context *fc)
{
	struct resmgrfs_sb *sbi = kzalloc(sizeof(*sbi), GFP_KERNEL);

	if (!sbi)
		return -ENOMEM;
	/* A remount starts from the options the mount has. */
	if (fc->purpose == FS_CONTEXT_FOR_RECONFIGURE)
		*sbi = *RESMGRFS_SB(fc->root->d_sb);
	fc->fs_private = sbi;
	fc->ops = &resmgrfs_context_ops;
	return 0;
}

static void resmgrfs_kill_sb(struct super_block *sb)
{
	struct resmgrfs_sb *sbi = sb->s_fs_info;

	kill_anon_super(sb);
	kfree(sbi);
}

static struct file_system_type resmgrfs_type = {
	.owner			= THIS_MODULE,
	.name			= "resmgrfs",
	.init_fs_context	= resmgrfs_init_fs_context,
	.parameters		= resmgrfs_params,
	.kill_sb		= resmgrfs_kill_sb,
};

static void resmgrfs_inode_once(void *obj)
{
	struct resmgrfs_inode *ri = obj;

	inode_init_once(&ri->vfs);
}

/**
 * resmgrfs_init() - register the file system type
 *
 * Return: 0 or a negative errno.
 * Context: module init.
 */
int resmgrfs_init(void)
{
	int err;

	resmgr_might_sleep();
	resmgrfs_born = ktime_get_real_seconds();
	resmgrfs_inode_cachep = kmem_cache_create("resmgrfs_inode",
						  sizeof(struct resmgrfs_inode), 0,
						  SLAB_RECLAIM_ACCOUNT | SLAB_ACCOUNT,
						  resmgrfs_inode_once);
	if (!resmgrfs_inode_cachep)
		return -ENOMEM;
	err = register_filesystem(&resmgrfs_type);
	if (err)
		kmem_cache_destroy(resmgrfs_inode_cachep);
	return err;
}

/**
 * resmgrfs_exit() - unregister it
 *
 * Context: module exit; no resmgrfs is mounted (each mount pins the module).
 */
void resmgrfs_exit(void)
{
	resmgr_might_sleep();
	unregister_filesystem(&resmgrfs_type);
	rcu_barrier();	/* inodes are freed after a grace period */
	kmem_cache_destroy(resmgrfs_inode_cachep);
}
