/* SPDX-License-Identifier: GPL-2.0 */
/*
 * resmgrfs's door: registering the file system type. The rest it does
 * through the core's door, as any front end.
 *
 * Objects and lifetimes (internal.h): a struct resmgrfs_sb per mount
 * (its timeouts; freed with the super block); a struct resmgrfs_inode
 * per inode, which remembers its modes and attributes generations and,
 * while a file is open on it, that file's binding (not a reference: the
 * file's release forgets it first); dentries keep the names generation
 * and how long they hold in d_time and d_fsdata. Every binding resmgrfs
 * opens is the core's, released with resmgr_release() by the file that
 * holds it or right after a combine message.
 */
#ifndef _RESMGR_RESMGRFS_H
#define _RESMGR_RESMGRFS_H

int resmgrfs_init(void);
void resmgrfs_exit(void);

#endif /* _RESMGR_RESMGRFS_H */
