/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The iofunc POSIX layer (QNX <sys/iofunc.h>): the attribute, OCB and
 * mount structures and the default handlers.
 *
 * To extend the attr or the OCB, define IOFUNC_ATTR_T and/or IOFUNC_OCB_T
 * before including this header, with the iofunc structure as the first
 * member of yours; that also sets RESMGR_HANDLE_T and RESMGR_OCB_T. A
 * custom OCB needs a mount whose funcs allocate and free it.
 *
 * Owners are kuid_t/kgid_t, so user namespaces map correctly; access is
 * decided against the caller's Linux credentials and capabilities.
 */
#ifndef _RESMGR_IOFUNC_H
#define _RESMGR_IOFUNC_H

/* The O_* flags iofunc_read_verify()'s nonblock and the open modes use. */
#include <linux/fcntl.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/stat.h>
#include <linux/types.h>
#include <linux/uidgid.h>

struct _iofunc_attr;
struct _iofunc_ocb;

#ifndef IOFUNC_ATTR_T
#define IOFUNC_ATTR_T	struct _iofunc_attr
#endif
#ifndef RESMGR_HANDLE_T
#define RESMGR_HANDLE_T	IOFUNC_ATTR_T
#endif
#ifndef IOFUNC_OCB_T
#define IOFUNC_OCB_T	struct _iofunc_ocb
#endif
#ifndef RESMGR_OCB_T
#define RESMGR_OCB_T	IOFUNC_OCB_T
#endif

#include <resmgr/resmgr.h>
#include <resmgr/devctl.h>
#include <resmgr/neutrino.h>

/* QNX's S_IFNAM: a name special file. */
#ifndef S_IFNAM
#define S_IFNAM		0050000
#endif
#ifndef S_ISNAM
#define S_ISNAM(m)	(((m) & S_IFMT) == S_IFNAM)
#endif
/* QNX's mask of the permission bits. */
#ifndef S_IPERMS
#define S_IPERMS	0000777
#endif

/* Permission bits QNX code uses for iofunc_check_access(). */
#ifndef S_IREAD
#define S_IREAD		0400
#define S_IWRITE	0200
#define S_IEXEC		0100
#endif

/* attr->flags: times to set to now, then what is dirty. */
#define IOFUNC_ATTR_MTIME	0x00000001u
#define IOFUNC_ATTR_ATIME	0x00000002u
#define IOFUNC_ATTR_CTIME	0x00000004u
#define IOFUNC_ATTR_DIRTY_MASK	0x00000ff0u
#define IOFUNC_ATTR_DIRTY_SIZE	0x00000010u
#define IOFUNC_ATTR_DIRTY_OWNER	0x00000020u
#define IOFUNC_ATTR_DIRTY_TIME	0x00000040u
#define IOFUNC_ATTR_DIRTY_MODE	0x00000080u
#define IOFUNC_ATTR_DIRTY_NLINK	0x00000100u
#define IOFUNC_ATTR_DIRTY_RDEV	0x00000200u
#define IOFUNC_ATTR_SYNTHETIC	0x00008000u
#define IOFUNC_ATTR_PRIVATE	0xffff0000u

/* mount->flags (the _MOUNT_* / ST_* bits) and mount->conf. */
#define _MOUNT_READONLY		0x00000001u
#define _MOUNT_NOEXEC		0x00000002u
#define _MOUNT_NOSUID		0x00000004u
#define _MOUNT_NOCREAT		0x00000008u
#define _MOUNT_OFF32		0x00000010u
#define _MOUNT_NOATIME		0x00000020u
#define IOFUNC_MOUNT_FLAGS	0x000000ffu
#define IOFUNC_MOUNT_32BIT	0x00000100u
#define IOFUNC_MOUNT_FLAGS_PRIVATE 0xfffff000u
#define IOFUNC_PC_CHOWN_RESTRICTED 0x00000001u
#define IOFUNC_PC_NO_TRUNC	0x00000002u
#define IOFUNC_PC_SYNC_IO	0x00000004u
#define IOFUNC_PC_LINK_DIR	0x00000008u

/* ocb->flags */
#define IOFUNC_OCB_PRIVILEGED	0x00000001u
#define IOFUNC_OCB_MMAP		0x00000002u
#define IOFUNC_OCB_FLAGS_PRIVATE 0x0000f000u

/* iofunc_ocb_detach() result */
#define IOFUNC_OCB_LAST_INUSE	0x0001
#define IOFUNC_OCB_LAST_READER	0x0002
#define IOFUNC_OCB_LAST_WRITER	0x0004
#define IOFUNC_OCB_LAST_RDLOCK	0x0008
#define IOFUNC_OCB_LAST_WRLOCK	0x0010

/**
 * struct _iofunc_funcs - a mount's overrides (iofunc_funcs_t)
 * @nfuncs: _IOFUNC_NFUNCS
 * @ocb_calloc: allocate an OCB for @attr (extended OCBs)
 * @ocb_free: free it
 * @attr_lock: replace iofunc_attr_lock()
 * @attr_unlock: replace iofunc_attr_unlock()
 * @attr_trylock: replace iofunc_attr_trylock()
 */
typedef struct _iofunc_funcs {
	unsigned int nfuncs;

	IOFUNC_OCB_T *(*ocb_calloc)(resmgr_context_t *ctp, IOFUNC_ATTR_T *attr);
	void (*ocb_free)(IOFUNC_OCB_T *ocb);
	int (*attr_lock)(IOFUNC_ATTR_T *attr);
	int (*attr_unlock)(IOFUNC_ATTR_T *attr);
	int (*attr_trylock)(IOFUNC_ATTR_T *attr);
} iofunc_funcs_t;

#define _IOFUNC_NFUNCS \
	((sizeof(iofunc_funcs_t) - sizeof(unsigned int)) / sizeof(void *))

/**
 * struct _iofunc_mount - per file system data (iofunc_mount_t)
 * @flags: _MOUNT_* and IOFUNC_MOUNT_* bits
 * @conf: IOFUNC_PC_* bits
 * @dev: st_dev of everything below
 * @blocksize: st_blksize
 * @funcs: overrides, or NULL
 * @power: unused
 */
typedef struct _iofunc_mount {
	u32		flags;
	u32		conf;
	dev_t		dev;
	s32		blocksize;
	iofunc_funcs_t	*funcs;
	void		*power;
} iofunc_mount_t;

/**
 * struct _iofunc_attr - per resource data (iofunc_attr_t)
 * @mount: the mount, or NULL
 * @flags: IOFUNC_ATTR_* bits
 * @lock_owner: task holding @lock (recursive attr lock)
 * @lock_count: its recursion depth
 * @lock: the attr lock
 * @count: opens
 * @rcount: opens for reading
 * @wcount: opens for writing
 * @rlocks: share-deny readers
 * @wlocks: share-deny writers
 * @mmap_list: unused until mmap support
 * @lock_list: unused until byte-range locks
 * @list: for directory managers
 * @list_size: for directory managers
 * @nbytes: size
 * @inode: serial number
 * @uid: owner
 * @gid: group
 * @mtime: modification time (seconds)
 * @atime: access time (seconds)
 * @ctime: change time (seconds)
 * @mtime_ns: nanoseconds of @mtime
 * @atime_ns: nanoseconds of @atime
 * @ctime_ns: nanoseconds of @ctime
 * @mode: S_IF* and permissions
 * @nlink: links
 * @rdev: device number
 */
typedef struct _iofunc_attr {
	iofunc_mount_t		*mount;
	u32			flags;
	struct task_struct	*lock_owner;
	unsigned int		lock_count;
	struct mutex		lock;		/* see iofunc_attr_lock() */
	u32			count;
	u32			rcount;
	u32			wcount;
	u32			rlocks;
	u32			wlocks;
	void			*mmap_list;
	void			*lock_list;
	void			*list;
	u32			list_size;
	s64			nbytes;
	u64			inode;
	kuid_t			uid;
	kgid_t			gid;
	s64			mtime;
	s64			atime;
	s64			ctime;
	u32			mtime_ns;
	u32			atime_ns;
	u32			ctime_ns;
	umode_t			mode;
	u32			nlink;
	dev_t			rdev;
} iofunc_attr_t;

/**
 * struct _iofunc_ocb - per open data (iofunc_ocb_t)
 * @attr: the resource
 * @ioflag: open flags, access mode + 1 (_IO_FLAG_RD/_WR)
 * @offset: the file offset
 * @sflag: share flags (SH_*)
 * @flags: IOFUNC_OCB_* bits
 * @reserved: zero
 */
typedef struct _iofunc_ocb {
	IOFUNC_ATTR_T	*attr;
	u32		ioflag;
	s64		offset;
	u16		sflag;
	u16		flags;
	void		*reserved;
} iofunc_ocb_t;

/**
 * struct _client_info - the client of a message (iofunc_client_info())
 * @nd: node (0)
 * @pid: process id
 * @sid: session id
 * @flags: unused
 * @cred: credentials, Linux's kuid_t/kgid_t (fs ids as effective)
 */
struct _client_info {
	u32	nd;
	pid_t	pid;
	pid_t	sid;
	u32	flags;
	struct _cred_info {
		kuid_t	ruid;
		kuid_t	euid;
		kuid_t	suid;
		kgid_t	rgid;
		kgid_t	egid;
		kgid_t	sgid;
		u32	ngroups;
	} cred;
};

/*
 * pathconf names: glibc's values where Linux has the name, QNX's own
 * above. In user space <unistd.h> has the first ones already.
 */
#if defined(__KERNEL__) || !defined(_PC_LINK_MAX)
#define _PC_LINK_MAX		0
#define _PC_MAX_CANON		1
#define _PC_MAX_INPUT		2
#define _PC_NAME_MAX		3
#define _PC_PATH_MAX		4
#define _PC_PIPE_BUF		5
#define _PC_CHOWN_RESTRICTED	6
#define _PC_NO_TRUNC		7
#define _PC_VDISABLE		8
#define _PC_SYNC_IO		9
#define _PC_ASYNC_IO		10
#define _PC_PRIO_IO		11
#endif
#define _PC_LINK_DIR		100
#define _PC_SYMLOOP_MAX		101

/* _io_openfd xtype */
#define _IO_OPENFD_NONE		0

/**
 * struct _iofunc_notify_event - one armed notification (iofunc_notify_event_t)
 * @next: the next in the list
 * @rcvid: the arming message's receive id
 * @scoid: the client's server connection id
 * @coid: the client's connection id (on Linux: the file)
 * @cnt: fire when the count reaches this
 * @event: what to deliver
 */
typedef struct _iofunc_notify_event {
	struct _iofunc_notify_event	*next;
	int				rcvid;
	int				scoid;
	int				coid;
	int				cnt;
	struct sigevent			event;
} iofunc_notify_event_t;

/**
 * struct _iofunc_notify - the armed notifications of one condition
 * @cnt: the lowest threshold armed
 * @list: the armed entries
 *
 * A resource keeps an array of three (IOFUNC_NOTIFY_INPUT, _OUTPUT,
 * _OBAND), guarded by its attr lock.
 */
typedef struct _iofunc_notify {
	int			cnt;
	iofunc_notify_event_t	*list;
} iofunc_notify_t;

#define IOFUNC_NOTIFY_INPUT	0
#define IOFUNC_NOTIFY_OUTPUT	1
#define IOFUNC_NOTIFY_OBAND	2

#define IOFUNC_NOTIFY_INIT(_nop)	memset((_nop), 0, 3 * sizeof(iofunc_notify_t))

/* Should a change of the count to @cnt (or a transition) fire these? */
#define IOFUNC_NOTIFY_INPUT_CHECK(_nop, _cnt, _tran)			\
	((_nop)[IOFUNC_NOTIFY_INPUT].list &&				\
	 ((_cnt) >= (_nop)[IOFUNC_NOTIFY_INPUT].cnt || (_tran)))
#define IOFUNC_NOTIFY_OUTPUT_CHECK(_nop, _cnt)				\
	((_nop)[IOFUNC_NOTIFY_OUTPUT].list &&				\
	 (_cnt) >= (_nop)[IOFUNC_NOTIFY_OUTPUT].cnt)
#define IOFUNC_NOTIFY_OBAND_CHECK(_nop, _cnt)				\
	((_nop)[IOFUNC_NOTIFY_OBAND].list &&				\
	 (_cnt) >= (_nop)[IOFUNC_NOTIFY_OBAND].cnt)

int iofunc_notify(resmgr_context_t *ctp, io_notify_t *msg, iofunc_notify_t *nop,
		  int trig, const int *notifycnts, int *armed);
void iofunc_notify_trigger(iofunc_notify_t *nop, int cnt, int index);
void iofunc_notify_remove(resmgr_context_t *ctp, iofunc_notify_t *nop);

IOFUNC_OCB_T *iofunc_ocb_calloc(resmgr_context_t *ctp, IOFUNC_ATTR_T *attr);
void iofunc_ocb_free(IOFUNC_OCB_T *ocb);
void iofunc_func_init(unsigned int nconnect, resmgr_connect_funcs_t *connect,
		      unsigned int nio, resmgr_io_funcs_t *io);
void __iofunc_attr_init(IOFUNC_ATTR_T *attr, mode_t mode,
			IOFUNC_ATTR_T *dattr, struct _client_info *info,
			struct lock_class_key *key);

/*
 * iofunc_attr_init() - QNX's call. A macro, as mutex_init() is, so that
 * the attr locks initialised at one place share a lockdep class and
 * those from different places do not: a handler holding its attr may
 * then lock another kind of attr (a detach closing other files).
 */
#define iofunc_attr_init(attr, mode, dattr, info)			\
	do {								\
		static struct lock_class_key __iofunc_attr_key;		\
									\
		__iofunc_attr_init((attr), (mode), (dattr), (info),	\
				   &__iofunc_attr_key);			\
	} while (0)
int iofunc_client_info(resmgr_context_t *ctp, int ioflag,
		       struct _client_info *info);
int iofunc_check_access(resmgr_context_t *ctp, const IOFUNC_ATTR_T *attr,
			mode_t check, const struct _client_info *info);

int iofunc_attr_lock(IOFUNC_ATTR_T *attr);
int iofunc_attr_unlock(IOFUNC_ATTR_T *attr);
int iofunc_attr_trylock(IOFUNC_ATTR_T *attr);

int iofunc_open(resmgr_context_t *ctp, io_open_t *msg, IOFUNC_ATTR_T *attr,
		IOFUNC_ATTR_T *dattr, struct _client_info *info);
int iofunc_ocb_attach(resmgr_context_t *ctp, io_open_t *msg,
		      IOFUNC_OCB_T *ocb, IOFUNC_ATTR_T *attr,
		      const resmgr_io_funcs_t *io_funcs);
int iofunc_ocb_detach(resmgr_context_t *ctp, IOFUNC_OCB_T *ocb);
int iofunc_read_verify(resmgr_context_t *ctp, io_read_t *msg,
		       IOFUNC_OCB_T *ocb, int *nonblock);
int iofunc_write_verify(resmgr_context_t *ctp, io_write_t *msg,
			IOFUNC_OCB_T *ocb, int *nonblock);
int iofunc_time_update(IOFUNC_ATTR_T *attr);

int iofunc_unlink(resmgr_context_t *ctp, io_unlink_t *msg, IOFUNC_ATTR_T *attr,
		  IOFUNC_ATTR_T *dattr, struct _client_info *info);
int iofunc_link(resmgr_context_t *ctp, io_link_t *msg, IOFUNC_ATTR_T *attr,
		IOFUNC_ATTR_T *dattr, struct _client_info *info);
int iofunc_mknod(resmgr_context_t *ctp, io_mknod_t *msg, IOFUNC_ATTR_T *attr,
		 IOFUNC_ATTR_T *dattr, struct _client_info *info);
int iofunc_rename(resmgr_context_t *ctp, io_rename_t *msg,
		  IOFUNC_ATTR_T *oldattr, IOFUNC_ATTR_T *olddattr,
		  IOFUNC_ATTR_T *newattr, IOFUNC_ATTR_T *newdattr,
		  struct _client_info *info);
int iofunc_readlink(resmgr_context_t *ctp, io_readlink_t *msg,
		    IOFUNC_ATTR_T *attr, struct _client_info *info);

int iofunc_open_default(resmgr_context_t *ctp, io_open_t *msg,
			IOFUNC_ATTR_T *attr, void *extra);
int iofunc_read_default(resmgr_context_t *ctp, io_read_t *msg,
			IOFUNC_OCB_T *ocb);
int iofunc_write_default(resmgr_context_t *ctp, io_write_t *msg,
			 IOFUNC_OCB_T *ocb);
int iofunc_lseek_default(resmgr_context_t *ctp, io_lseek_t *msg,
			 IOFUNC_OCB_T *ocb);
int iofunc_close_ocb_default(resmgr_context_t *ctp, void *reserved,
			     IOFUNC_OCB_T *ocb);
int iofunc_close_dup_default(resmgr_context_t *ctp, io_close_t *msg,
			     IOFUNC_OCB_T *ocb);
int iofunc_lock_ocb_default(resmgr_context_t *ctp, void *reserved,
			    IOFUNC_OCB_T *ocb);
int iofunc_unlock_ocb_default(resmgr_context_t *ctp, void *reserved,
			      IOFUNC_OCB_T *ocb);

int iofunc_stat(resmgr_context_t *ctp, IOFUNC_ATTR_T *attr, struct stat *stat);
int iofunc_stat_default(resmgr_context_t *ctp, io_stat_t *msg,
			IOFUNC_OCB_T *ocb);
int iofunc_chmod(resmgr_context_t *ctp, io_chmod_t *msg, IOFUNC_OCB_T *ocb,
		 IOFUNC_ATTR_T *attr);
int iofunc_chmod_default(resmgr_context_t *ctp, io_chmod_t *msg,
			 IOFUNC_OCB_T *ocb);
int iofunc_chown(resmgr_context_t *ctp, io_chown_t *msg, IOFUNC_OCB_T *ocb,
		 IOFUNC_ATTR_T *attr);
int iofunc_chown_default(resmgr_context_t *ctp, io_chown_t *msg,
			 IOFUNC_OCB_T *ocb);
int iofunc_utime(resmgr_context_t *ctp, io_utime_t *msg, IOFUNC_OCB_T *ocb,
		 IOFUNC_ATTR_T *attr);
int iofunc_utime_default(resmgr_context_t *ctp, io_utime_t *msg,
			 IOFUNC_OCB_T *ocb);
int iofunc_pathconf(resmgr_context_t *ctp, io_pathconf_t *msg,
		    IOFUNC_OCB_T *ocb, IOFUNC_ATTR_T *attr);
int iofunc_pathconf_default(resmgr_context_t *ctp, io_pathconf_t *msg,
			    IOFUNC_OCB_T *ocb);
int iofunc_sync_verify(resmgr_context_t *ctp, io_sync_t *msg,
		       IOFUNC_OCB_T *ocb);
int iofunc_sync_default(resmgr_context_t *ctp, io_sync_t *msg,
			IOFUNC_OCB_T *ocb);
int iofunc_space_verify(resmgr_context_t *ctp, io_space_t *msg,
			IOFUNC_OCB_T *ocb, int *nonblock);
int iofunc_fdinfo_default(resmgr_context_t *ctp, io_fdinfo_t *msg,
			  IOFUNC_OCB_T *ocb);
int iofunc_openfd_default(resmgr_context_t *ctp, io_openfd_t *msg,
			  IOFUNC_OCB_T *ocb);
int iofunc_mmap_default(resmgr_context_t *ctp, io_mmap_t *msg,
			IOFUNC_OCB_T *ocb);
int iofunc_devctl_default(resmgr_context_t *ctp, io_devctl_t *msg,
			  IOFUNC_OCB_T *ocb);
int iofunc_unblock_default(resmgr_context_t *ctp, io_pulse_t *msg,
			   IOFUNC_OCB_T *ocb);
int iofunc_lock_default(resmgr_context_t *ctp, io_lock_t *msg,
			IOFUNC_OCB_T *ocb);
int iofunc_lock_release(resmgr_context_t *ctp, IOFUNC_ATTR_T *attr);

/* The helpers the defaults call, with the attribute apart from the OCB. */
int iofunc_lseek(resmgr_context_t *ctp, io_lseek_t *msg, IOFUNC_OCB_T *ocb,
		 IOFUNC_ATTR_T *attr);
int iofunc_close_ocb(resmgr_context_t *ctp, IOFUNC_OCB_T *ocb, IOFUNC_ATTR_T *attr);
int iofunc_devctl(resmgr_context_t *ctp, io_devctl_t *msg, IOFUNC_OCB_T *ocb,
		  IOFUNC_ATTR_T *attr);
int iofunc_mmap(resmgr_context_t *ctp, io_mmap_t *msg, IOFUNC_OCB_T *ocb,
		IOFUNC_ATTR_T *attr);
int iofunc_lock(resmgr_context_t *ctp, io_lock_t *msg, IOFUNC_OCB_T *ocb,
		IOFUNC_ATTR_T *attr);
int iofunc_fdinfo(resmgr_context_t *ctp, IOFUNC_OCB_T *ocb, IOFUNC_ATTR_T *attr,
		  struct _fdinfo *info);
int iofunc_sync(resmgr_context_t *ctp, IOFUNC_OCB_T *ocb, int ioflag);

#endif /* _RESMGR_IOFUNC_H */
