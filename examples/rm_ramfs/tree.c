// SPDX-License-Identifier: GPL-2.0
/* rm_ramfs: nodes, directory entries, path walks and the memory limit. */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "ramfs.h"

void ramfs_lock(struct ramfs *fs)
{
	if (READ_ONCE(fs->owner) == current) {
		fs->depth++;
		return;
	}
	mutex_lock(&fs->lock);
	WRITE_ONCE(fs->owner, current);
	fs->depth = 1;
}

void ramfs_unlock(struct ramfs *fs)
{
	if (--fs->depth)
		return;
	WRITE_ONCE(fs->owner, NULL);
	mutex_unlock(&fs->lock);
}

/* The mount's attr lock functions: every attr of an instance shares its lock. */
static int ramfs_attr_lock(struct ramfs_node *node)
{
	ramfs_lock(node->fs);
	return EOK;
}

static int ramfs_attr_unlock(struct ramfs_node *node)
{
	ramfs_unlock(node->fs);
	return EOK;
}

static int ramfs_attr_trylock(struct ramfs_node *node)
{
	struct ramfs *fs = node->fs;

	if (READ_ONCE(fs->owner) == current) {
		fs->depth++;
		return EOK;
	}
	if (!mutex_trylock(&fs->lock))
		return EBUSY;
	WRITE_ONCE(fs->owner, current);
	fs->depth = 1;
	return EOK;
}

/**
 * ramfs_charge() - account @bytes against the instance's limit
 * @fs: the instance
 * @bytes: how many
 *
 * Return: EOK, or ENOSPC past the limit.
 */
int ramfs_charge(struct ramfs *fs, size_t bytes)
{
	if (bytes > fs->max || fs->used > fs->max - bytes)
		return ENOSPC;
	fs->used += bytes;
	return EOK;
}

void ramfs_uncharge(struct ramfs *fs, size_t bytes)
{
	fs->used -= min(bytes, fs->used);
}

/**
 * ramfs_node_new() - a new node, not yet named
 * @fs: the instance
 * @mode: type and permissions
 * @dir: the directory it will go in (owner group, mount), or NULL for the root
 * @info: the creating client, or NULL
 *
 * Return: the node (nlink 1, or 2 for a directory), or NULL: ENOSPC or
 * ENOMEM, told apart by the caller's errno from ramfs_charge().
 */
struct ramfs_node *ramfs_node_new(struct ramfs *fs, mode_t mode,
				  struct ramfs_node *dir,
				  struct _client_info *info)
{
	struct ramfs_node *node;

	if (ramfs_charge(fs, sizeof(*node)))
		return NULL;
	node = kzalloc(sizeof(*node), GFP_KERNEL);
	if (!node) {
		ramfs_uncharge(fs, sizeof(*node));
		return NULL;
	}
	iofunc_attr_init(node, mode, dir, info);
	node->attr.mount = &fs->mount;
	node->attr.inode = ++fs->next_ino;
	node->fs = fs;
	INIT_LIST_HEAD(&node->children);
	xa_init(&node->pages);
	if (S_ISDIR(mode)) {
		node->attr.nlink = 2;
		node->parent = dir ? dir : node;
		if (dir && (dir->attr.mode & S_ISGID))
			node->attr.mode |= S_ISGID;
	}
	return node;
}

/**
 * ramfs_node_put() - free a node that has no name and no open file left
 * @node: the node
 */
void ramfs_node_put(struct ramfs_node *node)
{
	struct ramfs *fs = node->fs;

	if (node->attr.nlink || node->attr.count)
		return;
	if (S_ISREG(node->attr.mode))
		ramfs_resize(node, 0);
	xa_destroy(&node->pages);
	if (node->target) {
		ramfs_uncharge(fs, strlen(node->target) + 1);
		kfree(node->target);
	}
	ramfs_uncharge(fs, sizeof(*node));
	kfree(node);
}

struct ramfs_dirent *ramfs_find(struct ramfs_node *dir, const char *name,
				unsigned int len)
{
	struct ramfs_dirent *de;

	list_for_each_entry(de, &dir->children, sibling)
		if (de->len == len && !memcmp(de->name, name, len))
			return de;
	return NULL;
}

/**
 * ramfs_add() - give @node the name @name in @dir
 * @dir: the directory
 * @node: the node (its nlink already counts the new name)
 * @name: the name
 * @len: its length
 *
 * Return: EOK, ENOSPC or ENOMEM.
 */
int ramfs_add(struct ramfs_node *dir, struct ramfs_node *node,
	      const char *name, unsigned int len)
{
	struct ramfs_dirent *de;

	if (ramfs_charge(dir->fs, sizeof(*de) + len + 1))
		return ENOSPC;
	de = kmalloc(struct_size(de, name, len + 1), GFP_KERNEL);
	if (!de) {
		ramfs_uncharge(dir->fs, sizeof(*de) + len + 1);
		return ENOMEM;
	}
	de->node = node;
	de->cookie = ++dir->next_cookie;
	de->len = len;
	memcpy(de->name, name, len);
	de->name[len] = '\0';
	list_add_tail(&de->sibling, &dir->children);
	dir->nchildren++;
	if (S_ISDIR(node->attr.mode))
		node->parent = dir;
	return EOK;
}

/* Take a name out of its directory; the node's nlink is the caller's. */
void ramfs_remove(struct ramfs_node *dir, struct ramfs_dirent *de)
{
	list_del(&de->sibling);
	dir->nchildren--;
	ramfs_uncharge(dir->fs, sizeof(*de) + de->len + 1);
	kfree(de);
}

/**
 * ramfs_walk() - find a path below the mountpoint
 * @ctp: the context (for access checks)
 * @fs: the instance
 * @path: msg->connect.path: no leading '/', "" for the mountpoint
 * @info: the client
 * @dirp: out: the directory of the last component (NULL for the root)
 * @nodep: out: the last component's node, or NULL when it does not exist
 * @name: out: the last component
 * @len: out: its length
 *
 * Every directory passed needs search permission. A symlink in the
 * middle of a path is ELOOP: resmgrfs resolves symlinks through the VFS,
 * so a manager only sees paths of real directories.
 *
 * Return: EOK, ENOENT (a directory on the way is missing), ENOTDIR,
 * ELOOP, ENAMETOOLONG, EACCES.
 */
int ramfs_walk(resmgr_context_t *ctp, struct ramfs *fs, const char *path,
	       struct _client_info *info, struct ramfs_node **dirp,
	       struct ramfs_node **nodep, const char **name, unsigned int *len)
{
	struct ramfs_node *node = fs->root, *dir = NULL;
	const char *p = path;

	*name = "";
	*len = 0;
	while (*p) {
		const char *c = p;
		struct ramfs_dirent *de;
		unsigned int clen;
		int st;

		while (*p && *p != '/')
			p++;
		clen = p - c;
		while (*p == '/')
			p++;
		if (!node)
			return ENOENT;
		if (S_ISLNK(node->attr.mode))
			return ELOOP;
		if (!S_ISDIR(node->attr.mode))
			return ENOTDIR;
		st = iofunc_check_access(ctp, node, S_IEXEC, info);
		if (st != EOK)
			return st;
		if (clen > NAME_MAX)
			return ENAMETOOLONG;
		dir = node;
		de = ramfs_find(dir, c, clen);
		node = de ? de->node : NULL;
		*name = c;
		*len = clen;
	}
	*dirp = dir;
	*nodep = node;
	return EOK;
}

/**
 * ramfs_init() - set up an empty instance
 * @fs: the instance, zeroed
 * @max: the memory limit in bytes
 * @readonly: mount it read-only (_MOUNT_READONLY)
 *
 * Return: 0 or -ENOMEM.
 */
int ramfs_init(struct ramfs *fs, size_t max, bool readonly)
{
	mutex_init(&fs->lock);
	fs->max = max;
	fs->funcs.nfuncs = _IOFUNC_NFUNCS;
	fs->funcs.attr_lock = ramfs_attr_lock;
	fs->funcs.attr_unlock = ramfs_attr_unlock;
	fs->funcs.attr_trylock = ramfs_attr_trylock;
	fs->mount.funcs = &fs->funcs;
	fs->mount.blocksize = PAGE_SIZE;
	/*
	 * SYNC_IO: in RAM a write is as durable as it gets, so O_SYNC opens,
	 * fsync() and fdatasync() succeed, as on tmpfs.
	 */
	fs->mount.conf = IOFUNC_PC_CHOWN_RESTRICTED | IOFUNC_PC_NO_TRUNC |
			 IOFUNC_PC_LINK_DIR | IOFUNC_PC_SYNC_IO;
	fs->root = ramfs_node_new(fs, S_IFDIR | 0777 | S_ISVTX, NULL, NULL);
	if (!fs->root)
		return -ENOMEM;
	fs->root->attr.uid = GLOBAL_ROOT_UID;
	fs->root->attr.gid = GLOBAL_ROOT_GID;
	if (readonly)
		fs->mount.flags |= _MOUNT_READONLY;
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &fs->connect,
			 _RESMGR_IO_NFUNCS, &fs->io);
	ramfs_connect_init(&fs->connect);
	ramfs_io_init(&fs->io);
	return 0;
}

/*
 * Free the whole tree of a detached instance with no file open. Depth
 * first without recursion (a path may nest two thousand directories):
 * go down through first entries, free leaves, climb back with ->parent.
 */
static void ramfs_free_tree(struct ramfs_node *root)
{
	struct ramfs_node *dir = root;

	for (;;) {
		struct ramfs_dirent *de;
		struct ramfs_node *node;

		if (list_empty(&dir->children)) {
			struct ramfs_node *parent = dir->parent;

			if (dir == root)
				return;
			/* dir is the first entry of its parent: we came down through it. */
			de = list_first_entry(&parent->children, struct ramfs_dirent, sibling);
			ramfs_remove(parent, de);
			dir->attr.nlink = 0;
			ramfs_node_put(dir);
			dir = parent;
			continue;
		}
		de = list_first_entry(&dir->children, struct ramfs_dirent, sibling);
		node = de->node;
		if (S_ISDIR(node->attr.mode)) {
			dir = node;
			continue;
		}
		ramfs_remove(dir, de);
		node->attr.nlink--;
		ramfs_node_put(node);
	}
}

/**
 * ramfs_destroy() - free everything of a detached instance
 * @fs: the instance
 */
void ramfs_destroy(struct ramfs *fs)
{
	ramfs_lock(fs);
	ramfs_free_tree(fs->root);
	fs->root->attr.nlink = 0;
	ramfs_node_put(fs->root);
	ramfs_unlock(fs);
	WARN_ON(fs->used);
}
