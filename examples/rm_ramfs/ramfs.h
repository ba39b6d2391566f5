/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rm_ramfs: a RAM file system manager on a directory mountpoint, built
 * on the iofunc helpers as a QNX file system manager is.
 *
 * One instance (struct ramfs) is one attachment. Its nodes extend the
 * iofunc attr; a directory keeps its entries in a list, a regular file
 * its data in pages, a symlink its target. A node is freed when it has
 * neither a name (nlink) nor an open file (attr.count).
 *
 * Locking: one recursive lock per instance, installed as the mount's
 * attr_lock, so that iofunc's attr locking, lock_ocb around every I/O
 * handler and the connect handlers all take the same lock: it protects
 * the whole tree, every node and the memory count.
 */
#ifndef _RM_RAMFS_H
#define _RM_RAMFS_H

struct ramfs;
struct ramfs_node;
#define IOFUNC_ATTR_T	struct ramfs_node
#define RESMGR_HANDLE_T	struct ramfs
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <resmgr/dirent.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/xarray.h>

/**
 * struct ramfs_node - a file, directory or symlink
 * @attr: the iofunc attr (first, as iofunc requires)
 * @fs: the instance
 * @children: a directory's entries (struct ramfs_dirent)
 * @nchildren: how many
 * @parent: a directory's parent (the root's is itself)
 * @next_cookie: a directory's next entry cookie (its read positions)
 * @pages: a regular file's data, page index -> struct page
 * @target: a symlink's target
 */
struct ramfs_node {
	iofunc_attr_t		attr;
	struct ramfs		*fs;
	struct list_head	children;
	unsigned int		nchildren;
	struct ramfs_node	*parent;
	u64			next_cookie;
	struct xarray		pages;
	char			*target;
};

/**
 * struct ramfs_dirent - a name in a directory
 * @sibling: in the directory's @children
 * @node: what it names
 * @cookie: its position for directory reads: entries are in increasing
 *	cookie order, and a read goes on from the cookie after the last
 *	entry given, so names removed meanwhile move nothing
 * @len: strlen(@name)
 * @name: the name
 */
struct ramfs_dirent {
	struct list_head	sibling;
	struct ramfs_node	*node;
	u64			cookie;
	unsigned int		len;
	char			name[];
};

/**
 * struct ramfs - one instance, attached at one directory mountpoint
 * @mount: the iofunc mount of every node (its funcs lock @lock)
 * @funcs: the mount's functions
 * @lock: the instance lock (see above); recursive through @owner/@depth
 * @owner: the thread holding @lock
 * @depth: how many times it holds it
 * @root: the root directory
 * @used: bytes charged: data pages, nodes, names, targets
 * @max: the limit of @used (ENOSPC past it)
 * @next_ino: the next inode number
 * @connect: connect handlers
 * @io: I/O handlers
 * @id: the attachment
 */
struct ramfs {
	iofunc_mount_t		mount;
	iofunc_funcs_t		funcs;
	struct mutex		lock;	/* everything in the instance */
	struct task_struct	*owner;
	unsigned int		depth;
	struct ramfs_node	*root;
	size_t			used;
	size_t			max;
	u64			next_ino;
	resmgr_connect_funcs_t	connect;
	resmgr_io_funcs_t	io;
	int			id;
};

/* tree.c */
void ramfs_lock(struct ramfs *fs);
void ramfs_unlock(struct ramfs *fs);
int ramfs_init(struct ramfs *fs, size_t max, bool readonly);
void ramfs_destroy(struct ramfs *fs);
struct ramfs_node *ramfs_node_new(struct ramfs *fs, mode_t mode,
				  struct ramfs_node *dir,
				  struct _client_info *info);
void ramfs_node_put(struct ramfs_node *node);
struct ramfs_dirent *ramfs_find(struct ramfs_node *dir, const char *name,
				unsigned int len);
int ramfs_add(struct ramfs_node *dir, struct ramfs_node *node,
	      const char *name, unsigned int len);
void ramfs_remove(struct ramfs_node *dir, struct ramfs_dirent *de);
int ramfs_walk(resmgr_context_t *ctp, struct ramfs *fs, const char *path,
	       struct _client_info *info, struct ramfs_node **dirp,
	       struct ramfs_node **nodep, const char **name, unsigned int *len);
int ramfs_charge(struct ramfs *fs, size_t bytes);
void ramfs_uncharge(struct ramfs *fs, size_t bytes);

/* io.c */
int ramfs_resize(struct ramfs_node *node, u64 size);
int ramfs_fill(struct ramfs_node *node, const void *buf, size_t len);
void ramfs_io_init(resmgr_io_funcs_t *io);

/* connect.c */
void ramfs_connect_init(resmgr_connect_funcs_t *connect);

#endif /* _RM_RAMFS_H */
