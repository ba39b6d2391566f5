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
#include <grp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <devctl.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <sys/netmgr.h>
#include <sys/neutrino.h>
#include <sys/procmgr.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <uapi/resmgr/channel.h>
#include "kselftest_harness.h"
#include "proc_util.h"
#include "resmgrfs_mount.h"

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

/* A dispatch pool's attributes for @dpp, growing one thread at a time. */
static void pool_attr_set(thread_pool_attr_t *pa, dispatch_t *dpp, unsigned short lo,
			  unsigned short hi, unsigned short max)
{
	memset(pa, 0, sizeof(*pa));
	pa->handle = dpp;
	pa->context_alloc = dispatch_context_alloc;
	pa->block_func = dispatch_block;
	pa->unblock_func = dispatch_unblock;
	pa->handler_func = dispatch_handler;
	pa->context_free = dispatch_context_free;
	pa->lo_water = lo;
	pa->hi_water = hi;
	pa->increment = 1;
	pa->maximum = max;
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
	pool_attr_set(&pa, dpp, 2, 4, 8);
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

/*
 * _NTO_CHF_COID_DISCONNECT: a channel's end is told, once a connection,
 * to each process with a connection to it (the coid as ConnectAttach()
 * gave it, side channel bit included); a connection closed before is not.
 */
TEST(coid_death_pulses)
{
	struct _pulse p;
	int listen, server, c1, c2, c3, self, i, seen1 = 0, seen3 = 0, other = 0;

	listen = ChannelCreate(_NTO_CHF_COID_DISCONNECT);
	ASSERT_LT(0, listen);
	server = ChannelCreate(0);
	ASSERT_LT(0, server);
	c1 = ConnectAttach(ND_LOCAL_NODE, 0, server, 0, 0);
	c2 = ConnectAttach(ND_LOCAL_NODE, 0, server, 0, 0);
	c3 = ConnectAttach(ND_LOCAL_NODE, 0, server, _NTO_SIDE_CHANNEL, 0);
	self = ConnectAttach(ND_LOCAL_NODE, 0, listen, _NTO_SIDE_CHANNEL, 0);
	ASSERT_LE(0, c1);
	ASSERT_LE(0, c2);
	ASSERT_LE(0, c3);
	ASSERT_LE(0, self);
	EXPECT_EQ(0, ConnectDetach(c2));
	EXPECT_EQ(0, ChannelDestroy(server));
	/* The pulses of the end come before this one. */
	EXPECT_EQ(0, MsgSendPulse(self, -1, 7, 0));
	for (i = 0; i < 4; i++) {
		memset(&p, 0, sizeof(p));
		ASSERT_EQ(0, MsgReceive(listen, &p, sizeof(p), NULL));
		if (p.code == 7)
			break;
		EXPECT_EQ(_PULSE_CODE_COIDDEATH, p.code);
		if (p.value.sival_int == c1)
			seen1++;
		else if (p.value.sival_int == c3)
			seen3++;
		else
			other++;
	}
	EXPECT_EQ(7, p.code);
	EXPECT_EQ(1, seen1);
	EXPECT_EQ(1, seen3);
	EXPECT_EQ(0, other);
	/* The connections stay until detached; sends on them fail. */
	EXPECT_EQ(-1, MsgSendPulse(c1, -1, 1, 0));
	EXPECT_EQ(0, ConnectDetach(c1));
	EXPECT_EQ(0, ConnectDetach(c3));
	EXPECT_EQ(0, ConnectDetach(self));
	EXPECT_EQ(0, ChannelDestroy(listen));
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

/* resmgr_pathname(): the path a link id was attached at, as QNX's gives it. */
TEST(pathname_of_a_link)
{
	resmgr_connect_funcs_t cf;
	resmgr_io_funcs_t io;
	iofunc_attr_t node;
	dispatch_t *dpp;
	char buf[64];
	int id;

	dpp = dispatch_create();
	ASSERT_NE(NULL, dpp);
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &cf, _RESMGR_IO_NFUNCS, &io);
	iofunc_attr_init(&node, S_IFCHR | 0666, NULL, NULL);
	id = resmgr_attach(dpp, NULL, "/dev/lt_named", _FTYPE_ANY, 0, &cf, &io, &node);
	ASSERT_LE(0, id);
	EXPECT_EQ((int)strlen("/dev/lt_named"), resmgr_pathname(id, 0, buf, sizeof(buf)));
	EXPECT_STREQ("/dev/lt_named", buf);
	/* Truncated to the room given, the whole length still told. */
	EXPECT_EQ((int)strlen("/dev/lt_named"), resmgr_pathname(id, 0, buf, 5));
	EXPECT_STREQ("/dev", buf);
	EXPECT_EQ((int)strlen("/dev/lt_named"), resmgr_pathname(id, 0, NULL, 0));
	EXPECT_EQ(0, resmgr_detach(dpp, id, 0));
	EXPECT_EQ(-1, resmgr_pathname(id, 0, buf, sizeof(buf)));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(0, dispatch_destroy(dpp));
}

/* A write whose message must have come whole: its bytes 0, 1, 2, ... */
static int whole_write(resmgr_context_t *ctp, io_write_t *msg, RESMGR_OCB_T *ocb)
{
	const unsigned char *d = (const unsigned char *)&msg->i + sizeof(msg->i);
	size_t n = msg->i.nbytes, i;

	if ((size_t)ctp->info.msglen < sizeof(msg->i) + n)
		return _RESMGR_ERRNO(EMSGSIZE);
	for (i = 0; i < n; i++)
		if (d[i] != (unsigned char)i)
			return _RESMGR_ERRNO(EILSEQ);
	_IO_SET_WRITE_NBYTES(ctp, n);
	return _RESMGR_NPARTS(0);
}

/*
 * The ring's slots are sized at the first attach: a later link that takes
 * larger messages still gets them whole in its buffer (the rest of the
 * slot's part read from the caller), as a receive would give them.
 */
TEST(message_longer_than_a_slot)
{
	static unsigned char data[6000];
	resmgr_connect_funcs_t cf;
	resmgr_io_funcs_t io;
	iofunc_attr_t small, big;
	resmgr_attr_t ra;
	dispatch_t *dpp;
	pthread_t t;
	size_t i;
	int fd;

	for (i = 0; i < sizeof(data); i++)
		data[i] = i;
	dpp = dispatch_create();
	ASSERT_NE(NULL, dpp);
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &cf, _RESMGR_IO_NFUNCS, &io);
	io.write = whole_write;
	iofunc_attr_init(&small, S_IFCHR | 0666, NULL, NULL);
	iofunc_attr_init(&big, S_IFCHR | 0666, NULL, NULL);
	memset(&ra, 0, sizeof(ra));
	ASSERT_LE(0, resmgr_attach(dpp, &ra, "/dev/lt_small", _FTYPE_ANY, 0, &cf, &io, &small));
	ra.msg_max_size = 8192;
	ASSERT_LE(0, resmgr_attach(dpp, &ra, "/dev/lt_big", _FTYPE_ANY, 0, &cf, &io, &big));
	ASSERT_EQ(0, pthread_create(&t, NULL, dispatch_loop, dpp));
	EXPECT_EQ(0, node_mode_becomes("/dev/lt_big", 0666));
	fd = open("/dev/lt_big", O_WRONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ((ssize_t)sizeof(data), write(fd, data, sizeof(data)));
	EXPECT_EQ(0, close(fd));
	/* The loop thread keeps the handle; the process's end takes both. */
	pthread_detach(t);
}

/*
 * Attach @path as a device of the iofunc defaults with @rd (or none)
 * and lock_ocb NULL, and serve it with a pool of @lo to @max threads.
 * Return: the pool, or NULL.
 */
static thread_pool_t *lt_device_on(dispatch_t *dpp, const char *path,
				   int (*rd)(resmgr_context_t *c, io_read_t *m, RESMGR_OCB_T *o),
				   unsigned short lo, unsigned short max)
{
	static resmgr_connect_funcs_t cf;
	static resmgr_io_funcs_t io;
	static iofunc_attr_t attr;
	thread_pool_attr_t pa;
	thread_pool_t *tpp;
	resmgr_attr_t ra;

	if (!dpp)
		return NULL;
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &cf, _RESMGR_IO_NFUNCS, &io);
	if (rd)
		io.read = rd;
	io.lock_ocb = NULL;
	io.unlock_ocb = NULL;
	iofunc_attr_init(&attr, S_IFCHR | 0666, NULL, NULL);
	memset(&ra, 0, sizeof(ra));
	if (resmgr_attach(dpp, &ra, path, _FTYPE_ANY, 0, &cf, &io, &attr) < 0)
		return NULL;
	pool_attr_set(&pa, dpp, lo, max, max);
	tpp = thread_pool_create(&pa, 0);
	if (!tpp || thread_pool_start(tpp) || node_mode_becomes(path, 0666))
		return NULL;
	return tpp;
}

/*
 * Attach @path on @dpp as a device of the iofunc defaults, mode 0666, in
 * a process that attaches no other path this way (the tables and the
 * attr are static: the link keeps them).
 * Return: 0, or resmgr_attach()'s errno.
 */
static int lt_attach_plain(dispatch_t *dpp, const char *path)
{
	static resmgr_connect_funcs_t cf;
	static resmgr_io_funcs_t io;
	static iofunc_attr_t attr;

	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &cf, _RESMGR_IO_NFUNCS, &io);
	iofunc_attr_init(&attr, S_IFCHR | 0666, NULL, NULL);
	return resmgr_attach(dpp, NULL, path, _FTYPE_ANY, 0, &cf, &io, &attr) < 0 ? errno : 0;
}

/* As lt_device_on(), on a handle of its own. */
static thread_pool_t *lt_device(const char *path,
				int (*rd)(resmgr_context_t *c, io_read_t *m, RESMGR_OCB_T *o),
				unsigned short lo, unsigned short max)
{
	return lt_device_on(dispatch_create(), path, rd, lo, max);
}

/* Handlers inside together_read() now; how many met there. */
static pthread_mutex_t together_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t together_cond = PTHREAD_COND_INITIALIZER;
static int together_inside;

/* Wait up to three seconds for a second handler: reply the most seen. */
static int together_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	struct timespec until;
	char seen;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 3;
	pthread_mutex_lock(&together_lock);
	together_inside++;
	pthread_cond_broadcast(&together_cond);
	while (together_inside < 2 &&
	       pthread_cond_timedwait(&together_cond, &together_lock, &until) == 0)
		;
	seen = '0' + together_inside;
	pthread_mutex_unlock(&together_lock);
	/* From here: the reply must not point at this stack after the return. */
	MsgReply(ctp->rcvid, 1, &seen, 1);
	return _RESMGR_NOREPLY;
}

static pthread_barrier_t together_start;

static void *together_client(void *arg)
{
	int fd = *(int *)arg;
	char c = 0;

	pthread_barrier_wait(&together_start);
	if (pread(fd, &c, 1, 0) != 1)
		c = 'x';
	return (void *)(long)c;
}

/* Write @val to resmgr.ko's poll_ns; the old value into @old if given. */
static int set_poll_ns(const char *val, char *old, size_t size)
{
	const char *path = "/sys/module/resmgr/parameters/poll_ns";
	FILE *f;

	if (old) {
		f = fopen(path, "r");
		if (!f || !fgets(old, size, f))
			return -1;
		fclose(f);
	}
	f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(val, f);
	return fclose(f);
}

/* Pulses the pool of messages_together_run_together() handled. */
static int together_pulses;

static int together_pulse(message_context_t *ctp, int code, unsigned int flags, void *handle)
{
	__atomic_add_fetch(&together_pulses, 1, __ATOMIC_SEQ_CST);
	return 0;
}

/*
 * Two messages that come together, to a pool of two threads, run in two
 * threads at once (as two threads blocked in MsgReceive() each take
 * one): with and without polling. The handlers share nothing
 * (lock_ocb NULL) and each waits for the other. Before each round a
 * pulse wakes one of the threads, so that the other one's view of the
 * receive's news is stale when the messages come: that thread then
 * looks for news as it wakes, and what it finds there is the wake-up
 * meant for the other thread (lost once, and one handler waited alone).
 */
TEST(messages_together_run_together)
{
	thread_pool_t *tpp;
	dispatch_t *dpp;
	char old[32] = "";
	int round, fd[2], i, code, coid;

	dpp = dispatch_create();
	ASSERT_NE(NULL, dpp);
	code = pulse_attach(dpp, MSG_FLAG_ALLOC_PULSE, 0, together_pulse, NULL);
	ASSERT_LE(0, code);
	coid = message_connect(dpp, MSG_FLAG_SIDE_CHANNEL);
	ASSERT_LE(0, coid);
	tpp = lt_device_on(dpp, "/dev/lt_together", together_read, 2, 2);
	ASSERT_NE(NULL, tpp);
	for (i = 0; i < 2; i++) {
		fd[i] = open("/dev/lt_together", O_RDONLY);
		ASSERT_LE(0, fd[i]);
	}
	ASSERT_EQ(0, set_poll_ns("0", old, sizeof(old)));
	for (round = 0; round < 40; round++) {
		pthread_t t[2];
		void *got[2];

		/* Half the rounds polled (the module's own setting), half not. */
		if (round == 20)
			ASSERT_EQ(0, set_poll_ns(old, NULL, 0));
		together_inside = 0;
		i = together_pulses;
		ASSERT_EQ(0, MsgSendPulse(coid, -1, code, round));
		while (__atomic_load_n(&together_pulses, __ATOMIC_SEQ_CST) == i)
			usleep(1000);
		/* Its thread back asleep (the round's test does not depend on it). */
		usleep(10000);
		ASSERT_EQ(0, pthread_barrier_init(&together_start, NULL, 2));
		for (i = 0; i < 2; i++)
			ASSERT_EQ(0, pthread_create(&t[i], NULL, together_client, &fd[i]));
		for (i = 0; i < 2; i++) {
			pthread_join(t[i], &got[i]);
			EXPECT_EQ('2', (char)(long)got[i]) {
				TH_LOG("round %d, client %d", round, i);
			}
		}
		pthread_barrier_destroy(&together_start);
	}
	set_poll_ns(old, NULL, 0);
	for (i = 0; i < 2; i++)
		close(fd[i]);
	/* The pool's threads keep the handle; the process's end takes both. */
	EXPECT_EQ(0, thread_pool_destroy(tpp));
}

/*
 * A server with its own file open ends (killed, or exit() with its pool
 * running): its exit closes that file, which none of its threads is left
 * to answer; the process must end all the same, and its path go. With
 * the ring and without.
 */
TEST(server_ends_with_its_own_file_open)
{
	static const char *const rings[] = { "1", "0" };
	int ring, how;

	for (ring = 0; ring < 2; ring++) {
		for (how = 0; how < 2; how++) {
			int ready[2], st = 0;
			pid_t pid, got = 0;
			char c;

			ASSERT_EQ(0, pipe(ready));
			pid = fork();
			ASSERT_GE(pid, 0);
			if (pid == 0) {
				int fd;

				setenv("RESMGR_RING", rings[ring], 1);
				if (!lt_device("/dev/lt_selfopen", NULL, 1, 2))
					_exit(10);
				fd = open("/dev/lt_selfopen", O_RDWR);
				if (fd < 0 || read(fd, &c, 1) != 0)
					_exit(13);
				if (write(ready[1], "r", 1) != 1)
					_exit(14);
				if (how)
					exit(0);
				pause();
				_exit(15);
			}
			close(ready[1]);
			EXPECT_EQ(1, read(ready[0], &c, 1));
			close(ready[0]);
			if (!how)
				kill(pid, SIGKILL);
			got = reaped(pid, &st);
			EXPECT_EQ(pid, got) {
				TH_LOG("RESMGR_RING=%s, %s: the server did not end",
				       rings[ring], how ? "exit()" : "SIGKILL");
			}
			if (got == pid) {
				EXPECT_TRUE(how ? WIFEXITED(st) && !WEXITSTATUS(st) :
					    WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
				EXPECT_NE(0, access("/dev/lt_selfopen", F_OK));
			}
		}
	}
}

/*
 * A server forks a child that keeps its channel and a file on its path
 * (the descriptors are inherited; no thread of the child serves). The
 * server is killed, then the child: the child must end too, although
 * its exit closes a file whose server is gone (it stayed in D state for
 * ever, its close waiting for a reply no thread would send).
 */
TEST(child_of_a_killed_server_ends)
{
	int ready[2], st = 0;
	pid_t pid, child = 0, got = 0;
	char c;

	/* The server's child comes to us when the server is gone. */
	ASSERT_EQ(0, prctl(PR_SET_CHILD_SUBREAPER, 1));
	ASSERT_EQ(0, pipe(ready));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		int fd;

		if (!lt_device("/dev/lt_forked", NULL, 1, 2))
			_exit(10);
		fd = open("/dev/lt_forked", O_RDWR);
		if (fd < 0 || read(fd, &c, 1) != 0)
			_exit(13);
		child = fork();
		if (child == 0) {
			pause();
			_exit(16);
		}
		if (write(ready[1], &child, sizeof(child)) != sizeof(child))
			_exit(14);
		pause();
		_exit(15);
	}
	close(ready[1]);
	ASSERT_EQ((ssize_t)sizeof(child), read(ready[0], &child, sizeof(child)));
	close(ready[0]);
	kill(pid, SIGKILL);
	got = reaped(pid, &st);
	EXPECT_EQ(pid, got) TH_LOG("the server did not end");
	kill(child, SIGKILL);
	got = reaped(child, &st);
	EXPECT_EQ(child, got) TH_LOG("the server's child did not end");
	EXPECT_NE(0, access("/dev/lt_forked", F_OK));
}

/* Is every thread of @pid stopped (a polling one too)? */
static bool all_stopped(pid_t pid)
{
	char path[64];
	struct dirent *e;
	bool all = true;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	d = opendir(path);
	if (!d)
		return false;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && proc_state(atoi(e->d_name)) != 'T')
			all = false;
	closedir(d);
	return all;
}

/*
 * Move this process's descriptor of /dev/resmgr (the channel its parent
 * opened) to @to, above every other: true when there was one.
 */
static int channel_fd(void)
{
	char path[64], link[64];
	ssize_t n;
	int fd;

	for (fd = 0; fd < 64; fd++) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		n = readlink(path, link, sizeof(link) - 1);
		if (n <= 0)
			continue;
		link[n] = 0;
		if (!strcmp(link, "/dev/resmgr"))
			return fd;
	}
	return -1;
}

static bool channel_fd_to(int to)
{
	int fd = channel_fd();

	if (fd < 0 || dup2(fd, to) != to)
		return false;
	close(fd);
	return true;
}

/*
 * As above, but the server dies while the child's exit waits for the
 * answer to its close (the server is stopped, so the close waits): the
 * wait must end with the server (it waited for ever: nothing ends a
 * wait in an exit but an answer). With @channel_high, the child moves
 * its inherited descriptor of the channel above its file's, so that
 * its exit closes the file while it still holds the channel.
 */
static void server_dies_during_childs_close(struct __test_metadata *_metadata,
					    const char *dev, bool channel_high)
{
	int ready[2], i, st = 0;
	pid_t pid, child = 0, got = 0;

	ASSERT_EQ(0, prctl(PR_SET_CHILD_SUBREAPER, 1));
	ASSERT_EQ(0, pipe(ready));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		if (!lt_device(dev, NULL, 1, 2))
			_exit(10);
		child = fork();
		if (child == 0) {
			/* Its own file: the server holds no descriptor of it. */
			int fd = open(dev, O_RDWR);
			pid_t me = getpid();
			char c;

			if (fd < 0 || read(fd, &c, 1) != 0)
				_exit(13);
			if (channel_high && !channel_fd_to(900))
				_exit(17);
			if (write(ready[1], &me, sizeof(me)) != sizeof(me))
				_exit(14);
			pause();
			_exit(16);
		}
		pause();
		_exit(15);
	}
	close(ready[1]);
	ASSERT_EQ((ssize_t)sizeof(child), read(ready[0], &child, sizeof(child)));
	close(ready[0]);
	/* The server stopped, the child's exit waits for its close's answer. */
	kill(pid, SIGSTOP);
	for (i = 0; i < 500 && !all_stopped(pid); i++)
		usleep(10000);
	EXPECT_TRUE(all_stopped(pid));
	kill(child, SIGKILL);
	usleep(300000);
	EXPECT_EQ('D', proc_state(child)) TH_LOG("the close did not wait");
	kill(pid, SIGKILL);
	got = reaped(pid, &st);
	EXPECT_EQ(pid, got) TH_LOG("the server did not end");
	got = reaped(child, &st);
	EXPECT_EQ(child, got) TH_LOG("the server's child did not end");
	EXPECT_NE(0, access(dev, F_OK));
}

TEST(child_of_a_server_ends_when_the_server_dies_during_its_close)
{
	server_dies_during_childs_close(_metadata, "/dev/lt_forked2", false);
}

/* The same with the child's channel descriptor above its file's. */
TEST(child_holding_the_channel_ends_when_the_server_dies_during_its_close)
{
	server_dies_during_childs_close(_metadata, "/dev/lt_forked3", true);
}

/*
 * The channel is its opener's, as a QNX channel is its process's: when
 * the server is killed its paths go at once, though a child it forked
 * still holds the channel's descriptor; the child can neither adopt the
 * channel that ended (RESMGR_CHAN_ADOPT) nor attach on it (EBADF), and
 * ends cleanly.
 */
TEST(a_servers_paths_go_with_it_though_its_child_holds_the_channel)
{
	int ready[2], go[2], st = 0, err = -1;
	pid_t pid, child = 0;
	char c;

	ASSERT_EQ(0, prctl(PR_SET_CHILD_SUBREAPER, 1));
	ASSERT_EQ(0, pipe(ready));
	ASSERT_EQ(0, pipe(go));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		dispatch_t *dpp = dispatch_create();

		if (!lt_device_on(dpp, "/dev/lt_forked4", NULL, 1, 2))
			_exit(10);
		child = fork();
		if (child == 0) {
			if (read(go[0], &c, 1) != 1)
				_exit(13);
			/* -1: the adoption did not fail with EBADF. */
			if (ioctl(channel_fd(), RESMGR_CHAN_ADOPT) != -1 || errno != EBADF)
				err = -1;
			else
				err = lt_attach_plain(dpp, "/dev/lt_forked4b");
			_exit(write(ready[1], &err, sizeof(err)) == sizeof(err) ? 0 : 14);
		}
		if (write(ready[1], &child, sizeof(child)) != sizeof(child))
			_exit(14);
		pause();
		_exit(15);
	}
	close(go[0]);
	ASSERT_EQ((ssize_t)sizeof(child), read(ready[0], &child, sizeof(child)));
	kill(pid, SIGKILL);
	EXPECT_EQ(pid, reaped(pid, &st)) TH_LOG("the server did not end");
	EXPECT_NE(0, access("/dev/lt_forked4", F_OK)) TH_LOG("the server's path stayed");
	EXPECT_EQ(1, write(go[1], "g", 1));
	EXPECT_EQ((ssize_t)sizeof(err), read(ready[0], &err, sizeof(err)));
	EXPECT_EQ(EBADF, err);
	EXPECT_EQ(child, reaped(child, &st)) TH_LOG("the server's child did not end");
	EXPECT_TRUE(WIFEXITED(st) && !WEXITSTATUS(st));
	EXPECT_NE(0, access("/dev/lt_forked4b", F_OK));
	close(go[1]);
	close(ready[0]);
	close(ready[1]);
}

/* Does /proc/resmgr's line for @path name @want as its server process? */
static bool listed_server(const char *path, pid_t want)
{
	char line[512], tag[32];
	bool found = false;
	FILE *f = fopen("/proc/resmgr", "r");

	if (!f)
		return false;
	snprintf(tag, sizeof(tag), "[%d]", want);
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, path) && strstr(line, tag);
	fclose(f);
	return found;
}

/*
 * procmgr_daemon() where a QNX server calls it, after its attach: the
 * command that started the server returns with the status given, and
 * the server goes on in the background, a new process that took the
 * channel over (the command's exit would end the channel otherwise):
 * its path answers and the listing names it; its end takes the path.
 */
TEST(procmgr_daemon_returns_and_the_server_goes_on)
{
	int ready[2], st = 0, fd;
	pid_t cmd, server = 0;
	char c;

	ASSERT_EQ(0, prctl(PR_SET_CHILD_SUBREAPER, 1));
	ASSERT_EQ(0, pipe(ready));
	cmd = fork();
	ASSERT_GE(cmd, 0);
	if (cmd == 0) {
		dispatch_t *dpp = dispatch_create();
		pid_t me;

		if (!dpp || lt_attach_plain(dpp, "/dev/lt_daemon"))
			_exit(10);
		me = procmgr_daemon(7, PROCMGR_DAEMON_NOCLOSE | PROCMGR_DAEMON_NODEVNULL);
		if (me != getpid() ||
		    write(ready[1], &me, sizeof(me)) != sizeof(me))
			_exit(11);
		dispatch_loop(dpp);
		_exit(12);
	}
	close(ready[1]);
	EXPECT_EQ(cmd, reaped(cmd, &st)) TH_LOG("the command did not return");
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 7) TH_LOG("status %#x", st);
	ASSERT_EQ((ssize_t)sizeof(server), read(ready[0], &server, sizeof(server)));
	close(ready[0]);
	EXPECT_NE(cmd, server);
	EXPECT_EQ(0, node_mode_becomes("/dev/lt_daemon", 0666));
	fd = open("/dev/lt_daemon", O_RDONLY);
	EXPECT_LE(0, fd) TH_LOG("open: %s", strerror(errno));
	if (fd >= 0) {
		EXPECT_EQ(0, read(fd, &c, 1));
		EXPECT_EQ(0, close(fd));
	}
	EXPECT_TRUE(listed_server("/dev/lt_daemon", server));
	kill(server, SIGKILL);
	EXPECT_EQ(server, reaped(server, &st)) TH_LOG("the server did not end");
	EXPECT_NE(0, access("/dev/lt_daemon", F_OK));
}

/*
 * RESMGR_CHAN_ADOPT needs no privilege, only the channel's descriptor,
 * and grants no attach right: a child that drops to nobody takes its
 * root parent's channel over (the listing names it, the path stays and
 * answers through it when the parent is killed, and goes with it), but
 * its own attach gets EPERM and changes nothing.
 */
TEST(an_unprivileged_child_adopts_the_channel_and_gains_no_attach_right)
{
	int ready[2], got[3] = { -1, -1, -1 }, st = 0, fd;
	pid_t pid, child;
	char c;

	ASSERT_EQ(0, prctl(PR_SET_CHILD_SUBREAPER, 1));
	ASSERT_EQ(0, pipe(ready));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		dispatch_t *dpp = dispatch_create();

		if (!lt_device_on(dpp, "/dev/lt_adopt", NULL, 1, 2))
			_exit(10);
		child = fork();
		if (child == 0) {
			/* got: the child's pid, the adoption's errno, the attach's. */
			got[0] = getpid();
			if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
				_exit(11);
			got[1] = ioctl(channel_fd(), RESMGR_CHAN_ADOPT) ? errno : 0;
			got[2] = lt_attach_plain(dpp, "/dev/lt_adopt2");
			if (write(ready[1], got, sizeof(got)) != sizeof(got))
				_exit(12);
			dispatch_loop(dpp);
			_exit(13);
		}
		pause();
		_exit(14);
	}
	ASSERT_EQ((ssize_t)sizeof(got), read(ready[0], got, sizeof(got)));
	child = got[0];
	EXPECT_EQ(0, got[1]) TH_LOG("adoption as nobody: %s", strerror(got[1]));
	EXPECT_EQ(EPERM, got[2]);
	EXPECT_NE(0, access("/dev/lt_adopt2", F_OK));
	EXPECT_TRUE(listed_server("/dev/lt_adopt", child));
	kill(pid, SIGKILL);
	EXPECT_EQ(pid, reaped(pid, &st)) TH_LOG("the old server did not end");
	fd = open("/dev/lt_adopt", O_RDONLY);
	EXPECT_LE(0, fd) TH_LOG("open after the old server's end: %s", strerror(errno));
	if (fd >= 0) {
		EXPECT_EQ(0, read(fd, &c, 1));
		EXPECT_EQ(0, close(fd));
	}
	kill(child, SIGKILL);
	EXPECT_EQ(child, reaped(child, &st)) TH_LOG("the adopting child did not end");
	EXPECT_NE(0, access("/dev/lt_adopt", F_OK));
	close(ready[0]);
	close(ready[1]);
}

/*
 * MsgSend() of I/O messages on a file, as QNX's libc sends them, against
 * the Linux calls on the same manager (rm_hello): a read reads and moves
 * the file's offset as read() does, an lseek moves it as lseek() does,
 * DCMD_ALL_GETFLAGS gives what devctl() gives, a write on a file open
 * for reading gets EBADF as write() does; the calls that keep the
 * kernel's own state (close, dup, locks, notify) and a message shorter
 * than its header get EINVAL.
 */
TEST(io_messages_by_msgsend)
{
	struct {
		struct _io_devctl_reply	o;
		int			flags;
	} dr;
	char got[8], want[8], big[512];
	io_devctl_t d;
	io_lseek_t l;
	struct {
		io_write_t	m;
		char		data;
	} w;
	io_stat_t s;
	io_close_t c;
	io_read_t r;
	int fd, twin, flags = -1;
	off64_t where = -1;

	if (access("/dev/rmhello", F_OK))
		SKIP(return, "rm_hello is not loaded");
	fd = open("/dev/rmhello", O_RDONLY);
	twin = open("/dev/rmhello", O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_LE(0, twin);
	ASSERT_EQ(8, read(twin, want, 8));

	memset(&r, 0, sizeof(r));
	r.i.type = _IO_READ;
	r.i.nbytes = 5;
	r.i.xtype = _IO_XTYPE_NONE;
	EXPECT_EQ(5, MsgSend(fd, &r.i, sizeof(r.i), got, sizeof(got)));
	EXPECT_EQ(0, memcmp(got, want, 5));
	EXPECT_EQ(3, read(fd, got, 3));
	EXPECT_EQ(0, memcmp(got, want + 5, 3));

	memset(&l, 0, sizeof(l));
	l.i.type = _IO_LSEEK;
	l.i.whence = SEEK_SET;
	l.i.offset = 1;
	EXPECT_EQ(0, MsgSend(fd, &l.i, sizeof(l.i), &where, sizeof(where)));
	EXPECT_EQ(1, where);
	EXPECT_EQ(2, read(fd, got, 2));
	EXPECT_EQ(0, memcmp(got, want + 1, 2));

	memset(&d, 0, sizeof(d));
	d.i.type = _IO_DEVCTL;
	d.i.dcmd = DCMD_ALL_GETFLAGS;
	d.i.nbytes = sizeof(int);
	memset(&dr, 0, sizeof(dr));
	EXPECT_EQ(0, MsgSend(fd, &d.i, sizeof(d.i), &dr, sizeof(dr)));
	EXPECT_EQ(EOK, devctl(fd, DCMD_ALL_GETFLAGS, &flags, sizeof(flags), NULL));
	EXPECT_EQ(flags, dr.flags);
	EXPECT_EQ(O_RDONLY, dr.flags & O_ACCMODE);

	/* Handlers answer in the message's buffer: msg->o is longer than msg->i. */
	memset(&s, 0, sizeof(s));
	s.i.type = _IO_STAT;
	EXPECT_EQ(0, MsgSend(fd, &s.i, sizeof(s.i), big, sizeof(big)));

	/* A write on a file open for reading: EBADF, as write() gets (the control). */
	memset(&w, 0, sizeof(w));
	w.m.i.type = _IO_WRITE;
	w.m.i.nbytes = 1;
	w.data = 'x';
	EXPECT_EQ(-1, write(fd, "x", 1));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(-1, MsgSend(fd, &w, sizeof(w), NULL, 0));
	EXPECT_EQ(EBADF, errno);

	memset(&c, 0, sizeof(c));
	c.i.type = _IO_CLOSE;
	EXPECT_EQ(-1, MsgSend(fd, &c.i, sizeof(c.i), NULL, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, MsgSend(fd, &r.i, sizeof(r.i) - 1, got, sizeof(got)));
	EXPECT_EQ(EINVAL, errno);
	/* The file still works: the refused messages changed nothing. */
	EXPECT_EQ(1, read(fd, got, 1));
	EXPECT_EQ(want[3], got[0]);
	close(twin);
	close(fd);
}

static int kept_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	static char k = 'k';

	_IO_SET_READ_NBYTES(ctp, 1);
	return _RESMGR_PTR(ctp, &k, 1);
}

static int closed_ocbs;

static int count_close_ocb(resmgr_context_t *ctp, void *reserved, RESMGR_OCB_T *ocb)
{
	__atomic_add_fetch(&closed_ocbs, 1, __ATOMIC_SEQ_CST);
	return iofunc_close_ocb_default(ctp, reserved, ocb);
}

#define DEV_PATH	"/dev/lt_dev"

/* A device served by a two-thread pool: reads give 'k', close_ocbs are counted. */
FIXTURE(dev) {
	resmgr_connect_funcs_t	cf;
	resmgr_io_funcs_t	io;
	iofunc_attr_t		node;
	thread_pool_t		*tpp;
	dispatch_t		*dpp;
	int			id;
};

FIXTURE_SETUP(dev)
{
	thread_pool_attr_t pa;
	int i;

	self->dpp = dispatch_create();
	ASSERT_NE(NULL, self->dpp);
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &self->cf, _RESMGR_IO_NFUNCS, &self->io);
	self->io.read = kept_read;
	self->io.close_ocb = count_close_ocb;
	iofunc_attr_init(&self->node, S_IFCHR | 0666, NULL, NULL);
	self->id = resmgr_attach(self->dpp, NULL, DEV_PATH, _FTYPE_ANY, 0, &self->cf,
				 &self->io, &self->node);
	ASSERT_LE(0, self->id);
	pool_attr_set(&pa, self->dpp, 1, 2, 2);
	self->tpp = thread_pool_create(&pa, 0);
	ASSERT_NE(NULL, self->tpp);
	ASSERT_EQ(0, thread_pool_start(self->tpp));
	ASSERT_EQ(0, node_mode_becomes(DEV_PATH, 0666));
	/* The node's own stat opened and closed a file: count from here. */
	for (i = 0; i < 500 && self->node.count; i++)
		usleep(10000);
	__atomic_store_n(&closed_ocbs, 0, __ATOMIC_SEQ_CST);
}

/* The server's end; a test may have ended it already. */
static void dev_stop(struct _test_data_dev *self)
{
	if (self->tpp)
		thread_pool_destroy(self->tpp);
	if (self->dpp)
		dispatch_destroy(self->dpp);
	self->tpp = NULL;
	self->dpp = NULL;
}

FIXTURE_TEARDOWN(dev)
{
	dev_stop(self);
}

/*
 * _RESMGR_DETACH_PATHNAME: the name goes, an open file keeps working
 * until the server's channel goes (then EBADF); the id is detached
 * (ENOENT for a second detach, as QNX's).
 */
TEST_F(dev, detach_pathname_keeps_files)
{
	int fd, i;
	char c = 0;

	fd = open(DEV_PATH, O_RDONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(1, read(fd, &c, 1));
	EXPECT_EQ('k', c);

	EXPECT_EQ(0, resmgr_detach(self->dpp, self->id, _RESMGR_DETACH_PATHNAME));
	for (i = 0; i < 500 && !access(DEV_PATH, F_OK); i++)
		usleep(10000);
	EXPECT_EQ(-1, open(DEV_PATH, O_RDONLY));
	EXPECT_EQ(ENOENT, errno);
	c = 0;
	EXPECT_EQ(1, read(fd, &c, 1));
	EXPECT_EQ('k', c);
	EXPECT_EQ(-1, resmgr_detach(self->dpp, self->id, 0));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, resmgr_pathname(self->id, 0, NULL, 0));

	/* The channel's end ends the file too, without its close_ocb. */
	dev_stop(self);
	EXPECT_EQ(-1, read(fd, &c, 1));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(0, close(fd));
	EXPECT_EQ(0, closed_ocbs);
}

/*
 * _RESMGR_DETACH_CLOSE: each open file ends with the server's close_ocb
 * (once: the file's own close later runs nothing more), and fails.
 */
TEST_F(dev, detach_close_ends_files)
{
	int fd, i;
	char c;

	fd = open(DEV_PATH, O_RDONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(1, read(fd, &c, 1));
	EXPECT_EQ(0, closed_ocbs);

	EXPECT_EQ(0, resmgr_detach(self->dpp, self->id, _RESMGR_DETACH_CLOSE));
	for (i = 0; i < 500 && !__atomic_load_n(&closed_ocbs, __ATOMIC_SEQ_CST); i++)
		usleep(10000);
	EXPECT_EQ(1, closed_ocbs);
	/* Counted as it begins: the OCB's count drops in the default a moment later. */
	for (i = 0; i < 500 && self->node.count; i++)
		usleep(10000);
	EXPECT_EQ(0, self->node.count);
	EXPECT_EQ(-1, read(fd, &c, 1));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(0, close(fd));
	usleep(100000);
	EXPECT_EQ(1, closed_ocbs);
}

/*
 * ---- A directory served by a user-space manager, as QNX's are ----
 *
 * A flat directory of names on the iofunc helpers (files, directories
 * without entries, symbolic links, hard links), attached at /lrt_fs. Its
 * connect handlers get what Linux's unlink(), rename(), mkdir(),
 * symlink(), link() and readlink() send through resmgrfs; the steps run
 * on tmpfs too, and the answers must be the same. "jump" answers any
 * open with a link to "/lrt_fs/g" (_IO_CONNECT_RET_LINK).
 */
#define UFS_PATH	"/lrt_fs"
#define UFS_MAX		32

struct ufs_name {
	char		name[64];
	iofunc_attr_t	*attr;
};

static pthread_mutex_t ufs_lock = PTHREAD_MUTEX_INITIALIZER;
static iofunc_attr_t ufs_root, ufs_attrs[UFS_MAX];
static char ufs_target[UFS_MAX][64];
static struct ufs_name ufs_names[UFS_MAX];
static int ufs_nattrs;
static resmgr_connect_funcs_t ufs_connect;
static resmgr_io_funcs_t ufs_io;

static struct ufs_name *ufs_find(const char *name)
{
	int i;

	for (i = 0; i < UFS_MAX; i++)
		if (ufs_names[i].attr && !strcmp(ufs_names[i].name, name))
			return &ufs_names[i];
	return NULL;
}

/* Give @attr the name @name; false when the name is too long or no slot is left. */
static bool ufs_add(const char *name, iofunc_attr_t *attr)
{
	int i;

	if (strlen(name) >= sizeof(ufs_names[0].name) || strchr(name, '/'))
		return false;
	for (i = 0; i < UFS_MAX; i++) {
		if (!ufs_names[i].attr) {
			snprintf(ufs_names[i].name, sizeof(ufs_names[i].name), "%s", name);
			ufs_names[i].attr = attr;
			return true;
		}
	}
	return false;
}

/* A new attr, numbered after the root (inode 1). */
static iofunc_attr_t *ufs_attr_new(void)
{
	iofunc_attr_t *a;

	if (ufs_nattrs == UFS_MAX)
		return NULL;
	a = &ufs_attrs[ufs_nattrs++];
	memset(a, 0, sizeof(*a));
	return a;
}

static int ufs_open(resmgr_context_t *ctp, io_open_t *msg, RESMGR_HANDLE_T *handle,
		    void *extra)
{
	struct _io_connect_link_reply *r = (void *)ctp->msg;
	const char *path = msg->connect.path;
	struct _client_info info;
	struct ufs_name *n;
	iofunc_attr_t *a;
	int st;

	if (!strcmp(path, "jump")) {
		/* Written over the message, as QNX's managers do. */
		memset(r, 0, sizeof(*r));
		r->path_len = snprintf((char *)(r + 1), 64, "%s", UFS_PATH "/g") + 1;
		_IO_SET_CONNECT_RET(ctp, _IO_CONNECT_RET_LINK);
		return _RESMGR_PTR(ctp, r, sizeof(*r) + r->path_len);
	}
	if (!path[0])
		return iofunc_open_default(ctp, msg, &ufs_root, extra);
	pthread_mutex_lock(&ufs_lock);
	n = ufs_find(path);
	if (n) {
		st = iofunc_open_default(ctp, msg, n->attr, extra);
		goto out;
	}
	iofunc_client_info(ctp, msg->connect.ioflag, &info);
	st = iofunc_open(ctp, msg, NULL, &ufs_root, &info);
	if (st != EOK)
		goto out;
	st = ENOSPC;
	a = ufs_attr_new();
	if (!a)
		goto out;
	iofunc_attr_init(a, S_IFREG | (msg->connect.mode & 07777), &ufs_root, &info);
	a->inode = a - ufs_attrs + 2;
	if (ufs_add(path, a))
		st = iofunc_ocb_attach(ctp, msg, NULL, a, NULL);
out:
	pthread_mutex_unlock(&ufs_lock);
	return st;
}

static int ufs_mknod(resmgr_context_t *ctp, io_mknod_t *msg, RESMGR_HANDLE_T *handle,
		     void *reserved)
{
	iofunc_attr_t *a;
	int st = EEXIST;

	pthread_mutex_lock(&ufs_lock);
	if (ufs_find(msg->connect.path))
		goto out;
	st = ENOSPC;
	a = ufs_attr_new();
	if (!a)
		goto out;
	st = iofunc_mknod(ctp, msg, a, &ufs_root, NULL);
	a->inode = a - ufs_attrs + 2;
	if (st == EOK && !ufs_add(msg->connect.path, a))
		st = ENOSPC;
out:
	pthread_mutex_unlock(&ufs_lock);
	return st;
}

static int ufs_unlink(resmgr_context_t *ctp, io_unlink_t *msg, RESMGR_HANDLE_T *handle,
		      void *reserved)
{
	struct ufs_name *n;
	int st = ENOENT;

	pthread_mutex_lock(&ufs_lock);
	n = ufs_find(msg->connect.path);
	if (n)
		st = iofunc_unlink(ctp, msg, n->attr, &ufs_root, NULL);
	if (st == EOK)
		n->attr = NULL;
	pthread_mutex_unlock(&ufs_lock);
	return st;
}

static int ufs_rename(resmgr_context_t *ctp, io_rename_t *msg, RESMGR_HANDLE_T *handle,
		      io_rename_extra_t *extra)
{
	struct ufs_name *from, *to;
	int st = ENOENT;

	pthread_mutex_lock(&ufs_lock);
	from = ufs_find(extra->path);
	to = ufs_find(msg->connect.path);
	if (from)
		st = iofunc_rename(ctp, msg, from->attr, &ufs_root, to ? to->attr : NULL,
				   &ufs_root, NULL);
	if (st == EOK && from != to) {
		if (to)
			to->attr = NULL;
		snprintf(from->name, sizeof(from->name), "%s", msg->connect.path);
	}
	pthread_mutex_unlock(&ufs_lock);
	return st;
}

static int ufs_readlink(resmgr_context_t *ctp, io_readlink_t *msg, RESMGR_HANDLE_T *handle,
			void *reserved)
{
	struct ufs_name *n;
	size_t len;
	int st = ENOENT;

	pthread_mutex_lock(&ufs_lock);
	n = ufs_find(msg->connect.path);
	if (n)
		st = iofunc_readlink(ctp, msg, n->attr, NULL);
	if (st == EOK) {
		len = strlen(ufs_target[n->attr - ufs_attrs]);
		/* Into the message: the table's entry may change once unlocked. */
		memcpy(ctp->msg, ufs_target[n->attr - ufs_attrs], len);
		_RESMGR_STATUS(ctp, len);
		st = _RESMGR_PTR(ctp, ctp->msg, len);
	}
	pthread_mutex_unlock(&ufs_lock);
	return st;
}

static int ufs_link(resmgr_context_t *ctp, io_link_t *msg, RESMGR_HANDLE_T *handle,
		    io_link_extra_t *extra)
{
	iofunc_attr_t *a = NULL;
	int st = EEXIST;

	pthread_mutex_lock(&ufs_lock);
	if (ufs_find(msg->connect.path))
		goto out;
	if (msg->connect.extra_type == _IO_CONNECT_EXTRA_LINK) {
		/* The existing file's OCB, from this process's own open. */
		a = ((iofunc_ocb_t *)extra->ocb)->attr;
		st = iofunc_link(ctp, msg, a, &ufs_root, NULL);
	} else {
		st = ENOSPC;
		a = ufs_attr_new();
		if (a && strlen(extra->path) < sizeof(ufs_target[0]))
			st = iofunc_link(ctp, msg, NULL, &ufs_root, NULL);
		if (st == EOK) {
			iofunc_attr_init(a, S_IFLNK | 0777, &ufs_root, NULL);
			a->inode = a - ufs_attrs + 2;
			a->nbytes = strlen(extra->path);
			snprintf(ufs_target[a - ufs_attrs], sizeof(ufs_target[0]), "%s",
				 extra->path);
		}
	}
	if (st == EOK && !ufs_add(msg->connect.path, a))
		st = ENOSPC;
out:
	pthread_mutex_unlock(&ufs_lock);
	return st;
}

/* What one step gave: its result and errno, and a number it saw. */
struct fs_step {
	int	ret;
	int	err;
	long	seen;
};

static void fs_record(struct fs_step *s, int ret, long seen)
{
	s->ret = ret < 0 ? -1 : ret;
	s->err = ret < 0 ? errno : 0;
	s->seen = seen;
}

/* @dir/@name in @buf (of PATH_MAX bytes). */
static const char *fs_at(char *buf, const char *dir, const char *name)
{
	snprintf(buf, PATH_MAX, "%s/%s", dir, name);
	return buf;
}

/* The same steps in @dir (tmpfs or the manager's); @target gets readlink()'s. */
static int fs_steps(const char *dir, struct fs_step *s, char *target, size_t len)
{
	char p[PATH_MAX], q[PATH_MAX];
	struct stat st;
	int n = 0, fd;

	fs_record(&s[n++], mkdir(fs_at(p, dir, "d"), 0755), 0);
	fs_record(&s[n++], mkdir(fs_at(p, dir, "d"), 0755), 0);
	fs_record(&s[n++], stat(fs_at(p, dir, "d"), &st), S_ISDIR(st.st_mode));
	fs_record(&s[n++], rmdir(fs_at(p, dir, "d")), 0);
	fs_record(&s[n++], rmdir(fs_at(p, dir, "d")), 0);
	fd = open(fs_at(p, dir, "f"), O_CREAT | O_WRONLY, 0640);
	fs_record(&s[n++], fd < 0 ? -1 : 0, 0);
	if (fd >= 0)
		close(fd);
	fs_record(&s[n++], rename(fs_at(p, dir, "f"), fs_at(q, dir, "g")), 0);
	fs_record(&s[n++], stat(fs_at(p, dir, "f"), &st), 0);
	fs_record(&s[n++], stat(fs_at(p, dir, "g"), &st), st.st_mode & 07777);
	fs_record(&s[n++], symlink("g", fs_at(p, dir, "s")), 0);
	fs_record(&s[n++], lstat(fs_at(p, dir, "s"), &st), S_ISLNK(st.st_mode));
	memset(target, 0, len);
	fs_record(&s[n++], readlink(fs_at(p, dir, "s"), target, len - 1), 0);
	fs_record(&s[n++], stat(fs_at(p, dir, "s"), &st), S_ISREG(st.st_mode));
	fs_record(&s[n++], link(fs_at(p, dir, "g"), fs_at(q, dir, "h")), 0);
	fs_record(&s[n++], stat(fs_at(p, dir, "h"), &st), st.st_nlink);
	fs_record(&s[n++], unlink(fs_at(p, dir, "h")), 0);
	fs_record(&s[n++], stat(fs_at(p, dir, "g"), &st), st.st_nlink);
	fs_record(&s[n++], unlink(fs_at(p, dir, "missing")), 0);
	fs_record(&s[n++], rename(fs_at(p, dir, "g"), fs_at(q, dir, "s")), 0);
	fs_record(&s[n++], lstat(fs_at(p, dir, "s"), &st), S_ISREG(st.st_mode));
	fs_record(&s[n++], rmdir(fs_at(p, dir, "s")), 0);
	fs_record(&s[n++], unlink(fs_at(p, dir, "s")), 0);
	fs_record(&s[n++], stat(fs_at(p, dir, "s"), &st), 0);
	return n;
}

/*
 * unlink(), rename(), mkdir(), rmdir(), symlink(), readlink() and link()
 * reach a user-space manager's connect handlers, with their extra data,
 * and answer as on tmpfs.
 */
TEST(connect_messages_as_on_tmpfs)
{
	struct fs_step want[32], got[32];
	char tmp[] = "/tmp/lrt_fsXXXXXX", wlink[64], glink[64];
	thread_pool_attr_t pa;
	struct stat st, jst;
	thread_pool_t *tpp;
	resmgr_attr_t ra;
	dispatch_t *dpp;
	int n, m, i;

	ensure_mounted();
	ASSERT_NE(NULL, mkdtemp(tmp));
	ASSERT_EQ(0, mount("none", tmp, "tmpfs", 0, NULL));
	dpp = dispatch_create();
	ASSERT_NE(NULL, dpp);
	memset(&ra, 0, sizeof(ra));
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &ufs_connect, _RESMGR_IO_NFUNCS, &ufs_io);
	ufs_connect.open = ufs_open;
	ufs_connect.mknod = ufs_mknod;
	ufs_connect.unlink = ufs_unlink;
	ufs_connect.rename = ufs_rename;
	ufs_connect.readlink = ufs_readlink;
	ufs_connect.link = ufs_link;
	iofunc_attr_init(&ufs_root, S_IFDIR | 0777, NULL, NULL);
	ufs_root.inode = 1;
	ASSERT_LE(0, resmgr_attach(dpp, &ra, UFS_PATH, _FTYPE_ANY, _RESMGR_FLAG_DIR,
				   &ufs_connect, &ufs_io, &ufs_root));
	pool_attr_set(&pa, dpp, 1, 2, 2);
	tpp = thread_pool_create(&pa, 0);
	ASSERT_NE(NULL, tpp);
	ASSERT_EQ(0, thread_pool_start(tpp));

	n = fs_steps(tmp, want, wlink, sizeof(wlink));
	m = fs_steps(MNT UFS_PATH, got, glink, sizeof(glink));
	ASSERT_EQ(n, m);
	for (i = 0; i < n; i++) {
		EXPECT_EQ(want[i].ret, got[i].ret) TH_LOG("step %d", i);
		EXPECT_EQ(want[i].err, got[i].err) TH_LOG("step %d: %s on tmpfs, %s here", i,
							  strerror(want[i].err),
							  strerror(got[i].err));
		EXPECT_EQ(want[i].seen, got[i].seen) TH_LOG("step %d", i);
	}
	EXPECT_STREQ(wlink, glink);

	/* A link the manager answers an open with is followed. */
	fs_record(&got[0], open(MNT UFS_PATH "/f", O_CREAT | O_WRONLY, 0600), 0);
	ASSERT_LE(0, got[0].ret);
	close(got[0].ret);
	ASSERT_EQ(0, rename(MNT UFS_PATH "/f", MNT UFS_PATH "/g"));
	ASSERT_EQ(0, stat(MNT UFS_PATH "/g", &st));
	EXPECT_EQ(0, stat(MNT UFS_PATH "/jump", &jst)) TH_LOG("%s", strerror(errno));
	EXPECT_EQ(st.st_ino, jst.st_ino);
	i = open(MNT UFS_PATH "/jump", O_RDONLY);
	EXPECT_LE(0, i) TH_LOG("%s", strerror(errno));
	if (i >= 0) {
		EXPECT_EQ(0, fstat(i, &jst));
		EXPECT_EQ(st.st_ino, jst.st_ino);
		close(i);
	}

	EXPECT_EQ(0, thread_pool_destroy(tpp));
	EXPECT_EQ(0, dispatch_destroy(dpp));
	umount(tmp);
	rmdir(tmp);
}

TEST_HARNESS_MAIN
