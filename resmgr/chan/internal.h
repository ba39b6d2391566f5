/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The user channel room's own declarations; only its files include it.
 *
 * A channel (one open /dev/resmgr) is an in-kernel resource manager
 * written against the public API: a dispatch handle that delivers by
 * message, links attached with this room's tables, and server threads
 * that are the user process's own threads in RESMGR_CHAN_RECEIVE. The
 * tables' handlers run in such a thread (dispatch_handler()), copy the
 * message out to its buffer and defer the reply (_RESMGR_NOREPLY); the
 * user's RESMGR_CHAN_REPLY answers through the core's receive ids.
 */
#ifndef _RESMGR_CHAN_INTERNAL_H
#define _RESMGR_CHAN_INTERNAL_H

#include <linux/kref.h>
#include <linux/xarray.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <uapi/resmgr/channel.h>

struct cred;
struct pid;
struct resmgr_chan_name;
struct resmgr_chan;
struct resmgr_chan_ocb;
#define RESMGR_HANDLE_T	struct resmgr_chan
#define RESMGR_OCB_T	struct resmgr_chan_ocb
#include <resmgr/dispatch.h>
#include <resmgr/resmgr.h>
#include "../compat.h"

/* Server contexts a channel keeps for its receives (one per thread receiving). */
#define RESMGR_CHAN_SPARE	8

/**
 * struct resmgr_chan - one open /dev/resmgr
 * @lock: protects @links, @chid and the setting of @ring
 * @links: what this channel attached (struct resmgr_chan_link)
 * @dpp: the handle its links are attached through
 * @wake_coid: message_connect()'s id, for the pulses that wake receivers
 * @user_ns: the opener's user namespace, in which ids are reported
 * @slock: protects @receivers, @pending, @events, @spare, the OCBs'
 *	state, @dead, @sends and the sends' state
 * @receivers: threads in RESMGR_CHAN_RECEIVE (struct resmgr_chan_receiver)
 * @pending: OCBs of opens not yet answered (struct resmgr_chan_ocb)
 * @ocbs: every OCB bound and not yet closed
 * @events: pulses for the server (struct resmgr_chan_event)
 * @coids: the files' and connections' ids (xarray, its own lock): given
 *	cyclically, so that an id comes back only after a billion others,
 *	long after the server heard that its last file closed
 * @next_coid: where the cycle is
 * @npulses: the server's own pulses waiting in @events (@slock)
 * @spare: server contexts for receives: the first, made at open, makes
 *	@dpp deliver by message from the first attach on; then those of
 *	receives that ended
 * @nspare: how many (@slock)
 * @ref: the channel's file, and each connection (msg.c): the struct
 *	outlives the file, @dead from its release on
 * @dead: the file was released: no send or pulse is queued any more
 *	(@slock)
 * @flags: RESMGR_CHAN_CHF_*
 * @chid: its id (RESMGR_CHAN_CHANNEL), or 0 (@lock sets it once)
 * @owner: the process that opened it (ConnectAttach()'s pid), or that
 *	adopted it since (RESMGR_CHAN_ADOPT; @end_lock for writing); read
 *	with READ_ONCE() by those who only compare it
 * @sends: sends not yet received (struct resmgr_chan_msg; @slock)
 * @msgs: sends received and not yet answered, by receive id (@slock
 *	held for changes)
 * @next_msg: where @msgs' cycle is
 * @ring: the ring (ring.c), or NULL; set once (@lock), read with
 *	smp_load_acquire()
 * @end_lock: held for reading by what registers the channel anywhere
 *	(attach, detach, its id), for writing by its end, which sets @ended
 * @ended: the channel came to its end (resmgr_chan_end()): its links
 *	were detached and nothing registers it again (@end_lock)
 */
struct resmgr_chan {
	struct mutex		lock;		/* @links */
	struct list_head	links;
	dispatch_t		*dpp;
	int			wake_coid;
	struct user_namespace	*user_ns;
	spinlock_t		slock;		/* @receivers ... @events, @dead, @sends */
	struct list_head	receivers;
	struct list_head	pending;
	struct list_head	ocbs;
	struct list_head	events;
	unsigned int		npulses;
	struct xarray		coids;
	u32			next_coid;
	dispatch_context_t	*spare[RESMGR_CHAN_SPARE];
	unsigned int		nspare;
	struct kref		ref;
	bool			dead;
	u32			flags;
	int			chid;
	struct pid		*owner;
	struct list_head	sends;
	struct xarray		msgs;
	u32			next_msg;
	struct resmgr_chan_ring_k *ring;
	struct rw_semaphore	end_lock;	/* @ended */
	bool			ended;
};

/**
 * struct resmgr_chan_event - a pulse waiting for a receiver
 * @node: on the channel's @events
 * @code: RESMGR_CHAN_PULSE_*
 * @value: its value
 * @coid: the file it is about (info.coid), or 0
 * @ocb: a disconnect's OCB, freed with the event; or NULL (a kmalloc()ed
 *	event, freed alone)
 * @own: a pulse the server sent itself (counted in the channel's npulses)
 * @pid: while a COIDDEATH pulse looks for its channel: the process it is
 *	for (a reference); NULL once queued
 */
struct resmgr_chan_event {
	struct list_head	node;
	int			code;
	int			value;
	int			coid;
	struct resmgr_chan_ocb	*ocb;
	bool			own;
	struct pid		*pid;
};

/**
 * struct resmgr_chan_ocb - one file a user server opened (or may open)
 * @node: on the channel's @ocbs
 * @pend_node: on the channel's @pending while its open waits for a reply
 * @chan: the channel
 * @coid: its id, which every message on the file carries
 * @open_rcvid: the open's receive id
 * @accepted: the server answered the open with success: it knows the file
 * @gone: the disconnect pulse that tells the server the file closed
 */
struct resmgr_chan_ocb {
	struct list_head	node;
	struct list_head	pend_node;
	struct resmgr_chan	*chan;
	int			coid;
	int			open_rcvid;
	bool			accepted;
	struct resmgr_chan_event gone;
};

/**
 * struct resmgr_chan_receiver - a thread in RESMGR_CHAN_RECEIVE
 * @node: on the channel's @receivers
 * @task: the thread
 * @buf: its receive buffer
 * @size: the buffer's size
 * @out: what it received
 * @got: a message or a pulse is in @out
 * @err: the copy to @buf failed
 * @timedout: nothing came within the channel's timeout
 */
struct resmgr_chan_receiver {
	struct list_head		node;
	struct task_struct		*task;
	void __user			*buf;
	u32				size;
	struct resmgr_chan_receive	out;
	bool				got;
	int				err;
	bool				timedout;
};

/* forward.c */
int resmgr_chan_timedout(message_context_t *ctp, int code, unsigned int flags, void *handle);
extern const resmgr_connect_funcs_t resmgr_chan_connect_funcs;
extern const resmgr_io_funcs_t resmgr_chan_io_funcs;
int resmgr_chan_other(resmgr_context_t *ctp, void *msg);
void resmgr_chan_ocb_free(struct resmgr_chan_ocb *ocb);
void resmgr_chan_event(struct resmgr_chan *chan, struct resmgr_chan_event *ev);
void resmgr_chan_wake(struct resmgr_chan *chan, bool work);
void resmgr_chan_event_locked(struct resmgr_chan *chan, struct resmgr_chan_event *ev);
int resmgr_chan_event_live(struct resmgr_chan *chan, struct resmgr_chan_event *ev);
u64 resmgr_chan_caps(struct resmgr_chan *chan, const struct cred *cred);
void resmgr_chan_info_ids(struct resmgr_chan *chan, const struct cred *cred,
			  struct resmgr_chan_info *info);

struct resmgr_chan_ring_k;
void resmgr_chan_fill_info(struct resmgr_chan *chan, resmgr_context_t *ctp, int coid,
			   size_t len, struct resmgr_chan_info *info);

/* ring.c */
long resmgr_chan_ring_setup(struct resmgr_chan *chan, struct resmgr_chan_ring __user *uarg);
long resmgr_chan_ring_kick(struct resmgr_chan *chan);
int resmgr_chan_ring_mmap(struct resmgr_chan *chan, struct vm_area_struct *vma);
void resmgr_chan_ring_free(struct resmgr_chan *chan);
void resmgr_chan_ring_work(struct resmgr_chan *chan);
void resmgr_chan_ring_woken(struct resmgr_chan *chan);
int resmgr_chan_ring_deliver(struct resmgr_chan *chan, resmgr_context_t *ctp, int coid);
bool resmgr_chan_ring_spilled(struct resmgr_chan *chan);
bool resmgr_chan_ring_take_spill(struct resmgr_chan *chan, struct resmgr_chan_receiver *r);

/* channel.c */
void *resmgr_chan_gather(u64 uiov, u32 parts, size_t *lenp, gfp_t gfp);

/* msg.c */
void resmgr_chan_put(struct resmgr_chan *chan);
void resmgr_chan_shutdown(struct resmgr_chan *chan);
struct resmgr_chan_name *resmgr_chan_name_reserve(struct resmgr_chan *chan, const char *path,
						  bool privileged);
void resmgr_chan_name_commit(struct resmgr_chan_name *n, int id);
void resmgr_chan_name_drop(struct resmgr_chan *chan, struct resmgr_chan_name *n, int id);
long resmgr_chan_channel(struct resmgr_chan *chan, struct resmgr_chan_channel __user *uarg);
long resmgr_chan_connect(struct resmgr_chan_connect __user *uarg);
long resmgr_chan_name_open(struct resmgr_chan_name_open __user *uarg);
long resmgr_chan_fd_send(struct resmgr_chan_fd_send __user *uarg);
bool resmgr_chan_take_send(struct resmgr_chan *chan, struct resmgr_chan_receiver *r);
int resmgr_chan_send_reply(struct resmgr_chan *chan, int rcvid, long status, int error,
			   void *buf, size_t len);
ssize_t resmgr_chan_send_copy(struct resmgr_chan *chan, int rcvid, void __user *ubuf,
			      size_t size, size_t offset, bool to_caller);
const struct cred *resmgr_chan_send_info(struct resmgr_chan *chan, int rcvid,
					 struct resmgr_chan_info *info);

#endif /* _RESMGR_CHAN_INTERNAL_H */
