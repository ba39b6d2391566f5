/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The core's own declarations; only the core's files (and its KUnit
 * suite) include it. Other rooms use core.h.
 *
 * Objects and lifetime:
 *  - struct resmgr_link: one resmgr_attach(). Embeds its pathmgr entry,
 *    whose refcount is the link's: held by the attachment, by resolution
 *    candidates during an open, and by every binding.
 *  - struct resmgr_binding: one open file (the OCB's home). It belongs to
 *    the struct file, so dup() and fork() share it as QNX shares the OCB.
 *    It holds a link reference and a reference on the owning module.
 *  - struct resmgr_call: one handler invocation, on the caller's stack:
 *    the context the handler sees, the message, its reply, and the
 *    request dispatch queues for a server thread. A call in flight holds
 *    a receive-id slot (ids.c); a detach drains the link by looking
 *    through those slots for the link's calls.
 */
#ifndef _RESMGR_CORE_INTERNAL_H
#define _RESMGR_CORE_INTERNAL_H

#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uio.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <resmgr/ns.h>
#include <resmgr/resmgr.h>
#include "../../pathmgr/pathmgr.h"
#include "../dispatch/dispatch.h"
#include "core.h"

/* The system's pathname space; lives from module init to module exit. */
extern struct pathmgr_space *resmgr_space;

/* change.c: the generations resmgrfs's caches compare */
#define RESMGR_CHANGE_TIMES	0x4u	/* only times and sizes (not public) */
void resmgr_changed(unsigned int what);
unsigned int resmgr_connect_changes(unsigned int subtype, unsigned int oflag);
unsigned int resmgr_io_changes(int type);

/**
 * struct resmgr_link - one attachment made by resmgr_attach()
 * @entry: the pathname-space entry; its refcount counts the link's users
 * @dpp: the dispatch handle
 * @connect: connect table (the caller's, by pointer, as in QNX)
 * @io: default I/O table for resmgr_open_bind(ctp, ocb, NULL)
 * @handle: passed to every connect handler
 * @attr: copy of the attach attributes
 * @path: the normalized mountpoint
 * @frontend: the /dev front end's data for it (resmgr_link_set_frontend())
 * @server: the process that serves it (a user channel's), shown in the
 *	listing instead of the module; NULL for a kernel manager. Set
 *	right after the attach (resmgr_link_set_server()), replaced when
 *	another process adopts the channel (resmgr_link_swap_server()), read
 *	with READ_ONCE() under RCU; its reference goes with the link
 * @all_node: in resmgr_links (resmgr_links_lock)
 * @lock: serialises the writers of @unlinked and @dead (detaches)
 * @unlinked: detached (resmgr_detach() claims the link by setting it): no
 *	new connect calls. A call reads it without a lock, after taking its
 *	receive-id slot (resmgr_call_enter()), and a call leaving a link
 *	that is detaching wakes the drain (wait_var_event() on @unlinked)
 * @dead: detached without _RESMGR_DETACH_PATHNAME: no new I/O calls
 * @bind_lock: protects @bindings and each binding's @closed
 * @bindings: open files (struct resmgr_binding.link_node)
 * @nopen: how many bindings exist (for the listing)
 * @dep_map: lockdep's view of the calls in flight: each holds it for reading,
 *	a detach's drain takes it for writing (one class per call site of
 *	resmgr_attach())
 */
struct resmgr_link {
	struct pathmgr_entry		entry;
	dispatch_t			*dpp;
	const resmgr_connect_funcs_t	*connect;
	const resmgr_io_funcs_t		*io;
	void				*handle;
	resmgr_attr_t			attr;
	char				*path;
	void				*frontend;
	struct pid			*server;
	struct list_head		all_node;
	spinlock_t			lock;		/* @unlinked, @dead writers */
	bool				unlinked;
	bool				dead;
	struct mutex			bind_lock;	/* @bindings, ->closed */
	struct list_head		bindings;
	atomic_t			nopen;
	struct lockdep_map		dep_map;
};

/* Every entry of resmgr_space is a link's: nothing else attaches there. */
static inline struct resmgr_link *resmgr_link_of(struct pathmgr_entry *e)
{
	return container_of(e, struct resmgr_link, entry);
}

static inline const struct resmgr_link *
resmgr_link_of_const(const struct pathmgr_entry *e)
{
	return container_of(e, const struct resmgr_link, entry);
}

/* The module that attached @link (pinned by each call and open file). */
static inline struct module *resmgr_link_owner(const struct resmgr_link *link)
{
	return link->entry.owner;
}

/**
 * struct resmgr_binding - an open file's connection to its OCB
 * @link: the attachment it was opened through (referenced)
 * @ocb: what the open handler bound, or NULL
 * @io: the I/O table bound with it
 * @link_node: in @link->bindings (link->bind_lock)
 * @bound: the open bound an OCB (@ocb is opaque: NULL binds too)
 * @closed: close_ocb was claimed: by the last close(), the release or a
 *	detach (_RESMGR_DETACH_CLOSE); resmgr_binding_claim_close()
 * @unlisted: off @link->bindings already: the last close() took it off
 *	(link->bind_lock), so that the release that follows takes no lock
 * @dirty: a message that may change attributes went through it, so its
 *	close may too (change.c)
 * @notify_id: the file's id for notifications (ctp->info.coid), given
 *	at its first poll; 0 before
 * @wq: its pollers, woken by MsgDeliverEvent()
 * @rcu: with a notify id, freed after the deliveries that found the
 *	binding through it are done
 */
struct resmgr_binding {
	struct resmgr_link		*link;
	void				*ocb;
	const resmgr_io_funcs_t		*io;
	struct list_head		link_node;
	bool				bound;
	bool				closed;
	bool				unlisted;
	bool				dirty;
	int				notify_id;
	wait_queue_head_t		wq;
	struct rcu_head			rcu;
};

/*
 * Claim a binding's close_ocb, its link's bind_lock held. Return: true
 * for the one claimer that is to run it.
 */
static inline bool resmgr_binding_claim_close(struct resmgr_binding *b)
{
	bool first = !b->closed;

	lockdep_assert_held(&b->link->bind_lock);
	b->closed = true;
	return first;
}

/* A caller's buffer up to this size is bounced, not pinned (ubuf.c). */
#define RESMGR_UBUF_BOUNCE	256

/*
 * The least receive buffer a context has (ctp->msg_max_size): what QNX
 * guarantees (about 1.3 KiB: a connect reply with its entries and a
 * path) rounded up; and the most an attach may ask for.
 */
#define RESMGR_MSG_MAX_MIN	2048
#define RESMGR_MSG_MAX_LIMIT	SZ_1M

/**
 * struct resmgr_ubuf - a caller's buffer made reachable by handlers
 * @iter: what the call's handlers see (kernel memory or pinned pages)
 * @kv: the bounce buffer as a kvec
 * @bv: the pinned pages, or NULL
 * @nbv: how many
 * @bounced: @iter is a bounce buffer (@kv: @bounce, or the caller's)
 * @bounce: a small buffer's bytes
 *
 * On the stack it is __uninitialized: resmgr_ubuf_get() sets what is
 * read later, and only bounce bytes it cleared or filled are copied out.
 */
struct resmgr_ubuf {
	struct iov_iter	iter;
	struct kvec	kv;
	struct bio_vec	*bv;
	unsigned int	nbv;
	bool		bounced;
	char		bounce[RESMGR_UBUF_BOUNCE];
};

int resmgr_ubuf_get(struct resmgr_ubuf *u, struct iov_iter *user, size_t count,
		    bool dest, void *bounce, size_t bounce_len);
int resmgr_ubuf_put(struct resmgr_ubuf *u, struct iov_iter *user, size_t done,
		    bool dest);

/* Where a reply's bytes go. */
enum resmgr_sink {
	RESMGR_SINK_NONE,	/* status only */
	RESMGR_SINK_USER,	/* the caller's buffer (read) */
	RESMGR_SINK_KERNEL,	/* a kernel buffer (lseek's offset) */
};

/* Reply parts a call holds without allocating (more: resmgr_call_enter()). */
#define RESMGR_NPARTS_INLINE	8

/**
 * struct resmgr_message - what a call carries, and where its reply goes
 * @type: the message type
 * @msg: the message (the handler's msg argument)
 * @hdr: the message header, in kernel memory
 * @hdr_len: its length, with the data when the message holds all of it
 *	(a small write, resmgr_write())
 * @data: data following @hdr_len's bytes in the caller's memory (a
 *	larger write), or NULL
 * @data_len: its length
 * @extra: a connect handler's extra argument
 * @sink: where reply bytes go
 * @reply_in_msg: for RESMGR_SINK_KERNEL: a handler's reply of one part
 *	that starts at @msg, given when it returns and into an empty @kbuf,
 *	stays there (@kbuf becomes @msg) rather than be copied. The caller
 *	sets it only when @msg's buffer holds @kbuf_len bytes and is its
 *	own, which nothing writes once the handler has returned.
 * @out: the caller's buffer for RESMGR_SINK_USER
 * @kbuf: the kernel buffer for RESMGR_SINK_KERNEL
 * @kbuf_len: its size
 * @copied: reply bytes delivered
 *
 * The caller's: set before the call is sent; only @copied (and @kbuf, as
 * @reply_in_msg says) change after, in the thread that delivers the
 * reply's bytes.
 */
struct resmgr_message {
	int			type;
	void			*msg;
	const void		*hdr;
	size_t			hdr_len;
	struct iov_iter		*data;
	size_t			data_len;
	void			*extra;
	enum resmgr_sink	sink;
	bool			reply_in_msg;
	struct iov_iter		*out;
	void			*kbuf;
	size_t			kbuf_len;
	size_t			copied;
};

/**
 * enum resmgr_reply_state - how far a call's answer got
 * @RESMGR_REPLY_NONE: no answer yet: the handler runs, or keeps the call
 *	(_RESMGR_NOREPLY)
 * @RESMGR_REPLY_GIVEN: the handler answered in the caller's thread
 *	(resmgr_msgreply(), resmgr_msgerror()); @status is the answer
 * @RESMGR_REPLY_LATER: an answer from another thread or context
 *	(MsgReply()); @buf, @len and @status hold it
 * @RESMGR_REPLY_ABANDONED: the caller stopped waiting (a signal, a
 *	detach); @status is what its call returns
 */
enum resmgr_reply_state {
	RESMGR_REPLY_NONE,
	RESMGR_REPLY_GIVEN,
	RESMGR_REPLY_LATER,
	RESMGR_REPLY_ABANDONED,
};

/**
 * struct resmgr_reply - a call's answer
 * @state: an enum resmgr_reply_state; moves from NONE once, under the
 *	call's receive-id slot lock (reply.c), and is read with acquire
 *	by the waiting caller
 * @rcvid: the receive id the call was given; resmgr finds its slot by
 *	this one, not by ctp->rcvid, which the handler may overwrite
 * @status: the answer: >= 0 status, < 0 errno
 * @buf: a LATER answer's data, in kernel memory
 * @len: its length
 * @at: when a LATER answer was given (local_clock()), or 0
 * @server: the server thread that took the call by message and deferred
 *	its answer (a reference the caller drops when its wait ends), or
 *	NULL: the caller polls for the answer while that thread runs
 * @waiting: the caller sleeps for a deferred answer
 * @again: resmgr_msg_again() asks for the handler to run again (slot
 *	lock)
 * @unblock_req: a signal came while the caller waited (MsgInfo() reports
 *	_NTO_MI_UNBLOCK_REQ)
 */
struct resmgr_reply {
	int			state;
	int			rcvid;
	long			status;
	void			*buf;
	size_t			len;
	u64			at;
	struct task_struct	*server;
	bool			waiting;
	bool			again;
	bool			unblock_req;
};

/**
 * struct resmgr_call - one handler invocation
 * @ctp: what the handler sees; first, so the context leads to the call
 * @iov: @ctp's reply parts when nparts_max is at most RESMGR_NPARTS_INLINE
 * @link: the attachment
 * @binding: the open file, for I/O calls; NULL for connect calls
 * @task: the caller's thread, which runs the handler in direct delivery
 * @connect: a connect call (drained by every detach)
 * @m: the message and its sink (the caller's)
 * @reply: the answer (its state under its receive-id slot lock)
 * @req: what dispatch queues for a server thread (message delivery);
 *	dispatch owns it while it is queued or served
 * @run: what runs the handler, in this thread or a server's
 * @mm: the caller's address space, to tell whether the current thread
 *	can reach the caller's buffers
 * @bind_ocb: OCB given to resmgr_open_bind()
 * @bind_io: its I/O table
 * @slot: the receive-id slot the call holds, from resmgr_rcvid_give()
 *	(@reply.rcvid names it) to the unregistering
 * @bound: resmgr_open_bind() was called
 *
 * A call on the stack is declared __uninitialized: resmgr_call_init()
 * clears it, and a kernel built with INIT_STACK_ALL_ZERO (Debian's)
 * would clear it once more on every call.
 */
struct resmgr_call {
	resmgr_context_t		ctp;
	iov_t				iov[RESMGR_NPARTS_INLINE];
	struct resmgr_link		*link;
	struct resmgr_binding		*binding;
	struct task_struct		*task;
	bool				connect;
	bool				bound;
	struct resmgr_message		m;
	struct resmgr_reply		reply;
	long				(*run)(struct resmgr_call *call);
	struct mm_struct		*mm;
	void				*bind_ocb;
	const resmgr_io_funcs_t		*bind_io;
	struct resmgr_rcvid_slot	*slot;
	/*
	 * Last: resmgr_call_init() sets each field before it by name (a new
	 * field needs its line there); dispatch sets this up.
	 */
	struct resmgr_request		req;
};

static inline struct resmgr_call *resmgr_call_of(resmgr_context_t *ctp)
{
	return container_of(ctp, struct resmgr_call, ctp);
}

/* call.c: running handlers */
void resmgr_call_init(struct resmgr_call *call, struct resmgr_link *link,
		      int type, void *msg, size_t hdr_len);
int resmgr_call_enter(struct resmgr_call *call);
void resmgr_call_exit(struct resmgr_call *call);
long resmgr_status_bad(long status);

/**
 * resmgr_status() - a reply status as a system call may return it
 * @status: what the manager said (ctp->status, MsgReply()'s status)
 *
 * A status is a count, never negative: a negative one would reach user
 * space as a kernel-internal errno (-512 is ERESTARTSYS). It becomes EIO.
 *
 * Return: @status, or -EIO.
 * Context: any.
 */
static inline long resmgr_status(long status)
{
	return likely(status >= 0) ? status : resmgr_status_bad(status);
}

long resmgr_call_finish(struct resmgr_call *call, int ret);
int resmgr_call_deliver(struct resmgr_call *call, const iov_t *iov, int parts);
long resmgr_call_send(struct resmgr_call *call, long (*run)(struct resmgr_call *call),
		      bool interruptible);

/* resmgr_call_finish(): the answer is deferred; wait for it. */
#define RESMGR_CALL_WAIT	LONG_MIN
int resmgr_default_func(struct resmgr_call *call, void *msg);
void resmgr_poll_init(void);
long resmgr_io_kcall(struct resmgr_binding *b, int type, void *msg, size_t hdr_len,
		     void *reply, size_t reply_len, size_t *copied);
int resmgr_io_invoke(const resmgr_io_funcs_t *io, int type, resmgr_context_t *ctp,
		     void *msg, void *ocb);

/*
 * A table's typed member under QNX's nfuncs rule: member @m of @t, or
 * NULL when its slot is at or past @t's nfuncs (a table written for an
 * older QNX) or past what this library knows (@max).
 */
#define RESMGR_TABLE_SLOT(type, first, m) \
	((offsetof(type, m) - offsetof(type, first)) / sizeof(void *))
#define RESMGR_TABLE_FN(t, type, first, m, max)				\
	((t) && RESMGR_TABLE_SLOT(type, first, m) < min_t(size_t, (t)->nfuncs, (max)) ? \
	 (t)->m : NULL)
#define RESMGR_IO_FN(io, m) \
	RESMGR_TABLE_FN(io, resmgr_io_funcs_t, read, m, _RESMGR_IO_NFUNCS)
#define RESMGR_CONNECT_FN(cf, m) \
	RESMGR_TABLE_FN(cf, resmgr_connect_funcs_t, open, m, _RESMGR_CONNECT_NFUNCS)

/* ids.c: receive ids and notify ids */

/*
 * A receive id is (generation << RESMGR_RCVID_IDX_BITS | slot): slots
 * come in chunks of RESMGR_RCVID_CHUNK, allocated as calls need them,
 * up to RESMGR_RCVID_SLOTS calls in flight at once. Bit 30 is never
 * set: the user channel's sends have ids of their own there
 * (RESMGR_CHAN_RCVID_SEND).
 */
#define RESMGR_RCVID_IDX_BITS	18
#define RESMGR_RCVID_SLOTS	BIT(RESMGR_RCVID_IDX_BITS)
#define RESMGR_RCVID_GEN_MASK	((1u << (30 - RESMGR_RCVID_IDX_BITS)) - 1)
#define RESMGR_RCVID_CHUNK	256
#define RESMGR_RCVID_CHUNKS	(RESMGR_RCVID_SLOTS / RESMGR_RCVID_CHUNK)

/**
 * struct resmgr_rcvid_slot - where one call in flight is found by its id
 * @lock: protects the reply of @call while @rcvid names it; irq-safe
 *	(MsgReply() may come from any context). The call's own thread
 *	takes and leaves the slot without it (ids.c says how)
 * @busy: someone holds @lock (what a leaving call waits on)
 * @rcvid: the id of @call, or 0 while it is leaving or the slot is free
 * @gen: the generation the last id given here had
 * @call: the call owning the slot, or NULL when it is free
 */
struct resmgr_rcvid_slot {
	spinlock_t		lock;		/* @call's reply, @busy */
	bool			busy;
	int			rcvid;
	u32			gen;
	struct resmgr_call	*call;
};

/*
 * The slots, in chunks allocated as calls need them (a pointer is set
 * once, under ids.c's grow lock, and read without a lock; the first
 * chunk is there from module init to exit).
 */
extern struct resmgr_rcvid_slot *resmgr_rcvid_chunks[RESMGR_RCVID_CHUNKS];

/* Slots a call looks at in a row; a CPU's row starts at cpu * this. */
#define RESMGR_RCVID_PROBES	8

static inline struct resmgr_rcvid_slot *resmgr_rcvid_slot(unsigned int idx)
{
	return &resmgr_rcvid_chunks[idx / RESMGR_RCVID_CHUNK][idx % RESMGR_RCVID_CHUNK];
}

/*
 * Give @call, which has just taken slot @idx (@s->call is @call), its
 * receive id. Only the slot's owner writes gen.
 */
static inline void resmgr_rcvid_give(struct resmgr_call *call, struct resmgr_rcvid_slot *s,
				     unsigned int idx)
{
	int rcvid;

	s->gen = (s->gen + 1) & RESMGR_RCVID_GEN_MASK ?: 1;
	rcvid = (int)(s->gen << RESMGR_RCVID_IDX_BITS | idx);
	call->ctp.rcvid = rcvid;
	call->reply.rcvid = rcvid;
	call->slot = s;
	call->reply.state = RESMGR_REPLY_NONE;
	/* The call set up before its id names it; pairs with resmgr_rcvid_find(). */
	smp_store_release(&s->rcvid, rcvid);
}

/* resmgr_rcvid_unregister(), inlined where the call's steps are. */
static __always_inline void __resmgr_rcvid_unregister(struct resmgr_call *call)
{
	struct resmgr_rcvid_slot *s = call->slot;

	WRITE_ONCE(s->rcvid, 0);
	/* The id cleared before busy is read; see resmgr_rcvid_lock(). */
	smp_mb();
	/* Pairs with resmgr_rcvid_unlock(): what the holder did is seen. */
	smp_cond_load_acquire(&s->busy, !VAL);
	/* Only then is the slot free for another call. */
	smp_store_release(&s->call, NULL);
	if (unlikely(call->reply.buf)) {
		kfree(call->reply.buf);
		call->reply.buf = NULL;
	}
}

struct resmgr_rcvid_slot *resmgr_rcvid_lock(int rcvid, unsigned long *flags)
	__acquires(slot);
void resmgr_rcvid_unlock(struct resmgr_rcvid_slot *s, unsigned long flags)
	__releases(slot);
struct resmgr_call *resmgr_rcvid_find(struct resmgr_rcvid_slot *s, int rcvid);
bool resmgr_rcvid_scan(bool (*fn)(struct resmgr_call *call, void *arg), void *arg);
int resmgr_rcvid_register(struct resmgr_call *call);
void resmgr_rcvid_unregister(struct resmgr_call *call);
int resmgr_notify_id(struct resmgr_binding *b);
void resmgr_notify_id_free(struct resmgr_binding *b);
int resmgr_ids_init(void);
void resmgr_ids_exit(void);

/* reply.c: deferred replies, waiting, unblock */
bool resmgr_reply_claim(struct resmgr_call *call);
ssize_t resmgr_call_read(struct resmgr_call *call, void *buf, size_t nbytes,
			 size_t offset);
ssize_t resmgr_call_write(struct resmgr_call *call, const void *buf,
			  size_t nbytes, size_t offset);
ssize_t resmgr_call_copyv(struct resmgr_call *call, const iov_t *iov, int parts,
			  size_t offset, bool to_caller);
int resmgr_reply_async(const dispatch_t *owner, struct resmgr_call *call, int rcvid,
		       long status, const iov_t *iov, int parts);
int resmgr_reply_give(const dispatch_t *owner, struct resmgr_call *call, int rcvid,
		      long status, void *buf, size_t len);
long resmgr_call_wait(struct resmgr_call *call, long (*run)(struct resmgr_call *call),
		      long (*unblock)(struct resmgr_call *call));
void resmgr_link_fail_waiters(struct resmgr_link *link, int err);

/* attach.c */
void resmgr_link_get(struct resmgr_link *link);
int resmgr_attach_init(void);
void resmgr_attach_exit(void);

/* frontend.c: the front end that keeps per-link state (the /dev nodes) */
void resmgr_frontend_attach(struct resmgr_link *link);
void resmgr_frontend_detach(struct resmgr_link *link);
void resmgr_frontend_changed(struct resmgr_link *link);
const char *resmgr_frontend_state(const struct resmgr_link *link);

/* connect.c and io.c: delivery */
int resmgr_io_begin(struct resmgr_call *call, struct resmgr_binding *b,
		    int type, void *msg, size_t hdr_len);
long resmgr_io_run(struct resmgr_call *call);
void resmgr_binding_close(struct resmgr_binding *b);

#endif /* _RESMGR_CORE_INTERNAL_H */
