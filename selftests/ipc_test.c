// SPDX-License-Identifier: GPL-2.0
/*
 * QNX message passing between processes on /dev/resmgr, at the ioctl
 * level (include/uapi/resmgr/channel.h): channels by id, connections by
 * id and by name, sends, replies, MsgRead()/MsgWrite() on a send,
 * pulses on a connection, and what a signal, a kill or a dying server
 * does to a sender. Servers are child processes; the test is the client.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <resmgr/channel.h>
#include "kselftest_harness.h"
#include "chan_util.h"
#include "proc_util.h"

#define NOBODY		65534
#define _IO_CONNECT	0x100
#define _FTYPE_NAME	12
#define _IO_READ	0x101
#define _IO_MSG		0x113
#define _IO_CLOSE	0x116
#define MSG_PING	0x1000	/* a type of the test's own, outside QNX's I/O range */

struct ping {
	__u16	type;
	__u16	pad;
	__s32	value;
	char	text[24];
};

/* A channel with @flags; its id in *@chid. */
static int chan_open(unsigned int flags, int *chid)
{
	struct resmgr_chan_channel c = { .flags = flags };
	int ch = open(RESMGR_CHAN_DEVICE, O_RDWR);
	int again;

	if (ch < 0 || ioctl(ch, RESMGR_CHAN_CHANNEL, &c))
		return -1;
	/* Asking again gives the same id (and sets the flags again). */
	again = c.chid;
	if (ioctl(ch, RESMGR_CHAN_CHANNEL, &c) || c.chid != again)
		return -1;
	*chid = c.chid;
	return ch;
}

static int chan_receive(int ch, void *buf, size_t size, struct resmgr_chan_receive *out)
{
	memset(out, 0, sizeof(*out));
	out->msg = (uintptr_t)buf;
	out->size = size;
	return ioctl(ch, RESMGR_CHAN_RECEIVE, out);
}

static int connect_to(pid_t pid, int chid)
{
	struct resmgr_chan_connect c = { .pid = pid, .chid = chid, .flags = O_CLOEXEC };
	int ctl = open(RESMGR_CHAN_DEVICE, O_RDWR);
	int fd;

	if (ctl < 0)
		return -1;
	fd = ioctl(ctl, RESMGR_CHAN_CONNECT, &c);
	close(ctl);
	return fd;
}

static int name_open(const char *path)
{
	struct resmgr_chan_name_open o = { .path = (uintptr_t)path };
	int ctl = open(RESMGR_CHAN_DEVICE, O_RDWR);
	int fd, err;

	if (ctl < 0)
		return -1;
	fd = ioctl(ctl, RESMGR_CHAN_NAME_OPEN, &o);
	err = errno;
	close(ctl);
	errno = err;
	return fd;
}

static long send_msg(int coid, const void *s, size_t slen, void *r, size_t rlen)
{
	struct resmgr_chan_iov siov = { (uintptr_t)s, slen }, riov = { (uintptr_t)r, rlen };
	struct resmgr_chan_send a = {
		.smsg = (uintptr_t)&siov, .sparts = 1,
		.rmsg = (uintptr_t)&riov, .rparts = 1,
	};

	return ioctl(coid, RESMGR_CHAN_SEND, &a);
}

static void say(int fd, const char *fmt, ...)
{
	char line[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	line[n++] = '\n';
	if (write(fd, line, n) != n)
		_exit(90);
}

enum mode {
	PING,		/* answer pings: value + 1, the text upper-cased, MsgWrite()s */
	HOLD,		/* receive a ping and never answer it */
	UNBLOCK,	/* hold; an unblock pulse is answered with EINTR */
};

/*
 * The server: a channel with @flags, its chid told as "chid N"; then a
 * line per event: "ping V pid P coid C", "pulse CODE VALUE COID",
 * "unblock RCVID", "connect", "late ERRNO".
 */
static void serve(int report, unsigned int flags, enum mode mode)
{
	struct resmgr_chan_receive rcv;
	int chid, ch = chan_open(flags, &chid), held = 0;
	char buf[256];

	if (ch < 0)
		_exit(91);
	say(report, "chid %d", chid);
	for (;;) {
		struct ping *p = (struct ping *)buf;

		if (chan_receive(ch, buf, sizeof(buf), &rcv))
			_exit(92);
		if (!rcv.rcvid) {
			if (rcv.code == RESMGR_CHAN_PULSE_UNBLOCK) {
				say(report, "unblock %d", rcv.value == held);
				chan_error(ch, rcv.value, EINTR);
				continue;
			}
			say(report, "pulse %d %d %d", rcv.code, rcv.value, rcv.info.coid);
			continue;
		}
		if (!(rcv.rcvid & RESMGR_CHAN_RCVID_SEND))
			_exit(93);
		if (p->type == _IO_CONNECT) {
			say(report, "connect");
			chan_reply(ch, rcv.rcvid, 0, NULL, 0);
			continue;
		}
		say(report, "ping %d pid %d id %d len %d/%d/%d", p->value, rcv.info.pid,
		    rcv.info.id, rcv.info.msglen, rcv.info.srcmsglen, rcv.info.dstmsglen);
		if (mode != PING) {
			/* The first was answered by a signal's end: its id is gone. */
			if (held) {
				int late = chan_reply(ch, held, 1, NULL, 0) ? errno : 0;

				say(report, "late %d", late);
			}
			held = rcv.rcvid;
			continue;
		}
		{
			struct resmgr_chan_copy c = { .rcvid = rcv.rcvid };
			struct ping out = { .type = MSG_PING, .value = p->value + 1 };
			char tail[8] = "", *s;

			/* MsgRead() of the text's end, at an offset. */
			c.buf = (uintptr_t)tail;
			c.size = 4;
			c.offset = offsetof(struct ping, text) + 2;
			if (ioctl(ch, RESMGR_CHAN_MSGREAD, &c) != 4)
				_exit(94);
			/* MsgWrite() past the reply, then the reply at 0. */
			c.buf = (uintptr_t)"tail";
			c.size = 4;
			c.offset = sizeof(out);
			if (ioctl(ch, RESMGR_CHAN_MSGWRITE, &c) < 0)
				_exit(95);
			memcpy(out.text, p->text, sizeof(out.text) - 1);
			for (s = out.text; *s; s++)
				if (*s >= 'a' && *s <= 'z')
					*s -= 32;
			memcpy(out.text + 12, tail, 4);
			if (chan_reply(ch, rcv.rcvid, p->value * 2, &out, sizeof(out)))
				_exit(96);
		}
	}
}

struct server {
	pid_t	pid;
	int	report;
	int	chid;
};

static void start(struct __test_metadata *_metadata, struct server *s, unsigned int flags,
		  enum mode mode)
{
	char line[64];
	int p[2], n;

	ASSERT_EQ(0, pipe(p));
	s->pid = fork();
	ASSERT_GE(s->pid, 0);
	if (s->pid == 0) {
		close(p[0]);
		serve(p[1], flags, mode);
	}
	close(p[1]);
	s->report = p[0];
	report_line(s->report, line, sizeof(line), 5000);
	n = sscanf(line, "chid %d", &s->chid);
	ASSERT_EQ(1, n);
	ASSERT_GT(s->chid, 0);
}

static void stop(struct server *s)
{
	int st;

	kill(s->pid, SIGKILL);
	waitpid(s->pid, &st, 0);
	close(s->report);
}

/* ConnectAttach(), MsgSend(), MsgRead()/MsgWrite(), the reply, the disconnect. */
TEST(send_receive_reply)
{
	struct ping in = { .type = MSG_PING, .value = 20, .text = "hello, channel" };
	char reply[sizeof(struct ping) + 8], line[128], expect[128];
	struct server s;
	struct ping *out = (struct ping *)reply;
	int coid, code, value, scoid, n;
	long st;

	start(_metadata, &s, RESMGR_CHAN_CHF_DISCONNECT, PING);
	coid = connect_to(s.pid, s.chid);
	ASSERT_GE(coid, 0) TH_LOG("connect: %s", strerror(errno));
	memset(reply, 0, sizeof(reply));
	st = send_msg(coid, &in, sizeof(in), reply, sizeof(reply));
	EXPECT_EQ(40, st) TH_LOG("send: %s", strerror(errno));
	EXPECT_EQ(21, out->value);
	EXPECT_EQ(0, memcmp(out->text, "HELLO, CHANNllo,", 16));
	EXPECT_EQ(0, memcmp(reply + sizeof(struct ping), "tail", 4));
	report_line(s.report, line, sizeof(line), 5000);
	snprintf(expect, sizeof(expect), "ping 20 pid %d id -1 len %zu/%zu/%zu", getpid(),
		 sizeof(in), sizeof(in), sizeof(reply));
	EXPECT_STREQ(expect, line);

	/* A reply larger than the room is cut to it; the status still comes. */
	st = send_msg(coid, &in, sizeof(in), reply, 4);
	EXPECT_EQ(40, st);
	report_line(s.report, line, sizeof(line), 5000);

	/* A pulse on the connection, then its close: a disconnect with its scoid. */
	{
		struct resmgr_chan_pulse p = { .code = 5, .value = 77 };

		EXPECT_EQ(0, ioctl(coid, RESMGR_CHAN_PULSE, &p));
	}
	report_line(s.report, line, sizeof(line), 5000);
	n = sscanf(line, "pulse %d %d %d", &code, &value, &scoid);
	ASSERT_EQ(3, n) TH_LOG("%s", line);
	EXPECT_EQ(5, code);
	EXPECT_EQ(77, value);
	EXPECT_GE(scoid, RESMGR_CHAN_COID_MIN);
	close(coid);
	report_line(s.report, line, sizeof(line), 5000);
	snprintf(expect, sizeof(expect), "pulse %d %d %d", RESMGR_CHAN_PULSE_DISCONNECT,
		 scoid, scoid);
	EXPECT_STREQ(expect, line);
	stop(&s);
}

/* Connections find only the channel of the process named, and only live ones. */
TEST(connect_by_pid_and_chid)
{
	struct server s;
	int coid;

	start(_metadata, &s, 0, PING);
	EXPECT_EQ(-1, connect_to(getpid(), s.chid));
	EXPECT_EQ(ESRCH, errno);
	EXPECT_EQ(-1, connect_to(s.pid, s.chid + 1000));
	EXPECT_EQ(ESRCH, errno);
	EXPECT_EQ(-1, connect_to(0, s.chid));
	EXPECT_EQ(ESRCH, errno);
	coid = connect_to(s.pid, s.chid);
	ASSERT_GE(coid, 0);
	stop(&s);
	/* The server went: its connections fail with EBADF, new ones with ESRCH. */
	EXPECT_EQ(-1, send_msg(coid, "x", 1, NULL, 0));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(-1, connect_to(s.pid, s.chid));
	EXPECT_EQ(ESRCH, errno);
	close(coid);
}

/* A server that dies with a send received ends it with ESRCH; no hang. */
TEST(server_dies_mid_send)
{
	struct ping in = { .type = MSG_PING, .value = 1 };
	struct server s;
	pid_t killer;
	int coid;

	start(_metadata, &s, 0, HOLD);
	coid = connect_to(s.pid, s.chid);
	ASSERT_GE(coid, 0);
	killer = fork();
	ASSERT_GE(killer, 0);
	if (killer == 0) {
		char l[128];

		report_line(s.report, l, sizeof(l), 5000);
		kill(s.pid, SIGKILL);
		_exit(0);
	}
	EXPECT_EQ(-1, send_msg(coid, &in, sizeof(in), NULL, 0));
	EXPECT_EQ(ESRCH, errno);
	waitpid(killer, NULL, 0);
	waitpid(s.pid, NULL, 0);
	close(s.report);
	close(coid);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/*
 * A signal to a sender: with _NTO_CHF_UNBLOCK the server hears of it and
 * decides (EINTR here); without, the sender goes at once and the
 * server's late reply finds no one (ESRCH).
 */
TEST(signal_to_sender)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct ping in = { .type = MSG_PING, .value = 1 };
	char line[128];
	struct server s;
	int coid;

	sigaction(SIGALRM, &sa, NULL);
	start(_metadata, &s, RESMGR_CHAN_CHF_UNBLOCK, UNBLOCK);
	coid = connect_to(s.pid, s.chid);
	ASSERT_GE(coid, 0);
	alarm(1);
	EXPECT_EQ(-1, send_msg(coid, &in, sizeof(in), NULL, 0));
	EXPECT_EQ(EINTR, errno);
	report_line(s.report, line, sizeof(line), 5000);
	EXPECT_EQ(0, strncmp(line, "ping 1 ", 7));
	report_line(s.report, line, sizeof(line), 5000);
	EXPECT_STREQ("unblock 1", line);
	close(coid);
	stop(&s);

	start(_metadata, &s, 0, HOLD);
	coid = connect_to(s.pid, s.chid);
	ASSERT_GE(coid, 0);
	alarm(1);
	EXPECT_EQ(-1, send_msg(coid, &in, sizeof(in), NULL, 0));
	EXPECT_EQ(EINTR, errno);
	report_line(s.report, line, sizeof(line), 5000);
	/* The next send makes the server try the first's id. */
	alarm(1);
	EXPECT_EQ(-1, send_msg(coid, &in, sizeof(in), NULL, 0));
	report_line(s.report, line, sizeof(line), 5000);
	report_line(s.report, line, sizeof(line), 5000);
	EXPECT_STREQ("late 3", line);	/* ESRCH */
	close(coid);
	stop(&s);
}

/* A sender killed while the server holds its message: it dies, no D state. */
TEST(sender_killed)
{
	struct ping in = { .type = MSG_PING, .value = 3 };
	char line[128];
	struct server s;
	pid_t client;
	int st;

	start(_metadata, &s, RESMGR_CHAN_CHF_UNBLOCK, HOLD);
	client = fork();
	ASSERT_GE(client, 0);
	if (client == 0) {
		int coid = connect_to(s.pid, s.chid);

		send_msg(coid, &in, sizeof(in), NULL, 0);
		_exit(1);
	}
	report_line(s.report, line, sizeof(line), 5000);
	EXPECT_EQ(0, strncmp(line, "ping 3 ", 7));
	kill(client, SIGKILL);
	EXPECT_EQ(client, waitpid(client, &st, 0));
	EXPECT_TRUE(WIFSIGNALED(st));
	stop(&s);
}

static int name_as_nobody(void)
{
	struct resmgr_chan_attach a = { .file_type = _FTYPE_NAME };
	struct resmgr_chan_receive rcv;
	char buf[128];
	int chid, ch = chan_open(RESMGR_CHAN_CHF_DISCONNECT, &chid), ch2, i;

	if (ch < 0)
		return 10;
	a.path = (uintptr_t)"/dev/ipc_nobody";
	if (ioctl(ch, RESMGR_CHAN_ATTACH, &a) != -1 || errno != EPERM)
		return 11;
	a.path = (uintptr_t)"/dev/name/local/a/b";
	if (ioctl(ch, RESMGR_CHAN_ATTACH, &a) != -1 || errno != EPERM)
		return 12;
	a.path = (uintptr_t)"/dev/name/local/ipc_test";
	a.file_type = 0;
	if (ioctl(ch, RESMGR_CHAN_ATTACH, &a) != -1 || errno != EPERM)
		return 13;
	a.file_type = _FTYPE_NAME;
	a.flags = 1;	/* _RESMGR_FLAG_BEFORE: no jumping ahead of another name */
	if (ioctl(ch, RESMGR_CHAN_ATTACH, &a) != -1 || errno != EPERM)
		return 14;
	a.flags = 0;
	if (ioctl(ch, RESMGR_CHAN_ATTACH, &a))
		return 15;
	ch2 = chan_open(0, &chid);
	if (ioctl(ch2, RESMGR_CHAN_ATTACH, &a) != -1 || errno != EEXIST)
		return 16;
	close(ch2);
	/*
	 * Serve two name_open()s: accept the first, refuse the second. The
	 * /dev node's stat comes through the path (no send): ENOSYS.
	 */
	for (i = 0; i < 2;) {
		if (chan_receive(ch, buf, sizeof(buf), &rcv))
			return 18;
		if (!rcv.rcvid)
			continue;
		if (!(rcv.rcvid & RESMGR_CHAN_RCVID_SEND)) {
			chan_error(ch, rcv.rcvid, ENOSYS);
			continue;
		}
		if (*(__u16 *)buf != _IO_CONNECT || rcv.info.id != -1)
			return 19;
		if (i++)
			chan_error(ch, rcv.rcvid, EACCES);
		else
			chan_reply(ch, rcv.rcvid, 0, NULL, 0);
	}
	pause();
	return 0;
}

/* name_attach() as nobody, only below /dev/name; name_open() asks the server. */
TEST(names)
{
	pid_t pid = fork();
	int fd, i, st;

	ASSERT_GE(pid, 0);
	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
			_exit(100);
		_exit(name_as_nobody());
	}
	for (i = 0, fd = -1; i < 500 && fd < 0; i++) {
		fd = name_open("/dev/name/local/ipc_test");
		if (fd < 0 && errno == ENOENT)
			usleep(10000);
		else
			break;
	}
	EXPECT_GE(fd, 0) TH_LOG("name_open: %s", strerror(errno));
	EXPECT_EQ(-1, name_open("/dev/name/local/ipc_test"));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(-1, name_open("/dev/name/local/no_such_name"));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, access("/dev/ipc_nobody", F_OK));
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	EXPECT_TRUE(WIFSIGNALED(st)) TH_LOG("server exited %d", WEXITSTATUS(st));
	if (fd >= 0)
		close(fd);
	/* The name went with its server. */
	EXPECT_EQ(-1, name_open("/dev/name/local/ipc_test"));
	EXPECT_EQ(ENOENT, errno);
}

/*
 * An unprivileged process that name_open()s its own name with no thread
 * to receive waits, as on QNX, but it waits as a process that can be
 * killed: SIGKILL ends it, and its name goes with it.
 */
TEST(name_open_of_ones_own_name_is_killable)
{
	pid_t pid = fork();
	int i, st = 0;
	pid_t got;
	char state = 0;

	ASSERT_GE(pid, 0);
	if (pid == 0) {
		struct resmgr_chan_attach a = {
			.path = (uintptr_t)"/dev/name/local/ipc_self",
			.file_type = _FTYPE_NAME,
		};
		int chid, ch;

		if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
			_exit(100);
		ch = chan_open(0, &chid);
		if (ch < 0 || ioctl(ch, RESMGR_CHAN_ATTACH, &a))
			_exit(101);
		name_open("/dev/name/local/ipc_self");
		_exit(102);
	}
	/* Until it waits in its name_open(). */
	for (i = 0; i < 500; i++) {
		state = proc_state(pid);
		if (state == 'S' || state == 'D')
			break;
		usleep(10000);
	}
	usleep(200000);
	EXPECT_EQ(0, waitpid(pid, &st, WNOHANG)) TH_LOG("it did not wait");
	kill(pid, SIGKILL);
	got = reaped(pid, &st);
	EXPECT_EQ(pid, got) TH_LOG("not ended by SIGKILL (state %c)", proc_state(pid));
	if (got == pid)
		EXPECT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	EXPECT_EQ(-1, name_open("/dev/name/local/ipc_self"));
	EXPECT_EQ(ENOENT, errno);
}

/*
 * A server at a path: opens and closes accepted, _IO_MSG answered "pong"
 * (status 7), its own type "own" (8), the rest ENOSYS.
 */
static void serve_path(const char *path, int report)
{
	struct resmgr_chan_attach a = { .path = (uintptr_t)path };
	struct resmgr_chan_receive rcv;
	int ch = open(RESMGR_CHAN_DEVICE, O_RDWR);
	char buf[256];

	if (ch < 0 || ioctl(ch, RESMGR_CHAN_ATTACH, &a))
		_exit(91);
	say(report, "ready");
	for (;;) {
		__u16 type;

		if (chan_receive(ch, buf, sizeof(buf), &rcv))
			_exit(92);
		type = *(__u16 *)buf;
		if (!rcv.rcvid)
			continue;
		if (type == _IO_CONNECT || type == _IO_CLOSE)
			chan_reply(ch, rcv.rcvid, 0, NULL, 0);
		else if (type == _IO_MSG)
			chan_reply(ch, rcv.rcvid, 7, "pong", 4);
		else if (type == MSG_PING)
			chan_reply(ch, rcv.rcvid, 8, "own", 3);
		else
			chan_error(ch, rcv.rcvid, ENOSYS);
	}
}

/*
 * MsgSend() on a file opened through a path (QNX allows it on any file
 * descriptor): _IO_MSG to the msg handler, the server's own types to it
 * too; an I/O message shorter than its header, one only Linux's own
 * calls may send (close) and files that are not resmgr's: an errno.
 */
TEST(send_on_a_path_file)
{
	struct { __u16 type, combine_len, mgrid, subtype; char data[4]; } m = {
		.type = _IO_MSG, .data = "ping",
	};
	struct resmgr_chan_iov siov = { (uintptr_t)&m, sizeof(m) }, riov;
	struct resmgr_chan_fd_send f = {
		.send = { .smsg = (uintptr_t)&siov, .sparts = 1,
			  .rmsg = (uintptr_t)&riov, .rparts = 1 },
	};
	char line[64], reply[8];
	int p[2], ctl, i, st;
	pid_t srv;

	ASSERT_EQ(0, pipe(p));
	srv = fork();
	ASSERT_GE(srv, 0);
	if (srv == 0) {
		close(p[0]);
		serve_path("/dev/ipc_msgfile", p[1]);
	}
	close(p[1]);
	report_line(p[0], line, sizeof(line), 5000);
	ASSERT_STREQ("ready", line);
	for (i = 0, f.fd = -1; i < 500 && f.fd < 0; i++) {
		f.fd = open("/dev/ipc_msgfile", O_RDWR);
		if (f.fd < 0)
			usleep(10000);
	}
	ASSERT_GE(f.fd, 0);
	ctl = open(RESMGR_CHAN_DEVICE, O_RDWR);
	ASSERT_GE(ctl, 0);
	riov.base = (uintptr_t)reply;
	riov.len = sizeof(reply);

	memset(reply, 0, sizeof(reply));
	EXPECT_EQ(7, ioctl(ctl, RESMGR_CHAN_FD_SEND, &f));
	EXPECT_STREQ("pong", reply);
	m.type = MSG_PING;
	memset(reply, 0, sizeof(reply));
	EXPECT_EQ(8, ioctl(ctl, RESMGR_CHAN_FD_SEND, &f));
	EXPECT_STREQ("own", reply);
	/* An I/O message shorter than its header; one only close() sends. */
	m.type = _IO_READ;
	siov.len = 4;
	EXPECT_EQ(-1, ioctl(ctl, RESMGR_CHAN_FD_SEND, &f));
	EXPECT_EQ(EINVAL, errno);
	siov.len = sizeof(m);
	m.type = _IO_CLOSE;
	EXPECT_EQ(-1, ioctl(ctl, RESMGR_CHAN_FD_SEND, &f));
	EXPECT_EQ(EINVAL, errno);
	close(f.fd);
	/* A pipe is no resmgr file; a closed descriptor is none at all. */
	m.type = _IO_MSG;
	f.fd = p[0];
	EXPECT_EQ(-1, ioctl(ctl, RESMGR_CHAN_FD_SEND, &f));
	EXPECT_EQ(EBADF, errno);
	f.fd = 1000;
	EXPECT_EQ(-1, ioctl(ctl, RESMGR_CHAN_FD_SEND, &f));
	EXPECT_EQ(EBADF, errno);
	close(ctl);
	kill(srv, SIGKILL);
	waitpid(srv, &st, 0);
	close(p[0]);
}

/* dispatch_timeout(): a receive that waits longer fails with ETIMEDOUT. */
TEST(receive_timeout)
{
	struct resmgr_chan_timeout t = { .ns = 50 * 1000 * 1000 };
	struct resmgr_chan_receive rcv;
	struct timespec a, b;
	char buf[64];
	int ch = open(RESMGR_CHAN_DEVICE, O_RDWR);
	long ms;

	ASSERT_GE(ch, 0);
	ASSERT_EQ(0, ioctl(ch, RESMGR_CHAN_TIMEOUT, &t));
	clock_gettime(CLOCK_MONOTONIC, &a);
	EXPECT_EQ(-1, chan_receive(ch, buf, sizeof(buf), &rcv));
	EXPECT_EQ(ETIMEDOUT, errno);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	EXPECT_GE(ms, 50);
	/* A pulse within the time ends the receive as always. */
	{
		struct resmgr_chan_pulse p = { .code = 9, .value = 1 };

		ASSERT_EQ(0, ioctl(ch, RESMGR_CHAN_PULSE, &p));
		EXPECT_EQ(0, chan_receive(ch, buf, sizeof(buf), &rcv));
		EXPECT_EQ(9, rcv.code);
	}
	close(ch);
}

/* Bad arguments: a clear errno each, and nothing changes. */
TEST(bad_arguments)
{
	struct resmgr_chan_iov iov[RESMGR_CHAN_IOV_MAX + 1] = {};
	struct resmgr_chan_send a = {};
	struct resmgr_chan_connect c = { .chid = 1, .reserved = 1 };
	struct resmgr_chan_channel chf = { .flags = 0x1 };
	struct resmgr_chan_pulse p = { .code = 200 };
	struct resmgr_chan_copy cp = { .rcvid = RESMGR_CHAN_RCVID_SEND | 12345 };
	char buf[16];
	struct server s;
	int ch = open(RESMGR_CHAN_DEVICE, O_RDWR), coid;

	ASSERT_GE(ch, 0);
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_CHANNEL, &chf));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_CONNECT, &c));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, chan_reply(ch, RESMGR_CHAN_RCVID_SEND | 12345, 0, "x", 1));
	EXPECT_EQ(ESRCH, errno);
	cp.buf = (uintptr_t)buf;
	cp.size = sizeof(buf);
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_MSGREAD, &cp));
	EXPECT_EQ(ESRCH, errno);
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_MSGWRITE, &cp));
	EXPECT_EQ(ESRCH, errno);
	EXPECT_EQ(-1, ioctl(ch, RESMGR_CHAN_SEND, &a));
	EXPECT_EQ(ENOTTY, errno);
	/* A channel wakes the pollers of its own files only: no other notify id. */
	{
		struct resmgr_chan_deliver d = { 0 };
		int id, others = 0;

		for (id = -1; id < 4096; id++) {
			d.value = id;
			if (ioctl(ch, RESMGR_CHAN_DELIVER, &d) != -1 || errno != ESRCH)
				others++;
		}
		EXPECT_EQ(0, others);
	}

	start(_metadata, &s, 0, PING);
	coid = connect_to(s.pid, s.chid);
	ASSERT_GE(coid, 0);
	a.smsg = (uintptr_t)iov;
	a.sparts = RESMGR_CHAN_IOV_MAX + 1;
	EXPECT_EQ(-1, ioctl(coid, RESMGR_CHAN_SEND, &a));
	EXPECT_EQ(E2BIG, errno);
	a.sparts = 1;
	iov[0].base = 8;
	iov[0].len = 16;
	EXPECT_EQ(-1, ioctl(coid, RESMGR_CHAN_SEND, &a));
	EXPECT_EQ(EFAULT, errno);
	iov[0].base = (uintptr_t)buf;
	iov[0].len = RESMGR_CHAN_REPLY_MAX + 1;
	EXPECT_EQ(-1, ioctl(coid, RESMGR_CHAN_SEND, &a));
	EXPECT_EQ(E2BIG, errno);
	EXPECT_EQ(-1, ioctl(coid, RESMGR_CHAN_SEND, (void *)8));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(coid, RESMGR_CHAN_PULSE, &p));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(coid, RESMGR_CHAN_RECEIVE, buf));
	EXPECT_EQ(ENOTTY, errno);
	/* The server saw none of it, and still answers. */
	{
		struct ping in = { .type = MSG_PING, .value = 4, .text = "abcdefgh" };
		struct ping out;
		char line[128];

		EXPECT_EQ(8, send_msg(coid, &in, sizeof(in), &out, sizeof(out)));
		report_line(s.report, line, sizeof(line), 5000);
		EXPECT_EQ(0, strncmp(line, "ping 4 ", 7)) TH_LOG("%s", line);
	}
	close(coid);
	stop(&s);
	close(ch);
}

TEST_HARNESS_MAIN
