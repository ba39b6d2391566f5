// SPDX-License-Identifier: GPL-2.0
/*
 * rm_ramfs: the connect handlers. Each walks the path under the
 * instance lock, lets the iofunc helper check the request against the
 * caller, then changes the tree.
 */
#include <linux/fcntl.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "ramfs.h"

static int ramfs_open(resmgr_context_t *ctp, io_open_t *msg,
		      struct ramfs *fs, void *extra)
{
	u32 ioflag = msg->connect.ioflag;
	struct ramfs_node *dir, *node;
	struct _client_info info;
	bool created = false;
	const char *name;
	unsigned int len;
	int st;

	iofunc_client_info(ctp, ioflag, &info);
	ramfs_lock(fs);
	st = ramfs_walk(ctp, fs, msg->connect.path, &info, &dir, &node, &name, &len);
	if (st != EOK)
		goto out_unlock;
	if (!node) {
		/* ENOENT without O_CREAT, EROFS (a union's next manager gets it), EACCES. */
		st = iofunc_open(ctp, msg, NULL, dir, &info);
		if (st != EOK)
			goto out_unlock;
		if (ioflag & O_DIRECTORY) {
			st = EISDIR;
			goto out_unlock;
		}
		st = ENOSPC;
		node = ramfs_node_new(fs, S_IFREG | (msg->connect.mode & 07777),
				      dir, &info);
		if (!node)
			goto out_unlock;
		st = ramfs_add(dir, node, name, len);
		if (st != EOK) {
			node->attr.nlink = 0;
			ramfs_node_put(node);
			goto out_unlock;
		}
		dir->attr.flags |= IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME;
		iofunc_time_update(dir);
		created = true;
	} else {
		if (((msg->connect.eflag & _IO_CONNECT_EFLAG_DIR) ||
		     (ioflag & O_DIRECTORY)) && !S_ISDIR(node->attr.mode)) {
			st = ENOTDIR;
			goto out_unlock;
		}
		st = iofunc_open(ctp, msg, node, NULL, &info);
		if (st != EOK)
			goto out_unlock;
		if ((ioflag & O_TRUNC) && (ioflag & _IO_FLAG_WR) &&
		    S_ISREG(node->attr.mode) && node->attr.nbytes)
			ramfs_resize(node, 0);
	}
	st = iofunc_ocb_attach(ctp, msg, NULL, node, NULL);
	if (st != EOK && created) {
		ramfs_remove(dir, ramfs_find(dir, name, len));
		node->attr.nlink = 0;
		ramfs_node_put(node);
	}
	iofunc_time_update(node);
out_unlock:
	ramfs_unlock(fs);
	return st;
}

static int ramfs_unlink(resmgr_context_t *ctp, io_unlink_t *msg,
			struct ramfs *fs, void *reserved)
{
	struct ramfs_node *dir, *node;
	struct ramfs_dirent *de;
	struct _client_info info;
	const char *name;
	unsigned int len;
	int st;

	iofunc_client_info(ctp, 0, &info);
	ramfs_lock(fs);
	st = ramfs_walk(ctp, fs, msg->connect.path, &info, &dir, &node, &name, &len);
	if (st == EOK && !node)
		st = ENOENT;
	if (st == EOK && !dir)
		st = EBUSY;	/* the mountpoint itself */
	if (st != EOK)
		goto out_unlock;
	if (S_ISDIR(msg->connect.mode) && S_ISDIR(node->attr.mode) &&
	    node->nchildren) {
		st = ENOTEMPTY;
		goto out_unlock;
	}
	st = iofunc_unlink(ctp, msg, node, dir, &info);
	if (st != EOK)
		goto out_unlock;
	de = ramfs_find(dir, name, len);
	ramfs_remove(dir, de);
	ramfs_node_put(node);
out_unlock:
	ramfs_unlock(fs);
	return st;
}

static int ramfs_mknod(resmgr_context_t *ctp, io_mknod_t *msg,
		       struct ramfs *fs, void *reserved)
{
	mode_t mode = msg->connect.mode;
	struct ramfs_node *dir, *node;
	struct _client_info info;
	const char *name;
	unsigned int len;
	int st;

	iofunc_client_info(ctp, 0, &info);
	ramfs_lock(fs);
	st = ramfs_walk(ctp, fs, msg->connect.path, &info, &dir, &node, &name, &len);
	if (st == EOK && node)
		st = EEXIST;
	if (st != EOK)
		goto out_unlock;
	switch (mode & S_IFMT) {
	case S_IFDIR:
	case S_IFREG:
	case S_IFIFO:
	case S_IFSOCK:
		break;
	case 0:
		mode |= S_IFREG;
		break;
	default:
		st = EPERM;	/* device nodes: no drivers behind them here */
		goto out_unlock;
	}
	st = iofunc_mknod(ctp, msg, NULL, dir, &info);
	if (st != EOK)
		goto out_unlock;
	st = ENOSPC;
	node = ramfs_node_new(fs, mode, dir, &info);
	if (!node)
		goto out_unlock;
	st = ramfs_add(dir, node, name, len);
	if (st != EOK) {
		node->attr.nlink = 0;
		ramfs_node_put(node);
		goto out_unlock;
	}
	if (S_ISDIR(mode))
		dir->attr.nlink++;
out_unlock:
	ramfs_unlock(fs);
	return st;
}

static int ramfs_readlink(resmgr_context_t *ctp, io_readlink_t *msg,
			  struct ramfs *fs, void *reserved)
{
	struct ramfs_node *dir, *node;
	struct _client_info info;
	const char *name;
	unsigned int len;
	ssize_t n;
	int st;

	iofunc_client_info(ctp, 0, &info);
	ramfs_lock(fs);
	st = ramfs_walk(ctp, fs, msg->connect.path, &info, &dir, &node, &name, &len);
	if (st == EOK && !node)
		st = ENOENT;
	if (st == EOK)
		st = iofunc_readlink(ctp, msg, node, &info);
	if (st == EOK) {
		/* Copy now: the target may go once the lock is dropped. */
		n = resmgr_msgwrite(ctp, node->target, strlen(node->target), 0);
		if (n < 0)
			st = -n;
		else
			_RESMGR_STATUS(ctp, n);
		node->attr.flags |= IOFUNC_ATTR_ATIME;
	}
	ramfs_unlock(fs);
	return st;
}

/* symlink(): a new node holding the target. */
static int ramfs_symlink(resmgr_context_t *ctp, io_link_t *msg, struct ramfs *fs,
			 struct ramfs_node *dir, const char *name, unsigned int len,
			 const char *target, struct _client_info *info)
{
	size_t tlen = strnlen(target, PATH_MAX);
	struct ramfs_node *node;
	int st;

	if (!tlen || tlen >= PATH_MAX)
		return tlen ? ENAMETOOLONG : ENOENT;
	st = iofunc_link(ctp, msg, NULL, dir, info);
	if (st != EOK)
		return st;
	node = ramfs_node_new(fs, S_IFLNK | 0777, dir, info);
	if (!node)
		return ENOSPC;
	st = ramfs_charge(fs, tlen + 1);
	if (st == EOK) {
		node->target = kmemdup_nul(target, tlen, GFP_KERNEL);
		if (!node->target) {
			ramfs_uncharge(fs, tlen + 1);
			st = ENOMEM;
		}
	}
	if (st == EOK) {
		node->attr.nbytes = tlen;
		st = ramfs_add(dir, node, name, len);
	}
	if (st != EOK) {
		node->attr.nlink = 0;
		ramfs_node_put(node);
	}
	return st;
}

static int ramfs_link(resmgr_context_t *ctp, io_link_t *msg, struct ramfs *fs,
		      io_link_extra_t *extra)
{
	struct ramfs_node *dir, *node, *target;
	struct _client_info info;
	const char *name;
	unsigned int len;
	int st;

	iofunc_client_info(ctp, 0, &info);
	ramfs_lock(fs);
	st = ramfs_walk(ctp, fs, msg->connect.path, &info, &dir, &node, &name, &len);
	if (st == EOK && node)
		st = EEXIST;
	if (st != EOK)
		goto out_unlock;
	switch (msg->connect.extra_type) {
	case _IO_CONNECT_EXTRA_SYMLINK:
		st = ramfs_symlink(ctp, msg, fs, dir, name, len, extra->path, &info);
		break;
	case _IO_CONNECT_EXTRA_LINK:
		target = ((iofunc_ocb_t *)extra->ocb)->attr;
		if (target->fs != fs) {
			st = EXDEV;
			break;
		}
		st = iofunc_link(ctp, msg, target, dir, &info);
		if (st != EOK)
			break;
		st = ramfs_add(dir, target, name, len);
		if (st != EOK)
			target->attr.nlink--;
		break;
	default:
		st = ENOSYS;
	}
out_unlock:
	ramfs_unlock(fs);
	return st;
}

/* Is @node @dir or above it? (A directory cannot move into itself.) */
static bool ramfs_is_ancestor(struct ramfs_node *node, struct ramfs_node *dir)
{
	for (;;) {
		if (dir == node)
			return true;
		if (dir->parent == dir)
			return false;
		dir = dir->parent;
	}
}

static int ramfs_rename(resmgr_context_t *ctp, io_rename_t *msg,
			struct ramfs *fs, io_rename_extra_t *extra)
{
	struct ramfs_node *odir, *onode, *ndir, *nnode;
	struct ramfs_dirent *ode, *nde;
	const char *oname, *nname;
	unsigned int olen, nlen;
	struct _client_info info;
	int st;

	iofunc_client_info(ctp, 0, &info);
	ramfs_lock(fs);
	st = ramfs_walk(ctp, fs, extra->path, &info, &odir, &onode, &oname, &olen);
	if (st == EOK && !onode)
		st = ENOENT;
	if (st == EOK)
		st = ramfs_walk(ctp, fs, msg->connect.path, &info, &ndir, &nnode,
				&nname, &nlen);
	if (st == EOK && (!odir || !ndir))
		st = EBUSY;	/* the mountpoint itself */
	if (st != EOK)
		goto out_unlock;
	if (S_ISDIR(onode->attr.mode) && ramfs_is_ancestor(onode, ndir)) {
		st = EINVAL;
		goto out_unlock;
	}
	if (nnode && S_ISDIR(nnode->attr.mode) && nnode->nchildren &&
	    nnode != onode) {
		st = ENOTEMPTY;
		goto out_unlock;
	}
	st = iofunc_rename(ctp, msg, onode, odir,
			   nnode ? nnode : NULL, ndir, &info);
	if (st != EOK || onode == nnode)
		goto out_unlock;
	ode = ramfs_find(odir, oname, olen);
	nde = nnode ? ramfs_find(ndir, nname, nlen) : NULL;
	if (nde) {
		/* Reuse the replaced entry: no allocation can fail now. */
		nde->node = onode;
		if (S_ISDIR(onode->attr.mode))
			onode->parent = ndir;
		ramfs_remove(odir, ode);
		ramfs_node_put(nnode);
	} else {
		st = ramfs_add(ndir, onode, nname, nlen);
		if (st != EOK) {
			/* Undo iofunc_rename's link moves. */
			if (S_ISDIR(onode->attr.mode) && ndir != odir) {
				ndir->attr.nlink--;
				odir->attr.nlink++;
			}
			goto out_unlock;
		}
		ramfs_remove(odir, ode);
	}
out_unlock:
	ramfs_unlock(fs);
	return st;
}

void ramfs_connect_init(resmgr_connect_funcs_t *connect)
{
	connect->open = ramfs_open;
	connect->unlink = ramfs_unlink;
	connect->mknod = ramfs_mknod;
	connect->readlink = ramfs_readlink;
	connect->link = ramfs_link;
	connect->rename = ramfs_rename;
}
