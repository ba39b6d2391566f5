/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The resmgr layer's public API (QNX <sys/resmgr.h>): contexts, the
 * connect and I/O handler tables, reply conventions, attach and detach.
 *
 * Include <resmgr/iofunc.h> (or <sys/iofunc.h>) first when the handlers
 * use iofunc types: it sets RESMGR_HANDLE_T and RESMGR_OCB_T, as in QNX.
 *
 * Differences from QNX, all in the porting guide: functions return a
 * negative errno instead of -1 and errno; resmgr_attach() captures the
 * calling module; contexts hold at most RESMGR_NPARTS_MAX reply parts.
 */
#ifndef _RESMGR_RESMGR_H
#define _RESMGR_RESMGR_H

#include <linux/cred.h>
#include <linux/limits.h>
#include <linux/module.h>
#include <linux/types.h>
#include <linux/uio.h>
#include <resmgr/iomsg.h>
#include <resmgr/neutrino.h>
#include <resmgr/ns.h>
#include <resmgr/pathname.h>

/*
 * A module that includes a QNX header uses resmgr.ko's symbols: it
 * imports their namespace here, so QNX sources need no line of their own
 * to link. (resmgr.ko's own objects are built with RESMGR_CORE.)
 */
#ifndef RESMGR_CORE
MODULE_IMPORT_NS(RESMGR_NS);
#endif

#ifndef RESMGR_HANDLE_T
#define RESMGR_HANDLE_T void
#endif
#ifndef RESMGR_OCB_T
#define RESMGR_OCB_T void
#endif

/* Most reply parts resmgr_attr_t.nparts_max may ask for. */
#define RESMGR_NPARTS_MAX	256

typedef struct _dispatch dispatch_t;

/**
 * struct _resmgr_context - one message being handled (resmgr_context_t)
 * @rcvid: receive id; 0 when no reply is possible (close_ocb), -1 for
 *	resmgr-made close messages
 * @info: the caller
 * @msg: the message
 * @dpp: the dispatch handle of the attachment
 * @id: link id of the attachment the message came through
 * @tid: unused (QNX thread index)
 * @msg_max_size: size of the receive buffer
 * @status: the reply status (what read()/write() return)
 * @offset: offset of this message in a combined message (0)
 * @size: bytes of the message received
 * @iov: reply parts for _RESMGR_NPARTS(), as many as the attachment's
 *	nparts_max (QNX's iov[] at the end of the context, as a pointer)
 */
typedef struct _resmgr_context {
	int		rcvid;
	struct _msg_info info;
	void		*msg;
	dispatch_t	*dpp;
	int		id;
	unsigned int	tid;
	unsigned int	msg_max_size;
	int		status;
	int		offset;
	int		size;
	iov_t		*iov;
} resmgr_context_t;

/* resmgr_attr_t.flags */
#define RESMGR_FLAG_NO_DEFAULT_FUNC	0x00000001u
#define RESMGR_FLAG_ATTACH_LOCAL	0x00000002u
#define RESMGR_FLAG_ATTACH_OTHERFUNC	0x00000004u
#define RESMGR_FLAG_CROSS_ENDIAN	0x00000008u
/*
 * Linux extension: the manager's names and attributes change only by
 * messages to it, or it calls resmgr_notify_change(): resmgrfs may keep
 * its answers (names, attributes) until resmgr sees a change.
 */
#define RESMGR_FLAG_CACHEABLE		0x00010000u

/**
 * struct _resmgr_attr - attach attributes (resmgr_attr_t)
 * @flags: RESMGR_FLAG_*
 * @nparts_max: reply parts needed (1 if 0; at most RESMGR_NPARTS_MAX)
 * @msg_max_size: receive buffer size wanted
 * @other_func: gets what no table slot handles and _RESMGR_DEFAULT
 * @reserved: zero
 */
typedef struct _resmgr_attr {
	unsigned int	flags;
	unsigned int	nparts_max;
	unsigned int	msg_max_size;
	int		(*other_func)(resmgr_context_t *ctp, void *msg);
	unsigned int	reserved[4];
} resmgr_attr_t;

/* The connect table (8 handlers, as QNX 6.x). */
typedef struct _resmgr_connect_funcs {
	unsigned int nfuncs;
	int (*open)(resmgr_context_t *ctp, io_open_t *msg,
		    RESMGR_HANDLE_T *handle, void *extra);
	int (*unlink)(resmgr_context_t *ctp, io_unlink_t *msg,
		      RESMGR_HANDLE_T *handle, void *reserved);
	int (*rename)(resmgr_context_t *ctp, io_rename_t *msg,
		      RESMGR_HANDLE_T *handle, io_rename_extra_t *extra);
	int (*mknod)(resmgr_context_t *ctp, io_mknod_t *msg,
		     RESMGR_HANDLE_T *handle, void *reserved);
	int (*readlink)(resmgr_context_t *ctp, io_readlink_t *msg,
			RESMGR_HANDLE_T *handle, void *reserved);
	int (*link)(resmgr_context_t *ctp, io_link_t *msg,
		    RESMGR_HANDLE_T *handle, io_link_extra_t *extra);
	int (*unblock)(resmgr_context_t *ctp, io_pulse_t *msg,
		       RESMGR_HANDLE_T *handle, void *reserved);
	int (*mount)(resmgr_context_t *ctp, io_mount_t *msg,
		     RESMGR_HANDLE_T *handle, io_mount_extra_t *extra);
} resmgr_connect_funcs_t;

/* The I/O table (33 handlers, as QNX 7/8). */
typedef struct _resmgr_io_funcs {
	unsigned int nfuncs;
	int (*read)(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb);
	int (*write)(resmgr_context_t *ctp, io_write_t *msg, RESMGR_OCB_T *ocb);
	int (*close_ocb)(resmgr_context_t *ctp, void *reserved, RESMGR_OCB_T *ocb);
	int (*stat)(resmgr_context_t *ctp, io_stat_t *msg, RESMGR_OCB_T *ocb);
	int (*notify)(resmgr_context_t *ctp, io_notify_t *msg, RESMGR_OCB_T *ocb);
	int (*devctl)(resmgr_context_t *ctp, io_devctl_t *msg, RESMGR_OCB_T *ocb);
	int (*unblock)(resmgr_context_t *ctp, io_pulse_t *msg, RESMGR_OCB_T *ocb);
	int (*pathconf)(resmgr_context_t *ctp, io_pathconf_t *msg, RESMGR_OCB_T *ocb);
	int (*lseek)(resmgr_context_t *ctp, io_lseek_t *msg, RESMGR_OCB_T *ocb);
	int (*chmod)(resmgr_context_t *ctp, io_chmod_t *msg, RESMGR_OCB_T *ocb);
	int (*chown)(resmgr_context_t *ctp, io_chown_t *msg, RESMGR_OCB_T *ocb);
	int (*utime)(resmgr_context_t *ctp, io_utime_t *msg, RESMGR_OCB_T *ocb);
	int (*openfd)(resmgr_context_t *ctp, io_openfd_t *msg, RESMGR_OCB_T *ocb);
	int (*fdinfo)(resmgr_context_t *ctp, io_fdinfo_t *msg, RESMGR_OCB_T *ocb);
	int (*lock)(resmgr_context_t *ctp, io_lock_t *msg, RESMGR_OCB_T *ocb);
	int (*space)(resmgr_context_t *ctp, io_space_t *msg, RESMGR_OCB_T *ocb);
	int (*shutdown)(resmgr_context_t *ctp, io_shutdown_t *msg, RESMGR_OCB_T *ocb);
	int (*mmap)(resmgr_context_t *ctp, io_mmap_t *msg, RESMGR_OCB_T *ocb);
	int (*msg)(resmgr_context_t *ctp, io_msg_t *msg, RESMGR_OCB_T *ocb);
	int (*reserved)(resmgr_context_t *ctp, void *msg, RESMGR_OCB_T *ocb);
	int (*dup)(resmgr_context_t *ctp, io_dup_t *msg, RESMGR_OCB_T *ocb);
	int (*close_dup)(resmgr_context_t *ctp, io_close_t *msg, RESMGR_OCB_T *ocb);
	int (*lock_ocb)(resmgr_context_t *ctp, void *reserved, RESMGR_OCB_T *ocb);
	int (*unlock_ocb)(resmgr_context_t *ctp, void *reserved, RESMGR_OCB_T *ocb);
	int (*sync)(resmgr_context_t *ctp, io_sync_t *msg, RESMGR_OCB_T *ocb);
	int (*power)(resmgr_context_t *ctp, io_power_t *msg, RESMGR_OCB_T *ocb);
	int (*acl)(resmgr_context_t *ctp, io_acl_t *msg, RESMGR_OCB_T *ocb);
	int (*pause)(resmgr_context_t *ctp, void *reserved, RESMGR_OCB_T *ocb);
	int (*unpause)(resmgr_context_t *ctp, io_pulse_t *msg, RESMGR_OCB_T *ocb);
	int (*read64)(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb);
	int (*write64)(resmgr_context_t *ctp, io_write_t *msg, RESMGR_OCB_T *ocb);
	int (*notify64)(resmgr_context_t *ctp, io_notify_t *msg, RESMGR_OCB_T *ocb);
	int (*utime64)(resmgr_context_t *ctp, io_utime_t *msg, RESMGR_OCB_T *ocb);
} resmgr_io_funcs_t;

#define _RESMGR_CONNECT_NFUNCS \
	((sizeof(resmgr_connect_funcs_t) - sizeof(unsigned int)) / sizeof(void *))
#define _RESMGR_IO_NFUNCS \
	((sizeof(resmgr_io_funcs_t) - sizeof(unsigned int)) / sizeof(void *))

/* Handler return values. */
#define _RESMGR_NOREPLY		INT_MIN
#define _RESMGR_DEFAULT		(INT_MIN + 1)
#define _RESMGR_ERRNO(_e)	(_e)
#define _RESMGR_NPARTS(_n)	(-(_n))
#define _RESMGR_PTR(_ctp, _addr, _len) \
	(SETIOV((_ctp)->iov + 0, (_addr), (_len)), _RESMGR_NPARTS(1))
#define _RESMGR_STATUS(_ctp, _status)	((_ctp)->status = (_status))
#define _IO_SET_READ_NBYTES(_ctp, _n)	_RESMGR_STATUS(_ctp, _n)
#define _IO_SET_WRITE_NBYTES(_ctp, _n)	_RESMGR_STATUS(_ctp, _n)
#define _IO_SET_PATHCONF_VALUE(_ctp, _v) _RESMGR_STATUS(_ctp, _v)
#define _IO_SET_FDINFO_LEN(_ctp, _n)	_RESMGR_STATUS(_ctp, _n)
#define _IO_SET_CONNECT_RET(_ctp, _s) \
	_RESMGR_STATUS(_ctp, _IO_CONNECT_RET_FLAG | (_s))

/* resmgr_detach() flags */
#define _RESMGR_DETACH_ALL	0x0000u	/* open files then get EBADF */
#define _RESMGR_DETACH_PATHNAME	0x0001u	/* only the name goes */
#define _RESMGR_DETACH_CLOSE	0x8000u	/* also close open files */

struct lock_class_key;
int __resmgr_attach(struct module *owner, struct lock_class_key *key, dispatch_t *dpp,
		    resmgr_attr_t *attr, const char *path,
		    enum _file_type file_type, unsigned int flags,
		    const void *connect_funcs, const void *io_funcs,
		    void *handle);

/*
 * resmgr_attach() - QNX's call; captures the calling module as the owner
 * (as misc_register() does through fops->owner), and gives lockdep one
 * class per call site for the link's drain (as kernfs does per attribute).
 */
#define resmgr_attach(dpp, attr, path, file_type, flags, connect_funcs,	\
		      io_funcs, handle)					\
	({								\
		static struct lock_class_key __resmgr_attach_key;	\
									\
		__resmgr_attach(THIS_MODULE, &__resmgr_attach_key, (dpp), \
				(attr), (path), (file_type), (flags),	\
				(connect_funcs), (io_funcs), (handle));	\
	})

int resmgr_detach(dispatch_t *dpp, int id, unsigned int flags);
int resmgr_open_bind(resmgr_context_t *ctp, void *ocb, const void *io_funcs);
ssize_t resmgr_msgread(resmgr_context_t *ctp, void *buf, size_t nbytes,
		       size_t offset);
ssize_t resmgr_msgwrite(resmgr_context_t *ctp, const void *buf, size_t nbytes,
			size_t offset);
int resmgr_msgreply(resmgr_context_t *ctp, void *buf, size_t len);
int resmgr_msgreplyv(resmgr_context_t *ctp, iov_t *iov, int parts);
int resmgr_msgerror(resmgr_context_t *ctp, int err);
int resmgr_pathname(int id, unsigned int flags, char *path, int maxbuf);
ssize_t resmgr_msgreadv(resmgr_context_t *ctp, const iov_t *iov, int parts,
			size_t offset);
ssize_t resmgr_msgwritev(resmgr_context_t *ctp, const iov_t *iov, int parts,
			 size_t offset);
void *_resmgr_ocb(resmgr_context_t *ctp, struct _msg_info *info);
const resmgr_io_funcs_t *_resmgr_iofuncs(resmgr_context_t *ctp, struct _msg_info *info);
int resmgr_unbind(resmgr_context_t *ctp);
int resmgr_msg_again(resmgr_context_t *ctp, int rcvid);
int resmgr_devino(int id, dev_t *pdevno, ino_t *pino);

/* resmgr_notify_change(): what changed (Linux extension) */
#define RESMGR_CHANGE_ATTRS	0x1u
#define RESMGR_CHANGE_NAMES	0x2u
void resmgr_notify_change(unsigned int what);

/* QNX's spellings of _resmgr_ocb() and _resmgr_iofuncs(); info unused. */
#define resmgr_ocb(ctp, ...)		_resmgr_ocb((ctp), NULL)
#define resmgr_iofuncs(ctp, ...)	_resmgr_iofuncs((ctp), NULL)

#endif /* _RESMGR_RESMGR_H */
