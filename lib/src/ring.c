// SPDX-License-Identifier: GPL-2.0
/*
 * The channel's ring (RESMGR_CHAN_RING, include/uapi/resmgr/channel.h):
 * dispatch_block() takes messages from slots the kernel fills, in this
 * process's memory, instead of making a receive call for each.
 *
 * A handle gets its ring at its first resmgr_attach() (the kernel takes
 * one only before the first link; the environment variable RESMGR_RING=0
 * keeps the old way). One thread at a time polls the slots, for a window
 * that adapts as the kernel's own polling does (KVM's halt polling):
 * kept while messages come within it, doubled when one comes soon after,
 * none after a long quiet. The other threads, and the poller once its
 * window ends, sleep in RESMGR_CHAN_RECEIVE, from which the kernel wakes
 * one with a RESMGR_CHAN_PULSE_RING for each message that finds no thread
 * polling (as many as sleep). A poller that takes a message and sees more
 * ready has the kernel wake sleepers for them (RESMGR_CHAN_RING_WAKE):
 * they came while it polled; so does a thread whose look for receive
 * news (below) took a PULSE_RING that was on its way to a sleeper.
 * Pulses, sends and messages that found no free slot still come by
 * receive: hdr->work says when there are some.
 *
 * A signal that a thread catches while it polls does not end the wait as
 * it ends a receive (EINTR), except a thread pool's own wake-up signal
 * (pool.c), which thread_pool_control() and thread_pool_destroy() send.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include "internal.h"

#define RM_RING_SLOTS		16
#define RM_RING_START_NS	10000u
#define RM_RING_MAX_NS		200000u	/* as resmgr.ko's own bound */

static struct resmgr_chan_ring_slot *rm_ring_slot(struct resmgr_chan_ring_hdr *hdr,
						  unsigned int i)
{
	return (void *)((char *)hdr + RESMGR_CHAN_RING_SLOTS + (size_t)i * hdr->slot_size);
}

/**
 * rm_ring_setup() - give a handle its ring, before its first link
 * @dpp: the handle
 * @msg_max_size: the largest message its links take whole
 *
 * Return: 0, with or without a ring (none is not an error: the handle
 * receives the old way); -1 with errno when the kernel took a ring this
 * process could not map (then every later attach fails the same way).
 */
int rm_ring_setup(dispatch_t *dpp, unsigned int msg_max_size)
{
	struct resmgr_chan_ring r = { .nslots = RM_RING_SLOTS };
	const char *env = getenv("RESMGR_RING");
	size_t size;
	void *mem;

	if (dpp->ring_err) {
		/* The channel took a ring this process could not map: unusable. */
		errno = dpp->ring_err;
		return -1;
	}
	if (dpp->ring || (env && !strcmp(env, "0")))
		return 0;
	size = sizeof(struct resmgr_chan_ring_slot) + msg_max_size;
	size = (size + 63) & ~(size_t)63;
	r.slot_size = size < RESMGR_CHAN_RING_SLOT_MIN ? RESMGR_CHAN_RING_SLOT_MIN : size;
	if (ioctl(dpp->fd, RESMGR_CHAN_RING, &r))
		return 0;
	size = RESMGR_CHAN_RING_SLOTS + (size_t)r.nslots * r.slot_size;
	size = (size + sysconf(_SC_PAGESIZE) - 1) & ~(size_t)(sysconf(_SC_PAGESIZE) - 1);
	mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, dpp->fd, 0);
	if (mem == MAP_FAILED) {
		/* Its calls now go to slots: no attach may succeed without them. */
		dpp->ring_err = errno;
		return -1;
	}
	dpp->ring_size = size;
	dpp->ring = mem;
	return 0;
}

/**
 * rm_ring_unmap() - unmap a handle's ring (dispatch_destroy())
 * @dpp: the handle
 */
void rm_ring_unmap(dispatch_t *dpp)
{
	if (dpp->ring)
		munmap(dpp->ring, dpp->ring_size);
	dpp->ring = NULL;
}

/*
 * Take a ready slot's message into the context, the rest of a long one
 * read from the caller. Return: true when one was taken.
 */
static bool rm_ring_take(struct rm_ctx *c)
{
	struct resmgr_chan_ring_hdr *hdr = c->dpp->ring;
	unsigned int i, n = hdr->nslots;

	for (i = 0; i < n; i++) {
		struct resmgr_chan_ring_slot *s = rm_ring_slot(hdr, i);
		unsigned int want = RESMGR_CHAN_RING_READY;
		size_t len, whole;

		if (__atomic_load_n(&s->state, __ATOMIC_RELAXED) != RESMGR_CHAN_RING_READY ||
		    !__atomic_compare_exchange_n(&s->state, &want, RESMGR_CHAN_RING_TAKEN, false,
						 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			continue;
		memset(&c->rcv, 0, sizeof(c->rcv));
		c->rcv.rcvid = s->rcvid;
		c->rcv.info = s->info;
		len = c->rcv.info.msglen;
		if (len > hdr->slot_size - sizeof(*s))
			len = hdr->slot_size - sizeof(*s);
		if (len > c->bufsize)
			len = c->bufsize;
		memcpy(c->buf, s->msg, len);
		__atomic_store_n(&s->state, RESMGR_CHAN_RING_FREE, __ATOMIC_RELEASE);
		/* As a receive would have: the message whole, as far as the buffer goes. */
		whole = (size_t)c->rcv.info.srcmsglen < c->bufsize ? c->rcv.info.srcmsglen :
			c->bufsize;
		if (len < whole) {
			struct resmgr_chan_copy cp = {
				.rcvid = c->rcv.rcvid,
				.buf = (uintptr_t)((char *)c->buf + len),
				.size = whole - len,
				.offset = len,
			};
			int got = ioctl(c->dpp->fd, RESMGR_CHAN_MSGREAD, &cp);

			if (got > 0)
				len += got;
		}
		c->rcv.info.msglen = len;
		return true;
	}
	return false;
}

/* Is a slot READY? */
static bool rm_ring_ready(struct resmgr_chan_ring_hdr *hdr)
{
	unsigned int i;

	for (i = 0; i < hdr->nslots; i++)
		if (__atomic_load_n(&rm_ring_slot(hdr, i)->state, __ATOMIC_SEQ_CST) ==
		    RESMGR_CHAN_RING_READY)
			return true;
	return false;
}

static unsigned long long rm_ring_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* Threads sleep and slots are ready: have the kernel wake them for those. */
static void rm_ring_rewake(struct rm_ctx *c)
{
	struct resmgr_chan_ring_hdr *hdr = c->dpp->ring;

	if (__atomic_load_n(&hdr->sleepers, __ATOMIC_SEQ_CST) && rm_ring_ready(hdr))
		ioctl(c->dpp->fd, RESMGR_CHAN_RING_WAKE);
}

/* Poll the slots for the context's window (one thread a handle). */
static bool rm_ring_poll(struct rm_ctx *c, unsigned int work, unsigned int wakes)
{
	struct resmgr_chan_ring_hdr *hdr = c->dpp->ring;
	unsigned long long end = 0;
	unsigned int zero = 0, n;
	bool got = false;

	if (!c->ring_win ||
	    !__atomic_compare_exchange_n(&hdr->spinning, &zero, 1, false, __ATOMIC_SEQ_CST,
					 __ATOMIC_RELAXED))
		return false;
	for (n = 0;; n++) {
		if (rm_ring_take(c)) {
			got = true;
			break;
		}
		if (__atomic_load_n(&hdr->work, __ATOMIC_ACQUIRE) != work ||
		    __atomic_load_n(&rm_pool_wakes, __ATOMIC_RELAXED) != wakes)
			break;
		if (!(n & 63)) {
			unsigned long long now = rm_ring_now();

			if (!end)
				end = now + c->ring_win;
			else if (now >= end)
				break;
		}
		__builtin_ia32_pause();
	}
	/*
	 * Before the message is handled: the next one wakes another thread.
	 * A message that came while we polled woke no one: one more look, or
	 * it could wait for the next message while the others sleep.
	 */
	__atomic_store_n(&hdr->spinning, 0, __ATOMIC_SEQ_CST);
	if (!got && !rm_ring_take(c))
		return false;
	/*
	 * Messages that came while we polled woke no one either, and we are
	 * about to be busy: their slots wake the sleeping threads.
	 */
	rm_ring_rewake(c);
	return true;
}

/* The window after a wait that slept @gap ns (resmgr.ko's poll.c rule). */
static void rm_ring_adapt(struct rm_ctx *c, unsigned long long gap)
{
	unsigned int max = c->dpp->ring->poll_ns;

	if (max > RM_RING_MAX_NS)
		max = RM_RING_MAX_NS;
	if (gap > max)
		c->ring_win = 0;
	else if (gap > c->ring_win)
		c->ring_win = 2 * c->ring_win > RM_RING_START_NS ?
			      (2 * c->ring_win < max ? 2 * c->ring_win : max) : RM_RING_START_NS;
}

/**
 * rm_ring_receive() - dispatch_block()'s receive on a handle with a ring
 * @c: the context: its pending reply goes first
 *
 * Return: 0 with c->rcv and c->buf filled, as RESMGR_CHAN_RECEIVE fills
 * them; -1 with errno.
 */
int rm_ring_receive(struct rm_ctx *c)
{
	struct resmgr_chan_ring_hdr *hdr = c->dpp->ring;
	unsigned int work, max, wakes = __atomic_load_n(&rm_pool_wakes, __ATOMIC_SEQ_CST);
	unsigned long long slept, woke;
	int ret;

	if (c->pending.set) {
		c->pending.set = false;
		/* As RESMGR_CHAN_REPLY_RECEIVE: a failed reply is the caller's news. */
		ioctl(c->dpp->fd, RESMGR_CHAN_REPLY, &c->pending.reply);
	}
	max = __atomic_load_n(&hdr->poll_ns, __ATOMIC_RELAXED);
	if (max > RM_RING_MAX_NS)
		max = RM_RING_MAX_NS;
	if (!c->ring_started || c->ring_win > max) {
		/* A new thread polls for the longest window first. */
		c->ring_win = max;
		c->ring_started = true;
	}
	for (;;) {
		if (c->ring_drain) {
			memset(&c->rcv, 0, sizeof(c->rcv));
			c->rcv.msg = (uintptr_t)c->buf;
			c->rcv.size = c->bufsize;
			ret = ioctl(c->dpp->fd, RESMGR_CHAN_TRY_RECEIVE, &c->rcv);
			if (!ret && !c->rcv.rcvid && c->rcv.code == RESMGR_CHAN_PULSE_RING) {
				/*
				 * The ring's own pulse: its message is in a slot,
				 * and it was on its way to wake a sleeping thread
				 * for it. Taken here, it woke no one: the kernel
				 * wakes the sleepers again for the ready slots.
				 */
				rm_ring_rewake(c);
				continue;
			}
			if (!ret)
				return 0;
			if (ret && errno != EAGAIN)
				return ret;
			if (ret)
				c->ring_drain = false;
			continue;
		}
		work = __atomic_load_n(&hdr->work, __ATOMIC_ACQUIRE);
		if (work != c->ring_seen) {
			c->ring_seen = work;
			c->ring_drain = true;
			continue;
		}
		if (rm_ring_poll(c, work, wakes))
			return 0;
		/*
		 * A pool's wake-up signal came while polling: as a receive's
		 * EINTR. A message that came first is taken all the same: the
		 * ring's wake-up for it may have been ours.
		 */
		if (__atomic_load_n(&rm_pool_wakes, __ATOMIC_SEQ_CST) != wakes) {
			if (rm_ring_take(c))
				return 0;
			errno = EINTR;
			return -1;
		}
		if (__atomic_load_n(&hdr->work, __ATOMIC_ACQUIRE) != work)
			continue;
		/* Counted as sleeping before the last look; see channel.h. */
		__atomic_add_fetch(&hdr->sleepers, 1, __ATOMIC_SEQ_CST);
		if (rm_ring_take(c)) {
			__atomic_sub_fetch(&hdr->sleepers, 1, __ATOMIC_SEQ_CST);
			return 0;
		}
		memset(&c->rcv, 0, sizeof(c->rcv));
		c->rcv.msg = (uintptr_t)c->buf;
		c->rcv.size = c->bufsize;
		slept = rm_ring_now();
		ret = ioctl(c->dpp->fd, RESMGR_CHAN_RECEIVE, &c->rcv);
		__atomic_sub_fetch(&hdr->sleepers, 1, __ATOMIC_SEQ_CST);
		if (ret) {
			int err = errno;

			if (err == EINTR && rm_ring_take(c))
				return 0;
			errno = err;
			return ret;
		}
		if (c->rcv.rcvid || c->rcv.code != RESMGR_CHAN_PULSE_RING) {
			/* A receive's news: there may be more of it. */
			c->ring_drain = true;
			return 0;
		}
		/* Measured to when the message came: a slow wake-up is not the gap. */
		woke = __atomic_load_n(&hdr->woke_ns, __ATOMIC_RELAXED);
		rm_ring_adapt(c, woke > slept ? woke - slept : 0);
	}
}
