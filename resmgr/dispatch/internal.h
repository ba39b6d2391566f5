/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dispatch room's own declarations; only its files include it.
 */
#ifndef _RESMGR_DISPATCH_INTERNAL_H
#define _RESMGR_DISPATCH_INTERNAL_H

#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <resmgr/dispatch.h>
#include <resmgr/ns.h>
#include <resmgr/procmgr.h>
#include "../compat.h"
#include "dispatch.h"

/**
 * struct _dispatch - a dispatch handle
 * @lock: protects @nlinks, @pulses and @coid
 * @nlinks: links attached through it (resmgr_dispatch_link())
 * @owner: the module that created it
 * @all_node: in resmgr_dispatches (resmgr_dispatches_lock)
 * @ref: the creator's reference and one per context and per link
 * @qlock: protects @queue, @pulse_queue, @stopped, @timeout_ns and the
 *	contexts' @unblocked; irq-safe (MsgSendPulse() may come from any
 *	context)
 * @queue: requests waiting for a server thread (resmgr_request.node)
 * @qwait: server threads in dispatch_block()
 * @mode: how it delivers (dispatch.h); first, for the core's inline
 *	resmgr_dispatch_by_message()
 * @destroyed: dispatch_destroy() ran: no new link, request or pulse, and
 *	dispatch_block() returns NULL (written under @lock and @qlock, read
 *	under either)
 * @stopped: its module's main() is being stopped: dispatch_block()
 *	returns NULL
 * @pulses: message_attach() and pulse_attach() handlers (@lock)
 * @pulse_work: runs pulses of a handle that delivers directly
 * @pulse_queue: those pulses (@qlock)
 * @coid: the id message_connect() gave, or 0
 * @timeout_ns: dispatch_timeout()'s bound on dispatch_block(), or -1
 *	for none (@qlock)
 * @pollers: server threads polling @queue now (at most one)
 * @queued_at: when the last request or pulse was queued (local_clock();
 *	written under @qlock, read without it)
 * @recv_poll_ns: how long a server thread polls @queue before it sleeps
 * @reply_poll_ns: how long a caller polls for a deferred reply
 *	(the two windows are heuristics, read and written without a lock
 *	with READ_ONCE() and WRITE_ONCE(): see poll.c)
 * @server: the process whose threads serve it (a user channel's owner,
 *	referenced; set before its first link, replaced when another
 *	process adopts the channel; read under RCU), or NULL
 */
struct _dispatch {
	struct resmgr_dispatch_mode	mode;
	struct mutex		lock;		/* @nlinks, @pulses, @coid */
	unsigned int		nlinks;
	struct module		*owner;
	struct list_head	all_node;
	struct kref		ref;
	spinlock_t		qlock;		/* @queue, @pulse_queue, @stopped, @timeout_ns */
	struct list_head	queue;
	wait_queue_head_t	qwait;
	bool			destroyed;
	bool			stopped;
	struct list_head	pulses;
	struct work_struct	pulse_work;
	struct list_head	pulse_queue;
	int			coid;
	s64			timeout_ns;
	atomic_t		pollers;
	u64			queued_at;
	u32			recv_poll_ns;
	u32			reply_poll_ns;
	struct pid		*server;
};

/* pulse.c */
void resmgr_pulse_init(dispatch_t *dpp);
void resmgr_pulse_stop(dispatch_t *dpp);
void resmgr_pulse_free_handlers(dispatch_t *dpp);
bool resmgr_is_pulse(const struct resmgr_request *req);
void resmgr_pulse_serve(struct resmgr_request *req, dispatch_context_t *ctp);
void resmgr_handler_run(dispatch_t *dpp, unsigned int kind, int code,
			message_context_t *ctp);

/* poll.c */
#define RESMGR_POLL_START_NS	10000
#define RESMGR_POLL_MAX_NS	200000
u32 resmgr_poll_adapt(u32 window, u64 gap, u32 max);
bool resmgr_poll_begin(struct resmgr_poll *w, u32 *window, bool (*done)(void *arg),
		       bool (*worth)(void *arg), void *arg);
bool resmgr_dispatch_poll_request(dispatch_t *dpp, struct resmgr_request *req, bool woke);

/* queue.c */
void resmgr_dispatch_stop_blocking(dispatch_t *dpp);

/* main_thread.c (resmgr_main_ready(): <resmgr/procmgr.h>) */
bool resmgr_main_park(void);

/* pool.c */
void resmgr_pool_module_gone(struct module *mod, bool quiet);

#endif /* _RESMGR_DISPATCH_INTERNAL_H */
