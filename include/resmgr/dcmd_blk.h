/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QNX <sys/dcmd_blk.h>: the file-system devctl commands a file-system
 * manager answers, and struct statvfs as DCMD_FSYS_STATVFS carries it.
 *
 * resmgrfs sends DCMD_FSYS_STATVFS for statfs()/statvfs() on any of its
 * paths; a manager that does not answer it (ENOSYS) gets a statfs with
 * no block counts. The fields are 64-bit here in every build, so the
 * message is the same for every caller (QNX's __msg_statvfs has the
 * same purpose).
 */
#ifndef _RESMGR_DCMD_BLK_H
#define _RESMGR_DCMD_BLK_H

#include <linux/types.h>
#include <resmgr/devctl.h>

/* f_flag bits (the same values as Linux's ST_*). */
#ifndef ST_RDONLY
#define ST_RDONLY	0x0001
#define ST_NOSUID	0x0002
#endif

/**
 * struct statvfs - what a file system reports of itself
 * @f_bsize: preferred I/O size
 * @f_frsize: the unit of the block counts
 * @f_blocks: size, in @f_frsize units
 * @f_bfree: free blocks
 * @f_bavail: free blocks an unprivileged caller may use
 * @f_files: file serial numbers (inodes) in all
 * @f_ffree: free ones
 * @f_favail: free ones an unprivileged caller may use
 * @f_fsid: file-system id
 * @f_basetype: type name, NUL-terminated
 * @f_flag: ST_* flags
 * @f_namemax: longest name
 * @f_filler: zero
 */
struct statvfs {
	u64	f_bsize;
	u64	f_frsize;
	u64	f_blocks;
	u64	f_bfree;
	u64	f_bavail;
	u64	f_files;
	u64	f_ffree;
	u64	f_favail;
	u64	f_fsid;
	char	f_basetype[16];
	u64	f_flag;
	u64	f_namemax;
	u64	f_filler[4];
};

/* QNX 7's name for the message form, and its copy helper. */
#define __msg_statvfs	statvfs
#define __msg_statvfs_init(_msg, _st)	((void)(*(_msg) = *(_st)))
#define __msg_statvfs_copy(_st, _msg)	((void)(*(_st) = *(_msg)))

#define DCMD_FSYS_STATVFS	__DIOF(_DCMD_FSYS, 13, struct statvfs)

#endif /* _RESMGR_DCMD_BLK_H */
