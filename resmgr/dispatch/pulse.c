// SPDX-License-Identifier: GPL-2.0
/*
 * Pulses and message handlers: message_attach(), pulse_attach(),
 * message_connect() and MsgSendPulse().
 *
 * A pulse is a small object of its own (struct resmgr_pulse): the
 * request that puts it on the handle's queue, and its io_pulse_t. Nobody
 * waits for it: whoever runs it frees it. A handle that delivers by
 * message queues it for a server thread, which runs its handler with
 * its own context; a handle that delivers directly runs it in a work
 * item. Handlers live on dpp->pulses under dpp->lock; connections
 * (coid -> handle) in resmgr_coids, whose lock is irq-safe because
 * MsgSendPulse() may come from a timer.
 */
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include "internal.h"

/* message_attach(): the flag that names a handler's kind, and all it takes. */
#define RESMGR_MSG_KIND		(MSG_FLAG_TYPE_PULSE | MSG_FLAG_TIMEOUT_FUNC)
#define RESMGR_MSG_FLAGS	(RESMGR_MSG_KIND | MSG_FLAG_ALLOC_PULSE | \
				 MSG_FLAG_DEFAULT_FUNC)

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

/**
 * struct resmgr_pulse - a pulse on its way
 * @req: on the handle's queue (message delivery) or its pulse_queue
 *	(direct delivery); a request with no context and no owner
 * @msg: what the handler sees as ctp->msg
 * @priority: MsgSendPulse()'s priority (ctp->info.priority)
 */
struct resmgr_pulse {
	struct resmgr_request	req;
	io_pulse_t		msg;
	int			priority;
};

/* Message connections: coid -> handle, for MsgSendPulse(). */
static DEFINE_XARRAY_FLAGS(resmgr_coids, XA_FLAGS_ALLOC1 | XA_FLAGS_LOCK_IRQ);

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
void resmgr_handler_run(dispatch_t *dpp, unsigned int kind, int code,
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

/* Never called: marks a request as a pulse (resmgr_is_pulse()). */
static long resmgr_pulse_mark(struct resmgr_request *req)
{
	return 0;
}

/**
 * resmgr_is_pulse() - is a queued request a pulse?
 * @req: the request
 *
 * Return: true for a pulse, which nobody waits for.
 * Context: any.
 */
bool resmgr_is_pulse(const struct resmgr_request *req)
{
	return req->run == resmgr_pulse_mark;
}

/* Run @p's handler with @ctp, which shows the pulse; then free it. */
static void resmgr_pulse_run(dispatch_t *dpp, struct resmgr_pulse *p,
			     resmgr_context_t *ctp)
{
	memset(ctp, 0, sizeof(*ctp));
	ctp->msg = &p->msg;
	ctp->dpp = dpp;
	ctp->info.priority = p->priority;
	resmgr_handler_run(dpp, MSG_FLAG_TYPE_PULSE, p->msg.i.code, ctp);
	kfree(p);
}

/**
 * resmgr_pulse_serve() - a server thread runs a pulse dispatch_block() took
 * @req: the pulse's request
 * @ctp: the server's context, which shows the pulse to its handler
 *
 * Frees the pulse.
 *
 * Context: process context (a server thread).
 */
void resmgr_pulse_serve(struct resmgr_request *req, dispatch_context_t *ctp)
{
	resmgr_might_sleep();
	resmgr_pulse_run(ctp->priv.dpp, container_of(req, struct resmgr_pulse, req),
			 &ctp->resmgr_context);
}

/* Pulses of a handle that delivers directly run here, in a work item. */
static void resmgr_pulse_work(struct work_struct *work)
{
	dispatch_t *dpp = container_of(work, dispatch_t, pulse_work);
	struct resmgr_pulse *p;
	resmgr_context_t ctx;

	for (;;) {
		spin_lock_irq(&dpp->qlock);
		p = list_first_entry_or_null(&dpp->pulse_queue, struct resmgr_pulse,
					     req.node);
		if (p)
			list_del(&p->req.node);
		spin_unlock_irq(&dpp->qlock);
		if (!p)
			return;
		resmgr_pulse_run(dpp, p, &ctx);
	}
}

/**
 * resmgr_pulse_init() - set up a new handle's pulse machinery
 * @dpp: the handle
 *
 * Context: process context.
 */
void resmgr_pulse_init(dispatch_t *dpp)
{
	resmgr_might_sleep();
	INIT_LIST_HEAD(&dpp->pulses);
	INIT_LIST_HEAD(&dpp->pulse_queue);
	INIT_WORK(&dpp->pulse_work, resmgr_pulse_work);
}

/**
 * resmgr_pulse_stop() - a handle is being destroyed: no more pulses
 * @dpp: the handle, marked destroyed
 *
 * Drops the pulses still queued and frees the handlers.
 *
 * Context: process context; waits for a running pulse handler.
 */
void resmgr_pulse_stop(dispatch_t *dpp)
{
	struct resmgr_request *req, *tmp;
	LIST_HEAD(drop);

	resmgr_might_sleep();
	if (dpp->coid)
		xa_erase_irq(&resmgr_coids, dpp->coid);
	cancel_work_sync(&dpp->pulse_work);
	spin_lock_irq(&dpp->qlock);
	list_splice_init(&dpp->pulse_queue, &drop);
	list_for_each_entry_safe(req, tmp, &dpp->queue, node)
		if (resmgr_is_pulse(req))
			list_move(&req->node, &drop);
	spin_unlock_irq(&dpp->qlock);
	list_for_each_entry_safe(req, tmp, &drop, node)
		kfree(container_of(req, struct resmgr_pulse, req));
}

/**
 * resmgr_pulse_free_handlers() - free a dying handle's handlers
 * @dpp: the handle, with no reference left
 *
 * Context: any.
 */
void resmgr_pulse_free_handlers(dispatch_t *dpp)
{
	struct resmgr_pulse_handler *h, *tmp;

	list_for_each_entry_safe(h, tmp, &dpp->pulses, node)
		kfree(h);
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

	resmgr_might_sleep();
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

	resmgr_might_sleep();
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

	resmgr_might_sleep();
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
	resmgr_might_sleep();
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

	resmgr_might_sleep();
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
	p->priority = priority;
	p->req.run = resmgr_pulse_mark;
	p->req.state = RESMGR_REQ_QUEUED;

	xa_lock_irqsave(&resmgr_coids, flags);
	dpp = xa_load(&resmgr_coids, coid);
	if (!dpp) {
		err = -ESRCH;
		goto out_unlock;
	}
	spin_lock(&dpp->qlock);
	if (dpp->destroyed) {
		err = -ESRCH;
	} else if (dpp->mode.message) {
		list_add_tail(&p->req.node, &dpp->queue);
		WRITE_ONCE(dpp->queued_at, local_clock());
		wake_up(&dpp->qwait);
	} else {
		list_add_tail(&p->req.node, &dpp->pulse_queue);
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
