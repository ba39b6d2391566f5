/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libresmgr's own declarations: the user-space side of QNX's resource
 * manager library on a /dev/resmgr channel (include/uapi/resmgr/channel.h).
 *
 * A dispatch handle is one channel. Each attach keeps its tables and
 * handle (struct rm_link); each open file the server accepted keeps its
 * OCB under the coid the kernel gave it (struct rm_ocb, in an array by
 * coid). A context is a dispatch_context_t with the receive buffer and
 * the sender's credentials behind it (struct rm_ctx).
 */
#ifndef _LIBRESMGR_INTERNAL_H
#define _LIBRESMGR_INTERNAL_H

#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <resmgr/channel.h>

struct rm_link {
	struct rm_link			*next;
	int				id;
	const resmgr_connect_funcs_t	*connect;
	const resmgr_io_funcs_t		*io;
	void				*handle;
	resmgr_attr_t			attr;
	char				*path;
	bool				kept;	/* _RESMGR_DETACH_PATHNAME: files only */
};

struct rm_ocb {
	struct rm_ocb			*next;	/* in its hash bucket */
	int				coid;
	void				*ocb;
	const resmgr_io_funcs_t		*io;
	struct rm_link			*link;
};

/* The OCB table's buckets (coids are the kernel's, given cyclically). */
#define RM_OCB_BUCKETS	1024

struct rm_select {
	struct rm_select	*next;
	int			fd;
	unsigned int		flags;		/* SELECT_FLAG_* */
	unsigned int		ready;		/* what the last poll found */
	bool			armed;
	int			(*func)(select_context_t *ctp, int fd, unsigned int flags,
					void *handle);
	void			*handle;
};

struct rm_pulse {
	struct rm_pulse	*next;
	unsigned int	flags;
	int		low, high;
	int		(*func)(message_context_t *ctp, int code, unsigned int flags,
				void *handle);
	void		*handle;
};

struct _dispatch {
	int		fd;
	pthread_mutex_t	lock;		/* everything below */
	struct rm_link	*links;
	struct rm_ocb	*ocbs[RM_OCB_BUCKETS];	/* by coid */
	struct rm_pulse	*pulses;
	unsigned int	msg_max_size;	/* the largest any attach asked */
	struct rm_select *selects;	/* select_attach()'s descriptors */
	int		select_code;	/* their pulse code */
	int		select_wake[2];	/* a pipe: the select thread looks again */
	bool		select_running;
	bool		select_stop;
	pthread_t	select_thread;
	struct _dispatch *next;		/* on rm_dpps (dispatch.c) */
	struct resmgr_chan_ring_hdr *ring;	/* ring.c: the slots, or NULL */
	size_t		ring_size;
	int		ring_err;	/* the ring could not be mapped: errno */
};

/*
 * A context's reply that waits for its next receive: the two go to the
 * kernel as one call (RESMGR_CHAN_REPLY_RECEIVE). The bytes are copied
 * when the handler returns, as an immediate reply would take them then.
 */
struct rm_pending {
	bool				set;
	struct resmgr_chan_reply	reply;
	struct resmgr_chan_iov		iov;
	char				*buf;
	size_t				size;
};

struct rm_ctx {
	dispatch_context_t		ctx;
	dispatch_t			*dpp;
	struct resmgr_chan_receive	rcv;
	struct rm_pending		pending;
	struct cred			cred;
	struct group_info		*groups;
	unsigned int			groups_room;
	unsigned int			bufsize;
	iov_t				*iov;
	void				*buf;
	bool				timedout;
	unsigned int			ring_seen;	/* hdr->work when last looked at */
	bool				ring_drain;	/* a receive may have more */
	unsigned int			ring_win;	/* this thread's polling window, ns */
	bool				ring_started;
};

/* The handle a context belongs to, and the context of a resmgr_context_t. */
static inline struct rm_ctx *rm_ctx_of(resmgr_context_t *ctp)
{
	return container_of((dispatch_context_t *)ctp, struct rm_ctx, ctx);
}

/* dispatch.c */
int rm_flush_pending(struct rm_ctx *c);

/* resmgr.c */
int rm_handle_message(struct rm_ctx *c);
void rm_handle_pulse(struct rm_ctx *c);
void rm_handle_timeout(struct rm_ctx *c);
struct rm_link *rm_link_find(dispatch_t *dpp, int id);

/* kshim.c */
void rm_set_cred(const struct cred *cred);

/* msg.c */
int rm_chan_add(int fd);
void rm_chan_del(int fd);
bool rm_chan_known(int fd);
int rm_chan_adopt(void);
int rm_chan_groups(int rcvid, u32 *groups, unsigned int size);
u64 rm_chan_caps(int rcvid);

/* ring.c */
int rm_ring_setup(dispatch_t *dpp, unsigned int msg_max_size);
void rm_ring_unmap(dispatch_t *dpp);
int rm_ring_receive(struct rm_ctx *c);

/* pool.c */
extern __thread unsigned int rm_pool_wakes;

/* select.c */
void rm_select_stop(dispatch_t *dpp);

/* ipc.c */
int rm_conn_coid(int fd);
int rm_chid_bind(int fd, unsigned int flags);
void rm_chid_unbind(int fd);
bool rm_conn_pulse(int coid, int code, int value, int *ret);
bool rm_ipc_keeps(int fd);

#endif /* _LIBRESMGR_INTERNAL_H */
