/* SPDX-License-Identifier: GPL-2.0 */
/*
 * resmgrfs private declarations, shared by the files of resmgr/fs/ only.
 *
 * resmgrfs caches what resmgr can tell it is still current (the core's generations):
 * a dentry remembers the names generation it was looked up in, an inode
 * the modes and attributes generations of its attributes, and each
 * stays while its generation is unchanged and every manager that
 * answered is RESMGR_FLAG_CACHEABLE. Answers of other managers stay only for the
 * mount's entry_timeout and attr_timeout (0 by default: each walk asks
 * again; a lookup is a combine open-stat-close). Revalidating a dentry
 * whose modes went stale asks for its attributes again, and so does
 * ->permission for an inode no walk passed (the working directory), so
 * the VFS's checks always see current modes; getattr asks when any
 * attribute may have changed (a write's size, a read's access time).
 * An inode remembers, while a file is open on it, that file's binding,
 * so that fstat() asks the open file rather than the name. The inode of a
 * regular file, FIFO or socket that the manager numbers is found again
 * by (st_dev, st_ino) while in use, so that mappings (mmap.c), pipes
 * and sockets are one per file; the page cache of mapped files is the
 * one cache (see mmap.c for how it agrees with the manager).
 */
#ifndef _RESMGR_FS_INTERNAL_H
#define _RESMGR_FS_INTERNAL_H

#include <linux/fs.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include "../core/core.h"
#include "resmgrfs.h"

#define RESMGRFS_MAGIC		0x52534d47	/* "RSMG" */

/* How long an answer stays: not at all, while its generation holds, or a deadline. */
#define RESMGRFS_NOCACHE	0UL
#define RESMGRFS_FOREVER	1UL

/**
 * struct resmgrfs_asked - when an answer was asked for, to know when it is stale
 * @names: pathmgr_generation() before asking
 * @modes: resmgr_mode_generation() before asking
 * @attrs: resmgr_attr_generation() before asking
 * @uncached: a manager asked is not RESMGR_FLAG_CACHEABLE
 */
struct resmgrfs_asked {
	u64	names;
	u64	modes;
	u64	attrs;
	bool	uncached;
};

/**
 * struct resmgrfs_sb - a mount's options
 * @entry_timeout: seconds a name stays that a manager answered which
 *	does not tell of changes (mount -o entry_timeout=N)
 * @attr_timeout: the same for attributes (attr_timeout=N)
 */
struct resmgrfs_sb {
	unsigned int	entry_timeout;
	unsigned int	attr_timeout;
};

/**
 * struct resmgrfs_inode - a resmgrfs inode
 * @vfs: the VFS inode
 * @lock: protects @st, @fresh, @bind and @bind_users, and is taken to
 *	write @mode_gen, @attr_gen and @attr_expiry (read locklessly)
 * @st: the attributes a manager last replied (or synthesized ones)
 * @mode_gen: the modes generation @st was asked for in: the inode's
 *	mode, owner and link count hold while it does
 * @attr_gen: the attributes generation @st was asked for in: all of @st
 *	holds while it does
 * @attr_expiry: how long @st stays: RESMGRFS_NOCACHE, RESMGRFS_FOREVER
 *	(while @attr_gen holds) or a deadline in jiffies
 * @fresh: @st comes from the lookup of the walk in progress: the next
 *	getattr uses it instead of asking again (once)
 * @dev: the manager's st_dev (with i_ino, what finds a FIFO's inode)
 * @synthetic: no manager serves the path: a directory of the pathname
 *	space, made of the mountpoints below it
 * @bind: a file open on this inode, for fstat(), or NULL
 * @bind_users: getattr calls using @bind
 * @bind_wq: woken when @bind_users drops to 0
 * @map_sem: protects @maps (mmap.c)
 * @maps: the files that mapped this inode (a regular file's)
 */
struct resmgrfs_inode {
	struct inode		vfs;
	spinlock_t		lock;	/* @st, @fresh, @bind, @bind_users, i_size after a write */
	struct stat		st;
	u64			mode_gen;
	u64			attr_gen;
	unsigned long		attr_expiry;
	bool			fresh;
	unsigned long		dev;
	bool			synthetic;
	struct resmgr_binding	*bind;
	unsigned int		bind_users;
	wait_queue_head_t	bind_wq;
	struct rw_semaphore	map_sem;	/* @maps */
	struct list_head	maps;
};

static inline struct resmgrfs_inode *RESMGRFS_I(struct inode *inode)
{
	return container_of(inode, struct resmgrfs_inode, vfs);
}

/* fs.c */
char *resmgrfs_path(struct dentry *dentry, char **bufp);
void resmgrfs_path_free(char *buf);
void resmgrfs_linux_type(struct stat *st);
void resmgrfs_asked_begin(struct resmgrfs_asked *asked);
void resmgrfs_dentry_asked(struct dentry *dentry, const struct resmgrfs_asked *asked);
int resmgrfs_path_stat(const char *path, struct stat *st, bool *synthetic,
		       struct resmgrfs_asked *asked);
struct inode *resmgrfs_inode_new(struct super_block *sb, const struct stat *st,
				 bool synthetic, const struct resmgrfs_asked *asked);
int resmgrfs_instantiate(struct inode *dir, struct dentry *dentry, umode_t mode);
struct dentry *resmgrfs_lookup(struct inode *dir, struct dentry *dentry,
			       unsigned int flags);
void resmgrfs_bind_inode(struct inode *inode, struct resmgr_binding *b);
void resmgrfs_unbind_inode(struct inode *inode, struct resmgr_binding *b);
extern const struct inode_operations resmgrfs_file_iops;
extern const struct inode_operations resmgrfs_symlink_iops;

/* Shared by every resmgrfs inode type (the directory ones in fs_namei.c). */
int resmgrfs_getattr(RESMGR_IDMAP_T *idmap, const struct path *path,
		     struct kstat *stat, u32 request_mask, unsigned int flags);
int resmgrfs_setattr(RESMGR_IDMAP_T *idmap, struct dentry *dentry,
		     struct iattr *attr);
int resmgrfs_permission(RESMGR_IDMAP_T *idmap, struct inode *inode, int mask);

/* fs_namei.c */
extern const struct inode_operations resmgrfs_dir_iops;

/* fs_file.c */
extern const struct file_operations resmgrfs_file_fops;
extern const struct file_operations resmgrfs_dir_fops;
int resmgrfs_open_bound(struct inode *inode, struct file *file);

/* fs_mmap.c */
extern const struct address_space_operations resmgrfs_aops;
int resmgrfs_file_mmap(struct file *file, struct vm_area_struct *vma);
void resmgrfs_map_release(struct inode *inode, struct resmgr_binding *b);
int resmgrfs_cache_before_io(struct inode *inode);
void resmgrfs_cache_after_write(struct inode *inode, struct resmgr_binding *b);

#endif /* _RESMGR_FS_INTERNAL_H */
