// SPDX-License-Identifier: GPL-2.0
/*
 * Message delivery: dispatch contexts and the server side of QNX's
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
 * The request (struct resmgr_call) lives on the caller's stack. A caller
 * interrupted while its request is still queued takes it back; once a
 * server has taken it, the caller waits until the server is done with
 * it, so the server never touches a frame that is gone.
 *
 * The handle is reference counted: its creator, every context and every
 * link hold a reference, so dispatch_destroy() can wake its server
 * threads and leave the freeing to the last dispatch_context_free() or
 * the last link (a file kept open after _RESMGR_DETACH_PATHNAME).
 */
#include <linux/cred.h>
#include <linux/kthread.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/wait_bit.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <resmgr/dispatch.h>
#include <resmgr/ns.h>
#include "internal.h"

/* message_attach(): the flag that names a handler's kind, and all it takes. */
#define RESMGR_MSG_KIND		(MSG_FLAG_TYPE_PULSE | MSG_FLAG_TIMEOUT_FUNC)
#define RESMGR_MSG_FLAGS	(RESMGR_MSG_KIND | MSG_FLAG_ALLOC_PULSE | \
				 MSG_FLAG_DEFAULT_FUNC)

enum {
	RESMGR_CALL_QUEUED,
	RESMGR_CALL_TAKEN,
	RESMGR_CALL_SERVED,
};

/*
 * A message handler (message_attach(), pulse_attach()), on dpp->pulses:
 * a range of pulse codes or message types, the catch-all of either kind
 * (MSG_FLAG_DEFAULT_FUNC), or the timeout handler (MSG_FLAG_TIMEOUT_FUNC).
 */
struct resmgr_pulse_handler {
	struct list_head	node;
	unsigned int		flags;
	int			low;
	int			high;
	int			(*func)(message_context_t *ctp, int code,
					unsigned int flags, void *handle);
	void			*handle;
};

/* A pulse on its way: a call with no caller waiting for it. */
struct resmgr_pulse {
	struct resmgr_call	call;
	io_pulse_t		msg;
	dispatch_t		*dpp;
	struct list_head	node;	/* on dpp->pulse_queue (direct delivery) */
};

/* Message connections: coid -> handle, for MsgSendPulse(). */
static DEFINE_XARRAY_FLAGS(resmgr_coids, XA_FLAGS_ALLOC1 | XA_FLAGS_LOCK_IRQ);

static void resmgr_dispatch_free(struct kref *ref)
{
	dispatch_t *dpp = container_of(ref, dispatch_t, ref);
	struct resmgr_pulse_handler *h, *tmp;

	list_for_each_entry_safe(h, tmp, &dpp->pulses, node)
		kfree(h);
	mutex_destroy(&dpp->lock);
	kfree(dpp);
}

/**
 * resmgr_dispatch_put() - drop a reference on a dispatch handle
 * @dpp: the handle
 *
 * Context: any (a link's last reference goes in an RCU callback).
 */
void resmgr_dispatch_put(dispatch_t *dpp)
{
	kref_put(&dpp->ref, resmgr_dispatch_free);
}

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

	might_sleep();
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
	WRITE_ONCE(dpp->message, true);
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
	if (!ctp)
		return;
	resmgr_dispatch_put(ctp->priv.dpp);
	kfree(ctp);
}
EXPORT_SYMBOL_NS_GPL(dispatch_context_free, RESMGR_NS);

/*
 * The handler of @kind (MSG_FLAG_TYPE_PULSE, MSG_FLAG_TIMEOUT_FUNC or 0
 * for message types) for @code: the range that holds it, else the
 * catch-all of that kind. The caller holds dpp->lock.
 */
static struct resmgr_pulse_handler *
resmgr_handler_find(dispatch_t *dpp, unsigned int kind, int code)
{
	struct resmgr_pulse_handler *h, *dflt = NULL;

	lockdep_assert_held(&dpp->lock);
	list_for_each_entry(h, &dpp->pulses, node) {
		if ((h->flags & RESMGR_MSG_KIND) != kind)
			continue;
		if (h->flags & MSG_FLAG_DEFAULT_FUNC)
			dflt = h;
		else if (kind == MSG_FLAG_TIMEOUT_FUNC || (code >= h->low && code <= h->high))
			return h;
	}
	return dflt;
}

/*
 * Run the handler of @kind for @code with @ctp, if there is one. Its
 * function and handle are taken under dpp->lock: a message_detach()
 * meanwhile frees the entry, not what the driver still owns.
 */
static void resmgr_handler_run(dispatch_t *dpp, unsigned int kind, int code,
			       message_context_t *ctp)
{
	int (*func)(message_context_t *ctp, int code, unsigned int flags, void *handle);
	struct resmgr_pulse_handler *h;
	void *handle;

	mutex_lock(&dpp->lock);
	h = resmgr_handler_find(dpp, kind, code);
	func = h ? h->func : NULL;
	handle = h ? h->handle : NULL;
	mutex_unlock(&dpp->lock);
	if (func)
		func(ctp, code, 0, handle);
}

/* Run the handler message_attach() or pulse_attach() gave for this pulse. */
static long resmgr_pulse_run(struct resmgr_call *call)
{
	struct resmgr_pulse *p = container_of(call, struct resmgr_pulse, call);

	resmgr_handler_run(p->dpp, MSG_FLAG_TYPE_PULSE, p->msg.i.code, &call->ctp);
	return 0;
}

static bool dispatch_ready(dispatch_context_t *ctx)
{
	dispatch_t *dpp = ctx->priv.dpp;

	return READ_ONCE(dpp->destroyed) || READ_ONCE(dpp->stopped) ||
	       READ_ONCE(ctx->priv.unblocked) ||
	       !list_empty(&dpp->queue) || kthread_should_stop();
}

/*
 * Wait until dispatch_ready() or @dpp's timeout passes. Return: 0 when
 * ready, 1 on a timeout, -ERESTARTSYS on a signal.
 */
static int dispatch_wait(dispatch_context_t *ctp, dispatch_t *dpp)
{
	long left;
	s64 ns;

	spin_lock_irq(&dpp->qlock);
	ns = dpp->timeout_ns;
	spin_unlock_irq(&dpp->qlock);
	if (ns < 0)
		return wait_event_interruptible(dpp->qwait, dispatch_ready(ctp));
	left = wait_event_interruptible_timeout(dpp->qwait, dispatch_ready(ctp),
						min_t(u64, nsecs_to_jiffies64(ns),
						      MAX_SCHEDULE_TIMEOUT - 1));
	if (left < 0)
		return left;
	return left ? 0 : 1;
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
	dispatch_t *dpp;
	struct resmgr_call *call = NULL;
	int waited;

	might_sleep();
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
		    kthread_should_stop()) {
			ctp->priv.unblocked = false;
			spin_unlock_irq(&dpp->qlock);
			return NULL;
		}
		call = list_first_entry_or_null(&dpp->queue, struct resmgr_call,
						queue_node);
		if (call) {
			list_del_init(&call->queue_node);
			WRITE_ONCE(call->served, RESMGR_CALL_TAKEN);
		}
		spin_unlock_irq(&dpp->qlock);
		if (call || waited)
			break;
	}
	ctp->priv.call = call;
	if (!call) {
		/* A timeout: no message, as QNX's MsgReceive() ETIMEDOUT. */
		memset(&ctp->resmgr_context, 0, sizeof(ctp->resmgr_context));
		ctp->resmgr_context.rcvid = -1;
		ctp->resmgr_context.dpp = dpp;
		ctp->priv.timedout = true;
		return ctp;
	}
	ctp->resmgr_context = call->ctp;
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
	struct resmgr_call *call = ctp ? ctp->priv.call : NULL;
	const struct cred *old;
	bool use_mm;
	long res;

	if (ctp && ctp->priv.timedout) {
		ctp->priv.timedout = false;
		resmgr_handler_run(ctp->priv.dpp, MSG_FLAG_TIMEOUT_FUNC, 0,
				   &ctp->message_context);
		return 0;
	}
	if (!call)
		return -1;
	ctp->priv.call = NULL;
	if (!call->link) {
		/* A pulse: nobody waits; it is ours to free. */
		call->run(call);
		kfree(container_of(call, struct resmgr_pulse, call));
		return 0;
	}
	use_mm = call->mm && !current->mm;
	if (use_mm)
		kthread_use_mm(call->mm);
	old = override_creds(call->ctp.info.cred);
	WRITE_ONCE(call->server, current);
	res = call->run(call);
	WRITE_ONCE(call->server, NULL);
	revert_creds(old);
	if (use_mm)
		kthread_unuse_mm(call->mm);
	call->served_res = res;
	/* Publish the result; pairs with the caller's acquire. */
	smp_store_release(&call->served, RESMGR_CALL_SERVED);
	wake_up_var(&call->served);
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

	spin_lock_irq(&dpp->qlock);
	ctp->priv.unblocked = true;
	spin_unlock_irq(&dpp->qlock);
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
	spin_lock_irq(&dpp->qlock);
	dpp->stopped = true;
	spin_unlock_irq(&dpp->qlock);
	wake_up_all(&dpp->qwait);
}

/**
 * resmgr_dispatch_fail_queued() - answer the queued requests of a link
 * @dpp: the handle
 * @link: the link, being detached; NULL: every request (the handle is
 *	being destroyed), pulses excepted
 * @err: the positive errno they get
 *
 * No server may ever take them (the driver may stop its threads next).
 *
 * Context: any; takes dpp->qlock.
 */
void resmgr_dispatch_fail_queued(dispatch_t *dpp, struct resmgr_link *link, int err)
{
	struct resmgr_call *call, *tmp;

	spin_lock_irq(&dpp->qlock);
	list_for_each_entry_safe(call, tmp, &dpp->queue, queue_node) {
		if (link ? call->link != link : !call->link)
			continue;
		list_del_init(&call->queue_node);
		call->served_res = -err;
		/* Publish the result; pairs with the caller's acquire. */
		smp_store_release(&call->served, RESMGR_CALL_SERVED);
		wake_up_var(&call->served);
	}
	spin_unlock_irq(&dpp->qlock);
}

static bool resmgr_call_served(struct resmgr_call *call)
{
	/* Pairs with the server's smp_store_release(). */
	return smp_load_acquire(&call->served) == RESMGR_CALL_SERVED;
}

/**
 * resmgr_call_deliver_by() - run a call directly or through the handle
 * @call: the call, entered on its link
 * @run: what runs it (in this thread, or in a server thread)
 * @interruptible: a signal may take a still-queued request back (not for
 *	closes, which must reach the manager even from a dying process)
 *
 * Return: what @run returned (possibly RESMGR_CALL_WAIT: the caller then
 * waits for a deferred reply in its own thread); -ERESTARTSYS when a
 * signal came while the request was still queued; -EBADF when the handle
 * was destroyed meanwhile.
 * Context: process context, in the caller's thread.
 */
long resmgr_call_deliver_by(struct resmgr_call *call,
			    long (*run)(struct resmgr_call *call), bool interruptible)
{
	dispatch_t *dpp = call->link->dpp;

	if (!READ_ONCE(dpp->message))
		return run(call);

	call->run = run;
	call->mm = current->mm;
	call->served = RESMGR_CALL_QUEUED;
	spin_lock_irq(&dpp->qlock);
	if (dpp->destroyed) {
		spin_unlock_irq(&dpp->qlock);
		return -EBADF;
	}
	list_add_tail(&call->queue_node, &dpp->queue);
	spin_unlock_irq(&dpp->qlock);
	wake_up(&dpp->qwait);

	if (!interruptible) {
		wait_var_event(&call->served, resmgr_call_served(call));
	} else if (wait_var_event_interruptible(&call->served,
						resmgr_call_served(call))) {
		bool queued;

		spin_lock_irq(&dpp->qlock);
		queued = READ_ONCE(call->served) == RESMGR_CALL_QUEUED;
		if (queued)
			list_del_init(&call->queue_node);
		spin_unlock_irq(&dpp->qlock);
		if (queued)
			return -ERESTARTSYS;
		/* A server has it: wait until it is done with our frame. */
		wait_var_event(&call->served, resmgr_call_served(call));
	}
	return call->served_res;
}

/* Pulses of a handle that delivers directly run here, in a work item. */
static void resmgr_pulse_work(struct work_struct *work)
{
	dispatch_t *dpp = container_of(work, dispatch_t, pulse_work);
	struct resmgr_pulse *p;

	for (;;) {
		spin_lock_irq(&dpp->qlock);
		p = list_first_entry_or_null(&dpp->pulse_queue, struct resmgr_pulse, node);
		if (p)
			list_del(&p->node);
		spin_unlock_irq(&dpp->qlock);
		if (!p)
			return;
		resmgr_pulse_run(&p->call);
		kfree(p);
	}
}

/**
 * resmgr_dispatch_init() - set up a new handle's pulse machinery
 * @dpp: the handle
 *
 * Context: process context.
 */
void resmgr_dispatch_init(dispatch_t *dpp)
{
	dpp->timeout_ns = -1;
	INIT_LIST_HEAD(&dpp->pulses);
	INIT_LIST_HEAD(&dpp->pulse_queue);
	INIT_WORK(&dpp->pulse_work, resmgr_pulse_work);
}

/**
 * resmgr_dispatch_stop() - a handle is being destroyed: no more pulses
 * @dpp: the handle, marked destroyed
 *
 * Context: process context; waits for a running pulse handler.
 */
void resmgr_dispatch_stop(dispatch_t *dpp)
{
	struct resmgr_pulse *p, *tmp;
	LIST_HEAD(drop);

	if (dpp->coid)
		xa_erase_irq(&resmgr_coids, dpp->coid);
	cancel_work_sync(&dpp->pulse_work);
	spin_lock_irq(&dpp->qlock);
	list_splice_init(&dpp->pulse_queue, &drop);
	list_for_each_entry_safe(p, tmp, &dpp->queue, call.queue_node) {
		if (p->call.link)
			continue;
		list_del(&p->call.queue_node);
		list_add(&p->node, &drop);
	}
	spin_unlock_irq(&dpp->qlock);
	list_for_each_entry_safe(p, tmp, &drop, node)
		kfree(p);
}

/* Do two handlers of the same kind claim the same code? */
static bool resmgr_handler_overlaps(const struct resmgr_pulse_handler *a,
				    const struct resmgr_pulse_handler *b)
{
	if ((a->flags & RESMGR_MSG_KIND) != (b->flags & RESMGR_MSG_KIND))
		return false;
	if ((a->flags | b->flags) & MSG_FLAG_TIMEOUT_FUNC)
		return true;
	if ((a->flags ^ b->flags) & MSG_FLAG_DEFAULT_FUNC)
		return false;
	if (a->flags & MSG_FLAG_DEFAULT_FUNC)
		return true;
	return a->low <= b->high && b->low <= a->high;
}

/* Is @h's range free on @dpp? The caller holds dpp->lock. */
static bool resmgr_handler_free(dispatch_t *dpp, const struct resmgr_pulse_handler *h)
{
	struct resmgr_pulse_handler *pos;

	lockdep_assert_held(&dpp->lock);
	list_for_each_entry(pos, &dpp->pulses, node)
		if (resmgr_handler_overlaps(pos, h))
			return false;
	return true;
}

/**
 * message_attach() - handle a range of pulse codes or message types
 * @dpp: the handle
 * @attr: its flags (MSG_FLAG_TYPE_PULSE: @low..@high are pulse codes;
 *	MSG_FLAG_ALLOC_PULSE: pick one free code; MSG_FLAG_DEFAULT_FUNC: the
 *	catch-all of the kind; MSG_FLAG_TIMEOUT_FUNC: the handler of
 *	dispatch_timeout()'s timeouts); NULL: message types, no flags
 * @low: the first code or type
 * @high: the last
 * @func: the handler; runs in a server thread (message delivery) or a
 *	work item (direct delivery) with ctp->msg the io_pulse_t of a pulse;
 *	for a timeout, in the thread whose dispatch_block() timed out, from
 *	dispatch_handler(), with ctp->rcvid -1 and @code 0
 * @handle: passed to @func
 *
 * Message types are the ones outside QNX's I/O range (_IO_BASE to
 * _IO_MAX, which resmgr_attach() serves); nothing in Linux sends one
 * yet, so such a handler waits for a sender (see Documentation/dispatch.rst).
 *
 * Return: 0 (the code with MSG_FLAG_ALLOC_PULSE); -EINVAL for a bad
 * range, flag or @func; -EBUSY when the range meets another handler's
 * (or the I/O range), or no code is free; -ENOMEM.
 * Context: process context.
 */
int message_attach(dispatch_t *dpp, message_attr_t *attr, int low, int high,
		   int (*func)(message_context_t *ctp, int code, unsigned int flags,
			       void *handle),
		   void *handle)
{
	unsigned int flags = attr ? attr->flags : 0;
	struct resmgr_pulse_handler *h;
	int code, ret = 0;

	might_sleep();
	if (!dpp || !func || (flags & ~RESMGR_MSG_FLAGS))
		return -EINVAL;
	if ((flags & MSG_FLAG_ALLOC_PULSE) && !(flags & MSG_FLAG_TYPE_PULSE))
		return -EINVAL;
	if ((flags & MSG_FLAG_TIMEOUT_FUNC) && (flags & ~MSG_FLAG_TIMEOUT_FUNC))
		return -EINVAL;
	if (!(flags & (MSG_FLAG_TIMEOUT_FUNC | MSG_FLAG_DEFAULT_FUNC | MSG_FLAG_ALLOC_PULSE))) {
		int min = flags & MSG_FLAG_TYPE_PULSE ? _PULSE_CODE_MINAVAIL : 0;
		int max = flags & MSG_FLAG_TYPE_PULSE ? _PULSE_CODE_MAXAVAIL : U16_MAX;

		if (low < min || high > max || low > high)
			return -EINVAL;
		if (!(flags & MSG_FLAG_TYPE_PULSE) && low <= _IO_MAX && high >= _IO_BASE)
			return -EBUSY;
	}
	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return -ENOMEM;
	h->flags = flags;
	h->low = low;
	h->high = high;
	h->func = func;
	h->handle = handle;
	mutex_lock(&dpp->lock);
	if (flags & MSG_FLAG_ALLOC_PULSE) {
		ret = -EBUSY;
		for (code = _PULSE_CODE_MINAVAIL; code <= _PULSE_CODE_MAXAVAIL; code++) {
			h->low = code;
			h->high = code;
			if (resmgr_handler_free(dpp, h)) {
				ret = code;
				break;
			}
		}
	} else if (!resmgr_handler_free(dpp, h)) {
		ret = -EBUSY;
	}
	if (ret >= 0)
		list_add_tail(&h->node, &dpp->pulses);
	mutex_unlock(&dpp->lock);
	if (ret < 0)
		kfree(h);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(message_attach, RESMGR_NS);

/**
 * message_detach() - remove a handler message_attach() made
 * @dpp: the handle
 * @low: the range as attached (ignored for a catch-all or timeout handler)
 * @high: its end
 * @flags: the kind, as attached (MSG_FLAG_TYPE_PULSE,
 *	MSG_FLAG_DEFAULT_FUNC, MSG_FLAG_TIMEOUT_FUNC)
 *
 * A handler already running finishes; it is not called again.
 *
 * Return: 0, or -EINVAL when no such handler is attached.
 * Context: process context.
 */
int message_detach(dispatch_t *dpp, int low, int high, int flags)
{
	unsigned int want = flags & (RESMGR_MSG_KIND | MSG_FLAG_DEFAULT_FUNC);
	struct resmgr_pulse_handler *h;

	if (!dpp)
		return -EINVAL;
	mutex_lock(&dpp->lock);
	list_for_each_entry(h, &dpp->pulses, node) {
		if ((h->flags & (RESMGR_MSG_KIND | MSG_FLAG_DEFAULT_FUNC)) != want)
			continue;
		if (!(want & (MSG_FLAG_DEFAULT_FUNC | MSG_FLAG_TIMEOUT_FUNC)) &&
		    (h->low != low || h->high != high))
			continue;
		list_del(&h->node);
		mutex_unlock(&dpp->lock);
		kfree(h);
		return 0;
	}
	mutex_unlock(&dpp->lock);
	return -EINVAL;
}
EXPORT_SYMBOL_NS_GPL(message_detach, RESMGR_NS);

/**
 * pulse_attach() - handle pulses of a code on a dispatch handle
 * @dpp: the handle
 * @flags: MSG_FLAG_ALLOC_PULSE to pick a free code
 * @code: the code (ignored with MSG_FLAG_ALLOC_PULSE)
 * @func: the handler; runs in a server thread (message delivery) or a
 *	work item (direct delivery), with ctp->msg the io_pulse_t
 * @handle: passed to @func
 *
 * Return: the code, or -EINVAL (a code out of range), -EBUSY (taken, or
 * none free), -ENOMEM.
 * Context: process context.
 */
int pulse_attach(dispatch_t *dpp, int flags, int code,
		 int (*func)(message_context_t *ctp, int code, unsigned int flags,
			     void *handle),
		 void *handle)
{
	message_attr_t attr = {
		.flags = MSG_FLAG_TYPE_PULSE | (flags & MSG_FLAG_ALLOC_PULSE),
	};
	int ret;

	ret = message_attach(dpp, &attr, code, code, func, handle);
	if (ret < 0 || (flags & MSG_FLAG_ALLOC_PULSE))
		return ret;
	return code;
}
EXPORT_SYMBOL_NS_GPL(pulse_attach, RESMGR_NS);

/**
 * pulse_detach() - stop handling a pulse code
 * @dpp: the handle
 * @code: the code pulse_attach() returned
 * @flags: unused
 *
 * Return: 0, or -EINVAL when @code has no handler.
 * Context: process context.
 */
int pulse_detach(dispatch_t *dpp, int code, int flags)
{
	return message_detach(dpp, code, code, MSG_FLAG_TYPE_PULSE);
}
EXPORT_SYMBOL_NS_GPL(pulse_detach, RESMGR_NS);

/**
 * message_connect() - a connection to a handle's own channel
 * @dpp: the handle
 * @flags: MSG_FLAG_SIDE_CHANNEL (accepted; every connection is one)
 *
 * Return: the connection id for MsgSendPulse() (the same for every call),
 * or -ENOMEM, -EINVAL.
 * Context: process context.
 */
int message_connect(dispatch_t *dpp, int flags)
{
	u32 id;

	if (!dpp || READ_ONCE(dpp->destroyed))
		return -EINVAL;
	mutex_lock(&dpp->lock);
	if (!dpp->coid && !xa_alloc_irq(&resmgr_coids, &id, dpp, xa_limit_31b, GFP_KERNEL))
		dpp->coid = id;
	mutex_unlock(&dpp->lock);
	return dpp->coid ? dpp->coid : -ENOMEM;
}
EXPORT_SYMBOL_NS_GPL(message_connect, RESMGR_NS);

/**
 * MsgSendPulse() - send a pulse to a handle's channel
 * @coid: from message_connect()
 * @priority: unused
 * @code: the pulse code (pulse_attach())
 * @value: the pulse's value (msg->i.value in the handler)
 *
 * The handler runs later, in a server thread (message delivery) or in a
 * work item (direct delivery); pulses are never lost while the handle
 * lives, and dropped when it is destroyed.
 *
 * Return: 0, -ESRCH for an unknown @coid, -ENOMEM.
 * Context: any (timers included).
 */
int MsgSendPulse(int coid, int priority, int code, int value)
{
	struct resmgr_pulse *p;
	unsigned long flags;
	dispatch_t *dpp;
	int err = 0;

	p = kzalloc(sizeof(*p), GFP_ATOMIC);
	if (!p)
		return -ENOMEM;
	p->msg.i.code = code;
	p->msg.i.value = value;
	p->call.run = resmgr_pulse_run;
	p->call.ctp.msg = &p->msg;
	p->call.ctp.iov = p->call.iov;
	p->call.ctp.info.priority = priority;
	p->call.served = RESMGR_CALL_QUEUED;
	INIT_LIST_HEAD(&p->call.queue_node);

	xa_lock_irqsave(&resmgr_coids, flags);
	dpp = xa_load(&resmgr_coids, coid);
	if (!dpp) {
		err = -ESRCH;
		goto out_unlock;
	}
	p->dpp = dpp;
	p->call.ctp.dpp = dpp;
	spin_lock(&dpp->qlock);
	if (dpp->destroyed) {
		err = -ESRCH;
	} else if (dpp->message) {
		list_add_tail(&p->call.queue_node, &dpp->queue);
		wake_up(&dpp->qwait);
	} else {
		list_add_tail(&p->node, &dpp->pulse_queue);
		schedule_work(&dpp->pulse_work);
	}
	spin_unlock(&dpp->qlock);
out_unlock:
	xa_unlock_irqrestore(&resmgr_coids, flags);
	if (err)
		kfree(p);
	return err;
}
EXPORT_SYMBOL_NS_GPL(MsgSendPulse, RESMGR_NS);
