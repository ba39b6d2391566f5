// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the dispatch room:
 *   resmgr_dispatch  polling before sleeping (poll.c): how a window
 *                    adapts, when polling stops, and calls by message
 *                    served right whichever way their threads wait;
 *                    how a handle delivers (by message once a context
 *                    is allocated, unless its calls run directly) and
 *                    which process serves it
 */
#include <kunit/test.h>
#include <linux/cred.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include "internal.h"

struct rd_adapt_case {
	u32	window;
	u64	gap;
	u32	max;
	u32	next;
};

static const struct rd_adapt_case rd_adapt_cases[] = {
	/* Caught while polling: the window stays. */
	{ 40000, 1000, 200000, 40000 },
	{ 40000, 40000, 200000, 40000 },
	/* Soon, but after the window: it doubles, from the start value. */
	{ 0, 5000, 200000, RESMGR_POLL_START_NS },
	{ 0, RESMGR_POLL_START_NS + 1, 200000, RESMGR_POLL_START_NS },
	{ RESMGR_POLL_START_NS, 15000, 200000, 2 * RESMGR_POLL_START_NS },
	{ 150000, 160000, 200000, 200000 },
	/* Later than the bound: polling would have been in vain. */
	{ 150000, 200001, 200000, 0 },
	{ 0, 1000000000, 200000, 0 },
	/* The bound was lowered meanwhile. */
	{ 150000, 1000, 50000, 50000 },
	/* Off. */
	{ 40000, 1000, 0, 0 },
};

static void rd_adapt_desc(const struct rd_adapt_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "window %u gap %llu max %u", c->window,
		 c->gap, c->max);
}

KUNIT_ARRAY_PARAM(rd_adapt, rd_adapt_cases, rd_adapt_desc);

static void resmgr_dispatch_poll_adapt(struct kunit *test)
{
	const struct rd_adapt_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, resmgr_poll_adapt(c->window, c->gap, c->max), c->next);
}

struct rd_probe {
	int	done_calls;
	int	worth_calls;
	bool	done;
	bool	worth;
};

static bool rd_done(void *arg)
{
	struct rd_probe *p = arg;

	p->done_calls++;
	return p->done;
}

static bool rd_worth(void *arg)
{
	struct rd_probe *p = arg;

	p->worth_calls++;
	return p->worth;
}

static void rd_need_polling(struct kunit *test)
{
	if (!resmgr_poll_max())
		kunit_skip(test, "no polling here (one CPU online, or poll_ns=0)");
}

/* An event already there ends the wait before it sleeps. */
static void resmgr_dispatch_poll_done_at_once(struct kunit *test)
{
	struct rd_probe p = { .done = true, .worth = true };
	u32 window = RESMGR_POLL_START_NS;
	struct resmgr_poll w;

	rd_need_polling(test);
	KUNIT_EXPECT_TRUE(test, resmgr_poll_begin(&w, &window, rd_done, rd_worth, &p));
	KUNIT_EXPECT_EQ(test, p.done_calls, 1);
	KUNIT_EXPECT_EQ(test, p.worth_calls, 0);
	KUNIT_EXPECT_EQ(test, window, (u32)RESMGR_POLL_START_NS);
}

/* An event that is not on its way is not polled for: one look, no spin. */
static void resmgr_dispatch_poll_not_worth(struct kunit *test)
{
	struct rd_probe p = { .done = false, .worth = false };
	u32 window = RESMGR_POLL_START_NS;
	struct resmgr_poll w;

	rd_need_polling(test);
	KUNIT_EXPECT_FALSE(test, resmgr_poll_begin(&w, &window, rd_done, rd_worth, &p));
	KUNIT_EXPECT_EQ(test, p.done_calls, 1);
	KUNIT_EXPECT_EQ(test, p.worth_calls, 1);
}

/* A window of nothing polls not at all, but the wait still adapts it. */
static void resmgr_dispatch_poll_grows_from_nothing(struct kunit *test)
{
	struct rd_probe p = { .done = false, .worth = true };
	struct resmgr_poll w;
	u32 window = 0;

	rd_need_polling(test);
	KUNIT_EXPECT_FALSE(test, resmgr_poll_begin(&w, &window, rd_done, rd_worth, &p));
	KUNIT_EXPECT_EQ(test, p.done_calls, 0);
	/* The event came 1 us after the wait started: worth polling for. */
	resmgr_poll_end(&w, w.start + 1000);
	KUNIT_EXPECT_EQ(test, window, (u32)RESMGR_POLL_START_NS);
	/* The next came a second later: polling stops. */
	KUNIT_EXPECT_FALSE(test, resmgr_poll_begin(&w, &window, rd_done, NULL, &p));
	resmgr_poll_end(&w, w.start + NSEC_PER_SEC);
	KUNIT_EXPECT_EQ(test, window, 0U);
}

/*
 * The gap is taken to when the event came, not to when the sleeper ran
 * again; an event time before the wait (a stale stamp) counts as now.
 */
static void resmgr_dispatch_poll_gap_to_event(struct kunit *test)
{
	struct rd_probe p = { .done = false, .worth = false };
	struct resmgr_poll w;
	u32 window = 0;

	rd_need_polling(test);
	resmgr_poll_begin(&w, &window, rd_done, rd_worth, &p);
	msleep(20);
	resmgr_poll_end(&w, w.start + 2000);
	KUNIT_EXPECT_EQ(test, window, (u32)RESMGR_POLL_START_NS);
	resmgr_poll_begin(&w, &window, rd_done, rd_worth, &p);
	msleep(20);
	resmgr_poll_end(&w, w.start - 1);
	KUNIT_EXPECT_EQ(test, window, 0U);
}

/* Calls by message through a polling server thread. */
struct rd_req {
	struct resmgr_request	req;
	resmgr_context_t	ctx;
	int			val;
	bool			sleeps;
};

static long rd_run(struct resmgr_request *req)
{
	struct rd_req *r = container_of(req, struct rd_req, req);

	/* A handler that sleeps: its caller must stop polling and sleep too. */
	if (r->sleeps)
		usleep_range(1000, 2000);
	return 2L * r->val;
}

static int rd_server(void *data)
{
	dispatch_context_t *ctp = data;

	while (!kthread_should_stop()) {
		if (dispatch_block(ctp))
			dispatch_handler(ctp);
	}
	return 0;
}

static void resmgr_dispatch_poll_calls_served(struct kunit *test)
{
	struct task_struct *srv;
	dispatch_context_t *ctp;
	dispatch_t *dpp;
	int i;

	dpp = dispatch_create();
	KUNIT_ASSERT_NOT_NULL(test, dpp);
	ctp = dispatch_context_alloc(dpp);
	KUNIT_ASSERT_NOT_NULL(test, ctp);
	srv = kthread_run(rd_server, ctp, "rd_server");
	KUNIT_ASSERT_FALSE(test, IS_ERR(srv));
	for (i = 0; i < 300; i++) {
		struct rd_req r = { .req.run = rd_run, .val = i, .sleeps = !(i % 50) };

		r.ctx.info.cred = current_cred();
		r.req.ctp = &r.ctx;
		KUNIT_EXPECT_EQ(test, resmgr_dispatch_deliver(dpp, &r.req, i & 1), 2L * i);
		/* Now and then a pause: the server's window falls to nothing. */
		if (i % 100 == 99)
			msleep(20);
	}
	kthread_stop(srv);
	KUNIT_EXPECT_FALSE(test, resmgr_dispatch_queued(dpp));
	dispatch_context_free(ctp);
	KUNIT_EXPECT_EQ(test, dispatch_destroy(dpp), 0);
}

/*
 * A handle delivers directly until a context is allocated on it, then by
 * message, unless its calls run in their callers' threads (a user
 * channel with a ring): then it has contexts but delivers directly.
 */
static void resmgr_dispatch_delivery_modes(struct kunit *test)
{
	dispatch_context_t *ctp;
	dispatch_t *dpp;

	dpp = dispatch_create();
	KUNIT_ASSERT_NOT_NULL(test, dpp);
	KUNIT_EXPECT_FALSE(test, resmgr_dispatch_by_message(dpp));
	KUNIT_EXPECT_FALSE(test, resmgr_dispatch_has_contexts(dpp));
	ctp = dispatch_context_alloc(dpp);
	KUNIT_ASSERT_NOT_NULL(test, ctp);
	KUNIT_EXPECT_TRUE(test, resmgr_dispatch_by_message(dpp));
	KUNIT_EXPECT_TRUE(test, resmgr_dispatch_has_contexts(dpp));
	resmgr_dispatch_calls_direct(dpp);
	KUNIT_EXPECT_FALSE(test, resmgr_dispatch_by_message(dpp));
	KUNIT_EXPECT_TRUE(test, resmgr_dispatch_has_contexts(dpp));
	dispatch_context_free(ctp);
	KUNIT_EXPECT_EQ(test, dispatch_destroy(dpp), 0);
}

/*
 * Only the serving process's own exit is orphaned: not a live thread of
 * it, not another process's, not a handle that names no process.
 */
static void resmgr_dispatch_orphaned_only_own_exit(struct kunit *test)
{
	struct pid *other = find_get_pid(1);
	unsigned int flags = current->flags;
	dispatch_t *dpp, *mine, *theirs;

	dpp = dispatch_create();
	mine = dispatch_create();
	theirs = dispatch_create();
	KUNIT_ASSERT_NOT_NULL(test, dpp);
	KUNIT_ASSERT_NOT_NULL(test, mine);
	KUNIT_ASSERT_NOT_NULL(test, theirs);
	KUNIT_ASSERT_NOT_NULL(test, other);
	resmgr_dispatch_served_by(mine, task_tgid(current));
	resmgr_dispatch_served_by(theirs, other);
	KUNIT_EXPECT_FALSE(test, resmgr_dispatch_orphaned(dpp));
	KUNIT_EXPECT_FALSE(test, resmgr_dispatch_orphaned(mine));
	KUNIT_EXPECT_FALSE(test, resmgr_dispatch_orphaned(theirs));
	/* As seen from do_exit(); put back at once. */
	current->flags |= PF_EXITING;
	KUNIT_EXPECT_FALSE(test, resmgr_dispatch_orphaned(dpp));
	KUNIT_EXPECT_TRUE(test, resmgr_dispatch_orphaned(mine));
	KUNIT_EXPECT_FALSE(test, resmgr_dispatch_orphaned(theirs));
	current->flags = flags;
	put_pid(other);
	/* Each handle drops its process's reference (kmemleak would see one). */
	KUNIT_EXPECT_EQ(test, dispatch_destroy(theirs), 0);
	KUNIT_EXPECT_EQ(test, dispatch_destroy(mine), 0);
	KUNIT_EXPECT_EQ(test, dispatch_destroy(dpp), 0);
}

static int rd_exit_at_once(void *arg)
{
	return 0;
}

/*
 * A handle whose serving process is gone (a kernel thread that ended and
 * was reaped stands in for it): the exit of any process that closes one
 * of its files is orphaned, and no other close is.
 */
static void resmgr_dispatch_orphaned_server_gone(struct kunit *test)
{
	unsigned int flags = current->flags;
	struct task_struct *t;
	struct pid *gone;
	dispatch_t *dpp;

	t = kthread_create(rd_exit_at_once, NULL, "rd_gone");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	gone = get_task_pid(t, PIDTYPE_TGID);
	get_task_struct(t);
	wake_up_process(t);
	kthread_stop(t);
	put_task_struct(t);
	dpp = dispatch_create();
	KUNIT_ASSERT_NOT_NULL(test, dpp);
	resmgr_dispatch_served_by(dpp, gone);
	put_pid(gone);
	KUNIT_EXPECT_FALSE(test, resmgr_dispatch_orphaned(dpp));
	current->flags |= PF_EXITING;
	KUNIT_EXPECT_TRUE(test, resmgr_dispatch_orphaned(dpp));
	current->flags = flags;
	KUNIT_EXPECT_EQ(test, dispatch_destroy(dpp), 0);
}

static struct kunit_case resmgr_dispatch_cases[] = {
	KUNIT_CASE_PARAM(resmgr_dispatch_poll_adapt, rd_adapt_gen_params),
	KUNIT_CASE(resmgr_dispatch_poll_done_at_once),
	KUNIT_CASE(resmgr_dispatch_poll_not_worth),
	KUNIT_CASE(resmgr_dispatch_poll_grows_from_nothing),
	KUNIT_CASE(resmgr_dispatch_poll_gap_to_event),
	KUNIT_CASE(resmgr_dispatch_poll_calls_served),
	KUNIT_CASE(resmgr_dispatch_delivery_modes),
	KUNIT_CASE(resmgr_dispatch_orphaned_only_own_exit),
	KUNIT_CASE(resmgr_dispatch_orphaned_server_gone),
	{}
};

static struct kunit_suite resmgr_dispatch_suite = {
	.name = "resmgr_dispatch",
	.test_cases = resmgr_dispatch_cases,
};

kunit_test_suite(resmgr_dispatch_suite);
