// SPDX-License-Identifier: GPL-2.0
/*
 * Thread pools (QNX thread_pool_create/start/destroy) on kernel threads.
 *
 * Each thread allocates a context, then loops: block_func (counted as
 * waiting), handler_func. When fewer than lo_water threads wait, the one
 * that just got work starts @increment more, never beyond @maximum; after
 * its work, a thread that finds hi_water or more waiting exits. As QNX
 * keeps them.
 *
 * thread_pool_control() changes the limits of a running pool: it starts
 * threads or unblocks waiting ones (which leave) to bring the pool within
 * them, and waits on pool->sized for the count it asked for.
 *
 * pool->lock guards the limits, the counts and the thread list. thread_pool_destroy()
 * marks the pool stopping, unblocks every thread and waits until the
 * last one is done with the driver's callbacks. Each thread holds a
 * reference on resmgr.ko, dropped as it exits (module_put_and_kthread_exit()),
 * so a thread still returning through this file when destroy returns
 * keeps resmgr loaded. A pool its module did not destroy is destroyed
 * when the module unloads, while its code is still there.
 */
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <resmgr/dispatch.h>
#include <resmgr/ns.h>
#include "internal.h"

#define RESMGR_POOL_CONTROL_FLAGS \
	(THREAD_POOL_CONTROL_HIWATER | THREAD_POOL_CONTROL_LOWATER | \
	 THREAD_POOL_CONTROL_MAXIMUM | THREAD_POOL_CONTROL_INCREMENT | \
	 THREAD_POOL_CONTROL_NONBLOCK)

struct resmgr_pool_thread {
	struct list_head	node;		/* in pool->threads */
	thread_pool_t		*pool;
	THREAD_POOL_PARAM_T	*ctp;		/* while blocked, for unblock */
	bool			is_self;	/* the thread_pool_start() caller */
	bool			leaving;	/* unblocked to shrink the pool */
};

struct _thread_pool {
	thread_pool_attr_t	attr;
	unsigned int		flags;
	struct module		*owner;
	struct list_head	all_node;	/* in resmgr_pools */
	struct mutex		lock;		/* @attr's four limits, the fields below */
	struct list_head	threads;
	unsigned int		total;
	unsigned int		waiting;
	unsigned int		leaving;	/* of @waiting, unblocked to leave */
	bool			started;
	bool			stopping;
	wait_queue_head_t	sized;		/* @total changed (thread_pool_control()) */
	struct completion	done;		/* total reached 0 while stopping */
};

/* Every pool, for the module that leaves one behind. */
static LIST_HEAD(resmgr_pools);
static DEFINE_MUTEX(resmgr_pools_lock);	/* resmgr_pools */

static int resmgr_pool_thread_fn(void *arg);

/* Start up to @n threads; the caller holds pool->lock. */
static void resmgr_pool_spawn(thread_pool_t *pool, unsigned int n)
{
	lockdep_assert_held(&pool->lock);
	while (n-- && pool->total < pool->attr.maximum && !pool->stopping) {
		struct resmgr_pool_thread *pt = kzalloc(sizeof(*pt), GFP_KERNEL);
		struct task_struct *t;

		if (!pt)
			return;
		pt->pool = pool;
		list_add(&pt->node, &pool->threads);
		pool->total++;
		/* The thread's own; it drops it as it exits. */
		__module_get(THIS_MODULE);
		t = kthread_run(resmgr_pool_thread_fn, pt, "resmgr_pool");
		if (IS_ERR(t)) {
			module_put(THIS_MODULE);
			list_del(&pt->node);
			pool->total--;
			kfree(pt);
			return;
		}
		wake_up_all(&pool->sized);
	}
}

/*
 * Bring the pool within its limits after they changed: start threads
 * while fewer than lo_water wait, and unblock waiting threads (they
 * leave) while more than hi_water wait or more than maximum exist. The
 * caller holds pool->lock.
 */
static void resmgr_pool_adjust(thread_pool_t *pool)
{
	const thread_pool_attr_t *a = &pool->attr;
	struct resmgr_pool_thread *pt;
	/* Threads already told to leave do not count: they are going. */
	unsigned int waiting = pool->waiting - pool->leaving;
	unsigned int total = pool->total - pool->leaving;

	lockdep_assert_held(&pool->lock);
	if (!pool->started || pool->stopping)
		return;
	if (waiting < a->lo_water) {
		resmgr_pool_spawn(pool, a->lo_water - waiting);
		return;
	}
	list_for_each_entry(pt, &pool->threads, node) {
		if (waiting <= a->hi_water && total <= a->maximum)
			break;
		if (!pt->ctp || pt->is_self || pt->leaving || !a->unblock_func)
			continue;
		pt->leaving = true;
		pool->leaving++;
		a->unblock_func(pt->ctp);
		waiting--;
		total--;
	}
}

/* One thread's life in the pool; returns when it should leave. */
static void resmgr_pool_serve(struct resmgr_pool_thread *pt)
{
	thread_pool_t *pool = pt->pool;
	const thread_pool_attr_t *a = &pool->attr;
	THREAD_POOL_PARAM_T *ctp, *got;

	ctp = a->context_alloc(a->handle);
	if (!ctp)
		return;
	for (;;) {
		bool leave;

		mutex_lock(&pool->lock);
		pool->waiting++;
		pt->ctp = ctp;
		leave = pool->stopping;
		mutex_unlock(&pool->lock);
		got = leave ? NULL : a->block_func(ctp);
		mutex_lock(&pool->lock);
		pool->waiting--;
		pool->leaving -= pt->leaving;
		pt->ctp = NULL;
		leave = !got || pool->stopping || pt->leaving;
		if (!leave && pool->waiting < a->lo_water)
			resmgr_pool_spawn(pool, a->increment ? a->increment : 1);
		mutex_unlock(&pool->lock);
		/*
		 * A request taken is served, also by a thread on its way out
		 * (the pool stopping or shrinking as it took it): its caller
		 * waits for it, and nobody else can serve it now.
		 */
		if (got)
			a->handler_func(got);
		if (leave)
			break;
		mutex_lock(&pool->lock);
		leave = !pt->is_self && (pool->waiting >= a->hi_water ||
					 pool->total > a->maximum);
		mutex_unlock(&pool->lock);
		if (leave)
			break;
	}
	a->context_free(ctp);
}

/* Leave the pool's books; true for the last thread of a stopping pool. */
static bool resmgr_pool_leave(struct resmgr_pool_thread *pt)
{
	thread_pool_t *pool = pt->pool;
	bool last;

	mutex_lock(&pool->lock);
	list_del(&pt->node);
	last = --pool->total == 0 && pool->stopping;
	wake_up_all(&pool->sized);
	mutex_unlock(&pool->lock);
	kfree(pt);
	return last;
}

static int resmgr_pool_thread_fn(void *arg)
{
	struct resmgr_pool_thread *pt = arg;
	thread_pool_t *pool = pt->pool;

	resmgr_pool_serve(pt);
	if (resmgr_pool_leave(pt))
		complete(&pool->done);
	module_put_and_kthread_exit(0);
}

/**
 * __thread_pool_create() - make a thread pool (started by thread_pool_start())
 * @pool_attr: callbacks and limits; copied
 * @flags: POOL_FLAG_USE_SELF (the starter serves too) or
 *	POOL_FLAG_EXIT_SELF (the starter returns at once: a kernel thread
 *	does not exit for it)
 * @owner: the module whose callbacks the threads run (thread_pool_create()
 *	passes the caller's)
 *
 * Return: the pool, or NULL for missing callbacks, a zero maximum,
 * lo_water above hi_water, or no memory.
 * Context: process context.
 */
thread_pool_t *__thread_pool_create(thread_pool_attr_t *pool_attr, unsigned int flags,
				    struct module *owner)
{
	thread_pool_t *pool;

	resmgr_might_sleep();
	if (!pool_attr || !pool_attr->block_func || !pool_attr->handler_func ||
	    !pool_attr->context_alloc || !pool_attr->context_free ||
	    !pool_attr->maximum || pool_attr->lo_water > pool_attr->hi_water)
		return NULL;
	pool = kzalloc(sizeof(*pool), GFP_KERNEL);
	if (!pool)
		return NULL;
	pool->attr = *pool_attr;
	pool->flags = flags;
	pool->owner = owner;
	mutex_init(&pool->lock);
	INIT_LIST_HEAD(&pool->threads);
	init_waitqueue_head(&pool->sized);
	init_completion(&pool->done);
	mutex_lock(&resmgr_pools_lock);
	list_add_tail(&pool->all_node, &resmgr_pools);
	mutex_unlock(&resmgr_pools_lock);
	return pool;
}
EXPORT_SYMBOL_NS_GPL(__thread_pool_create, RESMGR_NS);

/**
 * thread_pool_start() - start a pool's threads
 * @pool: from thread_pool_create()
 *
 * Starts lo_water threads (at least one). With POOL_FLAG_USE_SELF the
 * caller then serves in the pool until it is destroyed. With
 * POOL_FLAG_EXIT_SELF, where QNX ends the calling thread, a main() kept
 * whole (<resmgr/main.h>) waits here until its module unloads, so that
 * its locals live on; any other caller returns at once.
 *
 * Return: 0, or -EINVAL for a NULL pool, -ENOMEM when no thread started.
 * Context: process context.
 */
int thread_pool_start(void *pool)
{
	thread_pool_t *tp = pool;
	struct resmgr_pool_thread *self;

	resmgr_might_sleep();
	if (!tp)
		return -EINVAL;
	mutex_lock(&tp->lock);
	tp->started = true;
	resmgr_pool_spawn(tp, max_t(unsigned int, tp->attr.lo_water, 1));
	if (!tp->total) {
		mutex_unlock(&tp->lock);
		return -ENOMEM;
	}
	if (!(tp->flags & POOL_FLAG_USE_SELF)) {
		mutex_unlock(&tp->lock);
		/* QNX ends the thread here; a main() kept whole waits instead. */
		if (tp->flags & POOL_FLAG_EXIT_SELF)
			resmgr_main_park();
		else
			resmgr_main_ready();
		return 0;
	}
	self = kzalloc(sizeof(*self), GFP_KERNEL);
	if (!self) {
		mutex_unlock(&tp->lock);
		return 0;
	}
	self->pool = tp;
	self->is_self = true;
	list_add(&self->node, &tp->threads);
	tp->total++;
	mutex_unlock(&tp->lock);
	resmgr_pool_serve(self);
	if (resmgr_pool_leave(self))
		complete(&tp->done);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(thread_pool_start, RESMGR_NS);

/*
 * Is the pool's thread count within [@lower, @upper], or is it stopping?
 * A wait condition: it reads without pool->lock (the waker changed the
 * count under it, and the condition is checked again after each wake).
 */
static bool resmgr_pool_sized(thread_pool_t *pool, u16 lower, u16 upper)
{
	unsigned int total = READ_ONCE(pool->total);

	return READ_ONCE(pool->stopping) || !READ_ONCE(pool->started) ||
	       (total >= lower && total <= upper);
}

/**
 * thread_pool_control() - change a pool's limits
 * @pool: from thread_pool_create()
 * @attr: the new values, of the fields @flags names
 * @lower: wait until the pool has at least this many threads...
 * @upper: ...and at most this many
 * @flags: THREAD_POOL_CONTROL_LOWATER, _HIWATER, _MAXIMUM, _INCREMENT
 *	(which of @attr's fields to take), _NONBLOCK (do not wait)
 *
 * The pool starts threads at once while fewer than lo_water wait, and
 * lets waiting threads go while more than hi_water wait or more than
 * maximum exist; busy threads leave after their work. Then, unless
 * _NONBLOCK, the call waits until the thread count is within
 * [@lower, @upper] (both counted in: QNX's documents differ on the
 * ends). A pool not started yet only takes the new limits. A pool
 * thread may call it (from a handler); another thread must not while
 * thread_pool_destroy() runs.
 *
 * Return: 0; -EINVAL for a NULL pool or @attr, unknown flags, @lower
 * above @upper, or limits that would be refused at create (maximum 0,
 * lo_water above hi_water), which then change nothing; -EINTR when a
 * signal ended the wait.
 * Context: process context; sleeps unless _NONBLOCK.
 */
int thread_pool_control(thread_pool_t *pool, thread_pool_attr_t *attr,
			u16 lower, u16 upper, unsigned int flags)
{
	thread_pool_attr_t new;

	resmgr_might_sleep();
	if (!pool || !attr || (flags & ~RESMGR_POOL_CONTROL_FLAGS) || lower > upper)
		return -EINVAL;
	mutex_lock(&pool->lock);
	new = pool->attr;
	if (flags & THREAD_POOL_CONTROL_LOWATER)
		new.lo_water = attr->lo_water;
	if (flags & THREAD_POOL_CONTROL_HIWATER)
		new.hi_water = attr->hi_water;
	if (flags & THREAD_POOL_CONTROL_MAXIMUM)
		new.maximum = attr->maximum;
	if (flags & THREAD_POOL_CONTROL_INCREMENT)
		new.increment = attr->increment;
	if (!new.maximum || new.lo_water > new.hi_water) {
		mutex_unlock(&pool->lock);
		return -EINVAL;
	}
	pool->attr = new;
	resmgr_pool_adjust(pool);
	mutex_unlock(&pool->lock);
	if (flags & THREAD_POOL_CONTROL_NONBLOCK)
		return 0;
	/*
	 * Each change of the count may call for more: threads that left
	 * after their work can take the pool below lo_water with no work
	 * coming to start new ones, so adjust again after every wake.
	 */
	while (!resmgr_pool_sized(pool, lower, upper)) {
		if (wait_event_interruptible_timeout(pool->sized,
						     resmgr_pool_sized(pool, lower, upper),
						     HZ) < 0)
			return -EINTR;
		mutex_lock(&pool->lock);
		resmgr_pool_adjust(pool);
		mutex_unlock(&pool->lock);
	}
	return 0;
}
EXPORT_SYMBOL_NS_GPL(thread_pool_control, RESMGR_NS);

/**
 * thread_pool_limits() - thread_pool_control() for the four limits
 * @pool: from thread_pool_create()
 * @lowater: the new lo_water, or negative to keep it
 * @hiwater: the new hi_water, or negative to keep it
 * @maximum: the new maximum, or negative to keep it
 * @increment: the new increment, or negative to keep it
 * @flags: THREAD_POOL_CONTROL_NONBLOCK or 0
 *
 * Waits (unless _NONBLOCK) until the pool has between @lowater (0 when
 * kept) and @maximum (USHRT_MAX when kept) threads, as QNX does.
 *
 * Return: as thread_pool_control(); -EINVAL also for a value above
 * USHRT_MAX or another flag.
 * Context: as thread_pool_control().
 */
int thread_pool_limits(thread_pool_t *pool, int lowater, int hiwater, int maximum,
		       int increment, unsigned int flags)
{
	thread_pool_attr_t attr = {};
	unsigned int f = flags;

	resmgr_might_sleep();
	if ((flags & ~THREAD_POOL_CONTROL_NONBLOCK) || lowater > U16_MAX ||
	    hiwater > U16_MAX || maximum > U16_MAX || increment > U16_MAX)
		return -EINVAL;
	if (lowater >= 0) {
		attr.lo_water = lowater;
		f |= THREAD_POOL_CONTROL_LOWATER;
	}
	if (hiwater >= 0) {
		attr.hi_water = hiwater;
		f |= THREAD_POOL_CONTROL_HIWATER;
	}
	if (maximum >= 0) {
		attr.maximum = maximum;
		f |= THREAD_POOL_CONTROL_MAXIMUM;
	}
	if (increment >= 0) {
		attr.increment = increment;
		f |= THREAD_POOL_CONTROL_INCREMENT;
	}
	return thread_pool_control(pool, &attr, lowater >= 0 ? lowater : 0,
				   maximum >= 0 ? maximum : U16_MAX, f);
}
EXPORT_SYMBOL_NS_GPL(thread_pool_limits, RESMGR_NS);

/**
 * thread_pool_destroy() - stop a pool and wait for its threads
 * @pool: the pool; freed here
 *
 * Return: 0, or -EINVAL for NULL.
 * Context: process context, not a thread of @pool; sleeps.
 */
int thread_pool_destroy(thread_pool_t *pool)
{
	struct resmgr_pool_thread *pt;
	bool wait;

	resmgr_might_sleep();
	if (!pool)
		return -EINVAL;
	mutex_lock(&resmgr_pools_lock);
	list_del_init(&pool->all_node);
	mutex_unlock(&resmgr_pools_lock);
	mutex_lock(&pool->lock);
	pool->stopping = true;
	wake_up_all(&pool->sized);
	list_for_each_entry(pt, &pool->threads, node)
		if (pt->ctp && pool->attr.unblock_func)
			pool->attr.unblock_func(pt->ctp);
	wait = pool->total > 0;
	mutex_unlock(&pool->lock);
	if (wait)
		wait_for_completion(&pool->done);
	mutex_destroy(&pool->lock);
	kfree(pool);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(thread_pool_destroy, RESMGR_NS);

/**
 * resmgr_pool_module_gone() - destroy the pools an unloading module left
 * @mod: the module, going (its exit has run, its code is still there)
 * @quiet: a server's exit: no warning
 *
 * Context: process context (the module notifier); waits for the threads.
 */
void resmgr_pool_module_gone(struct module *mod, bool quiet)
{
	resmgr_might_sleep();
	for (;;) {
		thread_pool_t *pool = NULL, *pos;

		mutex_lock(&resmgr_pools_lock);
		list_for_each_entry(pos, &resmgr_pools, all_node) {
			if (pos->owner == mod) {
				pool = pos;
				break;
			}
		}
		mutex_unlock(&resmgr_pools_lock);
		if (!pool)
			break;
		if (!quiet)
			pr_warn("resmgr: %s unloaded without thread_pool_destroy(); stopping its pool\n",
				module_name(mod));
		thread_pool_destroy(pool);
	}
}
