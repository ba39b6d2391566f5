// SPDX-License-Identifier: GPL-2.0
/*
 * Polling before sleeping, on both sides of a call by message.
 *
 * A call by message costs two thread switches: the caller wakes a
 * server thread and sleeps, the server wakes the caller and sleeps. When
 * the two threads run on different CPUs, each switch also takes a CPU
 * out of idle and puts it back, which costs more than the call's own
 * work. So, as KVM's halt polling does for a vCPU, each side polls for a
 * short while before it sleeps:
 *
 *  - a server thread in dispatch_block() polls the handle's queue (one
 *    thread a handle at a time) for a window that adapts to the gaps
 *    between requests (resmgr_poll_adapt()): it grows while the next
 *    request comes soon after the last and falls to nothing after a long
 *    gap, so a server that is asked rarely does not poll;
 *  - a caller polls for its answer while a server polls for its request
 *    or runs it on a CPU, as a mutex waiter spins while the owner runs;
 *  - a caller waiting for a deferred reply (a user-space server's, say)
 *    polls for a window that adapts the same way to how long replies
 *    take.
 *
 * A gap is measured to when the event came (the request was queued, the
 * reply given), not to when the sleeper ran again: a slow wake-up must
 * not hide that polling would have caught the event.
 *
 * Polling stops at once when another thread could run on the CPU
 * (need_resched(), !single_task_running(), as KVM's: a server woken on
 * the caller's own CPU must not wait for the caller's poll) or a signal
 * comes, and never happens with one CPU online. The module parameter
 * poll_ns bounds every window; 0 turns polling off. Polling changes when
 * a thread sleeps, never what a call does.
 */
#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/moduleparam.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/sched/signal.h>
#include <linux/sched/stat.h>
#include "internal.h"

static unsigned int poll_ns = RESMGR_POLL_MAX_NS;
module_param(poll_ns, uint, 0644);
MODULE_PARM_DESC(poll_ns,
		 "longest a thread polls before it sleeps in a call by message, in ns (0: never)");

/**
 * resmgr_poll_adapt() - a polling window after a wait
 * @window: the window the wait started with, in ns
 * @gap: how long after the wait started its event came, in ns
 * @max: the longest window allowed, in ns
 *
 * As KVM's halt polling: an event that polling covered keeps the window,
 * one later than @max would have been polled for in vain and ends
 * polling, and one that came soon but after the window doubles it (from
 * RESMGR_POLL_START_NS), up to @max.
 *
 * Return: the window for the next wait, in ns.
 * Context: any.
 */
u32 resmgr_poll_adapt(u32 window, u64 gap, u32 max)
{
	if (gap > max)
		return 0;
	if (gap <= window)
		return min(window, max);
	return min_t(u64, max_t(u64, 2ULL * window, RESMGR_POLL_START_NS), max);
}

RESMGR_EXPORT_FOR_TESTS(resmgr_poll_adapt);

/**
 * resmgr_poll_max() - the bound on every window now
 *
 * Return: poll_ns; 0 (no polling) with one CPU online.
 * Context: any.
 */
u32 resmgr_poll_max(void)
{
	if (num_online_cpus() < 2)
		return 0;
	return READ_ONCE(poll_ns);
}

RESMGR_EXPORT_FOR_TESTS(resmgr_poll_max);

/*
 * Spin until @done(@arg) (true), or until @end, another thread that
 * could run here, a signal, or @worth(@arg) saying the event is not on
 * its way (false).
 */
static bool resmgr_poll_spin(bool (*done)(void *arg), bool (*worth)(void *arg),
			     void *arg, u64 end)
{
	for (;;) {
		if (done(arg))
			return true;
		if ((worth && !worth(arg)) || need_resched() || !single_task_running() ||
		    signal_pending(current) || local_clock() >= end)
			return false;
		cpu_relax();
	}
}

/**
 * resmgr_poll_begin() - poll before a wait, for an adaptive window
 * @w: the wait's state, filled in here for resmgr_poll_end()
 * @window: the window (one of a handle's)
 * @done: true when the wait is over
 * @worth: NULL, or false when the event is not on its way (polling stops)
 * @arg: for @done and @worth
 *
 * Return: true when @done came true while polling: no wait is needed.
 * Otherwise the caller waits, then calls resmgr_poll_end().
 * Context: process context.
 */
bool resmgr_poll_begin(struct resmgr_poll *w, u32 *window, bool (*done)(void *arg),
		       bool (*worth)(void *arg), void *arg)
{
	resmgr_might_sleep();
	w->window = window;
	w->max = resmgr_poll_max();
	w->win = 0;
	if (!w->max) {
		/* Off: windows start from nothing when it comes back on. */
		WRITE_ONCE(*window, 0);
		return false;
	}
	w->start = local_clock();
	w->win = min(READ_ONCE(*window), w->max);
	return w->win && resmgr_poll_spin(done, worth, arg, w->start + w->win);
}

RESMGR_EXPORT_FOR_TESTS(resmgr_poll_begin);

/**
 * resmgr_poll_end() - adapt a window after a wait that slept
 * @w: what resmgr_poll_begin() filled in
 * @at: when the event that ended the wait came (local_clock()), or 0
 *	when not known (now is taken)
 *
 * Context: any.
 */
void resmgr_poll_end(struct resmgr_poll *w, u64 at)
{
	u64 gap;

	if (!w->max)
		return;
	if (!at || at < w->start)
		at = local_clock();
	gap = at - w->start;
	/* A heuristic: concurrent waits may each write it; any one will do. */
	WRITE_ONCE(*w->window, resmgr_poll_adapt(w->win, gap, w->max));
}

RESMGR_EXPORT_FOR_TESTS(resmgr_poll_end);

/* The caller's side of a request by message. */
struct resmgr_poll_request {
	dispatch_t		*dpp;
	struct resmgr_request	*req;
	bool			woke;
};

static bool resmgr_request_done(void *arg)
{
	struct resmgr_poll_request *p = arg;

	/* Pairs with the server's smp_store_release(). */
	return smp_load_acquire(&p->req->state) == RESMGR_REQ_SERVED;
}

/*
 * Worth polling for: a queued request while a server polls the queue or
 * was woken for it; a taken one while its server is on a CPU (or about
 * to run it). A server
 * thread's task_struct outlives the RCU section in which req->server was
 * seen set: the thread runs the request until it clears the field, and
 * is freed a grace period after it exits.
 */
static bool resmgr_request_coming(void *arg)
{
	struct resmgr_poll_request *p = arg;
	struct task_struct *server;
	bool on_cpu = true;

	if (READ_ONCE(p->req->state) == RESMGR_REQ_QUEUED)
		return p->woke || atomic_read(&p->dpp->pollers) > 0;
	rcu_read_lock();
	server = READ_ONCE(p->req->server);
	if (server)
		on_cpu = owner_on_cpu(server);
	rcu_read_unlock();
	return on_cpu;
}

/**
 * resmgr_dispatch_poll_request() - poll for a queued request's answer
 * @dpp: the handle @req is queued on
 * @req: the request
 * @woke: a sleeping server thread was woken for it
 *
 * Polls while a server polls for the request, was woken for it or runs
 * it on a CPU, for at most poll_ns: not when every server thread is busy
 * with other requests, nor while the handler sleeps.
 *
 * Return: true when the request was served while polling.
 * Context: process context, in the caller's thread.
 */
bool resmgr_dispatch_poll_request(dispatch_t *dpp, struct resmgr_request *req, bool woke)
{
	struct resmgr_poll_request p = { .dpp = dpp, .req = req, .woke = woke };
	u32 max = resmgr_poll_max();

	resmgr_might_sleep();
	return max && resmgr_poll_spin(resmgr_request_done, resmgr_request_coming, &p,
				       local_clock() + max);
}

/**
 * resmgr_dispatch_poll_reply() - poll for a deferred reply
 * @dpp: the handle the call came through
 * @done: true when the reply (or anything else for the caller) came
 * @worth: NULL, or false when the reply is not on its way (say, the
 *	server thread that has the call is not on a CPU)
 * @arg: for @done and @worth
 * @w: the wait's state for resmgr_poll_end()
 *
 * Return: true when @done came true while polling.
 * Context: process context, in the caller's thread.
 */
bool resmgr_dispatch_poll_reply(dispatch_t *dpp, bool (*done)(void *arg),
				bool (*worth)(void *arg), void *arg, struct resmgr_poll *w)
{
	resmgr_might_sleep();
	return resmgr_poll_begin(w, &dpp->reply_poll_ns, done, worth, arg);
}
