// SPDX-License-Identifier: GPL-2.0
/*
 * POSIX byte-range locks (fcntl F_GETLK, F_SETLK, F_SETLKW) on an attr,
 * as QNX's iofunc_lock_default() keeps them: in attr->lock_list, owned by
 * the client's lock owner (Linux's fl_owner: a process, or an open file
 * for OFD locks). A blocked F_SETLKW keeps its rcvid and returns
 * _RESMGR_NOREPLY; a later unlock answers it with MsgReply(). The unblock
 * default lets a signalled waiter go (EINTR), and the close_dup default
 * drops the closing owner's locks. Everything runs under the attr lock.
 *
 * Deadlocks are found as Linux finds them (EDEADLK): every waiting owner
 * is in one table with the owner of the lock it waits behind, so an
 * F_SETLKW follows "waits behind" from the lock that blocks it, across
 * every attr, and refuses to wait if the chain comes back to its owner.
 */
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/hashtable.h>
#include <linux/limits.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <resmgr/ns.h>
#include "internal.h"

struct iofunc_lock_range {
	struct list_head	node;
	s64			start, end;	/* inclusive */
	int			type;		/* F_RDLCK, F_WRLCK */
	void			*owner;
	pid_t			pid;
};

struct iofunc_lock_waiter {
	struct list_head	node;
	struct hlist_node	hash;
	int			rcvid;
	void			*blocker;
	struct iofunc_lock_range want;
};

/* As Linux's MAX_DEADLK_ITERATIONS: how far a "waits behind" chain is followed. */
#define IOFUNC_DEADLK_STEPS	10

/* Every queued waiter, by owner; the lock protects the table and each ->blocker. */
static DEFINE_SPINLOCK(iofunc_lock_wait_lock);
static DEFINE_HASHTABLE(iofunc_lock_waiting, 7);

static void iofunc_lock_wait_add(struct iofunc_lock_waiter *wt, void *blocker)
{
	spin_lock(&iofunc_lock_wait_lock);
	wt->blocker = blocker;
	hash_add(iofunc_lock_waiting, &wt->hash, (unsigned long)wt->want.owner);
	spin_unlock(&iofunc_lock_wait_lock);
}

static void iofunc_lock_wait_del(struct iofunc_lock_waiter *wt)
{
	spin_lock(&iofunc_lock_wait_lock);
	hash_del(&wt->hash);
	spin_unlock(&iofunc_lock_wait_lock);
}

static void iofunc_lock_wait_behind(struct iofunc_lock_waiter *wt, void *blocker)
{
	spin_lock(&iofunc_lock_wait_lock);
	wt->blocker = blocker;
	spin_unlock(&iofunc_lock_wait_lock);
}

/* Would @owner waiting behind a lock of @blocker close a cycle? */
static bool iofunc_lock_deadlock(void *owner, void *blocker)
{
	struct iofunc_lock_waiter *wt;
	bool found = false;
	int i;

	spin_lock(&iofunc_lock_wait_lock);
	for (i = 0; i < IOFUNC_DEADLK_STEPS && blocker; i++) {
		void *next = NULL;

		if (blocker == owner) {
			found = true;
			break;
		}
		hash_for_each_possible(iofunc_lock_waiting, wt, hash, (unsigned long)blocker) {
			if (wt->want.owner == blocker) {
				next = wt->blocker;
				break;
			}
		}
		blocker = next;
	}
	spin_unlock(&iofunc_lock_wait_lock);
	return found;
}

/* What attr->lock_list points to while there are locks or waiters. */
struct iofunc_locks {
	struct list_head	ranges;
	struct list_head	waiters;
};

static struct iofunc_locks *iofunc_locks_get(iofunc_attr_t *attr, bool create)
{
	struct iofunc_locks *locks = attr->lock_list;

	if (locks || !create)
		return locks;
	locks = kzalloc(sizeof(*locks), GFP_KERNEL);
	if (!locks)
		return NULL;
	INIT_LIST_HEAD(&locks->ranges);
	INIT_LIST_HEAD(&locks->waiters);
	attr->lock_list = locks;
	return locks;
}

static void iofunc_locks_put(iofunc_attr_t *attr)
{
	struct iofunc_locks *locks = attr->lock_list;

	if (locks && list_empty(&locks->ranges) && list_empty(&locks->waiters)) {
		kfree(locks);
		attr->lock_list = NULL;
	}
}

static bool iofunc_lock_conflicts(const struct iofunc_lock_range *r,
				  const struct iofunc_lock_range *w)
{
	return r->owner != w->owner && r->start <= w->end && w->start <= r->end &&
	       (r->type == F_WRLCK || w->type == F_WRLCK);
}

static struct iofunc_lock_range *iofunc_lock_conflict(struct iofunc_locks *locks,
						      const struct iofunc_lock_range *w)
{
	struct iofunc_lock_range *r;

	list_for_each_entry(r, &locks->ranges, node)
		if (iofunc_lock_conflicts(r, w))
			return r;
	return NULL;
}

/* Set @w's owner's locks on [start, end] to @w->type (F_UNLCK removes). */
static int iofunc_lock_apply(struct iofunc_locks *locks, const struct iofunc_lock_range *w)
{
	struct iofunc_lock_range *r, *tmp, *split, *add = NULL;

	split = kzalloc(sizeof(*split), GFP_KERNEL);
	if (!split)
		return ENOMEM;
	if (w->type != F_UNLCK) {
		add = kmemdup(w, sizeof(*w), GFP_KERNEL);
		if (!add) {
			kfree(split);
			return ENOMEM;
		}
	}
	list_for_each_entry_safe(r, tmp, &locks->ranges, node) {
		if (r->owner != w->owner || r->end < w->start || r->start > w->end)
			continue;
		if (r->start < w->start && r->end > w->end) {
			/* [r [w] r]: keep both outer parts. */
			*split = *r;
			split->start = w->end + 1;
			r->end = w->start - 1;
			list_add(&split->node, &r->node);
			split = NULL;
		} else if (r->start < w->start) {
			r->end = w->start - 1;
		} else if (r->end > w->end) {
			r->start = w->end + 1;
		} else {
			list_del(&r->node);
			kfree(r);
		}
	}
	kfree(split);
	if (!add)
		return EOK;
	/*
	 * Merge with the owner's adjacent locks of the same type, as Linux
	 * does: a lock on 0..10 inside a whole-file lock leaves one lock of
	 * the whole file, which is what F_GETLK must then report.
	 */
	list_for_each_entry_safe(r, tmp, &locks->ranges, node) {
		if (r->owner != add->owner || r->type != add->type ||
		    r->end < add->start - 1 || r->start - 1 > add->end)
			continue;
		add->start = min(add->start, r->start);
		add->end = max(add->end, r->end);
		list_del(&r->node);
		kfree(r);
	}
	list_add_tail(&add->node, &locks->ranges);
	return EOK;
}

/* Grant what waiters can have now, oldest first. */
static void iofunc_lock_wake(struct iofunc_locks *locks)
{
	struct iofunc_lock_waiter *wt, *tmp;

	list_for_each_entry_safe(wt, tmp, &locks->waiters, node) {
		struct iofunc_lock_range undo, *r;

		r = iofunc_lock_conflict(locks, &wt->want);
		if (r) {
			iofunc_lock_wait_behind(wt, r->owner);
			continue;
		}
		if (iofunc_lock_apply(locks, &wt->want) != EOK)
			continue;
		if (MsgReply(wt->rcvid, 0, NULL, 0)) {
			/* The waiter gave up meanwhile: take the lock back. */
			undo = wt->want;
			undo.type = F_UNLCK;
			iofunc_lock_apply(locks, &undo);
		}
		iofunc_lock_wait_del(wt);
		list_del(&wt->node);
		kfree(wt);
	}
}

/**
 * iofunc_lock() - fcntl byte-range locks on an attribute
 * @ctp: the context; ctp->info.lock_owner owns the locks
 * @msg: the lock message, with a struct flock64 after the header
 * @ocb: the OCB (its offset for SEEK_CUR, its access for the lock type)
 * @attr: the attribute whose locks these are
 *
 * F_GETLK replies the first conflicting lock (or F_UNLCK); F_SETLK takes
 * or releases a lock, EAGAIN on a conflict; F_SETLKW waits for it.
 *
 * Return: EOK, _RESMGR_PTR() with the flock for F_GETLK,
 * _RESMGR_NOREPLY for a waiting F_SETLKW, EAGAIN, EDEADLK (waiting would
 * close a cycle of waiters), EBADF (a read lock needs read access, a
 * write lock write access), EINVAL, ENOMEM.
 * Context: process context, in an I/O handler; lock_ocb serialises the attr
 *	(iofunc_lock_ocb_default() takes the attr lock).
 */
int iofunc_lock(resmgr_context_t *ctp, io_lock_t *msg, iofunc_ocb_t *ocb,
		iofunc_attr_t *attr)
{
	void *data = (char *)msg + sizeof(msg->i);	/* maybe unaligned */
	struct flock64 flk, *fl = &flk;
	struct iofunc_lock_range want = {
		.owner = ctp->info.lock_owner,
		.pid = ctp->info.pid,
	};
	struct iofunc_lock_waiter *wt;
	struct iofunc_lock_range *r;
	struct iofunc_locks *locks;
	int err;

	iofunc_might_sleep();
	if (msg->i.nbytes < sizeof(*fl))
		return EINVAL;
	memcpy(fl, data, sizeof(*fl));
	want.type = fl->l_type;
	if (iofunc_seek_pos(ocb, attr, fl->l_whence, (s64)fl->l_start, &want.start))
		return EINVAL;
	if (fl->l_len > 0) {
		if (check_add_overflow(want.start, (s64)fl->l_len - 1, &want.end))
			return EINVAL;
	} else if (fl->l_len < 0) {
		want.end = want.start - 1;
		want.start += fl->l_len;
	} else {
		want.end = LLONG_MAX;
	}
	if (want.start < 0)
		return EINVAL;
	if (want.type != F_RDLCK && want.type != F_WRLCK && want.type != F_UNLCK)
		return EINVAL;

	if (msg->i.subtype == F_GETLK) {
		locks = iofunc_locks_get(attr, false);
		r = locks ? iofunc_lock_conflict(locks, &want) : NULL;
		if (r) {
			fl->l_type = r->type;
			fl->l_start = r->start;
			fl->l_len = r->end == LLONG_MAX ? 0 : r->end - r->start + 1;
			fl->l_pid = r->pid;
		} else {
			fl->l_type = F_UNLCK;
		}
		fl->l_whence = SEEK_SET;
		memcpy(data, fl, sizeof(*fl));
		return _RESMGR_PTR(ctp, data, sizeof(*fl));
	}
	if (msg->i.subtype != F_SETLK && msg->i.subtype != F_SETLKW)
		return EINVAL;
	if (want.type == F_RDLCK && !(ocb->ioflag & _IO_FLAG_RD))
		return EBADF;
	if (want.type == F_WRLCK && !(ocb->ioflag & _IO_FLAG_WR))
		return EBADF;

	locks = iofunc_locks_get(attr, want.type != F_UNLCK);
	if (!locks)
		return want.type == F_UNLCK ? EOK : ENOMEM;
	r = want.type != F_UNLCK ? iofunc_lock_conflict(locks, &want) : NULL;
	if (r) {
		if (msg->i.subtype == F_SETLK) {
			iofunc_locks_put(attr);
			return EAGAIN;
		}
		if (iofunc_lock_deadlock(want.owner, r->owner)) {
			iofunc_locks_put(attr);
			return EDEADLK;
		}
		wt = kzalloc(sizeof(*wt), GFP_KERNEL);
		if (!wt) {
			iofunc_locks_put(attr);
			return ENOMEM;
		}
		wt->rcvid = ctp->rcvid;
		wt->want = want;
		list_add_tail(&wt->node, &locks->waiters);
		iofunc_lock_wait_add(wt, r->owner);
		return _RESMGR_NOREPLY;	/* an unlock answers it */
	}
	err = iofunc_lock_apply(locks, &want);
	/* An unlock, or a downgrade, may admit waiters. */
	if (!err)
		iofunc_lock_wake(locks);
	iofunc_locks_put(attr);
	return err;
}
EXPORT_SYMBOL_NS_GPL(iofunc_lock, RESMGR_NS);

/**
 * iofunc_lock_default() - the default lock handler (fcntl byte-range locks)
 * @ctp: the context
 * @msg: the lock message
 * @ocb: the OCB
 *
 * Return: as iofunc_lock() on the OCB's attribute.
 * Context: process context, in an I/O handler; lock_ocb serialises the attr
 *	(iofunc_lock_ocb_default() takes the attr lock).
 */
int iofunc_lock_default(resmgr_context_t *ctp, io_lock_t *msg,
			iofunc_ocb_t *ocb)
{
	iofunc_might_sleep();
	return iofunc_lock(ctp, msg, ocb, ocb->attr);
}
EXPORT_SYMBOL_NS_GPL(iofunc_lock_default, RESMGR_NS);

/**
 * iofunc_lock_release() - drop every lock of the client of @ctp
 * @ctp: a context of the client (ctp->info.lock_owner)
 * @attr: the resource
 *
 * Waiters the release admits get their locks.
 *
 * Return: EOK.
 * Context: process context; the caller serialises the attr (as lock_ocb does).
 */
int iofunc_lock_release(resmgr_context_t *ctp, iofunc_attr_t *attr)
{
	struct iofunc_lock_range all = {
		.start = 0, .end = LLONG_MAX, .type = F_UNLCK,
		.owner = ctp->info.lock_owner,
	};
	struct iofunc_locks *locks = iofunc_locks_get(attr, false);

	iofunc_might_sleep();
	if (!locks || !all.owner)
		return EOK;
	iofunc_lock_apply(locks, &all);
	iofunc_lock_wake(locks);
	iofunc_locks_put(attr);
	return EOK;
}
EXPORT_SYMBOL_NS_GPL(iofunc_lock_release, RESMGR_NS);

/**
 * iofunc_lock_unblock() - let a signalled lock waiter go
 * @ctp: the waiting call's context
 * @attr: the resource
 *
 * Return: true if a lock waiter was removed.
 * Context: process context; the caller serialises the attr (as lock_ocb does).
 */
bool iofunc_lock_unblock(resmgr_context_t *ctp, iofunc_attr_t *attr)
{
	struct iofunc_locks *locks = iofunc_locks_get(attr, false);
	struct iofunc_lock_waiter *wt;

	iofunc_might_sleep();
	if (!locks)
		return false;
	list_for_each_entry(wt, &locks->waiters, node) {
		if (wt->rcvid == ctp->rcvid) {
			iofunc_lock_wait_del(wt);
			list_del(&wt->node);
			kfree(wt);
			iofunc_locks_put(attr);
			return true;
		}
	}
	return false;
}
