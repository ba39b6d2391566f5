// SPDX-License-Identifier: GPL-2.0
/*
 * Thread pools (<sys/dispatch.h>) in user space, with QNX's water marks:
 * each thread loops block_func() then handler_func(). When fewer than
 * lo_water threads wait, the one that just got work starts increment
 * more, never beyond maximum; after its work, a thread that finds
 * hi_water or more waiting, or more than maximum in the pool, leaves.
 * thread_pool_destroy() wakes the waiting threads with a signal (their
 * receive ends with EINTR) and waits for every thread to leave.
 */
#include <signal.h>
#include "internal.h"

struct _thread_pool {
	thread_pool_attr_t	attr;
	unsigned int		flags;
	pthread_mutex_t		lock;	/* everything below */
	pthread_cond_t		gone;
	unsigned int		total;
	unsigned int		waiting;
	bool			stopping;
	pthread_t		*threads;	/* the live ones */
	unsigned int		nthreads;
};

/* The signal that ends a pool thread's wait (no handler of the program's). */
#define RM_POOL_SIGNAL	(SIGRTMIN + 7)

static void rm_pool_wake(int sig)
{
}

static void *rm_pool_thread(void *arg);

/* A live thread, for thread_pool_destroy(); under pool->lock. */
static int rm_pool_add(thread_pool_t *pool, pthread_t t)
{
	pthread_t *n = realloc(pool->threads, (pool->nthreads + 1) * sizeof(*n));

	if (!n)
		return -1;
	pool->threads = n;
	n[pool->nthreads++] = t;
	pool->total++;
	return 0;
}

/*
 * Start up to @n threads; under pool->lock, which a new thread needs
 * before it can leave, so it is counted first.
 */
static void rm_pool_spawn(thread_pool_t *pool, unsigned int n)
{
	while (n-- && pool->total < pool->attr.maximum && !pool->stopping) {
		pthread_t *t = realloc(pool->threads, (pool->nthreads + 1) * sizeof(*t));

		if (!t)
			return;
		pool->threads = t;
		if (pthread_create(&t[pool->nthreads], NULL, rm_pool_thread, pool))
			return;
		pthread_detach(t[pool->nthreads]);
		pool->nthreads++;
		pool->total++;
	}
}

static void rm_pool_loop(thread_pool_t *pool, bool self)
{
	thread_pool_attr_t *a = &pool->attr;
	THREAD_POOL_PARAM_T *ctp = a->context_alloc(a->handle), *got;
	bool leave = !ctp;
	unsigned int i;

	while (!leave) {
		pthread_mutex_lock(&pool->lock);
		pool->waiting++;
		pthread_mutex_unlock(&pool->lock);
		got = a->block_func(ctp);
		pthread_mutex_lock(&pool->lock);
		pool->waiting--;
		leave = pool->stopping;
		if (!leave && got && pool->waiting < a->lo_water)
			rm_pool_spawn(pool, a->increment ? a->increment : 1);
		pthread_mutex_unlock(&pool->lock);
		if (leave)
			break;
		if (got) {
			ctp = got;
			a->handler_func(ctp);
		}
		pthread_mutex_lock(&pool->lock);
		leave = pool->stopping || (!self && (pool->waiting >= a->hi_water ||
						     pool->total > a->maximum));
		pthread_mutex_unlock(&pool->lock);
	}
	if (ctp)
		a->context_free(ctp);
	pthread_mutex_lock(&pool->lock);
	for (i = 0; i < pool->nthreads; i++) {
		if (pthread_equal(pool->threads[i], pthread_self())) {
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
			pthread_kill(pool->threads[i], RM_POOL_SIGNAL);
		pthread_mutex_unlock(&pool->lock);
		usleep(10000);
		pthread_mutex_lock(&pool->lock);
	}
	pthread_mutex_unlock(&pool->lock);
	free(pool->threads);
	free(pool);
	return 0;
}

int thread_pool_control(thread_pool_t *pool, thread_pool_attr_t *attr,
			u16 lower, u16 upper, unsigned int flags)
{
	errno = ENOSYS;
	return -1;
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
