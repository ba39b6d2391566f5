/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QNX I/O messages (<sys/iomsg.h>): the message types and layouts that
 * connect and I/O handlers receive. Layouts follow QNX so that handler
 * code reads msg->i.nbytes, msg->connect.path and so on unchanged.
 * Values that are Linux's own (O_* flags, errno, S_IF*, uid/gid) are
 * Linux's: msg->connect.ioflag & O_APPEND tests the Linux O_APPEND.
 */
#ifndef _RESMGR_IOMSG_H
#define _RESMGR_IOMSG_H

#include <linux/limits.h>
#include <linux/signal.h>
#include <linux/types.h>
#include <linux/uio.h>
#include <asm/stat.h>
#include <resmgr/pathname.h>

/* Message types (msg->type); the I/O table slot is type - _IO_READ. */
#define _IO_BASE		0x100
#define _IO_CONNECT		0x100
#define _IO_READ		0x101
#define _IO_WRITE		0x102
#define _IO_RSVD_CLOSE_OCB	0x103
#define _IO_STAT		0x104
#define _IO_NOTIFY		0x105
#define _IO_DEVCTL		0x106
#define _IO_RSVD_UNBLOCK	0x107
#define _IO_PATHCONF		0x108
#define _IO_LSEEK		0x109
#define _IO_CHMOD		0x10a
#define _IO_CHOWN		0x10b
#define _IO_UTIME		0x10c
#define _IO_OPENFD		0x10d
#define _IO_FDINFO		0x10e
#define _IO_LOCK		0x10f
#define _IO_SPACE		0x110
#define _IO_SHUTDOWN		0x111
#define _IO_MMAP		0x112
#define _IO_MSG			0x113
#define _IO_RSVD		0x114
#define _IO_DUP			0x115
#define _IO_CLOSE		0x116
#define _IO_RSVD_LOCK_OCB	0x117
#define _IO_RSVD_UNLOCK_OCB	0x118
#define _IO_SYNC		0x119
#define _IO_POWER		0x11a
#define _IO_ACL			0x11b
#define _IO_PAUSE		0x11c
#define _IO_UNPAUSE		0x11d
#define _IO_READ64		0x11e
#define _IO_WRITE64		0x11f
#define _IO_NOTIFY64		0x120
#define _IO_UTIME64		0x121
#define _IO_MAX			0x1ff

/* Connect subtypes; the connect table slot is subtype - _IO_CONNECT_OPEN. */
#define _IO_CONNECT_COMBINE		0
#define _IO_CONNECT_COMBINE_CLOSE	1
#define _IO_CONNECT_OPEN		2
#define _IO_CONNECT_UNLINK		3
#define _IO_CONNECT_RENAME		4
#define _IO_CONNECT_MKNOD		5
#define _IO_CONNECT_READLINK		6
#define _IO_CONNECT_LINK		7
#define _IO_CONNECT_RSVD_UNBLOCK	8
#define _IO_CONNECT_MOUNT		9

/* Access bits in ioflag: the open access mode plus one. */
#define _IO_FLAG_RD		0x00000001u
#define _IO_FLAG_WR		0x00000002u
#define _IO_FLAG_MASK		0x00000003u

/*
 * Connect reply status flag (_IO_SET_CONNECT_RET()) and what it says: a
 * redirect or a symbolic link (the path in struct _io_connect_link_reply),
 * or QNX's other answers, which resmgr does not follow. The flag is
 * QNX's; the kinds' values are this project's.
 */
#define _IO_CONNECT_RET_FLAG	0x80000000u
#define _IO_CONNECT_RET_LINK	0x00000001u
#define _IO_CONNECT_RET_FTYPE	0x00000002u
#define _IO_CONNECT_RET_MSG	0x00000003u
#define _IO_CONNECT_RET_TYPE_MASK 0x0000000fu

/* Extended types of read and write. */
#define _IO_XTYPE_NONE		0x00000000u
#define _IO_XTYPE_READCOND	0x00000001u
#define _IO_XTYPE_MQUEUE	0x00000002u
#define _IO_XTYPE_TCPIP		0x00000003u
#define _IO_XTYPE_TCPIP_MSG	0x00000004u
#define _IO_XTYPE_OFFSET	0x00000005u
#define _IO_XTYPE_REGISTRY	0x00000006u
#define _IO_XTYPE_MASK		0x000000ffu
#define _IO_XFLAG_DIR_EXTRA_HINT 0x00000100u
#define _IO_XFLAG_NONBLOCK	0x00004000u
#define _IO_XFLAG_BLOCK		0x00008000u

/* Share flags (QNX <share.h>); Linux opens always send SH_COMPAT. */
#define SH_COMPAT	0x0000
#define SH_DENYRW	0x0010
#define SH_DENYWR	0x0020
#define SH_DENYRD	0x0030
#define SH_DENYNO	0x0040

/* Follows the header of a read or write whose xtype is _IO_XTYPE_OFFSET. */
struct _xtype_offset {
	s64	offset;
};

/* ---- connect messages ---- */

struct _io_connect {
	u16	type;		/* _IO_CONNECT */
	u16	subtype;	/* _IO_CONNECT_* */
	u32	file_type;	/* _FTYPE_* of the request */
	u16	reply_max;
	u16	entry_max;
	u32	key;
	u32	handle;
	u32	ioflag;		/* Linux O_* flags, access mode + 1 */
	u32	mode;		/* S_IF* and permissions, umask applied */
	u16	sflag;		/* SH_* */
	u16	access;		/* _IO_FLAG_RD/_WR wanted */
	u16	zero;
	u16	path_len;	/* strlen(path) + 1 */
	u8	eflag;		/* _IO_CONNECT_EFLAG_* */
	u8	extra_type;
	u16	extra_len;
	char	path[];		/* below the mountpoint, no leading '/' */
};

struct _io_connect_link_reply {
	u32	reserved1;
	u32	file_type;
	u8	eflag;
	u8	reserved2[1];
	u16	chroot_len;
	u32	umask;
	u16	nentries;
	u16	path_len;
};

struct _io_connect_ftype_reply {
	u16	status;
	u16	reserved;
	u32	file_type;
};

typedef union {
	struct _io_connect		connect;
	struct _io_connect_link_reply	link_reply;
	struct _io_connect_ftype_reply	ftype_reply;
} io_open_t, io_unlink_t, io_rename_t, io_mknod_t, io_readlink_t,
	io_link_t, io_mount_t;

/* msg->connect.extra_type: what the handler's extra argument holds. */
#define _IO_CONNECT_EXTRA_NONE		0
#define _IO_CONNECT_EXTRA_LINK		1	/* io_link_extra_t.ocb */
#define _IO_CONNECT_EXTRA_SYMLINK	2	/* io_link_extra_t.path */
#define _IO_CONNECT_EXTRA_RENAME	9	/* io_rename_extra_t.path */

/**
 * union _io_rename_extra - what a rename handler gets besides the new name
 * @path: the old name, below the same mountpoint as msg->connect.path
 *	(no leading '/'), NUL-terminated
 */
typedef union _io_rename_extra {
	char	path[PATH_MAX];
} io_rename_extra_t;

/**
 * union _io_link_extra - what a link handler gets besides the new name
 * @ocb: _IO_CONNECT_EXTRA_LINK (a hard link): the OCB of the existing
 *	file, opened on this same manager
 * @path: _IO_CONNECT_EXTRA_SYMLINK: the symlink's target, as given
 */
typedef union _io_link_extra {
	void	*ocb;
	char	path[PATH_MAX];
} io_link_extra_t;

typedef struct _io_mount_extra {
	u32	flags;
	u32	nbytes;
	u32	datalen;
	u32	zero[1];
	union {
		struct {
			void		*ocb;
			void		*data;
			const char	*type;
			const char	*special;
			void		*zero[4];
		} srv;
	} extra;
} io_mount_extra_t;

/* ---- I/O messages ---- */

struct _io_read {
	u16	type;
	u16	combine_len;
	s32	nbytes;
	u32	xtype;
	u32	zero;
};

typedef union {
	struct _io_read	i;
} io_read_t;

struct _io_write {
	u16	type;
	u16	combine_len;
	s32	nbytes;
	u32	xtype;
	u32	zero;
	/*
	 * The data follows: as much as the receive buffer holds
	 * (ctp->info.msglen), all of it through resmgr_msgread().
	 */
};

typedef union {
	struct _io_write i;
} io_write_t;

struct _io_lseek {
	u16	type;
	u16	combine_len;
	s16	whence;
	u16	zero;
	u64	offset;
};

typedef union {
	struct _io_lseek i;
	u64		 o;
} io_lseek_t;

struct _io_close {
	u16	type;
	u16	combine_len;
};

typedef union {
	struct _io_close i;
} io_close_t;

struct _io_dup {
	u16	type;
	u16	combine_len;
	u32	reserved;
	u32	key;
	u32	zero;
};

typedef union {
	struct _io_dup	i;
} io_dup_t;

struct _io_stat {
	u16	type;
	u16	combine_len;
	u32	zero;
};

typedef union {
	struct _io_stat	i;
	struct stat	o;
} io_stat_t;

struct _io_devctl {
	u16	type;
	u16	combine_len;
	s32	dcmd;
	s32	nbytes;
	s32	zero;
};

struct _io_devctl_reply {
	u32	zero;
	s32	ret_val;
	s32	nbytes;
	s32	zero2;
};

typedef union {
	struct _io_devctl	i;
	struct _io_devctl_reply	o;
} io_devctl_t;

/* Notification actions and conditions (QNX <sys/iomgr.h>). */
#define _NOTIFY_ACTION_TRANARM	0
#define _NOTIFY_ACTION_CONDARM	1
#define _NOTIFY_ACTION_POLL	2
#define _NOTIFY_ACTION_POLLARM	3
#define _NOTIFY_COND_MASK	0xf0000000u
#define _NOTIFY_COND_INPUT	0x10000000u
#define _NOTIFY_COND_OUTPUT	0x20000000u
#define _NOTIFY_COND_OBAND	0x40000000u
#define _NOTIFY_COND_EXTEN	0x80000000u
#define _NOTIFY_CONDE_RDNORM	0x00000001u
#define _NOTIFY_CONDE_WRNORM	0x00000002u
#define _NOTIFY_CONDE_RDBAND	0x00000004u
#define _NOTIFY_CONDE_PRI	0x00000008u
#define _NOTIFY_CONDE_WRBAND	0x00000010u
#define _NOTIFY_CONDE_ERR	0x00000020u
#define _NOTIFY_CONDE_HUP	0x00000040u
#define _NOTIFY_CONDE_NVAL	0x00001000u
#define _NOTIFY_MAXCOND		15

/*
 * The event a notification delivers is Linux's struct sigevent. resmgr
 * fills it in: sigev_value.sival_int names the waiting file, and
 * MsgDeliverEvent() wakes its pollers.
 */
struct _io_notify {
	u16		type;
	u16		combine_len;
	s32		action;
	s32		flags;
	struct sigevent	event;
};

struct _io_notify_reply {
	u32	zero;
	u32	flags;
};

typedef union {
	struct _io_notify	i;
	struct _io_notify_reply	o;
} io_notify_t;

struct _io_pulse {
	u16	type;
	u16	subtype;
	s8	code;
	u8	zero[3];
	s32	value;
	s32	scoid;
};

typedef union {
	struct _io_pulse i;
} io_pulse_t;

struct _io_pathconf {
	u16	type;
	u16	combine_len;
	s16	name;
	u16	zero;
};

typedef union {
	struct _io_pathconf i;
} io_pathconf_t;

struct _io_chmod {
	u16	type;
	u16	combine_len;
	u32	mode;
};

typedef union {
	struct _io_chmod i;
} io_chmod_t;

struct _io_chown {
	u16	type;
	u16	combine_len;
	s32	gid;
	s32	uid;
};

typedef union {
	struct _io_chown i;
} io_chown_t;

/*
 * utime(): _IO_UTIME carries seconds in 32 bits, as QNX's; _IO_UTIME64
 * (QNX 7 and later) carries 64-bit seconds and nanoseconds. One handler
 * may serve both: it tells them apart by msg->i.type. cur_flag means
 * "both to now"; a time of zero is the epoch (QNX: now), so that every
 * time Linux can set can be set.
 */
struct __utimbuf32 {
	u32	actime;
	u32	modtime;
};

struct _io_utime {
	u16			type;
	u16			combine_len;
	s32			cur_flag;
	struct __utimbuf32	times;
};

struct _io_utime64 {
	u16	type;
	u16	combine_len;
	s32	cur_flag;
	s64	atime_s;
	s64	atime_ns;
	s64	mtime_s;
	s64	mtime_ns;
};

typedef union {
	struct _io_utime	i;
	struct _io_utime64	i64;
} io_utime_t;

struct _io_openfd {
	u16	type;
	u16	combine_len;
	u32	ioflag;
	u16	sflag;
	u16	reserved1;
	u32	xtype;
};

typedef union {
	struct _io_openfd i;
} io_openfd_t;

struct _io_fdinfo {
	u16	type;
	u16	combine_len;
	u32	flags;
	s32	path_len;
	u32	reserved;
};

/* struct _fdinfo.flags */
#define _FDINFO_FLAG_LOCALPATH	0x00000001u
#define _FDINFO_LOCKS		0x00000002u
#define _FDINFO_MMAPS		0x00000004u

/**
 * struct _fdinfo - what iofunc_fdinfo_default() replies
 * @mode: the attr's mode
 * @ioflag: the OCB's ioflag
 * @offset: the OCB's offset
 * @size: the attr's size
 * @flags: _FDINFO_*
 * @sflag: share flags
 * @count: opens
 * @rcount: opens for reading
 * @wcount: opens for writing
 * @rlocks: share-deny readers
 * @wlocks: share-deny writers
 * @zero: zero
 */
struct _fdinfo {
	u32	mode;
	u32	ioflag;
	u64	offset;
	u64	size;
	u32	flags;
	u16	sflag;
	u16	count;
	u16	rcount;
	u16	wcount;
	u16	rlocks;
	u16	wlocks;
	u32	zero[6];
};

/**
 * struct _io_fdinfo_reply - the fdinfo reply; the path follows it
 * @zero: zero
 * @info: the file
 */
struct _io_fdinfo_reply {
	u32		zero[2];
	struct _fdinfo	info;
};

typedef union {
	struct _io_fdinfo	i;
	struct _io_fdinfo_reply	o;
} io_fdinfo_t;

/*
 * The lock request (struct flock64, whence SEEK_SET) follows the 12-byte
 * header at once, as in QNX, so it may be unaligned: copy it out.
 */
struct _io_lock {
	u16	type;
	u16	combine_len;
	u32	subtype;	/* F_GETLK, F_SETLK, F_SETLKW */
	s32	nbytes;
};

typedef union {
	struct _io_lock	i;
} io_lock_t;

/*
 * io_space subtypes. F_FREESP with len 0 sets the size to msg->i.start
 * (the rest of the file is freed; a larger start grows it): ftruncate()
 * and truncate() send it. F_FREESP with len > 0 frees [start, start +
 * len) and keeps the size: the range reads as zeros (fallocate()'s
 * PUNCH_HOLE). F_ALLOCSP allocates [start, start + len), growing the
 * size to cover it (fallocate() mode 0). The reply is the new size
 * (msg->o). Offsets are 64-bit on Linux, so the *64 forms are the same
 * requests.
 */
#ifndef F_ALLOCSP
#define F_ALLOCSP	10
#define F_FREESP	11
#endif
#define F_ALLOCSP64	F_ALLOCSP
#define F_FREESP64	F_FREESP

struct _io_space {
	u16	type;
	u16	combine_len;
	u16	subtype;
	s16	whence;
	u64	start;
	u64	len;
};

typedef union {
	struct _io_space i;
	u64		 o;
} io_space_t;

struct _io_shutdown {
	u16	type;
	u16	combine_len;
};

typedef union {
	struct _io_shutdown i;
} io_shutdown_t;

struct _io_mmap {
	u16	type;
	u16	combine_len;
	u32	prot;
	u64	offset;
	u32	required_prot;
	u32	zero[5];
};

typedef union {
	struct _io_mmap	i;
} io_mmap_t;

struct _io_msg {
	u16	type;
	u16	combine_len;
	u16	mgrid;
	u16	subtype;
};

typedef union {
	struct _io_msg	i;
} io_msg_t;

struct _io_sync {
	u16	type;
	u16	combine_len;
	u32	flag;
};

typedef union {
	struct _io_sync	i;
} io_sync_t;

struct _io_power {
	u16	type;
	u16	combine_len;
	u32	subtype;
	u32	zero[2];
};

typedef union {
	struct _io_power i;
} io_power_t;

struct _io_acl {
	u16	type;
	u16	combine_len;
	u32	subtype;
	u32	zero[2];
};

typedef union {
	struct _io_acl	i;
} io_acl_t;

#endif /* _RESMGR_IOMSG_H */
