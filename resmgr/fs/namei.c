// SPDX-License-Identifier: GPL-2.0
/*
 * resmgrfs directories: creating, removing and renaming names. Each call
 * is QNX's connect message for it, walked along the managers the new
 * name resolves to, each in turn as QNX does:
 *
 *   creat(), open(O_CREAT)	_IO_CONNECT_OPEN with O_CREAT and the mode
 *   mkdir(), mknod()		_IO_CONNECT_MKNOD, mode with S_IFDIR etc.
 *   unlink(), rmdir()		_IO_CONNECT_UNLINK (rmdir: mode S_IFDIR)
 *   rename()			_IO_CONNECT_RENAME to the new name's manager,
 *				extra: the old name below the same mountpoint
 *   link()			_IO_CONNECT_LINK, extra: the old file's OCB
 *   symlink()			_IO_CONNECT_LINK, extra: the target
 *
 * A rename or a hard link stays within one manager: the manager that
 * serves the old name must also be a candidate for the new one, else
 * EXDEV. A call that makes a name leaves its dentry positive, with the
 * attributes the manager gives for the new name, as the VFS and the LSM
 * hooks after it expect (mknod of a socket by bind(), say); the next
 * walk asks the managers again all the same.
 */
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include "internal.h"

/* Send a connect message for @dentry's path. */
static int resmgrfs_connect_at(struct dentry *dentry,
			       struct resmgr_connect_req *req)
{
	char *buf, *path;
	int err;

	path = resmgrfs_path(dentry, &buf);
	if (IS_ERR(path))
		return PTR_ERR(path);
	req->path = path;
	req->file_type = _FTYPE_ANY;
	err = resmgr_connect(req);
	resmgrfs_path_free(buf);
	return err;
}

/* Open @dentry (no access) on its manager: for rename and link. */
static int resmgrfs_open_old(struct dentry *dentry, struct resmgr_binding **b)
{
	char *buf, *path;
	int err;

	path = resmgrfs_path(dentry, &buf);
	if (IS_ERR(path))
		return PTR_ERR(path);
	err = resmgr_combine_open(path, RESMGR_O_NOACCESS, b, NULL);
	resmgrfs_path_free(buf);
	return err;
}

/* Create and open @dentry with one open message; the file gets the binding. */
static int resmgrfs_create_open(struct inode *dir, struct dentry *dentry,
				struct file *file, unsigned int flags,
				umode_t mode)
{
	struct resmgr_binding *b = NULL;
	struct resmgr_connect_req req = {
		.subtype = _IO_CONNECT_OPEN,
		.oflag = flags & ~RESMGR_O_NOACCESS,
		.mode = mode,
		.bindings = &b,
		.max = 1,
	};
	struct resmgrfs_asked asked;
	struct inode *inode;
	struct stat st;
	int err;

	err = resmgrfs_connect_at(dentry, &req);
	if (err)
		return err;
	/* Read after the open: the generations already count the name it made. */
	resmgrfs_asked_begin(&asked);
	asked.uncached = req.uncached;
	err = resmgr_stat(b, &st);
	if (err == -ENOSYS) {
		memset(&st, 0, sizeof(st));
		st.st_mode = S_IFREG | (mode & 07777);
		st.st_nlink = 1;
		asked.uncached = true;	/* made up: a lookup would differ */
		err = 0;
	}
	if (err)
		goto err_release;
	resmgrfs_linux_type(&st);
	err = -ENOMEM;
	inode = resmgrfs_inode_new(dir->i_sb, &st, false, &asked);
	if (!inode)
		goto err_release;
	resmgrfs_dentry_asked(dentry, &asked);
	d_instantiate(dentry, inode);
	/*
	 * The lookup just before found no such name: the file is new, and
	 * the VFS must not check the new mode against the access asked
	 * for (creat() of a 0444 file opens it for writing). The manager
	 * checked the directory.
	 */
	file->f_mode |= FMODE_CREATED;
	if (S_ISDIR(st.st_mode)) {
		/* Someone made a directory there: open it as one. */
		resmgr_release(b);
		return finish_open(file, dentry, NULL);
	}
	file->private_data = b;
	err = finish_open(file, dentry, resmgrfs_open_bound);
	if (err && !(file->f_mode & FMODE_OPENED))
		resmgr_release(b);
	return err;

err_release:
	resmgr_release(b);
	return err;
}

static int resmgrfs_atomic_open(struct inode *dir, struct dentry *dentry,
				struct file *file, unsigned int flags,
				umode_t mode)
{
	struct dentry *res = NULL;

	if (d_in_lookup(dentry)) {
		res = resmgrfs_lookup(dir, dentry, 0);
		if (IS_ERR(res))
			return PTR_ERR(res);
		if (res)
			dentry = res;
	}
	/* An existing name (or no O_CREAT): the VFS opens it with ->open. */
	if (!(flags & O_CREAT) || d_really_is_positive(dentry))
		return finish_no_open(file, res);
	/* Negative: @res is NULL, the lookup found no other dentry. */
	return resmgrfs_create_open(dir, dentry, file, flags & ~O_DIRECTORY, mode);
}

static int resmgrfs_create(RESMGR_IDMAP_T *idmap, struct inode *dir,
			   struct dentry *dentry, umode_t mode, bool excl)
{
	struct resmgr_binding *b = NULL;
	struct resmgr_connect_req req = {
		.subtype = _IO_CONNECT_OPEN,
		.oflag = RESMGR_O_NOACCESS | O_CREAT | (excl ? O_EXCL : 0),
		.mode = mode,
		.bindings = &b,
		.max = 1,
	};
	int err;

	err = resmgrfs_connect_at(dentry, &req);
	if (err)
		return err;
	resmgr_release(b);
	return resmgrfs_instantiate(dir, dentry, S_IFREG | (mode & 07777));
}

static int resmgrfs_mknod(RESMGR_IDMAP_T *idmap, struct inode *dir,
			  struct dentry *dentry, umode_t mode, dev_t rdev)
{
	struct resmgr_connect_req req = {
		.subtype = _IO_CONNECT_MKNOD,
		.oflag = RESMGR_O_NOACCESS,
		.mode = mode,
	};
	int err;

	err = resmgrfs_connect_at(dentry, &req);
	if (err)
		return err;
	return resmgrfs_instantiate(dir, dentry, mode);
}

static int resmgrfs_mkdir(RESMGR_IDMAP_T *idmap, struct inode *dir,
			  struct dentry *dentry, umode_t mode)
{
	return resmgrfs_mknod(idmap, dir, dentry, S_IFDIR | (mode & 07777), 0);
}

static int resmgrfs_remove(struct dentry *dentry, umode_t mode)
{
	struct resmgr_connect_req req = {
		.subtype = _IO_CONNECT_UNLINK,
		.oflag = RESMGR_O_NOACCESS,
		.mode = mode,
	};

	return resmgrfs_connect_at(dentry, &req);
}

static int resmgrfs_unlink(struct inode *dir, struct dentry *dentry)
{
	return resmgrfs_remove(dentry, 0);
}

static int resmgrfs_rmdir(struct inode *dir, struct dentry *dentry)
{
	return resmgrfs_remove(dentry, S_IFDIR);
}

static int resmgrfs_rename(RESMGR_IDMAP_T *idmap, struct inode *old_dir,
			   struct dentry *old_dentry, struct inode *new_dir,
			   struct dentry *new_dentry, unsigned int flags)
{
	struct resmgr_connect_req req = {
		.subtype = _IO_CONNECT_RENAME,
		.oflag = RESMGR_O_NOACCESS,
		.extra_type = _IO_CONNECT_EXTRA_RENAME,
	};
	struct resmgr_binding *b;
	io_rename_extra_t *extra;
	char *buf, *path;
	int err;

	if (flags & ~RENAME_NOREPLACE)
		return -EINVAL;
	extra = (io_rename_extra_t *)__getname();
	if (!extra)
		return -ENOMEM;
	/* The old name's manager; the open keeps it attached meanwhile. */
	err = resmgrfs_open_old(old_dentry, &b);
	if (err)
		goto out_free;
	path = resmgrfs_path(old_dentry, &buf);
	if (IS_ERR(path)) {
		err = PTR_ERR(path);
		goto out_release;
	}
	err = resmgr_connect_rest(path, resmgr_binding_link(b), extra->path, sizeof(extra->path));
	resmgrfs_path_free(buf);
	if (err)
		goto out_release;
	req.mode = d_inode(old_dentry)->i_mode & S_IFMT;
	req.extra = extra;
	req.extra_len = strlen(extra->path) + 1;
	req.only = resmgr_binding_link(b);
	err = resmgrfs_connect_at(new_dentry, &req);
out_release:
	resmgr_release(b);
out_free:
	__putname(extra);
	return err;
}

static int resmgrfs_link(struct dentry *old_dentry, struct inode *dir,
			 struct dentry *new_dentry)
{
	struct resmgr_connect_req req = {
		.subtype = _IO_CONNECT_LINK,
		.oflag = RESMGR_O_NOACCESS,
		.extra_type = _IO_CONNECT_EXTRA_LINK,
	};
	struct resmgr_binding *b;
	io_link_extra_t *extra;
	int err;

	extra = (io_link_extra_t *)__getname();
	if (!extra)
		return -ENOMEM;
	err = resmgrfs_open_old(old_dentry, &b);
	if (err)
		goto out_free;
	if (!resmgr_binding_ocb(b, &extra->ocb)) {
		err = -EPERM;
		goto out_release;
	}
	req.mode = d_inode(old_dentry)->i_mode & S_IFMT;
	req.extra = extra;
	req.extra_len = sizeof(extra->ocb);
	req.only = resmgr_binding_link(b);
	err = resmgrfs_connect_at(new_dentry, &req);
	if (!err)
		err = resmgrfs_instantiate(dir, new_dentry, d_inode(old_dentry)->i_mode);
out_release:
	resmgr_release(b);
out_free:
	__putname(extra);
	return err;
}

static int resmgrfs_symlink(RESMGR_IDMAP_T *idmap, struct inode *dir,
			    struct dentry *dentry, const char *target)
{
	struct resmgr_connect_req req = {
		.subtype = _IO_CONNECT_LINK,
		.oflag = RESMGR_O_NOACCESS,
		.mode = S_IFLNK | 0777,
		.extra_type = _IO_CONNECT_EXTRA_SYMLINK,
	};
	size_t len = strnlen(target, PATH_MAX);
	io_link_extra_t *extra;
	int err;

	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	extra = (io_link_extra_t *)__getname();
	if (!extra)
		return -ENOMEM;
	memcpy(extra->path, target, len + 1);
	req.extra = extra;
	req.extra_len = len + 1;
	err = resmgrfs_connect_at(dentry, &req);
	if (!err)
		err = resmgrfs_instantiate(dir, dentry, S_IFLNK | 0777);
	__putname(extra);
	return err;
}

const struct inode_operations resmgrfs_dir_iops = {
	.lookup		= resmgrfs_lookup,
	.atomic_open	= resmgrfs_atomic_open,
	.create		= resmgrfs_create,
	.mkdir		= resmgrfs_mkdir,
	.mknod		= resmgrfs_mknod,
	.unlink		= resmgrfs_unlink,
	.rmdir		= resmgrfs_rmdir,
	.rename		= resmgrfs_rename,
	.link		= resmgrfs_link,
	.symlink	= resmgrfs_symlink,
	.permission	= resmgrfs_permission,
	.getattr	= resmgrfs_getattr,
	.setattr	= resmgrfs_setattr,
};
