// SPDX-License-Identifier: GPL-2.0
/*
 * The ids the core gives out to managers, in one place:
 *  - receive ids (ctp->rcvid): every call that enters a link has one
 *    until it exits, in a hash of buckets whose spinlocks also guard the
 *    registered calls' replies (reply.c uses them);
 *  - notify ids (the sival_int of a notification's event): an open file
 *    that polled, found again by MsgDeliverEvent() under RCU.
 * Link ids are the pathname space's (pathmgr); a handle's connection id
 * (message_connect()) is the dispatch room's, and /dev minors the /dev
 * front end's.
 */
#include <linux/hash.h>
#include <linux/percpu.h>
#include <linux/poll.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/xarray.h>
#include <resmgr/neutrino.h>
#include "internal.h"

static struct resmgr_rcvid_bucket resmgr_rcvids[RESMGR_RCVID_BUCKETS];
static DEFINE_PER_CPU(u32, resmgr_rcvid_seq);

/* The bucket of @rcvid. */
struct resmgr_rcvid_bucket *resmgr_bucket(int rcvid)
{
	return &resmgr_rcvids[hash_32(rcvid, RESMGR_RCVID_BITS)];
}

/* The call with @rcvid; the caller holds its bucket lock. */
struct resmgr_call *resmgr_rcvid_find(struct resmgr_rcvid_bucket *b, int rcvid)
{
	struct resmgr_call *call;

	lockdep_assert_held(&b->lock);
	hlist_for_each_entry(call, &b->calls, reply.rcvid_node)
		if (call->ctp.rcvid == rcvid)
			return call;
	return NULL;
}

/**
 * resmgr_rcvid_register() - give a call its receive id
 * @call: a call entering its link
 *
 * Ids are (per-CPU sequence << 8 | CPU), positive and unique among the
 * calls in flight.
 *
 * Context: any; takes a bucket lock.
 */
void resmgr_rcvid_register(struct resmgr_call *call)
{
	struct resmgr_rcvid_bucket *b;
	unsigned long flags;
	int rcvid;

	for (;;) {
		int cpu = get_cpu();

		rcvid = (int)(((this_cpu_inc_return(resmgr_rcvid_seq) & 0x7fffff) << 8) |
			      (cpu & 0xff));
		put_cpu();
		if (rcvid <= 0)
			continue;
		b = resmgr_bucket(rcvid);
		spin_lock_irqsave(&b->lock, flags);
		if (!resmgr_rcvid_find(b, rcvid))
			break;
		spin_unlock_irqrestore(&b->lock, flags);
	}
	call->ctp.rcvid = rcvid;
	call->reply.state = RESMGR_REPLY_NONE;
	hlist_add_head(&call->reply.rcvid_node, &b->calls);
	spin_unlock_irqrestore(&b->lock, flags);
}

/**
 * resmgr_rcvid_unregister() - the call is over; its id answers no more
 * @call: a registered call
 *
 * Frees a deferred reply the caller did not take.
 *
 * Context: any; takes a bucket lock.
 */
void resmgr_rcvid_unregister(struct resmgr_call *call)
{
	struct resmgr_rcvid_bucket *b = resmgr_bucket(call->ctp.rcvid);
	unsigned long flags;

	spin_lock_irqsave(&b->lock, flags);
	hlist_del(&call->reply.rcvid_node);
	spin_unlock_irqrestore(&b->lock, flags);
	kfree(call->reply.buf);
	call->reply.buf = NULL;
}

/* Files that have polled, by notify id; deliveries look them up under RCU. */
static DEFINE_XARRAY_ALLOC1(resmgr_notify_ids);

/**
 * MsgDeliverEvent() - deliver a notification's event
 * @rcvid: the arming message's receive id (unused: the event names the file)
 * @event: the event resmgr put in the notify message
 *
 * Wakes the pollers of the file the event names; a file since closed is
 * skipped.
 *
 * Return: 0, or -ESRCH when the file is gone.
 * Context: any; no sleeping.
 */
int MsgDeliverEvent(int rcvid, const struct sigevent *event)
{
	struct resmgr_binding *b;
	int err = -ESRCH;

	rcu_read_lock();
	b = xa_load(&resmgr_notify_ids, event->sigev_value.sival_int);
	if (b) {
		wake_up_interruptible_poll(&b->wq, EPOLLIN | EPOLLRDNORM | EPOLLOUT |
					   EPOLLWRNORM | EPOLLPRI | EPOLLRDBAND);
		err = 0;
	}
	rcu_read_unlock();
	return err;
}
EXPORT_SYMBOL_NS_GPL(MsgDeliverEvent, RESMGR_NS);

/**
 * resmgr_notify_id() - the file's notify id, made at its first poll
 * @b: the binding
 *
 * Return: the id, or 0 when out of memory.
 * Context: process context.
 */
int resmgr_notify_id(struct resmgr_binding *b)
{
	u32 id;

	resmgr_might_sleep();
	if (READ_ONCE(b->notify_id))
		return b->notify_id;
	if (xa_alloc(&resmgr_notify_ids, &id, b, xa_limit_31b, GFP_KERNEL))
		return 0;
	if (cmpxchg(&b->notify_id, 0, (int)id) != 0)
		xa_erase(&resmgr_notify_ids, id);
	return b->notify_id;
}

/**
 * resmgr_notify_id_free() - a closed file's notify id answers no more
 * @b: the binding, with a notify id
 *
 * Deliveries that found it before are done after a grace period, when
 * the binding is freed (kfree_rcu()).
 *
 * Context: any.
 */
void resmgr_notify_id_free(struct resmgr_binding *b)
{
	xa_erase(&resmgr_notify_ids, b->notify_id);
}

/**
 * resmgr_ids_init() - set up the receive-id hash
 *
 * Return: 0.
 * Context: module init.
 */
int resmgr_ids_init(void)
{
	int i;

	resmgr_might_sleep();
	for (i = 0; i < RESMGR_RCVID_BUCKETS; i++) {
		spin_lock_init(&resmgr_rcvids[i].lock);
		INIT_HLIST_HEAD(&resmgr_rcvids[i].calls);
	}
	return 0;
}
