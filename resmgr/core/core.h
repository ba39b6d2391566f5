/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The core's door: what front ends, the listing, dispatch and the module
 * glue may use of the core. Links and bindings are opaque here.
 *
 * The core owns attachments (struct resmgr_link, one resmgr_attach()),
 * open files' bindings (struct resmgr_binding, one open OCB), calls
 * (struct resmgr_call, one message being handled), replies and receive
 * ids, and connect and I/O delivery. A front end turns VFS calls into
 * the calls below; it learns of attachments only through the
 * struct resmgr_frontend_ops it registers.
 *
 * Lifetimes a front end sees: a binding from resmgr_open() or
 * resmgr_combine_open() lives until resmgr_release(); it keeps its link
 * and the manager's module. A link a front-end hook is given lives at
 * least until the hook returns; ->detach is the last hook for a link.
 */
#ifndef _RESMGR_CORE_H
#define _RESMGR_CORE_H

#include <linux/fs.h>
#include <linux/types.h>
#include <resmgr/resmgr.h>
#include "../compat.h"

struct file_lock;
struct pid;
struct poll_table_struct;
struct seq_file;
struct stat;
struct statvfs;
struct resmgr_binding;
struct resmgr_link;

/*
 * The open flag of resmgr's own opens that ask for no access at all: the
 * combine opens of stat(), chmod(), unlink() and the like. No user can
 * pass it: open() keeps only the flags Linux knows, and Linux's access
 * mode 3 asks for read and write permission (checked as both).
 */
#define RESMGR_O_NOACCESS	BIT(31)

/**
 * struct resmgr_frontend_ops - how the core tells a front end of links
 * @attach: a link was attached (process context; the link is reachable)
 * @detach: a link is being detached; no hook runs for it afterwards
 * @changed: a message that may change a link's mode or owner (chmod,
 *	chown) was answered; process context, in the caller's thread, no
 *	lock of the core held
 * @state: a word for the listing about the link (any context, no sleep)
 *
 * Every member is optional.
 */
struct resmgr_frontend_ops {
	void		(*attach)(struct resmgr_link *link);
	void		(*detach)(struct resmgr_link *link);
	void		(*changed)(struct resmgr_link *link);
	const char	*(*state)(const struct resmgr_link *link);
};

int resmgr_frontend_register(const struct resmgr_frontend_ops *ops);
void resmgr_frontend_unregister(const struct resmgr_frontend_ops *ops);

/* What a front end may know of a link. */
const char *resmgr_link_path(const struct resmgr_link *link);
unsigned int resmgr_link_flags(const struct resmgr_link *link);
int resmgr_link_file_type(const struct resmgr_link *link);
void *resmgr_link_frontend(const struct resmgr_link *link);
void resmgr_link_set_frontend(struct resmgr_link *link, void *data);
bool resmgr_link_direct(const struct resmgr_link *link);
struct resmgr_link *resmgr_link_by_id(int id);
void resmgr_link_put(struct resmgr_link *link);

/* What a front end may know of a binding. */
struct resmgr_link *resmgr_binding_link(const struct resmgr_binding *b);
const char *resmgr_binding_mountpoint(const struct resmgr_binding *b);
bool resmgr_binding_cacheable(const struct resmgr_binding *b);
bool resmgr_binding_ocb(const struct resmgr_binding *b, void **ocb);

/* The pathname space, as front ends see it. */
u64 resmgr_names_generation(void);
u64 resmgr_mode_generation(void);
u64 resmgr_attr_generation(void);
int resmgr_children(const char *path,
		    int (*emit)(void *arg, const char *name, unsigned int len),
		    void *arg);
int resmgr_show(struct seq_file *m);

/**
 * struct resmgr_connect_req - a connect message to send along a path
 * @path: absolute path
 * @path_len: strlen(@path) when @path is normal already (a link's own
 *	path, from resmgr_link_path()), so that it is not normalized again;
 *	0 for any other path
 * @subtype: _IO_CONNECT_*
 * @oflag: Linux open flags, or with RESMGR_O_NOACCESS an open that asks
 *	for no access
 * @mode: S_IF* and permission bits (creates, mknod, rmdir)
 * @file_type: the request's _FTYPE_*
 * @extra_type: _IO_CONNECT_EXTRA_*
 * @extra_len: bytes of @extra that matter
 * @extra: the handler's extra argument, or NULL
 * @only: ask only this manager, or NULL for every candidate
 * @all: an open collects a binding from every manager that accepts
 * @bindings: room for @max bindings (opens)
 * @max: room in @bindings
 * @nbound: out: bindings made
 * @reply: kernel buffer for reply bytes (other subtypes), or NULL
 * @reply_len: its size
 * @copied: out: reply bytes received
 * @served: out: the manager that answered (not referenced: compare only)
 * @redirect: the path an _IO_CONNECT_RET_LINK reply sent the request to
 *	(resmgr_connect()'s own, while it follows it)
 * @uncached: out: a manager asked is not RESMGR_FLAG_CACHEABLE, so the
 *	answer may go stale without resmgr seeing it
 */
struct resmgr_connect_req {
	const char		*path;
	size_t			path_len;
	u16			subtype;
	unsigned int		oflag;
	umode_t			mode;
	int			file_type;
	u8			extra_type;
	u16			extra_len;
	const void		*extra;
	struct resmgr_link	*only;
	bool			all;
	struct resmgr_binding	**bindings;
	unsigned int		max;
	unsigned int		nbound;
	void			*reply;
	size_t			reply_len;
	size_t			copied;
	struct resmgr_link	*served;
	char			*redirect;
	bool			uncached;
};

/* Connect messages. */
int resmgr_connect(struct resmgr_connect_req *req);
int resmgr_connect_rest(const char *path, struct resmgr_link *link,
			char *buf, size_t size);
int resmgr_open(const char *path, unsigned int oflag,
		struct resmgr_binding **out);
int resmgr_open_normal(const char *path, size_t len, unsigned int oflag,
		       struct resmgr_binding **out);
int resmgr_combine_open(const char *path, unsigned int oflag,
			struct resmgr_binding **out, bool *uncached);

/* I/O messages on a binding. */
ssize_t resmgr_read(struct resmgr_binding *b, struct iov_iter *to, loff_t pos,
		    bool has_pos, bool nonblock);
ssize_t resmgr_write(struct resmgr_binding *b, struct iov_iter *from,
		     loff_t pos, bool has_pos, bool nonblock);
ssize_t resmgr_read_buf(struct resmgr_binding *b, char __user *buf, size_t count,
			loff_t pos, bool has_pos, bool nonblock);
ssize_t resmgr_write_buf(struct resmgr_binding *b, const char __user *buf, size_t count,
			 loff_t pos, bool has_pos, bool nonblock);
loff_t resmgr_lseek(struct resmgr_binding *b, loff_t offset, int whence);
long resmgr_ioctl(struct resmgr_binding *b, unsigned int cmd, unsigned long arg);
int resmgr_sync(struct resmgr_binding *b, bool datasync);
long resmgr_msgsend(struct resmgr_binding *b, void *msg, size_t len, void *reply,
		    size_t rlen, size_t *copied);
__poll_t resmgr_poll(struct resmgr_binding *b, struct file *file,
		     struct poll_table_struct *pt);
int resmgr_close_dup(struct resmgr_binding *b, void *owner, bool last);
int resmgr_lock(struct resmgr_binding *b, int cmd, struct file_lock *fl);
int resmgr_stat(struct resmgr_binding *b, struct stat *st);
int resmgr_chmod(struct resmgr_binding *b, umode_t mode);
int resmgr_chown(struct resmgr_binding *b, s32 uid, s32 gid);
int resmgr_utime(struct resmgr_binding *b, bool now,
		 const struct timespec64 *atime, const struct timespec64 *mtime);
int resmgr_mmap(struct resmgr_binding *b, u32 prot);
int resmgr_statvfs(struct resmgr_binding *b, struct statvfs *st);
int resmgr_io_space(struct resmgr_binding *b, unsigned int subtype, u64 start, u64 len);
int resmgr_truncate(struct resmgr_binding *b, u64 size);
void resmgr_release(struct resmgr_binding *b);

/*
 * The file operations every resmgr file shares (file.c). A /dev node's
 * file uses resmgr_file_fops as it is; a front end with other needs
 * (resmgrfs's page cache) builds its table from RESMGR_FILE_OPS_SHARED
 * and adds only what differs.
 */
void resmgr_file_bind(struct file *file, struct resmgr_binding *b);
ssize_t resmgr_file_read(struct file *file, char __user *buf, size_t count, loff_t *ppos);
ssize_t resmgr_file_write(struct file *file, const char __user *buf, size_t count,
			  loff_t *ppos);
ssize_t resmgr_file_read_iter(struct kiocb *iocb, struct iov_iter *to);
ssize_t resmgr_file_write_iter(struct kiocb *iocb, struct iov_iter *from);
loff_t resmgr_file_llseek(struct file *file, loff_t offset, int whence);
long resmgr_file_ioctl(struct file *file, unsigned int cmd, unsigned long arg);
__poll_t resmgr_file_poll(struct file *file, struct poll_table_struct *pt);
int resmgr_file_fsync(struct file *file, loff_t start, loff_t end, int datasync);
int resmgr_file_flush(struct file *file, fl_owner_t id);
int resmgr_file_lock(struct file *file, int cmd, struct file_lock *fl);
int resmgr_file_release(struct inode *inode, struct file *file);
extern const struct file_operations resmgr_file_fops;

#define RESMGR_FILE_OPS_SHARED				\
	.owner		= THIS_MODULE,			\
	RESMGR_FOP_UNSIGNED_OFFSET			\
	.llseek		= resmgr_file_llseek,		\
	.poll		= resmgr_file_poll,		\
	.unlocked_ioctl	= resmgr_file_ioctl,		\
	.compat_ioctl	= compat_ptr_ioctl,		\
	.lock		= resmgr_file_lock,		\
	.flush		= resmgr_file_flush

/* The user channel (chan/): answers to its own calls only (reply.c). */
int resmgr_reply_owned(const dispatch_t *owner, int rcvid, long status, int error,
		       const iov_t *iov, int parts);
int resmgr_reply_owned_buf(const dispatch_t *owner, int rcvid, long status, void *buf,
			   size_t len);
ssize_t resmgr_msg_copy_owned(const dispatch_t *owner, int rcvid, const iov_t *iov,
			      int parts, size_t offset, bool to_caller);
const struct cred *resmgr_msg_cred_owned(const dispatch_t *owner, int rcvid);
const struct cred *resmgr_msg_info_owned(const dispatch_t *owner, int rcvid,
					 struct _msg_info *info, int *id);
int resmgr_link_set_server(dispatch_t *dpp, int id, struct pid *pid);
struct pid *resmgr_link_swap_server(dispatch_t *dpp, int id, struct pid *pid);
int resmgr_link_kill(dispatch_t *dpp, struct resmgr_link *link);
int resmgr_deliver_owned(const dispatch_t *owner, int id);
void resmgr_calls_direct(dispatch_t *dpp);
struct pid *resmgr_served_by(dispatch_t *dpp, struct pid *tgid);
u32 resmgr_poll_window_max(void);
long resmgr_file_msgsend(struct file *file, void *msg, size_t len, void *reply,
			 size_t rlen, size_t *copied);

/* The module's life: main.c calls these in order. */
int resmgr_core_init(void);
void resmgr_core_exit(void);
void resmgr_module_detach(struct module *mod, bool quiet);
void resmgr_module_cleanup(struct module *mod, bool quiet);

#endif /* _RESMGR_CORE_H */
