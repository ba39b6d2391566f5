/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dispatch room's door: what the core uses of dispatch handles.
 *
 * The room owns dispatch handles (dispatch_t), server contexts, thread
 * pools, pulses, a module's main() thread and the queue that hands
 * requests to server threads. It knows nothing of links, files or
 * handler tables: the core hands it a struct resmgr_request and gets
 * back what the request's run function returned, run in this thread
 * (direct delivery) or in a server thread (message delivery).
 *
 * Objects and lifetimes:
 *  - dispatch_t: made by dispatch_create(); referenced by its creator,
 *    each context and each link (resmgr_dispatch_link()); freed with the
 *    last reference.
 *  - struct resmgr_request: the caller's, on its stack; on the handle's
 *    queue from resmgr_dispatch_deliver() until a server takes it or
 *    the caller takes it back, and in the server's hands until the
 *    server marks it served. The caller never returns before that.
 *  - pulses: the room's own small objects, from MsgSendPulse() to the
 *    end of their handler.
 */
#ifndef _RESMGR_DISPATCH_ROOM_H
#define _RESMGR_DISPATCH_ROOM_H

#include <linux/compiler.h>
#include <linux/list.h>
#include <resmgr/resmgr.h>

struct mm_struct;
struct module;
struct task_struct;

/**
 * struct resmgr_request - one request on its way to a server thread
 * @node: on the handle's queue (its qlock)
 * @run: what the server thread runs; returns the request's answer
 * @ctp: the context the request's handlers see; a server's context
 *	starts as a copy of it (dispatch_block())
 * @owner: what the request is for (the core's link), for
 *	resmgr_dispatch_fail_queued(); never dereferenced here
 * @gone: the owner's "being detached" flag, or NULL: once it is true, a
 *	request the queue has not taken yet is refused (-EBADF), as
 *	resmgr_dispatch_fail_queued() fails those it finds there
 * @mm: the caller's address space, which the server thread uses
 * @server: the server thread running it now, or NULL (WRITE_ONCE)
 * @state: RESMGR_REQ_QUEUED, then TAKEN by a server, then SERVED
 *	(published with release, read with acquire)
 * @result: what @run returned, or the errno a failed queue gave, once
 *	SERVED
 */
struct resmgr_request {
	struct list_head	node;
	long			(*run)(struct resmgr_request *req);
	resmgr_context_t	*ctp;
	const void		*owner;
	const bool		*gone;
	struct mm_struct	*mm;
	struct task_struct	*server;
	int			state;
	long			result;
};

enum {
	RESMGR_REQ_QUEUED,
	RESMGR_REQ_TAKEN,
	RESMGR_REQ_SERVED,
};

/**
 * struct resmgr_poll - one wait's polling (dispatch/poll.c)
 * @window: the handle's adaptive window this wait uses
 * @win: its value when the wait started, in ns
 * @max: the bound on windows for this wait (0: no polling)
 * @start: when the wait started (local_clock())
 */
struct resmgr_poll {
	u32	*window;
	u32	win;
	u32	max;
	u64	start;
};

bool resmgr_dispatch_poll_reply(dispatch_t *dpp, bool (*done)(void *arg),
				bool (*worth)(void *arg), void *arg, struct resmgr_poll *w);
void resmgr_poll_end(struct resmgr_poll *w, u64 at);

long resmgr_dispatch_deliver(dispatch_t *dpp, struct resmgr_request *req,
			     bool interruptible);

/**
 * struct resmgr_dispatch_mode - how a handle delivers; first in its
 *	dispatch_t, so that resmgr_dispatch_by_message() reads it inline
 * @message: deliver by message (a context was allocated); set once
 * @calls_direct: calls run in the caller's thread all the same (set once)
 *
 * The room's to write (queue.c); read with READ_ONCE().
 */
struct resmgr_dispatch_mode {
	bool	message;
	bool	calls_direct;
};

/**
 * resmgr_dispatch_by_message() - does a handle deliver by message?
 * @dpp: the handle
 *
 * Inline: every direct call asks (Documentation/performance.rst).
 *
 * Return: true once a context was allocated on it, unless its calls run
 * directly all the same (resmgr_dispatch_calls_direct()).
 * Context: any.
 */
static inline bool resmgr_dispatch_by_message(const dispatch_t *dpp)
{
	const struct resmgr_dispatch_mode *mode = (const void *)dpp;

	return READ_ONCE(mode->message) && !READ_ONCE(mode->calls_direct);
}

void resmgr_dispatch_calls_direct(dispatch_t *dpp);
bool resmgr_dispatch_has_contexts(const dispatch_t *dpp);
struct pid *resmgr_dispatch_served_by(dispatch_t *dpp, struct pid *tgid);
bool resmgr_dispatch_orphaned(const dispatch_t *dpp);
u32 resmgr_poll_max(void);
void resmgr_dispatch_fail_queued(dispatch_t *dpp, const void *owner, int err);
int resmgr_dispatch_link(dispatch_t *dpp);
void resmgr_dispatch_unlink(dispatch_t *dpp);
void resmgr_dispatch_put(dispatch_t *dpp);
bool resmgr_dispatch_queued(dispatch_t *dpp);

/* A module's handles, pools and main(): its unload and its server's exit. */
void resmgr_dispatch_module_stop(struct module *mod);
void resmgr_dispatch_module_gone(struct module *mod, bool quiet);

#endif /* _RESMGR_DISPATCH_ROOM_H */
