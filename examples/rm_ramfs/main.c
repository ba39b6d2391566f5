// SPDX-License-Identifier: GPL-2.0
/*
 * rm_ramfs: a RAM file system on a directory mountpoint (/ramfs), and a
 * QNX union demo at /union: a read-only instance attached BEFORE (it
 * holds a few files, like a CD) and a writable one attached AFTER. A
 * name found in the first is served by it; anything else goes on
 * to the second; a create gets EROFS from the first and so lands in the
 * second; a directory listing merges both, each name once.
 */
#include <linux/module.h>
#include <resmgr/version.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <resmgr/ns.h>
#include "ramfs.h"

static char *path = "/ramfs";
module_param(path, charp, 0444);
MODULE_PARM_DESC(path, "where the RAM file system is attached (default /ramfs)");

static unsigned long max_bytes = 64UL << 20;
module_param(max_bytes, ulong, 0444);
MODULE_PARM_DESC(max_bytes, "memory limit of each instance in bytes; ENOSPC past it (default 64 MiB)");

static bool union_demo = true;
module_param(union_demo, bool, 0444);
MODULE_PARM_DESC(union_demo, "also attach the union demo at /union (default yes)");

static dispatch_t *dpp;
static struct ramfs *ramfs_main, *union_lower, *union_upper;

/* A file of the read-only lower layer, made before it is attached. */
static int ramfs_seed(struct ramfs *fs, struct ramfs_node *dir, const char *name,
		      mode_t mode, const char *text, struct ramfs_node **out)
{
	struct ramfs_node *node;
	int st;

	node = ramfs_node_new(fs, mode, dir, NULL);
	if (!node)
		return -ENOSPC;
	node->attr.uid = GLOBAL_ROOT_UID;
	node->attr.gid = GLOBAL_ROOT_GID;
	st = text ? ramfs_fill(node, text, strlen(text)) : EOK;
	if (st == EOK)
		st = ramfs_add(dir, node, name, strlen(name));
	if (st != EOK) {
		node->attr.nlink = 0;
		ramfs_node_put(node);
		return -st;
	}
	if (S_ISDIR(mode))
		dir->attr.nlink++;
	if (out)
		*out = node;
	return 0;
}

static int ramfs_seed_lower(struct ramfs *fs)
{
	struct ramfs_node *docs;
	int err;

	err = ramfs_seed(fs, fs->root, "README", S_IFREG | 0444,
			 "This file comes from the read-only layer.\n", NULL);
	if (!err)
		err = ramfs_seed(fs, fs->root, "docs", S_IFDIR | 0555, NULL, &docs);
	if (!err)
		err = ramfs_seed(fs, docs, "guide.txt", S_IFREG | 0444,
				 "Union mountpoints: the first manager wins.\n", NULL);
	return err;
}

static struct ramfs *ramfs_start(const char *at, unsigned int flags, bool lower)
{
	/* Every change is a message: resmgrfs may cache names and attributes. */
	resmgr_attr_t rattr = {
		.flags = RESMGR_FLAG_CACHEABLE,
		.nparts_max = 1,
		.msg_max_size = 2048,
	};
	struct ramfs *fs;
	int err;

	fs = kzalloc(sizeof(*fs), GFP_KERNEL);
	if (!fs)
		return ERR_PTR(-ENOMEM);
	err = ramfs_init(fs, max_bytes, false);
	if (err)
		goto err_free;
	if (lower) {
		err = ramfs_seed_lower(fs);
		if (err)
			goto err_destroy;
		fs->mount.flags |= _MOUNT_READONLY;
		fs->root->attr.mode = S_IFDIR | 0555;
	}
	fs->id = resmgr_attach(dpp, &rattr, at, _FTYPE_ANY, _RESMGR_FLAG_DIR | flags,
			       &fs->connect, &fs->io, fs);
	if (fs->id < 0) {
		err = fs->id;
		goto err_destroy;
	}
	return fs;

err_destroy:
	ramfs_destroy(fs);
err_free:
	kfree(fs);
	return ERR_PTR(err);
}

static void ramfs_stop(struct ramfs *fs)
{
	if (IS_ERR_OR_NULL(fs))
		return;
	/* Closes every file still open, so nothing refers to the tree. */
	resmgr_detach(dpp, fs->id, _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE);
	ramfs_destroy(fs);
	kfree(fs);
}

static int __init rm_ramfs_init(void)
{
	int err;

	dpp = dispatch_create();
	if (!dpp)
		return -ENOMEM;
	ramfs_main = ramfs_start(path, 0, false);
	if (IS_ERR(ramfs_main)) {
		err = PTR_ERR(ramfs_main);
		goto err_destroy;
	}
	if (!union_demo)
		return 0;
	union_lower = ramfs_start("/union", _RESMGR_FLAG_BEFORE, true);
	if (IS_ERR(union_lower)) {
		err = PTR_ERR(union_lower);
		goto err_stop_main;
	}
	union_upper = ramfs_start("/union", _RESMGR_FLAG_AFTER, false);
	if (IS_ERR(union_upper)) {
		err = PTR_ERR(union_upper);
		goto err_stop_lower;
	}
	return 0;

err_stop_lower:
	ramfs_stop(union_lower);
err_stop_main:
	ramfs_stop(ramfs_main);
err_destroy:
	dispatch_destroy(dpp);
	return err;
}

static void __exit rm_ramfs_exit(void)
{
	ramfs_stop(union_upper);
	ramfs_stop(union_lower);
	ramfs_stop(ramfs_main);
	dispatch_destroy(dpp);
}

module_init(rm_ramfs_init);
module_exit(rm_ramfs_exit);

MODULE_DESCRIPTION("A QNX-style RAM file system manager, and a union of two");
MODULE_LICENSE("GPL");
MODULE_AUTHOR(RESMGR_AUTHOR);
MODULE_VERSION(RESMGR_VERSION);
