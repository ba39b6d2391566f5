// SPDX-License-Identifier: GPL-2.0
/*
 * The user channel (/dev/resmgr) as a user-space server and its Linux
 * clients see it: a server process attaches a /dev path, receives QNX
 * messages and replies; clients use plain open/read/write/close. Then
 * what it must withstand: no privilege, bad arguments, other channels'
 * receive ids, a server killed mid-call, a client signalled mid-call.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <resmgr/channel.h>
#include "kselftest_harness.h"
#include "chan_util.h"

#define NOBODY		65534
#define _IO_CONNECT	0x100
#define _IO_READ	0x101
#define _IO_WRITE	0x102
#define _IO_STAT	0x104
#define _IO_CLOSE	0x116

/* The start of every I/O message, and of _IO_READ and _IO_WRITE. */
struct io_rw_hdr {
	__u16	type;
	__u16	combine_len;
	__s32	nbytes;
	__u32	xtype;
	__u32	zero;
};

enum serve_mode {
	SERVE_ECHO,	/* reads: the text once per open, then end of file */
	SERVE_HANG,	/* reads are never answered */
	SERVE_UNBLOCK,	/* reads wait; an unblock pulse answers EINTR */
	SERVE_CAPS,	/* as ECHO, and reports the caller's capabilities */
};

static const char greeting[] = "hello from user space\n";

static int chan_attach(int ch, const char *path)
{
	struct resmgr_chan_attach a = { .path = (uintptr_t)path };

	if (ioctl(ch, RESMGR_CHAN_ATTACH, &a))
		return -errno;
	return a.id;
}

/* The byte sum of a write's data, read with MsgRead() past the header. */
static long write_sum(int ch, int rcvid, int nbytes)
{
	struct resmgr_chan_copy c = { .rcvid = rcvid };
	unsigned char buf[1000];
	long sum = 0;
	int done = 0;

	while (done < nbytes) {
		ssize_t n;
		int i;

		c.buf = (uintptr_t)buf;
		c.size = sizeof(buf);
		c.offset = sizeof(struct io_rw_hdr) + done;
		n = ioctl(ch, RESMGR_CHAN_MSGREAD, &c);
		if (n <= 0)
			return -1;
		for (i = 0; i < n; i++)
			sum += buf[i];
		done += n;
	}
	return sum;
}

/*
 * A server: attach @path and answer until killed. Each event goes to
 * @report as one line: "ready", "disconnect", "unblock", "sum N".
 */
static void serve(const char *path, int report, enum serve_mode mode)
{
	static char buf[256];
	int ch = open(RESMGR_CHAN_DEVICE, O_RDWR);
	int served[64] = { 0 }, mine[64] = { 0 };
	pid_t client = getppid();
	int held = 0;

	if (ch < 0 || chan_attach(ch, path) < 0)
		_exit(1);
	dprintf(report, "ready\n");
	for (;;) {
		struct resmgr_chan_receive m = { .msg = (uintptr_t)buf, .size = sizeof(buf) };
		struct io_rw_hdr *h = (void *)buf;
		int coid;

		if (ioctl(ch, RESMGR_CHAN_RECEIVE, &m))
			_exit(2);
		coid = m.info.coid & 63;
		if (m.rcvid == 0) {
			/* The test's own files; a /dev node's stat opens some too. */
			if (m.code == RESMGR_CHAN_PULSE_DISCONNECT && mine[m.value & 63]) {
				mine[m.value & 63] = 0;
				dprintf(report, "disconnect\n");
			} else if (m.code == RESMGR_CHAN_PULSE_UNBLOCK) {
				struct resmgr_chan_msginfo mi = { .rcvid = m.value };

				/* MsgInfo(): the caller wants to go. */
				if (ioctl(ch, RESMGR_CHAN_MSGINFO, &mi))
					mi.info.flags = 0xffff;
				dprintf(report, "unblock %x\n", mi.info.flags);
				if (m.value == held)
					chan_error(ch, held, EINTR);
			}
			continue;
		}
		if (mode == SERVE_CAPS && m.info.uid &&
		    (h->type == _IO_CONNECT || h->type == _IO_READ)) {
			struct resmgr_chan_caps c = { .rcvid = m.rcvid };

			ioctl(ch, RESMGR_CHAN_CAPS_OF, &c);
			dprintf(report, "%s caps=%llx flags=%x of=%llx\n",
				h->type == _IO_CONNECT ? "open" : "read",
				(unsigned long long)m.info.caps, m.info.flags,
				(unsigned long long)c.caps);
		}
		switch (h->type) {
		case _IO_CONNECT:
			served[coid] = 0;
			mine[coid] = m.info.pid == client;
			chan_reply(ch, m.rcvid, 0, NULL, 0);
			break;
		case _IO_READ:
			if (mode != SERVE_ECHO && mode != SERVE_CAPS) {
				held = m.rcvid;	/* answered never, or on unblock */
				break;
			}
			if (served[coid]) {
				chan_reply(ch, m.rcvid, 0, NULL, 0);
			} else {
				size_t n = sizeof(greeting) - 1;

				if ((size_t)h->nbytes < n)
					n = h->nbytes;
				served[coid] = 1;
				chan_reply(ch, m.rcvid, n, greeting, n);
			}
			break;
		case _IO_WRITE:
			dprintf(report, "sum %ld\n", write_sum(ch, m.rcvid, h->nbytes));
			chan_reply(ch, m.rcvid, h->nbytes, NULL, 0);
			break;
		case _IO_CLOSE:
			chan_reply(ch, m.rcvid, 0, NULL, 0);
			break;
		default:
			chan_error(ch, m.rcvid, ENOSYS);
			break;
		}
	}
}

/* A line from the server, or "" after @ms milliseconds. */
static pid_t start_server(struct __test_metadata *_metadata, const char *path,
			  enum serve_mode mode, int *report)
{
	char line[64];
	int p[2];
	pid_t pid;

	ASSERT_EQ(0, pipe(p));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		close(p[0]);
		serve(path, p[1], mode);
	}
	close(p[1]);
	*report = p[0];
	report_line(p[0], line, sizeof(line), 5000);
	EXPECT_STREQ("ready", line);
	return pid;
}

static void stop_server(pid_t pid, int report)
{
	int st;

	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	close(report);
}

/* Open @path, retrying while its /dev node is still being made. */
static int open_node(const char *path, int flags)
{
	int i, fd = -1;

	for (i = 0; i < 500 && fd < 0; i++) {
		fd = open(path, flags);
		if (fd < 0 && errno == ENOENT)
			usleep(10000);
		else
			break;
	}
	return fd;
}

/* A user-space server serves a /dev node: open, read to EOF, write, close. */
TEST(serves_a_device)
{
	char buf[64], line[64];
	int fd, report;
	pid_t srv;

	srv = start_server(_metadata, "/dev/chan_echo", SERVE_ECHO, &report);
	fd = open_node("/dev/chan_echo", O_RDWR);
	ASSERT_GE(fd, 0) TH_LOG("open: %s", strerror(errno));
	ASSERT_EQ((ssize_t)strlen(greeting), read(fd, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, greeting, strlen(greeting)));
	EXPECT_EQ(0, read(fd, buf, sizeof(buf)));
	/* A short read gets what fits: the server sees nbytes. */
	close(fd);
	fd = open_node("/dev/chan_echo", O_RDONLY);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(5, read(fd, buf, 5));
	EXPECT_EQ(0, memcmp(buf, greeting, 5));
	close(fd);
	report_line(report, line, sizeof(line), 5000);
	EXPECT_STREQ("disconnect", line);
	report_line(report, line, sizeof(line), 5000);
	EXPECT_STREQ("disconnect", line);

	/* Writes: the server reads the data with MsgRead(), small and large. */
	fd = open_node("/dev/chan_echo", O_WRONLY);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(3, write(fd, "abc", 3));
	report_line(report, line, sizeof(line), 5000);
	EXPECT_STREQ("sum 294", line);
	{
		static unsigned char big[20000];
		long sum = 0;
		char want[64];
		size_t i;

		for (i = 0; i < sizeof(big); i++) {
			big[i] = i * 7;
			sum += big[i];
		}
		EXPECT_EQ((ssize_t)sizeof(big), write(fd, big, sizeof(big)));
		report_line(report, line, sizeof(line), 5000);
		snprintf(want, sizeof(want), "sum %ld", sum);
		EXPECT_STREQ(want, line);
	}
	EXPECT_EQ(0, close(fd));
	stop_server(srv, report);
}

/* The server's death: its path goes, a new open finds nothing. */
TEST(server_exit_removes_path)
{
	int fd, report;
	pid_t srv;

	srv = start_server(_metadata, "/dev/chan_gone", SERVE_ECHO, &report);
	fd = open_node("/dev/chan_gone", O_RDONLY);
	ASSERT_GE(fd, 0);
	stop_server(srv, report);
	/* An open file of a dead server: EBADF, and close succeeds. */
	{
		char c;

		EXPECT_EQ(-1, read(fd, &c, 1));
		EXPECT_EQ(EBADF, errno);
	}
	EXPECT_EQ(0, close(fd));
	EXPECT_EQ(-1, open("/dev/chan_gone", O_RDONLY));
	EXPECT_EQ(ENOENT, errno);
}

/* A client blocked in a call whose server is killed: EBADF, no hang. */
TEST(server_killed_mid_call)
{
	int fd, report, st;
	pid_t srv, client;

	srv = start_server(_metadata, "/dev/chan_hang", SERVE_HANG, &report);
	fd = open_node("/dev/chan_hang", O_RDONLY);
	ASSERT_GE(fd, 0);
	client = fork();
	ASSERT_GE(client, 0);
	if (client == 0) {
		char c;
		ssize_t n = read(fd, &c, 1);

		_exit(n == -1 && errno == EBADF ? 0 : 10);
	}
	usleep(200000);
	/* Still blocked: the server holds the read. */
	EXPECT_EQ(0, waitpid(client, &st, WNOHANG));
	stop_server(srv, report);
	alarm(10);
	ASSERT_EQ(client, waitpid(client, &st, 0));
	alarm(0);
	EXPECT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
	close(fd);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A signalled client: the server gets an unblock pulse and lets it go. */
TEST(client_signal_sends_unblock)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	char c, line[64];
	int fd, report;
	pid_t srv;

	srv = start_server(_metadata, "/dev/chan_unblock", SERVE_UNBLOCK, &report);
	fd = open_node("/dev/chan_unblock", O_RDONLY);
	ASSERT_GE(fd, 0);
	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	EXPECT_EQ(-1, read(fd, &c, 1));
	EXPECT_EQ(EINTR, errno);
	report_line(report, line, sizeof(line), 5000);
	EXPECT_STREQ("unblock 2", line);	/* RESMGR_CHAN_INFO_UNBLOCK_REQ */
	close(fd);
	stop_server(srv, report);
}

/*
 * The caller's capabilities are not worked out with a message (info.caps
 * empty, RESMGR_CHAN_INFO_NOCAPS) until the server asks
 * (RESMGR_CHAN_CAPS_OF): an open's as a read's. A caller with
 * CAP_DAC_OVERRIDE alone.
 */
TEST(caps_on_demand)
{
	char line[128], c;
	int report, st;
	pid_t srv, client;

	srv = start_server(_metadata, "/dev/chan_caps", SERVE_CAPS, &report);
	client = fork();
	ASSERT_GE(client, 0);
	if (client == 0) {
		int fd = open_node("/dev/chan_caps", O_RDONLY);

		/* uid 1 keeping only CAP_DAC_OVERRIDE (1) in its effective set. */
		if (fd < 0 || prctl(PR_SET_KEEPCAPS, 1) || setuid(1))
			_exit(10);
		{
			struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
			struct __user_cap_data_struct d[2] = { { 2, 2, 0 } };

			if (syscall(SYS_capset, &h, d))
				_exit(11);
		}
		close(fd);
		fd = open("/dev/chan_caps", O_RDONLY);
		if (fd < 0 || read(fd, &c, 1) != 1)
			_exit(12);
		_exit(0);
	}
	waitpid(client, &st, 0);
	EXPECT_EQ(0, WEXITSTATUS(st));
	report_line(report, line, sizeof(line), 5000);
	EXPECT_STREQ("open caps=0 flags=1 of=2", line);
	report_line(report, line, sizeof(line), 5000);
	EXPECT_STREQ("read caps=0 flags=1 of=2", line);
	stop_server(srv, report);
}

static int attach_as_nobody(void)
{
	int ch = open(RESMGR_CHAN_DEVICE, O_RDWR);

	if (ch < 0)
		return 10;
	if (chan_attach(ch, "/dev/chan_nobody") != -EPERM)
		return 11;
	close(ch);
	return 0;
}

/* Attaching needs CAP_SYS_ADMIN; without it nothing changes. */
TEST(attach_needs_privilege)
{
	pid_t pid = fork();
	int st;

	ASSERT_GE(pid, 0);
	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
			_exit(100);
		_exit(attach_as_nobody());
	}
	waitpid(pid, &st, 0);
	EXPECT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
	EXPECT_EQ(-1, access("/dev/chan_nobody", F_OK));
	EXPECT_EQ(-1, open("/dev/chan_nobody", O_RDONLY));
	EXPECT_EQ(ENOENT, errno);
}

/* Bad arguments: a clear errno each, and the channel still works. */
TEST(bad_arguments)
{
	struct resmgr_chan_receive m = { .msg = 16, .size = 64 };
	struct resmgr_chan_attach a = { .path = 8 };
	struct resmgr_chan_detach d = { .id = 12345 };
	struct resmgr_chan_reply r = { .rcvid = 12345 };
	struct resmgr_chan_copy c = { .rcvid = 12345 };
	char buf[16];
	int ch = open(RESMGR_CHAN_DEVICE, O_RDWR);

	ASSERT_GE(ch, 0);
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_ATTACH, &a));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_ATTACH, NULL));
	EXPECT_EQ(EFAULT, errno);
	a.path = (uintptr_t)"/dev/chan_bad";
	a.flags = 0x80000000u;
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_ATTACH, &a));
	EXPECT_EQ(EINVAL, errno);
	a.flags = 0;
	a.path = (uintptr_t)"relative";
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_ATTACH, &a));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_DETACH, &d));
	EXPECT_EQ(ENOENT, errno);
	d.flags = 1;	/* _RESMGR_DETACH_PATHNAME, of an id that is not ours */
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_DETACH, &d));
	EXPECT_EQ(ENOENT, errno);
	d.flags = 0x8001;	/* _RESMGR_DETACH_CLOSE with PATHNAME: no file ends */
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_DETACH, &d));
	EXPECT_EQ(EINVAL, errno);
	d.flags = 2;
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_DETACH, &d));
	EXPECT_EQ(EINVAL, errno);
	/* Receive ids that are not this channel's: ESRCH. */
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_REPLY, &r));
	EXPECT_EQ(ESRCH, errno);
	r.error = EIO;
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_REPLY, &r));
	EXPECT_EQ(ESRCH, errno);
	r.error = 0;
	r.status = -5;
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_REPLY, &r));
	EXPECT_EQ(EINVAL, errno);
	r.status = 0;
	r.parts = 1000;
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_REPLY, &r));
	EXPECT_EQ(E2BIG, errno);
	r.parts = 1;
	r.iov = 8;
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_REPLY, &r));
	EXPECT_EQ(EFAULT, errno);
	c.buf = (uintptr_t)buf;
	c.size = sizeof(buf);
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_MSGREAD, &c));
	EXPECT_EQ(ESRCH, errno);
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_MSGWRITE, &c));
	EXPECT_EQ(ESRCH, errno);
	{
		struct resmgr_chan_msginfo mi = { .rcvid = 12345 };

		EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_MSGINFO, &mi));
		EXPECT_EQ(ESRCH, errno);
		mi.reserved = 1;
		EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_MSGINFO, &mi));
		EXPECT_EQ(EINVAL, errno);
	}
	/* A receive buffer that is not there fails before taking anything. */
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_RECEIVE, &m));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(ch, _IO('Q', 0x7f)));
	EXPECT_EQ(ENOTTY, errno);
	close(ch);
}

/* A server's pulses to itself: codes 0 to 127, a bounded number waiting. */
TEST(pulses_to_itself)
{
	struct resmgr_chan_pulse p = { .code = 5, .value = 42 };
	struct resmgr_chan_receive m = { 0 };
	char buf[64];
	int ch = open(RESMGR_CHAN_DEVICE, O_RDWR), i, sent = 0;

	ASSERT_GE(ch, 0);
	ASSERT_EQ(0, ioctl(ch, RESMGR_CHAN_PULSE, &p));
	m.msg = (uintptr_t)buf;
	m.size = sizeof(buf);
	ASSERT_EQ(0, ioctl(ch, RESMGR_CHAN_RECEIVE, &m));
	EXPECT_EQ(0, m.rcvid);
	EXPECT_EQ(5, m.code);
	EXPECT_EQ(42, m.value);
	p.code = -33;	/* the kernel's (disconnect) */
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_PULSE, &p));
	EXPECT_EQ(EINVAL, errno);
	p.code = 128;
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_PULSE, &p));
	EXPECT_EQ(EINVAL, errno);
	p.code = 1;
	for (i = 0; i < RESMGR_CHAN_PULSES_MAX + 10; i++)
		if (!ioctl(ch, RESMGR_CHAN_PULSE, &p))
			sent++;
	EXPECT_EQ(RESMGR_CHAN_PULSES_MAX, sent);
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_PULSE, &p));
	EXPECT_EQ(EAGAIN, errno);
	/* Taking one makes room for one; the rest go with the channel. */
	ASSERT_EQ(0, ioctl(ch, RESMGR_CHAN_RECEIVE, &m));
	EXPECT_EQ(0, ioctl(ch, RESMGR_CHAN_PULSE, &p));
	close(ch);
}

/* One channel cannot answer another's callers. */
TEST(foreign_rcvid)
{
	struct resmgr_chan_receive m;
	char buf[256];
	int ch, other, fd, id;
	pid_t client;

	ch = open(RESMGR_CHAN_DEVICE, O_RDWR);
	other = open(RESMGR_CHAN_DEVICE, O_RDWR);
	ASSERT_GE(ch, 0);
	ASSERT_GE(other, 0);
	id = chan_attach(ch, "/dev/chan_foreign");
	ASSERT_GE(id, 0);
	client = fork();
	ASSERT_GE(client, 0);
	if (client == 0) {
		close(ch);
		close(other);
		fd = open_node("/dev/chan_foreign", O_RDONLY);
		_exit(fd >= 0 ? 0 : 10);
	}
	/* Messages until the client's open (a node's stat may come first). */
	for (;;) {
		memset(&m, 0, sizeof(m));
		m.msg = (uintptr_t)buf;
		m.size = sizeof(buf);
		ASSERT_EQ(0, ioctl(ch, RESMGR_CHAN_RECEIVE, &m));
		if (m.rcvid > 0 && ((struct io_rw_hdr *)buf)->type == _IO_CONNECT &&
		    m.info.pid == client)
			break;
		if (m.rcvid > 0)
			chan_error(ch, m.rcvid, ENOSYS);
	}
	EXPECT_EQ(-1, chan_reply(other, m.rcvid, 0, NULL, 0));
	EXPECT_EQ(ESRCH, errno);
	EXPECT_EQ(-1, chan_error(other, m.rcvid, EPERM));
	EXPECT_EQ(ESRCH, errno);
	EXPECT_EQ(0, chan_reply(ch, m.rcvid, 0, NULL, 0));
	/* Answered: the id is spent. */
	EXPECT_EQ(-1, chan_reply(ch, m.rcvid, 0, NULL, 0));
	EXPECT_EQ(ESRCH, errno);
	/* The client's exit closes its file; the channel's end answers it. */
	close(other);
	close(ch);
	{
		int st;

		waitpid(client, &st, 0);
		EXPECT_TRUE(WIFEXITED(st));
		EXPECT_EQ(0, WEXITSTATUS(st));
	}
}

/* ---- the ring: messages through shared slots (RESMGR_CHAN_RING) ---- */

static struct resmgr_chan_ring_slot *ring_slot(struct resmgr_chan_ring_hdr *h, unsigned int i)
{
	return (void *)((char *)h + RESMGR_CHAN_RING_SLOTS + (size_t)i * h->slot_size);
}

/* A ready slot's message into @buf (at most @size bytes); its rcvid, or 0. */
static int ring_take(struct resmgr_chan_ring_hdr *h, void *buf, size_t size,
		     struct resmgr_chan_info *info)
{
	unsigned int i;

	for (i = 0; i < h->nslots; i++) {
		struct resmgr_chan_ring_slot *s = ring_slot(h, i);
		unsigned int want = RESMGR_CHAN_RING_READY;
		int rcvid;

		if (!__atomic_compare_exchange_n(&s->state, &want, RESMGR_CHAN_RING_TAKEN, false,
						 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			continue;
		rcvid = s->rcvid;
		*info = s->info;
		memcpy(buf, s->msg, (size_t)info->msglen < size ? (size_t)info->msglen : size);
		__atomic_store_n(&s->state, RESMGR_CHAN_RING_FREE, __ATOMIC_RELEASE);
		return rcvid;
	}
	return 0;
}

/* Answer one message as a greeting device: opens, reads (once a file), closes. */
static void ring_answer(int ch, int rcvid, const void *msg)
{
	const struct io_rw_hdr *h = msg;

	switch (h->type) {
	case _IO_CONNECT:
	case _IO_CLOSE:
		chan_reply(ch, rcvid, 0, NULL, 0);
		break;
	case _IO_READ:
		chan_reply(ch, rcvid, sizeof(greeting) - 1, greeting, sizeof(greeting) - 1);
		break;
	default:
		chan_error(ch, rcvid, ENOSYS);
		break;
	}
}

/* Clients that open and read @path; each exits 0 when it read the greeting. */
static pid_t ring_client(int ch, const char *path)
{
	char buf[64];
	pid_t pid = fork();
	int fd;

	if (pid)
		return pid;
	close(ch);
	fd = open_node(path, O_RDONLY);
	if (fd < 0)
		_exit(10);
	if (read(fd, buf, sizeof(buf)) != sizeof(greeting) - 1 ||
	    memcmp(buf, greeting, sizeof(greeting) - 1))
		_exit(11);
	_exit(0);
}

/* Serve @ch until @n clients exited; count messages from slots and by receive. */
static int ring_serve(int ch, struct resmgr_chan_ring_hdr *h, pid_t *clients, int n,
		      int *by_slot, int *by_receive)
{
	int left = n, bad = 0, i, st;
	char buf[512];

	while (left) {
		struct resmgr_chan_receive m = { .msg = (uintptr_t)buf, .size = sizeof(buf) };
		struct resmgr_chan_info info;
		int rcvid = ring_take(h, buf, sizeof(buf), &info);

		if (rcvid > 0) {
			(*by_slot)++;
			ring_answer(ch, rcvid, buf);
		} else if (!ioctl(ch, RESMGR_CHAN_TRY_RECEIVE, &m)) {
			if (m.rcvid > 0) {
				(*by_receive)++;
				ring_answer(ch, m.rcvid, buf);
			}
		} else if (errno == EAGAIN) {
			usleep(1000);
		} else {
			return -1;
		}
		for (i = 0; i < n; i++) {
			if (clients[i] > 0 && waitpid(clients[i], &st, WNOHANG) == clients[i]) {
				clients[i] = 0;
				left--;
				if (!WIFEXITED(st) || WEXITSTATUS(st))
					bad++;
			}
		}
	}
	return bad;
}

/*
 * The ring: its arguments, its mapping, messages through its slots and,
 * when every slot is taken, by receive; a server scribbling on it fails no
 * one but its own callers.
 */
TEST(ring)
{
	struct resmgr_chan_ring r = { .nslots = 1, .slot_size = 1024 };
	struct resmgr_chan_receive m = {};
	int ch, late, i, by_slot = 0, by_receive = 0;
	struct resmgr_chan_ring_hdr *h;
	pid_t clients[3];
	size_t size;

	ch = open(RESMGR_CHAN_DEVICE, O_RDWR);
	ASSERT_GE(ch, 0);
	EXPECT_EQ(MAP_FAILED, mmap(NULL, 4096, PROT_READ, MAP_SHARED, ch, 0));
	EXPECT_EQ(ENODEV, errno);
	{
		struct resmgr_chan_ring bad[] = {
			{ .nslots = 0, .slot_size = 1024 },
			{ .nslots = RESMGR_CHAN_RING_SLOTS_MAX + 1, .slot_size = 1024 },
			{ .nslots = 1, .slot_size = RESMGR_CHAN_RING_SLOT_MIN - 64 },
			{ .nslots = 1, .slot_size = 1024 + 8 },
			{ .nslots = 1, .slot_size = RESMGR_CHAN_RING_SLOT_MAX + 64 },
			{ .nslots = 1, .slot_size = 1024, .reserved = 1 },
			{ .nslots = 32, .slot_size = RESMGR_CHAN_RING_SLOT_MAX },
		};

		for (i = 0; i < (int)ARRAY_SIZE(bad); i++) {
			EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_RING, &bad[i]));
			EXPECT_EQ(EINVAL, errno);
		}
		EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_RING, (void *)8));
		EXPECT_EQ(EFAULT, errno);
	}
	ASSERT_EQ(0, ioctl(ch, RESMGR_CHAN_RING, &r));
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_RING, &r));
	EXPECT_EQ(EBUSY, errno);
	size = (RESMGR_CHAN_RING_SLOTS + r.slot_size + 4095) & ~4095ul;
	EXPECT_EQ(MAP_FAILED, mmap(NULL, size + 4096, PROT_READ, MAP_SHARED, ch, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(MAP_FAILED, mmap(NULL, size, PROT_READ, MAP_SHARED, ch, 4096));
	EXPECT_EQ(EINVAL, errno);
	h = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, ch, 0);
	ASSERT_NE(MAP_FAILED, h);
	EXPECT_EQ(1, h->nslots);
	EXPECT_EQ(1024, h->slot_size);
	/* Nothing waits for a receive yet. */
	m.msg = (uintptr_t)&m.info;
	m.size = sizeof(m.info);
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_TRY_RECEIVE, &m));
	EXPECT_EQ(EAGAIN, errno);

	/* Only a server of paths takes one. */
	{
		pid_t pid = fork();
		int st;

		ASSERT_GE(pid, 0);
		if (pid == 0) {
			struct resmgr_chan_ring one = { .nslots = 1, .slot_size = 1024 };
			int other = open(RESMGR_CHAN_DEVICE, O_RDWR);

			if (other < 0 || setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
				_exit(10);
			if (ioctl(other, RESMGR_CHAN_RING, &one) == -1 && errno == EPERM)
				_exit(0);
			_exit(11);
		}
		waitpid(pid, &st, 0);
		EXPECT_TRUE(WIFEXITED(st));
		EXPECT_EQ(0, WEXITSTATUS(st));
	}
	/* A channel with a link takes no ring. */
	late = open(RESMGR_CHAN_DEVICE, O_RDWR);
	ASSERT_GE(late, 0);
	ASSERT_LE(0, chan_attach(late, "/dev/chan_ring_late"));
	EXPECT_EQ(-1, ioctl(late, RESMGR_CHAN_RING, &r));
	EXPECT_EQ(EBUSY, errno);
	close(late);

	ASSERT_LE(0, chan_attach(ch, "/dev/chan_ring"));
	/*
	 * Three clients and one slot: once a message found the slot taken
	 * (work changes), the rest come by receive.
	 */
	for (i = 0; i < 3; i++)
		clients[i] = ring_client(ch, "/dev/chan_ring");
	for (i = 0; i < 500 && !__atomic_load_n(&h->work, __ATOMIC_ACQUIRE); i++)
		usleep(10000);
	EXPECT_NE(0, h->work);
	EXPECT_EQ(0, ring_serve(ch, h, clients, 3, &by_slot, &by_receive));
	EXPECT_LT(0, by_slot);
	EXPECT_LT(0, by_receive);

	/*
	 * A slot the server keeps taken, and one it fakes ready: the next
	 * caller's message comes by receive; a made-up receive id answers
	 * no one.
	 */
	ring_slot(h, 0)->state = RESMGR_CHAN_RING_TAKEN;
	ring_slot(h, 0)->rcvid = 12345;
	clients[0] = ring_client(ch, "/dev/chan_ring");
	by_slot = 0;
	by_receive = 0;
	EXPECT_EQ(0, ring_serve(ch, h, clients, 1, &by_slot, &by_receive));
	EXPECT_EQ(0, by_slot);
	EXPECT_LT(0, by_receive);
	ring_slot(h, 0)->state = RESMGR_CHAN_RING_READY;
	ring_slot(h, 0)->info.msglen = 100000;
	EXPECT_EQ(-1, chan_reply(ch, 12345, 0, NULL, 0));
	EXPECT_EQ(ESRCH, errno);
	/* Every byte of the slots and the server's counts garbage. */
	memset((char *)h + RESMGR_CHAN_RING_SLOTS, 0xff, size - RESMGR_CHAN_RING_SLOTS);
	h->sleepers = 0xffffffff;
	h->spinning = 0xffffffff;
	clients[0] = ring_client(ch, "/dev/chan_ring");
	by_slot = 0;
	by_receive = 0;
	EXPECT_EQ(0, ring_serve(ch, h, clients, 1, &by_slot, &by_receive));
	EXPECT_LT(0, by_receive);
	/* The mapping outlives the file; the channel ends with the last of both. */
	close(ch);
	EXPECT_EQ(1, h->nslots);
	munmap(h, size);
}

/* Slots READY now. */
static int ring_ready(struct resmgr_chan_ring_hdr *h)
{
	unsigned int i;
	int n = 0;

	for (i = 0; i < h->nslots; i++)
		n += __atomic_load_n(&ring_slot(h, i)->state, __ATOMIC_ACQUIRE) ==
		     RESMGR_CHAN_RING_READY;
	return n;
}

/* RING pulses waiting for a receive, taken; -1 if anything else waited. */
static int ring_pulses(int ch)
{
	char buf[512];
	int n = 0;

	for (;;) {
		struct resmgr_chan_receive m = { .msg = (uintptr_t)buf, .size = sizeof(buf) };

		if (ioctl(ch, RESMGR_CHAN_TRY_RECEIVE, &m))
			return errno == EAGAIN ? n : -1;
		if (m.rcvid || m.code != RESMGR_CHAN_PULSE_RING)
			return -1;
		n++;
	}
}

/*
 * Messages that come together wake as many sleeping server threads (one
 * RING pulse each, no more than sleep), as messages to a receive do; a
 * poller that stops with messages left in slots has them wake sleepers
 * with RESMGR_CHAN_RING_WAKE.
 */
TEST(ring_wakes)
{
	struct resmgr_chan_ring r = { .nslots = 8, .slot_size = 1024 };
	int ch, i, ready = 0, by_slot = 0, by_receive = 0;
	struct resmgr_chan_ring_hdr *h;
	bool stat_seen = false;
	pid_t clients[3];
	char buf[512];
	size_t size;

	ch = open(RESMGR_CHAN_DEVICE, O_RDWR);
	ASSERT_GE(ch, 0);
	/* No ring, nothing to wake. */
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_RING_WAKE));
	EXPECT_EQ(ENODEV, errno);
	ASSERT_EQ(0, ioctl(ch, RESMGR_CHAN_RING, &r));
	size = (RESMGR_CHAN_RING_SLOTS + 8 * r.slot_size + 4095) & ~4095ul;
	h = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, ch, 0);
	ASSERT_NE(MAP_FAILED, h);
	ASSERT_LE(0, chan_attach(ch, "/dev/chan_ring_wakes"));
	/*
	 * The /dev node's own open and stat first (its stat is the last
	 * message), and a while after: nobody sleeps yet, so no RING pulse.
	 */
	for (i = 0; i < 5000 && !stat_seen; i++) {
		struct resmgr_chan_info info;
		int rcvid = ring_take(h, buf, sizeof(buf), &info);

		if (rcvid > 0) {
			stat_seen = ((struct io_rw_hdr *)buf)->type == _IO_STAT;
			ring_answer(ch, rcvid, buf);
		}
		usleep(1000);
	}
	ASSERT_TRUE(stat_seen);
	usleep(200000);
	EXPECT_EQ(0, ring_ready(h));
	/* What else it sent comes by receive (the file's end is a pulse). */
	for (;;) {
		struct resmgr_chan_receive m = { .msg = (uintptr_t)buf, .size = sizeof(buf) };

		if (ioctl(ch, RESMGR_CHAN_TRY_RECEIVE, &m))
			break;
		EXPECT_NE(RESMGR_CHAN_PULSE_RING, m.code);
		if (m.rcvid > 0)
			ring_answer(ch, m.rcvid, buf);
	}
	EXPECT_EQ(EAGAIN, errno);

	/* Two threads sleep (as the server says); three opens come. */
	h->sleepers = 2;
	for (i = 0; i < 3; i++)
		clients[i] = ring_client(ch, "/dev/chan_ring_wakes");
	for (i = 0; i < 500 && (ready = ring_ready(h)) < 3; i++)
		usleep(10000);
	ASSERT_EQ(3, ready);
	EXPECT_EQ(2, ring_pulses(ch));
	/* Taken, they may be asked for again: one a ready slot, as many as sleep. */
	EXPECT_EQ(0, ioctl(ch, RESMGR_CHAN_RING_WAKE));
	EXPECT_EQ(2, ring_pulses(ch));
	h->sleepers = 5;
	EXPECT_EQ(0, ioctl(ch, RESMGR_CHAN_RING_WAKE));
	EXPECT_EQ(3, ring_pulses(ch));
	/* Not while a thread polls, nor when none sleeps. */
	h->spinning = 1;
	EXPECT_EQ(0, ioctl(ch, RESMGR_CHAN_RING_WAKE));
	EXPECT_EQ(0, ring_pulses(ch));
	h->spinning = 0;
	h->sleepers = 0;
	EXPECT_EQ(0, ioctl(ch, RESMGR_CHAN_RING_WAKE));
	EXPECT_EQ(0, ring_pulses(ch));
	EXPECT_EQ(3, ring_ready(h));

	EXPECT_EQ(0, ring_serve(ch, h, clients, 3, &by_slot, &by_receive));
	EXPECT_LE(9, by_slot);
	close(ch);
	munmap(h, size);
}

/* ---- a protocol fuzzer: a server that answers badly, clients that behave badly ---- */

static unsigned int fuzz_seed;
static unsigned long *fuzz_received;	/* shared (atomics): messages the server took */

static unsigned int rnd(void)
{
	fuzz_seed = fuzz_seed * 1103515245 + 12345;
	return fuzz_seed >> 8;
}

/* Any of the calls a server makes, with arguments chosen to be wrong. */
static void fuzz_server_call(int ch, int rcvid, char *buf, size_t size)
{
	struct resmgr_chan_iov iov[3] = {
		{ (uintptr_t)buf, rnd() % (size + 64) },
		{ rnd() % 2 ? (uintptr_t)buf : rnd(), rnd() % 100000 },
		{ (uintptr_t)buf, rnd() % 4 ? 7 : ~0ull },
	};
	struct resmgr_chan_reply r = {
		.rcvid = rnd() % 4 ? rcvid : (int)rnd(),
		.error = rnd() % 3 ? 0 : (int)(rnd() % 200) - 50,
		.status = rnd() % 5 ? (long)(rnd() % 5000) : -(long)(rnd() % 10),
		.iov = rnd() % 8 ? (uintptr_t)iov : rnd(),
		.parts = rnd() % 6 ? rnd() % 4 : rnd() % 200,
		.reserved = rnd() % 10 ? 0 : 1,
	};
	struct resmgr_chan_copy c = {
		.rcvid = rnd() % 4 ? rcvid : (int)rnd(),
		.buf = rnd() % 8 ? (uintptr_t)buf : rnd(),
		.size = rnd() % 8 ? rnd() % size : rnd(),
		.offset = rnd() % 4 ? rnd() % 300 : rnd(),
	};
	struct resmgr_chan_groups g = {
		.rcvid = rcvid, .size = rnd() % 70, .groups = rnd() % 4 ? (uintptr_t)buf : rnd(),
	};

	switch (rnd() % 5) {
	case 0:
	case 1:
		ioctl(ch, RESMGR_CHAN_REPLY, &r);
		break;
	case 2:
		ioctl(ch, RESMGR_CHAN_MSGREAD, &c);
		break;
	case 3:
		ioctl(ch, RESMGR_CHAN_MSGWRITE, &c);
		break;
	case 4:
		ioctl(ch, RESMGR_CHAN_GROUPS, &g);
		break;
	}
}

/* Receive and answer wrongly, rightly, twice or never, until killed. */
static void fuzz_server(const char *path, int report)
{
	static char buf[512];
	int ch = open(RESMGR_CHAN_DEVICE, O_RDWR), held[16] = { 0 }, i;

	if (ch < 0 || chan_attach(ch, path) < 0)
		_exit(1);
	dprintf(report, "ready\n");
	for (;;) {
		struct resmgr_chan_receive m = {
			.msg = (uintptr_t)buf, .size = rnd() % 8 ? sizeof(buf) : rnd() % 16,
		};

		/* A quiet channel: answer what is held, so that callers go on. */
		ualarm(50000, 0);
		if (ioctl(ch, RESMGR_CHAN_RECEIVE, &m)) {
			for (i = 0; i < 16; i++)
				if (held[i] && rnd() % 2)
					chan_error(ch, held[i], EIO);
			continue;
		}
		ualarm(0, 0);
		/* Most signalled callers are let go; some are kept waiting. */
		if (m.rcvid == 0 && m.code == RESMGR_CHAN_PULSE_UNBLOCK && rnd() % 5)
			chan_error(ch, m.value, EINTR);
		if (m.rcvid <= 0)
			continue;
		/* Root's messages (the /dev node's stat) get sane answers: 0666. */
		if (m.info.uid == 0) {
			struct stat st = { .st_mode = S_IFCHR | 0666 };

			if (((struct io_rw_hdr *)buf)->type == _IO_STAT)
				chan_reply(ch, m.rcvid, 0, &st, sizeof(st));
			else
				chan_reply(ch, m.rcvid, 0, NULL, 0);
			continue;
		}
		__atomic_add_fetch(fuzz_received, 1, __ATOMIC_RELAXED);
		for (i = rnd() % 4; i >= 0; i--)
			fuzz_server_call(ch, m.rcvid, buf, sizeof(buf));
		/* Some are held, and answered (or not) later. */
		if (rnd() % 3 == 0)
			held[rnd() % 16] = m.rcvid;
		else if (((struct io_rw_hdr *)buf)->type == _IO_CONNECT)
			chan_reply(ch, m.rcvid, 0, NULL, 0);
		else
			chan_reply(ch, m.rcvid, rnd() % 64, buf, rnd() % 64);
		if (rnd() % 2 == 0)
			chan_error(ch, held[rnd() % 16], rnd() % 140);
	}
}

/* A client doing random things to the path, as nobody, until killed. */
static void fuzz_client(const char *path, unsigned int seed)
{
	char buf[9000];
	int fd = -1;

	fuzz_seed = seed;
	alarm(0);
	for (;;) {
		/* A signal ends a call the server holds (if the server lets it). */
		ualarm(rnd() % 20000 + 1000, 0);
		switch (rnd() % 8) {
		case 0:
			if (fd >= 0)
				close(fd);
			fd = open(path, (rnd() % 3) | (rnd() % 2 ? O_NONBLOCK : 0));
			break;
		case 1:
			if (fd >= 0)
				read(fd, buf, rnd() % sizeof(buf));
			break;
		case 2:
			if (fd >= 0)
				write(fd, buf, rnd() % sizeof(buf));
			break;
		case 3:
			if (fd >= 0)
				ioctl(fd, rnd(), buf);
			break;
		case 4:
			if (fd >= 0)
				lseek(fd, rnd() % 100, SEEK_SET);
			break;
		case 5:
			if (fd >= 0)
				pread(fd, buf, rnd() % 100, rnd() % 1000);
			break;
		case 6: {
			struct stat st;

			stat(path, &st);
			break;
		}
		case 7:
			if (fd >= 0)
				fsync(fd);
			break;
		}
	}
}

/* Random ioctls on a channel of one's own, as nobody: errnos, nothing else. */
static int fuzz_unprivileged_ioctls(void)
{
	static char buf[256];
	int ch = open(RESMGR_CHAN_DEVICE, O_RDWR), i, fd, conn = -1;
	struct resmgr_chan_channel c = { 0 };
	struct resmgr_chan_connect cc = { 0 };

	if (ch < 0)
		return 10;
	/* A connection to the channel itself, for the calls made on one. */
	if (!ioctl(ch, RESMGR_CHAN_CHANNEL, &c)) {
		cc.chid = c.chid;
		conn = ioctl(ch, RESMGR_CHAN_CONNECT, &cc);
	}
	for (i = 0; i < 20000; i++) {
		unsigned long cmd;
		unsigned int j;
		int on = ch;

		for (j = 0; j < sizeof(buf); j++)
			buf[j] = rnd();
		switch (rnd() % 19) {
		case 0:
			cmd = RESMGR_CHAN_ATTACH;
			break;
		case 1:
			cmd = RESMGR_CHAN_DETACH;
			break;
		case 2:
			cmd = RESMGR_CHAN_REPLY;
			break;
		case 3:
			cmd = RESMGR_CHAN_MSGREAD;
			break;
		case 4:
			cmd = RESMGR_CHAN_MSGWRITE;
			break;
		case 5:
			cmd = RESMGR_CHAN_GROUPS;
			break;
		case 6:
			/* A receive with nothing attached would wait: a short one. */
			cmd = RESMGR_CHAN_RECEIVE;
			ualarm(2000, 0);
			break;
		case 7:
			cmd = RESMGR_CHAN_CHANNEL;
			break;
		case 8:
			cmd = RESMGR_CHAN_CONNECT;
			break;
		case 9:
			cmd = RESMGR_CHAN_NAME_OPEN;
			break;
		case 10:
			/* A send nobody receives waits: the signal ends it. */
			cmd = RESMGR_CHAN_SEND;
			on = conn;
			ualarm(2000, 0);
			break;
		case 11:
			cmd = RESMGR_CHAN_PULSE;
			on = rnd() % 2 ? conn : ch;
			break;
		case 12:
			cmd = RESMGR_CHAN_DELIVER;
			break;
		case 13:
			cmd = RESMGR_CHAN_FD_SEND;
			ualarm(2000, 0);
			break;
		case 14:
			cmd = RESMGR_CHAN_TIMEOUT;
			break;
		case 15:
			cmd = RESMGR_CHAN_TRY_RECEIVE;
			break;
		case 16:
			/* EPERM for a process that may not attach paths. */
			cmd = RESMGR_CHAN_RING;
			break;
		case 17:
			/* ENODEV: no ring. */
			cmd = RESMGR_CHAN_RING_WAKE;
			break;
		default:
			cmd = _IOC(rnd() % 4, 'Q', rnd() % 64, rnd() % 128);
			on = rnd() % 2 ? conn : ch;
			break;
		}
		fd = ioctl(on, cmd, rnd() % 4 ? (unsigned long)buf : (unsigned long)rnd());
		/* CONNECT and NAME_OPEN give descriptors: none is kept. */
		if ((cmd == RESMGR_CHAN_CONNECT || cmd == RESMGR_CHAN_NAME_OPEN) &&
		    fd > 2 && fd != ch && fd != conn)
			close(fd);
	}
	if (conn >= 0)
		close(conn);
	close(ch);
	return 0;
}

static void on_alarm_quiet(int sig)
{
	(void)sig;
}

/*
 * The fuzzers, for eight seconds: a root server that answers with bad
 * sizes, bad ids, twice or never; four clients as nobody doing random
 * calls with signals; then random ioctls on a channel as nobody. Then
 * the server is killed: every client must end (none stuck in the
 * kernel), and the channel device still works. The harness fails the run
 * on any kernel splat.
 */
FIXTURE(fuzz) {
	int unused;
};

FIXTURE_SETUP(fuzz)
{
}

FIXTURE_TEARDOWN(fuzz)
{
}

TEST_F_TIMEOUT(fuzz, protocol, 120)
{
	struct sigaction sa = { .sa_handler = on_alarm_quiet };
	pid_t srv, clients[4];
	int p[2], i, st, ended = 0;
	char line[64];

	sigaction(SIGALRM, &sa, NULL);
	fuzz_received = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			     -1, 0);
	ASSERT_NE(MAP_FAILED, fuzz_received);
	fuzz_seed = time(NULL);
	TH_LOG("seed %u", fuzz_seed);
	ASSERT_EQ(0, pipe(p));
	srv = fork();
	ASSERT_GE(srv, 0);
	if (srv == 0) {
		close(p[0]);
		fuzz_server("/dev/chan_fuzz", p[1]);
	}
	close(p[1]);
	report_line(p[0], line, sizeof(line), 5000);
	ASSERT_STREQ("ready", line);
	for (i = 0; i < 4; i++) {
		clients[i] = fork();
		ASSERT_GE(clients[i], 0);
		if (clients[i] == 0) {
			if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
				_exit(100);
			fuzz_client("/dev/chan_fuzz", fuzz_seed + i);
		}
	}
	sleep(8);
	{
		pid_t nob = fork();

		ASSERT_GE(nob, 0);
		if (nob == 0) {
			if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
				_exit(100);
			_exit(fuzz_unprivileged_ioctls());
		}
		alarm(60);
		waitpid(nob, &st, 0);
		alarm(0);
		EXPECT_TRUE(WIFEXITED(st));
		EXPECT_EQ(0, WEXITSTATUS(st));
	}
	kill(srv, SIGKILL);
	waitpid(srv, &st, 0);
	close(p[0]);
	TH_LOG("the server took %lu messages", __atomic_load_n(fuzz_received, __ATOMIC_RELAXED));
	EXPECT_LT(100, __atomic_load_n(fuzz_received, __ATOMIC_RELAXED));
	/* With the server gone, every client's call ends: kill them, and they go. */
	for (i = 0; i < 4; i++)
		kill(clients[i], SIGKILL);
	for (i = 0; i < 4; i++) {
		alarm(20);
		if (waitpid(clients[i], &st, 0) == clients[i])
			ended++;
		alarm(0);
	}
	EXPECT_EQ(4, ended);
	/* The device still serves. */
	{
		int ch = open(RESMGR_CHAN_DEVICE, O_RDWR);

		EXPECT_GE(ch, 0);
		EXPECT_GE(chan_attach(ch, "/dev/chan_after_fuzz"), 0);
		close(ch);
	}
}

TEST_HARNESS_MAIN
