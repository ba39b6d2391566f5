/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The resmgrfs mount the selftests share: the whole pathname space at
 * /mnt/rmfs, mounted by the first program that needs it and left for the
 * next (the guest unmounts it at the end).
 */
#ifndef _RESMGR_SELFTEST_RESMGRFS_MOUNT_H
#define _RESMGR_SELFTEST_RESMGRFS_MOUNT_H

#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>

#define MNT	"/mnt/rmfs"

static inline void ensure_mounted(void)
{
	struct stat st;

	mkdir("/mnt", 0755);
	mkdir(MNT, 0755);
	if (stat(MNT "/ramfs", &st) && mount("none", MNT, "resmgrfs", 0, NULL))
		perror("mount resmgrfs");
}

#endif /* _RESMGR_SELFTEST_RESMGRFS_MOUNT_H */
