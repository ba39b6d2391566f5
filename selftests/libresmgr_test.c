// SPDX-License-Identifier: GPL-2.0
/*
 * libresmgr's own calls, as a QNX program uses them, on resmgr.ko's
 * channel: thread_pool_control() growing and shrinking a running pool,
 * dispatch_timeout() with a MSG_FLAG_TIMEOUT_FUNC handler,
 * message_attach() ranges, ChannelCreate()/ConnectAttach()/MsgSend()
 * within one process, name_attach()/name_open() with a dispatch loop
 * that answers by message_attach(). Linked with libresmgr (static).
 */
#include <errno.h>
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <sys/netmgr.h>
#include <sys/neutrino.h>

#include "kselftest_harness.h"

/* Threads of this process (/proc/self/task). */
static int count_threads(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* Wait up to five seconds for @lo to @hi threads; the count seen last. */
static int threads_within(int lo, int hi)
{
	int i, seen = count_threads();

	for (i = 0; i < 500 && (seen < lo || seen > hi); i++) {
		usleep(10000);
		seen = count_threads();
	}
	return seen;
}

static int threads_become(int n)
{
	return threads_within(n, n);
}

/* Wait up to five seconds for @path's mode (its manager answered a stat). */
static int node_mode_becomes(const char *path, mode_t mode)
{
	struct stat st;
	int i;

	for (i = 0; i < 500; i++) {
		if (!stat(path, &st) && (st.st_mode & 07777) == mode)
			return 0;
		usleep(10000);
	}
	return -1;
}

/* Both water marks, as thread_pool_control() flags. */
#define CONTROL_WATER	(THREAD_POOL_CONTROL_LOWATER | THREAD_POOL_CONTROL_HIWATER)

static resmgr_connect_funcs_t	pool_connect;
static resmgr_io_funcs_t	pool_io;
static iofunc_attr_t		pool_attr_node;

/* A running pool takes new water marks: it grows, shrinks, and still serves. */
TEST(pool_grows_and_shrinks)
{
	thread_pool_attr_t pa, change;
	resmgr_attr_t ra;
	thread_pool_t *tpp;
	dispatch_t *dpp;
	int base, fd, n;
	char c;

	dpp = dispatch_create();
	ASSERT_NE(NULL, dpp);
	memset(&ra, 0, sizeof(ra));
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &pool_connect, _RESMGR_IO_NFUNCS, &pool_io);
	iofunc_attr_init(&pool_attr_node, S_IFCHR | 0666, NULL, NULL);
	ASSERT_LE(0, resmgr_attach(dpp, &ra, "/dev/lt_pool", _FTYPE_ANY, 0,
				   &pool_connect, &pool_io, &pool_attr_node));
	memset(&pa, 0, sizeof(pa));
	pa.handle = dpp;
	pa.context_alloc = dispatch_context_alloc;
	pa.block_func = dispatch_block;
	pa.unblock_func = dispatch_unblock;
	pa.handler_func = dispatch_handler;
	pa.context_free = dispatch_context_free;
	pa.lo_water = 2;
	pa.hi_water = 4;
	pa.increment = 1;
	pa.maximum = 8;
	base = count_threads();
	tpp = thread_pool_create(&pa, 0);
	ASSERT_NE(NULL, tpp);
	ASSERT_EQ(0, thread_pool_start(tpp));
	/*
	 * Work makes a pool grow (a thread that takes some starts more while
	 * fewer than lo_water wait) up to hi_water waiting: the /dev node's
	 * stat comes first.
	 */
	EXPECT_EQ(0, node_mode_becomes("/dev/lt_pool", 0666));
	n = threads_within(base + 2, base + 4);
	EXPECT_LE(base + 2, n);
	EXPECT_GE(base + 4, n);

	memset(&change, 0, sizeof(change));
	change.lo_water = 5;
	change.hi_water = 6;
	EXPECT_EQ(0, thread_pool_control(tpp, &change, 5, 8,
					 CONTROL_WATER));
	/* At least lo_water, at most hi_water waiting (no work comes). */
	n = threads_within(base + 5, base + 6);
	EXPECT_LE(base + 5, n);
	EXPECT_GE(base + 6, n);

	change.lo_water = 1;
	change.hi_water = 1;
	EXPECT_EQ(0, thread_pool_control(tpp, &change, 1, 1,
					 CONTROL_WATER));
	EXPECT_EQ(base + 1, threads_become(base + 1));

	/* The one left serves (work makes it grow again, up to maximum). */
	fd = open("/dev/lt_pool", O_RDONLY);
	EXPECT_LE(0, fd);
	EXPECT_EQ(0, read(fd, &c, 1));
	close(fd);
	EXPECT_GE(base + 8, count_threads());

	/* Limits it would refuse at create change nothing. */
	change.lo_water = 3;
	change.hi_water = 2;
	EXPECT_EQ(-1, thread_pool_control(tpp, &change, 1, 8,
					  CONTROL_WATER));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, thread_pool_control(tpp, &change, 4, 2, THREAD_POOL_CONTROL_NONBLOCK));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, thread_pool_control(tpp, &change, 1, 2, 0x100));
	EXPECT_EQ(EINVAL, errno);

	EXPECT_EQ(0, thread_pool_destroy(tpp));
	EXPECT_EQ(0, dispatch_destroy(dpp));
}

static int timeouts;

static int on_timeout(message_context_t *ctp, int code, unsigned int flags, void *handle)
{
	timeouts++;
	return 0;
}

static int on_message(message_context_t *ctp, int type, unsigned int flags, void *handle)
{
	int *v = (int *)((char *)ctp->msg + sizeof(short) * 2);

	MsgReply(ctp->rcvid, *v + 1, NULL, 0);
	return 0;
}

/* message_attach() ranges and the timeout handler. */
TEST(timeout_and_message_types)
{
	message_attr_t tmo = { .flags = MSG_FLAG_TIMEOUT_FUNC };
	struct timespec t = { .tv_sec = 0, .tv_nsec = 50000000 };
	dispatch_context_t *ctp;
	dispatch_t *dpp = dispatch_create();

	ASSERT_NE(NULL, dpp);
	EXPECT_EQ(-1, message_attach(dpp, NULL, _IO_BASE, _IO_MAX, on_message, NULL));
	EXPECT_EQ(EBUSY, errno);
	EXPECT_EQ(0, message_attach(dpp, NULL, 0x2000, 0x2fff, on_message, NULL));
	EXPECT_EQ(-1, message_attach(dpp, NULL, 0x2500, 0x3000, on_message, NULL));
	EXPECT_EQ(EBUSY, errno);
	EXPECT_EQ(0, message_attach(dpp, &tmo, 0, 0, on_timeout, NULL));
	EXPECT_EQ(-1, message_attach(dpp, &tmo, 0, 0, on_timeout, NULL));
	EXPECT_EQ(EBUSY, errno);
	EXPECT_EQ(0, dispatch_timeout(dpp, &t));
	t.tv_nsec = 1000000000;
	EXPECT_EQ(-1, dispatch_timeout(dpp, &t));
	EXPECT_EQ(EINVAL, errno);

	ctp = dispatch_context_alloc(dpp);
	ASSERT_NE(NULL, ctp);
	ctp = dispatch_block(ctp);
	ASSERT_NE(NULL, ctp);
	EXPECT_EQ(-1, ctp->message_context.rcvid);
	EXPECT_EQ(0, dispatch_handler(ctp));
	EXPECT_EQ(1, timeouts);
	dispatch_context_free(ctp);
	EXPECT_EQ(0, dispatch_destroy(dpp));
}

struct echo {
	int	chid;
	int	rcvid;
	int	pulse_code;
};

/* One message (its value + 1 back), then the disconnect pulse. */
static void *echo_server(void *arg)
{
	struct echo *e = arg;
	union {
		struct _pulse	pulse;
		struct { short type, sub; int v; } m;
	} msg;
	struct _msg_info info;
	int rcvid, v;

	rcvid = MsgReceive(e->chid, &msg, sizeof(msg), &info);
	e->rcvid = rcvid;
	if (rcvid > 0) {
		if (MsgRead(rcvid, &v, sizeof(v), 4) != sizeof(v))
			v = -100;
		MsgReply(rcvid, 0, &(int){ v + 1 }, sizeof(int));
	}
	rcvid = MsgReceive(e->chid, &msg, sizeof(msg), &info);
	e->pulse_code = rcvid == 0 ? msg.pulse.code : 1000;
	return NULL;
}

/* ChannelCreate(), ConnectAttach() to the process's own channel, MsgSend(). */
TEST(send_within_the_process)
{
	struct { short type, sub; int v; } m = { .type = 0x2100, .v = 41 };
	struct echo e = { 0 };
	pthread_t t;
	int coid, r = 0;

	e.chid = ChannelCreate(_NTO_CHF_DISCONNECT);
	ASSERT_LT(0, e.chid);
	ASSERT_EQ(0, pthread_create(&t, NULL, echo_server, &e));
	coid = ConnectAttach(ND_LOCAL_NODE, 0, e.chid, _NTO_SIDE_CHANNEL, 0);
	ASSERT_LE(0, coid);
	EXPECT_TRUE(coid & _NTO_SIDE_CHANNEL);
	EXPECT_EQ(0, MsgSend(coid, &m, sizeof(m), &r, sizeof(r)));
	EXPECT_EQ(42, r);
	EXPECT_EQ(0, ConnectDetach(coid));
	pthread_join(t, NULL);
	EXPECT_EQ(_PULSE_CODE_DISCONNECT, e.pulse_code);
	EXPECT_EQ(-1, MsgSend(coid, &m, sizeof(m), &r, sizeof(r)));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(-1, ConnectAttach(1, 0, e.chid, 0, 0));
	EXPECT_EQ(ESRCH, errno);
	EXPECT_EQ(0, ChannelDestroy(e.chid));
	EXPECT_EQ(-1, ConnectAttach(ND_LOCAL_NODE, 0, e.chid, 0, 0));
	EXPECT_EQ(ESRCH, errno);
}

static void *dispatch_loop(void *arg)
{
	dispatch_context_t *ctp = dispatch_context_alloc(arg);

	while (ctp && (ctp = dispatch_block(ctp)))
		dispatch_handler(ctp);
	return NULL;
}

/*
 * name_attach() with a dispatch handle: its loop accepts name_open() and
 * hands the message type to the message_attach() handler.
 */
TEST(names_with_a_dispatch_loop)
{
	struct { short type, sub; int v; } m = { .type = 0x2200, .v = 9 };
	name_attach_t *na, *again;
	dispatch_t *dpp;
	pthread_t t;
	int coid;

	dpp = dispatch_create();
	ASSERT_NE(NULL, dpp);
	ASSERT_EQ(0, message_attach(dpp, NULL, 0x2000, 0x2fff, on_message, NULL));
	na = name_attach(dpp, "lt_name", 0);
	ASSERT_NE(NULL, na);
	again = name_attach(NULL, "lt_name", 0);
	EXPECT_EQ(NULL, again);
	EXPECT_EQ(EEXIST, errno);
	ASSERT_EQ(0, pthread_create(&t, NULL, dispatch_loop, dpp));
	coid = name_open("lt_name", 0);
	ASSERT_LE(0, coid) TH_LOG("name_open: %s", strerror(errno));
	EXPECT_EQ(10, MsgSend(coid, &m, sizeof(m), NULL, 0));
	m.type = 0x3000;
	EXPECT_EQ(-1, MsgSend(coid, &m, sizeof(m), NULL, 0));
	EXPECT_EQ(ENOSYS, errno);
	EXPECT_EQ(0, name_close(coid));
	EXPECT_EQ(-1, name_open("lt_no_such_name", 0));
	EXPECT_EQ(ENOENT, errno);
	/* The handle stays: the loop thread still waits on it. */
	EXPECT_EQ(0, name_detach(na, NAME_FLAG_DETACH_SAVEDPP));
	EXPECT_EQ(-1, name_open("lt_name", 0));
	EXPECT_EQ(ENOENT, errno);
	pthread_detach(t);
}

TEST_HARNESS_MAIN
