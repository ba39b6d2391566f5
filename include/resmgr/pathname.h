/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QNX pathname-space constants: file types, resmgr_attach() flags and the
 * connect eflag bits. Values are QNX's (sys/ftype.h, sys/resmgr.h,
 * sys/iomsg.h) so that ported sources compare them unchanged.
 */
#ifndef _RESMGR_PATHNAME_H
#define _RESMGR_PATHNAME_H

/* The class of a manager, and of a request (QNX <sys/ftype.h>). */
enum _file_type {
	_FTYPE_MATCHED = -1,
	_FTYPE_ALL = -1,
	_FTYPE_ANY = 0,
	_FTYPE_FILE,
	_FTYPE_LINK,
	_FTYPE_SYMLINK,
	_FTYPE_PIPE,
	_FTYPE_SHMEM,
	_FTYPE_MQUEUE,
	_FTYPE_SOCKET,
	_FTYPE_SEM,
	_FTYPE_PHOTON,
	_FTYPE_DUMPER,
	_FTYPE_MOUNT,
	_FTYPE_NAME,
	_FTYPE_TYMEM,
	_FTYPE_MQ,
};

/* resmgr_attach() flags (QNX <sys/resmgr.h>). */
#define _RESMGR_FLAG_BEFORE	0x0001u	/* resolve before the others here */
#define _RESMGR_FLAG_AFTER	0x0002u	/* resolve after the others here */
#define _RESMGR_FLAG_OPAQUE	0x0004u	/* hide shorter prefixes */
#define _RESMGR_FLAG_FTYPEONLY	0x0008u	/* match only requests of our ftype */
#define _RESMGR_FLAG_FTYPEALL	0x0010u	/* registered as _FTYPE_ALL */
#define _RESMGR_FLAG_DIR	0x0100u	/* directory mountpoint */
#define _RESMGR_FLAG_SELF	0x0200u	/* may resolve to itself */
#define _RESMGR_FLAG_MASK	0x031fu

/* Connect message eflag bits (QNX <sys/iomsg.h>). */
#define _IO_CONNECT_EFLAG_DIR	0x01u	/* path ended in '/' or '.' */
#define _IO_CONNECT_EFLAG_DOT	0x02u	/* path ended in '.' */
#define _IO_CONNECT_EFLAG_DOTDOT 0x04u	/* path ended in '..' */

#endif /* _RESMGR_PATHNAME_H */
