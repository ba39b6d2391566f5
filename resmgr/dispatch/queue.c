// SPDX-License-Identifier: GPL-2.0
/*
 * Message delivery: server contexts and the server side of QNX's
 * dispatch_block()/dispatch_handler() loop, on kernel threads.
 *
 * A handle starts in direct delivery. dispatch_context_alloc() switches
 * it to message delivery for good: each request is queued on the handle
 * and the caller sleeps; a server thread takes it in dispatch_block()
 * and runs it in dispatch_handler() with the caller's credentials and
 * address space (kthread_use_mm()), so handlers, resmgr_msgread() and
 * replies work exactly as in direct delivery. A handler's
 * _RESMGR_NOREPLY hands the wait back to the caller's thread, where
 * unblock and deferred replies run as usual.
 *
 * The request (struct resmgr_request) lives on the caller's stack. A
 * caller interrupted while its request is still queued takes it back;
 * once a server has taken it, the caller waits until the server is done
 * with it, so the server never touches a frame that is gone.
 */
#include <linux/cred.h>
#include <linux/kthread.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/sched/clock.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/wait_bit.h>
#include "internal.h"

/**
 * dispatch_context_alloc() - make a server thread's context
 * @dpp: the handle; from now on it delivers by message
 *
 * Return: the context, or NULL when out of memory or @dpp was destroyed.
 * Context: process context.
 */
dispatch_context_t *dispatch_context_alloc(dispatch_t *dpp)
{
	dispatch_context_t *ctx;

	resmgr_might_sleep();
	if (!dpp)
		return NULL;
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return NULL;
	spin_lock_irq(&dpp->qlock);
	if (dpp->destroyed) {
		spin_unlock_irq(&dpp->qlock);
		kfree(ctx);
		return NULL;
	}
	kref_get(&dpp->ref);
	WRITE_ONCE(dpp->mode.message, true);
	spin_unlock_irq(&dpp->qlock);
	ctx->priv.dpp = dpp;
	ctx->resmgr_context.dpp = dpp;
	return ctx;
}
EXPORT_SYMBOL_NS_GPL(dispatch_context_alloc, RESMGR_NS);

/**
 * dispatch_context_free() - free a context made by dispatch_context_alloc()
 * @ctp: the context, or NULL; not in use by a thread
 *
 * Context: process context.
 */
void dispatch_context_free(dispatch_context_t *ctp)
{
	resmgr_might_sleep();
	if (!ctp)
		return;
	resmgr_dispatch_put(ctp->priv.dpp);
	kfree(ctp);
}
EXPORT_SYMBOL_NS_GPL(dispatch_context_free, RESMGR_NS);

/*
 * A kernel thread asked to stop. Servers are user threads too (the user
 * channel, chan/), for which kthread_should_stop() is not to be asked.
 */
static bool dispatch_should_stop(void)
{
	return (current->flags & PF_KTHREAD) && kthread_should_stop();
}

static bool dispatch_ready(dispatch_context_t *ctx)
{
	dispatch_t *dpp = ctx->priv.dpp;

	return READ_ONCE(dpp->destroyed) || READ_ONCE(dpp->stopped) ||
	       READ_ONCE(ctx->priv.unblocked) ||
	       !list_empty(&dpp->queue) || dispatch_should_stop();
}

static bool dispatch_ready_poll(void *ctx)
{
	return dispatch_ready(ctx);
}

/*
 * Wait until dispatch_ready() or @dpp's timeout passes. Return: 0 when
 * ready, 1 on a timeout, -ERESTARTSYS on a signal. One thread a handle
 * polls the queue before it sleeps (poll.c). The timeout is an hrtimer's:
 * never shorter than asked (a jiffies timeout may end up to a tick early).
 */
static int dispatch_wait(dispatch_context_t *ctp, dispatch_t *dpp)
{
	struct resmgr_poll w;
	bool polls;
	int ret;
	s64 ns;

	polls = atomic_cmpxchg(&dpp->pollers, 0, 1) == 0;
	if (polls) {
		bool ready = resmgr_poll_begin(&w, &dpp->recv_poll_ns,
					       dispatch_ready_poll, NULL, ctp);

		atomic_set_release(&dpp->pollers, 0);
		if (ready)
			return 0;
	}
	spin_lock_irq(&dpp->qlock);
	ns = dpp->timeout_ns;
	spin_unlock_irq(&dpp->qlock);
	if (ns < 0)
		ret = wait_event_interruptible(dpp->qwait, dispatch_ready(ctp));
	else
		ret = wait_event_interruptible_hrtimeout(dpp->qwait, dispatch_ready(ctp),
							 ns_to_ktime(ns));
	if (!ret && polls)
		resmgr_poll_end(&w, READ_ONCE(dpp->queued_at));
	return ret == -ETIME ? 1 : ret;
}

/**
 * dispatch_block() - wait for a request
 * @ctp: the thread's context
 *
 * Return: @ctp with a request to hand to dispatch_handler(), or with
 * ctp->message_context.rcvid -1 when the handle's dispatch_timeout()
 * passed with none; NULL when the handle was destroyed,
 * dispatch_unblock() was called on @ctp, the kernel thread is asked to
 * stop, or a signal came.
 * Context: process context (a kernel thread); sleeps.
 */
dispatch_context_t *dispatch_block(dispatch_context_t *ctp)
{
	struct resmgr_request *req = NULL;
	dispatch_t *dpp;
	int waited;

	resmgr_might_sleep();
	if (!ctp)
		return NULL;
	/* A server's main() waiting for its first message is ready. */
	resmgr_main_ready();
	dpp = ctp->priv.dpp;
	for (;;) {
		waited = dispatch_wait(ctp, dpp);
		if (waited < 0)
			return NULL;
		spin_lock_irq(&dpp->qlock);
		if (dpp->destroyed || dpp->stopped || ctp->priv.unblocked ||
		    dispatch_should_stop()) {
			ctp->priv.unblocked = false;
			spin_unlock_irq(&dpp->qlock);
			return NULL;
		}
		req = list_first_entry_or_null(&dpp->queue, struct resmgr_request, node);
		if (req) {
			list_del_init(&req->node);
			WRITE_ONCE(req->state, RESMGR_REQ_TAKEN);
		}
		spin_unlock_irq(&dpp->qlock);
		if (req || waited)
			break;
	}
	ctp->priv.req = req;
	if (!req) {
		/* A timeout: no message, as QNX's MsgReceive() ETIMEDOUT. */
		memset(&ctp->resmgr_context, 0, sizeof(ctp->resmgr_context));
		ctp->resmgr_context.rcvid = -1;
		ctp->resmgr_context.dpp = dpp;
		ctp->priv.timedout = true;
		return ctp;
	}
	if (resmgr_is_pulse(req)) {
		/* Shown as a pulse: ctp->msg is its io_pulse_t (dispatch_handler()). */
		memset(&ctp->resmgr_context, 0, sizeof(ctp->resmgr_context));
		ctp->resmgr_context.dpp = dpp;
		return ctp;
	}
	ctp->resmgr_context = *req->ctp;
	return ctp;
}
EXPORT_SYMBOL_NS_GPL(dispatch_block, RESMGR_NS);

/**
 * dispatch_handler() - serve the request dispatch_block() took
 * @ctp: the thread's context
 *
 * Runs the request's handler with the caller's credentials and address
 * space, then wakes the caller. After a timeout it runs the handle's
 * MSG_FLAG_TIMEOUT_FUNC handler (message_attach()), if any.
 *
 * Return: 0 when a request or a timeout was handled, -1 when @ctp held
 * neither.
 * Context: process context (a kernel thread).
 */
int dispatch_handler(dispatch_context_t *ctp)
{
	struct resmgr_request *req = ctp ? ctp->priv.req : NULL;
	const struct cred *old;
	bool use_mm;
	long res;

	resmgr_might_sleep();
	if (ctp && ctp->priv.timedout) {
		ctp->priv.timedout = false;
		resmgr_handler_run(ctp->priv.dpp, MSG_FLAG_TIMEOUT_FUNC, 0,
				   &ctp->message_context);
		return 0;
	}
	if (!req)
		return -1;
	ctp->priv.req = NULL;
	if (resmgr_is_pulse(req)) {
		/* Nobody waits for a pulse: it is ours to free. */
		resmgr_pulse_serve(req, ctp);
		return 0;
	}
	use_mm = req->mm && !current->mm;
	if (use_mm)
		kthread_use_mm(req->mm);
	old = override_creds(req->ctp->info.cred);
	WRITE_ONCE(req->server, current);
	res = req->run(req);
	WRITE_ONCE(req->server, NULL);
	revert_creds(old);
	if (use_mm)
		kthread_unuse_mm(req->mm);
	req->result = res;
	/* Publish the result; pairs with the caller's acquire. */
	smp_store_release(&req->state, RESMGR_REQ_SERVED);
	wake_up_var(&req->state);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(dispatch_handler, RESMGR_NS);

/**
 * dispatch_timeout() - bound every later dispatch_block() on a handle
 * @dpp: the handle
 * @reltime: how long a dispatch_block() waits for a request before it
 *	returns its context with rcvid -1; NULL: no bound (the default)
 *
 * As on QNX, the bound holds for every later dispatch_block() on @dpp,
 * in every thread, until changed.
 *
 * Return: 0, or -EINVAL for a NULL handle or a negative or malformed time.
 * Context: any.
 */
int dispatch_timeout(dispatch_t *dpp, struct timespec *reltime)
{
	unsigned long flags;
	s64 ns = -1;

	if (!dpp)
		return -EINVAL;
	if (reltime) {
		if (reltime->tv_sec < 0 || reltime->tv_nsec < 0 ||
		    reltime->tv_nsec >= NSEC_PER_SEC)
			return -EINVAL;
		ns = reltime->tv_sec >= KTIME_SEC_MAX ? KTIME_MAX :
		     reltime->tv_sec * NSEC_PER_SEC + reltime->tv_nsec;
	}
	spin_lock_irqsave(&dpp->qlock, flags);
	dpp->timeout_ns = ns;
	spin_unlock_irqrestore(&dpp->qlock, flags);
	/* Sleepers pick the new bound up at their next wait. */
	return 0;
}
EXPORT_SYMBOL_NS_GPL(dispatch_timeout, RESMGR_NS);

/**
 * dispatch_unblock() - make a thread's dispatch_block() return NULL
 * @ctp: that thread's context
 *
 * Context: any.
 */
void dispatch_unblock(dispatch_context_t *ctp)
{
	dispatch_t *dpp = ctp->priv.dpp;
	unsigned long flags;

	spin_lock_irqsave(&dpp->qlock, flags);
	ctp->priv.unblocked = true;
	spin_unlock_irqrestore(&dpp->qlock, flags);
	wake_up_all(&dpp->qwait);
}
EXPORT_SYMBOL_NS_GPL(dispatch_unblock, RESMGR_NS);

/**
 * resmgr_dispatch_stop_blocking() - every dispatch_block() on @dpp
 *	returns NULL from now on (its module's main() is being stopped)
 * @dpp: the handle
 *
 * Context: any; takes dpp->qlock.
 */
void resmgr_dispatch_stop_blocking(dispatch_t *dpp)
{
	unsigned long flags;

	spin_lock_irqsave(&dpp->qlock, flags);
	dpp->stopped = true;
	spin_unlock_irqrestore(&dpp->qlock, flags);
	wake_up_all(&dpp->qwait);
}

/**
 * resmgr_dispatch_fail_queued() - answer the queued requests for an owner
 * @dpp: the handle
 * @owner: the link being detached; NULL: every request (the handle is
 *	being destroyed), pulses excepted
 * @err: the positive errno they get
 *
 * No server may ever take them (the driver may stop its threads next).
 *
 * Context: any; takes dpp->qlock.
 */
void resmgr_dispatch_fail_queued(dispatch_t *dpp, const void *owner, int err)
{
	struct resmgr_request *req, *tmp;
	unsigned long flags;

	spin_lock_irqsave(&dpp->qlock, flags);
	list_for_each_entry_safe(req, tmp, &dpp->queue, node) {
		if (resmgr_is_pulse(req) || (owner && req->owner != owner))
			continue;
		list_del_init(&req->node);
		req->result = -err;
		/* Publish the result; pairs with the caller's acquire. */
		smp_store_release(&req->state, RESMGR_REQ_SERVED);
		wake_up_var(&req->state);
	}
	spin_unlock_irqrestore(&dpp->qlock, flags);
}

static bool resmgr_request_served(struct resmgr_request *req)
{
	/* Pairs with the server's smp_store_release(). */
	return smp_load_acquire(&req->state) == RESMGR_REQ_SERVED;
}

/* resmgr_dispatch_by_message() reads the mode inline, as its first member. */
static_assert(offsetof(struct _dispatch, mode) == 0);

/**
 * resmgr_dispatch_deliver() - run a request directly or through the handle
 * @dpp: the handle the request's link was attached with
 * @req: the request: @run, @ctp and @owner set
 * @interruptible: a signal may take a still-queued request back (not for
 *	closes, which must reach the manager even from a dying process)
 *
 * Return: what @req->run returned; -ERESTARTSYS when a signal came while
 * the request was still queued; -EBADF when the handle was destroyed
 * meanwhile, or the errno resmgr_dispatch_fail_queued() gave.
 * Context: process context, in the caller's thread; sleeps.
 */
long resmgr_dispatch_deliver(dispatch_t *dpp, struct resmgr_request *req,
			     bool interruptible)
{
	bool woke;

	resmgr_might_sleep();
	if (!READ_ONCE(dpp->mode.message))
		return req->run(req);

	req->mm = current->mm;
	req->server = NULL;
	req->state = RESMGR_REQ_QUEUED;
	spin_lock_irq(&dpp->qlock);
	/*
	 * The owner's flag is set before resmgr_dispatch_fail_queued() takes
	 * qlock: a request queued after that call would never be served (a
	 * detach drains the link waiting for it) and is refused here instead.
	 */
	if (dpp->destroyed || (req->gone && READ_ONCE(*req->gone))) {
		spin_unlock_irq(&dpp->qlock);
		return -EBADF;
	}
	list_add_tail(&req->node, &dpp->queue);
	WRITE_ONCE(dpp->queued_at, local_clock());
	spin_unlock_irq(&dpp->qlock);
	woke = wq_has_sleeper(&dpp->qwait);
	if (woke)
		wake_up(&dpp->qwait);

	if (resmgr_dispatch_poll_request(dpp, req, woke))
		return req->result;
	if (!interruptible) {
		wait_var_event(&req->state, resmgr_request_served(req));
	} else if (wait_var_event_interruptible(&req->state,
						resmgr_request_served(req))) {
		bool queued;

		spin_lock_irq(&dpp->qlock);
		queued = READ_ONCE(req->state) == RESMGR_REQ_QUEUED;
		if (queued)
			list_del_init(&req->node);
		spin_unlock_irq(&dpp->qlock);
		if (queued)
			return -ERESTARTSYS;
		/* A server has it: wait until it is done with our frame. */
		wait_var_event(&req->state, resmgr_request_served(req));
	}
	return req->result;
}

RESMGR_EXPORT_FOR_TESTS(resmgr_dispatch_deliver);

/**
 * resmgr_dispatch_queued() - are requests waiting for a server thread?
 * @dpp: the handle
 *
 * Return: true if the queue holds a request or a pulse.
 * Context: any.
 */
bool resmgr_dispatch_queued(dispatch_t *dpp)
{
	unsigned long flags;
	bool queued;

	spin_lock_irqsave(&dpp->qlock, flags);
	queued = !list_empty(&dpp->queue);
	spin_unlock_irqrestore(&dpp->qlock, flags);
	return queued;
}

RESMGR_EXPORT_FOR_TESTS(resmgr_dispatch_queued);

/**
 * resmgr_dispatch_calls_direct() - calls run in their callers' threads
 * @dpp: the handle
 *
 * resmgr_dispatch_by_message() says false from here on, contexts or not
 * (a user channel with a ring); pulses are still queued for server
 * threads once a context was allocated.
 *
 * Context: any.
 */
void resmgr_dispatch_calls_direct(dispatch_t *dpp)
{
	WRITE_ONCE(dpp->mode.calls_direct, true);
}

RESMGR_EXPORT_FOR_TESTS(resmgr_dispatch_calls_direct);

/**
 * resmgr_dispatch_served_by() - name the process whose threads serve a handle
 * @dpp: the handle
 * @tgid: that process (a reference is taken)
 *
 * Return: the process named before, or NULL: the caller drops that
 * reference after a grace period (resmgr_dispatch_orphaned() reads the
 * server under RCU).
 * Context: any.
 */
struct pid *resmgr_dispatch_served_by(dispatch_t *dpp, struct pid *tgid)
{
	return xchg(&dpp->server, get_pid(tgid));
}

RESMGR_EXPORT_FOR_TESTS(resmgr_dispatch_served_by);

/* Has the serving process no thread left, or is it ending as a whole? */
static bool resmgr_dispatch_server_gone(struct pid *server)
{
	struct task_struct *t;
	bool gone;

	rcu_read_lock();
	t = pid_task(server, PIDTYPE_TGID);
	gone = !t || !atomic_read(&t->signal->live) ||
	       (READ_ONCE(t->signal->flags) & SIGNAL_GROUP_EXIT);
	rcu_read_unlock();
	return gone;
}

/**
 * resmgr_dispatch_orphaned() - does the calling thread's process, exiting,
 *	close a file whose server can no longer answer?
 * @dpp: the handle
 *
 * A process that exits closes its files only once its last thread is
 * going: a file it opened on its own paths then has no server thread
 * left to answer its close. Nor has a file of a server that is gone
 * while another process still holds its channel (a child it forked,
 * which inherited the descriptors, and now exits).
 *
 * Return: true if so.
 * Context: any (it reads the current task's flags).
 */
bool resmgr_dispatch_orphaned(const dispatch_t *dpp)
{
	struct pid *server;
	bool orphaned;

	if (!(current->flags & PF_EXITING))
		return false;
	/* The server may change (procmgr_daemon()'s child adopts the channel). */
	rcu_read_lock();
	server = READ_ONCE(dpp->server);
	orphaned = server && (server == task_tgid(current) ||
			      resmgr_dispatch_server_gone(server));
	rcu_read_unlock();
	return orphaned;
}

RESMGR_EXPORT_FOR_TESTS(resmgr_dispatch_orphaned);

/**
 * resmgr_dispatch_has_contexts() - may a server thread answer on a handle?
 * @dpp: the handle
 *
 * Return: true once a context was allocated on it: a call may then wait
 * for a server thread even when it runs in the caller's thread
 * (resmgr_dispatch_calls_direct()).
 * Context: any.
 */
bool resmgr_dispatch_has_contexts(const dispatch_t *dpp)
{
	return READ_ONCE(dpp->mode.message);
}

RESMGR_EXPORT_FOR_TESTS(resmgr_dispatch_has_contexts);
