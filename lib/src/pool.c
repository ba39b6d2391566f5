// SPDX-License-Identifier: GPL-2.0
/*
 * Thread pools (<sys/dispatch.h>) in user space, with QNX's water marks:
 * each thread loops block_func() then handler_func(). When fewer than
 * lo_water threads wait, the one that just got work starts increment
 * more, never beyond maximum; after its work, a thread that finds
 * hi_water or more waiting, or more than maximum in the pool, leaves.
 * thread_pool_destroy() wakes the waiting threads with a signal (their
 * receive ends with EINTR) and waits for every thread to leave;
 * thread_pool_control() wakes as many waiting ones as must go when the
 * limits shrink, and starts threads when they grow.
 */
#include <signal.h>
#include "internal.h"

/* A live pool thread: whether it waits in block_func, whether it was told to go. */
struct rm_pool_thread {
	pthread_t		t;
	bool			waiting;
	bool			leaving;
	bool			self;	/* thread_pool_start()'s caller: it stays */
};

struct _thread_pool {
	thread_pool_attr_t	attr;
	unsigned int		flags;
	pthread_mutex_t		lock;	/* everything below */
	pthread_cond_t		gone;	/* @total changed */
	unsigned int		total;
	unsigned int		waiting;
	unsigned int		leaving;	/* of @waiting, woken to go */
	unsigned int		starting;	/* started, not yet waiting once */
	bool			started;
	bool			stopping;
	struct rm_pool_thread	*threads;	/* the live ones */
	unsigned int		nthreads;
};

/* The signal that ends a pool thread's wait (no handler of the program's). */
#define RM_POOL_SIGNAL	(SIGRTMIN + 7)

/*
 * Counted, for the thread it came to: one polling the ring's slots takes
 * it as its receive's EINTR (ring.c).
 */
__thread unsigned int rm_pool_wakes;

static void rm_pool_wake(int sig)
{
	__atomic_add_fetch(&rm_pool_wakes, 1, __ATOMIC_SEQ_CST);
}

static void *rm_pool_thread(void *arg);

/* The caller of thread_pool_start(), a thread of the pool; under pool->lock. */
static int rm_pool_add(thread_pool_t *pool, pthread_t t)
{
	struct rm_pool_thread *n = realloc(pool->threads, (pool->nthreads + 1) * sizeof(*n));

	if (!n)
		return -1;
	pool->threads = n;
	memset(&n[pool->nthreads], 0, sizeof(*n));
	n[pool->nthreads].self = true;
	n[pool->nthreads++].t = t;
	pool->total++;
	return 0;
}

/* The calling thread's entry; under pool->lock. */
static struct rm_pool_thread *rm_pool_me(thread_pool_t *pool)
{
	unsigned int i;

	for (i = 0; i < pool->nthreads; i++)
		if (pthread_equal(pool->threads[i].t, pthread_self()))
			return &pool->threads[i];
	return NULL;
}

/*
 * Start up to @n threads; under pool->lock, which a new thread needs
 * before it can leave, so it is counted first.
 */
static void rm_pool_spawn(thread_pool_t *pool, unsigned int n)
{
	while (n-- && pool->total < pool->attr.maximum && !pool->stopping) {
		struct rm_pool_thread *t = realloc(pool->threads,
						   (pool->nthreads + 1) * sizeof(*t));

		if (!t)
			return;
		pool->threads = t;
		memset(&t[pool->nthreads], 0, sizeof(*t));
		if (pthread_create(&t[pool->nthreads].t, NULL, rm_pool_thread, pool))
			return;
		pthread_detach(t[pool->nthreads].t);
		pool->nthreads++;
		pool->total++;
		pool->starting++;
		pthread_cond_broadcast(&pool->gone);
	}
}

/*
 * Bring a started pool within its limits: start threads while fewer than
 * lo_water wait; wake waiting threads to go while more than hi_water
 * wait or more than maximum exist (busy ones go after their work).
 * Under pool->lock.
 */
static void rm_pool_adjust(thread_pool_t *pool)
{
	unsigned int i;

	if (!pool->started || pool->stopping)
		return;
	/* Threads on their way count as waiting: no more of them than asked. */
	if (pool->waiting + pool->starting < pool->attr.lo_water)
		rm_pool_spawn(pool, pool->attr.lo_water - pool->waiting - pool->starting);
	for (i = 0; i < pool->nthreads; i++) {
		struct rm_pool_thread *t = &pool->threads[i];
		unsigned int waiting = pool->waiting - pool->leaving;
		unsigned int total = pool->total - pool->leaving;

		if (!t->waiting || t->self)
			continue;
		/* Told already: the signal may have come just before its receive. */
		if (t->leaving) {
			pthread_kill(t->t, RM_POOL_SIGNAL);
			continue;
		}
		if (waiting <= pool->attr.hi_water && total <= pool->attr.maximum)
			continue;
		t->leaving = true;
		pool->leaving++;
		pthread_kill(t->t, RM_POOL_SIGNAL);
	}
}

static void rm_pool_loop(thread_pool_t *pool, bool self)
{
	thread_pool_attr_t *a = &pool->attr;
	THREAD_POOL_PARAM_T *ctp = a->context_alloc(a->handle), *got;
	bool leave = !ctp, first = !self;
	unsigned int i;

	while (!leave) {
		struct rm_pool_thread *me;
		bool told = false;

		pthread_mutex_lock(&pool->lock);
		pool->waiting++;
		if (first) {
			pool->starting--;
			first = false;
		}
		me = rm_pool_me(pool);
		if (me)
			me->waiting = true;
		pthread_mutex_unlock(&pool->lock);
		got = a->block_func(ctp);
		pthread_mutex_lock(&pool->lock);
		pool->waiting--;
		me = rm_pool_me(pool);
		leave = pool->stopping;
		if (me) {
			me->waiting = false;
			if (me->leaving) {
				/*
				 * thread_pool_control() shrank the pool: this one
				 * goes, after what it may have received meanwhile.
				 */
				me->leaving = false;
				pool->leaving--;
				told = true;
			}
		}
		if (!leave && !told && got && pool->waiting + pool->starting < a->lo_water)
			rm_pool_spawn(pool, a->increment ? a->increment : 1);
		pthread_mutex_unlock(&pool->lock);
		if (leave)
			break;
		if (got) {
			ctp = got;
			a->handler_func(ctp);
		}
		pthread_mutex_lock(&pool->lock);
		leave = told || pool->stopping ||
			(!self && (pool->waiting >= a->hi_water || pool->total > a->maximum));
		pthread_mutex_unlock(&pool->lock);
	}
	if (ctp)
		a->context_free(ctp);
	pthread_mutex_lock(&pool->lock);
	if (first)
		pool->starting--;	/* it never waited (no context) */
	for (i = 0; i < pool->nthreads; i++) {
		if (pthread_equal(pool->threads[i].t, pthread_self())) {
			pool->threads[i] = pool->threads[--pool->nthreads];
			break;
		}
	}
	pool->total--;
	pthread_cond_broadcast(&pool->gone);
	pthread_mutex_unlock(&pool->lock);
}

static void *rm_pool_thread(void *arg)
{
	rm_pool_loop(arg, false);
	return NULL;
}

thread_pool_t *__thread_pool_create(thread_pool_attr_t *pool_attr, unsigned int flags,
				    struct module *owner)
{
	struct sigaction sa = { .sa_handler = rm_pool_wake };
	thread_pool_t *pool;

	if (!pool_attr || !pool_attr->block_func || !pool_attr->handler_func ||
	    !pool_attr->context_alloc || !pool_attr->context_free || !pool_attr->maximum ||
	    pool_attr->lo_water > pool_attr->hi_water) {
		errno = EINVAL;
		return NULL;
	}
	pool = calloc(1, sizeof(*pool));
	if (!pool)
		return NULL;
	pool->attr = *pool_attr;
	pool->flags = flags;
	pthread_mutex_init(&pool->lock, NULL);
	pthread_cond_init(&pool->gone, NULL);
	/* No SA_RESTART: a receive the signal interrupts ends. */
	sigemptyset(&sa.sa_mask);
	sigaction(RM_POOL_SIGNAL, &sa, NULL);
	return pool;
}

int thread_pool_start(void *arg)
{
	thread_pool_t *pool = arg;

	if (!pool) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&pool->lock);
	pool->started = true;
	rm_pool_spawn(pool, max_t(unsigned int, pool->attr.lo_water, 1));
	pthread_mutex_unlock(&pool->lock);
	if (pool->flags & POOL_FLAG_USE_SELF) {
		int err;

		pthread_mutex_lock(&pool->lock);
		err = rm_pool_add(pool, pthread_self());
		pthread_mutex_unlock(&pool->lock);
		if (err)
			return -1;
		rm_pool_loop(pool, true);
		return 0;
	}
	if (pool->flags & POOL_FLAG_EXIT_SELF)
		pthread_exit(NULL);
	return 0;
}

int thread_pool_destroy(thread_pool_t *pool)
{
	unsigned int i;

	if (!pool) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&pool->lock);
	pool->stopping = true;
	while (pool->total) {
		/* Threads that left are gone; ESRCH from those is harmless. */
		for (i = 0; i < pool->nthreads; i++)
			pthread_kill(pool->threads[i].t, RM_POOL_SIGNAL);
		pthread_mutex_unlock(&pool->lock);
		usleep(10000);
		pthread_mutex_lock(&pool->lock);
	}
	pthread_mutex_unlock(&pool->lock);
	free(pool->threads);
	free(pool);
	return 0;
}

#define RM_POOL_CONTROL_FLAGS \
	(THREAD_POOL_CONTROL_HIWATER | THREAD_POOL_CONTROL_LOWATER | \
	 THREAD_POOL_CONTROL_MAXIMUM | THREAD_POOL_CONTROL_INCREMENT | \
	 THREAD_POOL_CONTROL_NONBLOCK)

/*
 * New limits for a pool (the fields of @attr that @flags names); unless
 * _NONBLOCK, wait until it has between @lower and @upper threads, as
 * resmgr.ko's thread_pool_control() does.
 */
int thread_pool_control(thread_pool_t *pool, thread_pool_attr_t *attr,
			u16 lower, u16 upper, unsigned int flags)
{
	thread_pool_attr_t new;

	if (!pool || !attr || (flags & ~RM_POOL_CONTROL_FLAGS) || lower > upper) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&pool->lock);
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
		pthread_mutex_unlock(&pool->lock);
		errno = EINVAL;
		return -1;
	}
	pool->attr = new;
	rm_pool_adjust(pool);
	if (!(flags & THREAD_POOL_CONTROL_NONBLOCK)) {
		/* Threads that left after their work may call for more: adjust each time. */
		while (pool->started && !pool->stopping &&
		       (pool->total < lower || pool->total > upper)) {
			struct timespec ts;

			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec++;
			pthread_cond_timedwait(&pool->gone, &pool->lock, &ts);
			rm_pool_adjust(pool);
		}
	}
	pthread_mutex_unlock(&pool->lock);
	return 0;
}

int thread_pool_limits(thread_pool_t *pool, int lowater, int hiwater, int maximum,
		       int increment, unsigned int flags)
{
	if (!pool || lowater > hiwater || maximum <= 0) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&pool->lock);
	pool->attr.lo_water = lowater;
	pool->attr.hi_water = hiwater;
	pool->attr.maximum = maximum;
	pool->attr.increment = increment;
	if (pool->waiting < pool->attr.lo_water)
		rm_pool_spawn(pool, pool->attr.lo_water - pool->waiting);
	pthread_mutex_unlock(&pool->lock);
	return 0;
}
