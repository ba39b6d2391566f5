/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Directory entries as a manager's io_read on a directory OCB replies
 * them (QNX <dirent.h>). A read of a directory returns as many whole
 * records as fit in msg->i.nbytes, one after another; a record never
 * straddles two reads, and 0 bytes means the end. ocb->offset is the
 * manager's to keep (QNX managers count entries in it); rewinddir()
 * sends lseek(0).
 *
 * resmgrfs turns the records into the caller's getdents64(): it skips
 * "." and ".." (it gives its own), and merges a union's managers, first
 * manager first, each name once.
 */
#ifndef _RESMGR_DIRENT_H
#define _RESMGR_DIRENT_H

#include <linux/align.h>
#include <linux/stddef.h>
#include <linux/types.h>

/**
 * struct dirent - one directory entry in a directory read's reply
 * @d_ino: the file's serial number (st_ino)
 * @d_offset: the manager's position of the entry (informational)
 * @d_reclen: bytes of the whole record: RESMGR_DIRENT_RECLEN(@d_namelen)
 * @d_namelen: strlen(@d_name)
 * @d_name: the name, NUL-terminated, then padding to @d_reclen
 */
struct dirent {
	u64	d_ino;
	s64	d_offset;
	s16	d_reclen;
	s16	d_namelen;
	char	d_name[];
};

/* The record length for a name of @namelen bytes: 8-byte aligned. */
#define RESMGR_DIRENT_RECLEN(namelen) \
	ALIGN(offsetof(struct dirent, d_name) + (namelen) + 1, 8)

#endif /* _RESMGR_DIRENT_H */
