// SPDX-License-Identifier: GPL-2.0
/*
 * rm_ser (/dev/rmser1): blocking reads answered by writes, O_NONBLOCK,
 * poll/select/epoll readiness and wakeups, signals during a blocking
 * read (EINTR, and SA_RESTART), devctl, and two clients talking.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "devctl.h"
#include "../examples/rm_ser.h"

#define SER "/dev/rmser1"

static void drain(int fd)
{
	char buf[RM_SER_BUFSIZE];
	int fl = fcntl(fd, F_GETFL);

	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	fcntl(fd, F_SETFL, fl);
}

/* Write @s to the device after @ms milliseconds, from a child process. */
static pid_t write_later(const char *s, int ms)
{
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open(SER, O_WRONLY);

		usleep(ms * 1000);
		_exit(fd >= 0 && write(fd, s, strlen(s)) == (ssize_t)strlen(s) ? 0 : 1);
	}
	return pid;
}

static int reaped_ok(pid_t pid)
{
	int st;

	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

FIXTURE(ser) {
	int fd;
};

FIXTURE_SETUP(ser)
{
	if (access("/sys/module/rm_ser", F_OK))
		SKIP(return, "rm_ser is not loaded");
	self->fd = open(SER, O_RDWR);
	ASSERT_GE(self->fd, 0);
	drain(self->fd);
}

FIXTURE_TEARDOWN(ser)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* Two clients: what one writes, the other reads. */
TEST_F(ser, two_clients)
{
	char buf[16] = "";
	int w = open(SER, O_WRONLY);

	ASSERT_GE(w, 0);
	EXPECT_EQ(5, write(w, "hello", 5));
	EXPECT_EQ(5, read(self->fd, buf, sizeof(buf)));
	EXPECT_STREQ("hello", buf);
	close(w);
}

/* A read on an empty device blocks until a writer answers it. */
TEST_F(ser, blocking_read_woken_by_writer)
{
	struct timespec a, b;
	char buf[16] = "";
	pid_t pid = write_later("late", 300);

	clock_gettime(CLOCK_MONOTONIC, &a);
	EXPECT_EQ(4, read(self->fd, buf, sizeof(buf)));
	clock_gettime(CLOCK_MONOTONIC, &b);
	EXPECT_STREQ("late", buf);
	EXPECT_GE((b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000, 200);
	EXPECT_TRUE(reaped_ok(pid));
}

/* O_NONBLOCK on an empty device: EAGAIN at once. */
TEST_F(ser, nonblock_eagain)
{
	char buf[4];
	int fd = open(SER, O_RDONLY | O_NONBLOCK);

	ASSERT_GE(fd, 0);
	EXPECT_EQ(-1, read(fd, buf, sizeof(buf)));
	EXPECT_EQ(EAGAIN, errno);
	close(fd);
	/* fcntl(F_SETFL) reaches later reads too. */
	fcntl(self->fd, F_SETFL, O_NONBLOCK);
	EXPECT_EQ(-1, read(self->fd, buf, sizeof(buf)));
	EXPECT_EQ(EAGAIN, errno);
}

/* poll: output ready, input not; after a write, input ready. */
TEST_F(ser, poll_readiness)
{
	struct pollfd p = { .fd = self->fd, .events = POLLIN | POLLOUT };

	EXPECT_EQ(1, poll(&p, 1, 0));
	EXPECT_EQ(POLLOUT, p.revents & (POLLIN | POLLOUT));
	EXPECT_EQ(1, write(self->fd, "x", 1));
	EXPECT_EQ(1, poll(&p, 1, 0));
	EXPECT_EQ(POLLIN | POLLOUT, p.revents & (POLLIN | POLLOUT));
}

/* poll, select and epoll sleep until a writer in another process triggers input. */
TEST_F(ser, wakeups)
{
	struct pollfd p = { .fd = self->fd, .events = POLLIN };
	struct epoll_event ev = { .events = EPOLLIN }, out;
	struct timeval tv = { .tv_sec = 5 };
	char buf[8];
	fd_set rd;
	pid_t pid;
	int ep;

	pid = write_later("p", 200);
	EXPECT_EQ(1, poll(&p, 1, 5000));
	EXPECT_TRUE(p.revents & POLLIN);
	EXPECT_TRUE(reaped_ok(pid));
	drain(self->fd);

	pid = write_later("s", 200);
	FD_ZERO(&rd);
	FD_SET(self->fd, &rd);
	EXPECT_EQ(1, select(self->fd + 1, &rd, NULL, NULL, &tv));
	EXPECT_TRUE(FD_ISSET(self->fd, &rd));
	EXPECT_TRUE(reaped_ok(pid));
	EXPECT_EQ(1, read(self->fd, buf, sizeof(buf)));

	ep = epoll_create1(0);
	ASSERT_GE(ep, 0);
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, self->fd, &ev));
	EXPECT_EQ(0, epoll_wait(ep, &out, 1, 0));
	pid = write_later("e", 200);
	EXPECT_EQ(1, epoll_wait(ep, &out, 1, 5000));
	EXPECT_TRUE(out.events & EPOLLIN);
	EXPECT_TRUE(reaped_ok(pid));
	close(ep);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A signal during a blocking read: EINTR without SA_RESTART. */
TEST_F(ser, signal_eintr)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	char buf[4];

	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	EXPECT_EQ(-1, read(self->fd, buf, sizeof(buf)));
	EXPECT_EQ(EINTR, errno);
	/* The abandoned read took nothing: the next write is all there. */
	EXPECT_EQ(2, write(self->fd, "ok", 2));
	EXPECT_EQ(2, read(self->fd, buf, sizeof(buf)));
}

/* With SA_RESTART the read restarts and gets the later data. */
TEST_F(ser, signal_restart)
{
	struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = SA_RESTART };
	char buf[8] = "";
	pid_t pid;

	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	pid = write_later("again", 1800);
	EXPECT_EQ(5, read(self->fd, buf, sizeof(buf)));
	EXPECT_STREQ("again", buf);
	EXPECT_TRUE(reaped_ok(pid));
}

/* devctl: baud rate set and read back, queued count as data and ret_val. */
TEST_F(ser, devctl)
{
	int baud = 115200, n = -1, info = -1;

	EXPECT_EQ(EOK, devctl(self->fd, DCMD_SER_SETBAUD, &baud, sizeof(baud), NULL));
	baud = 0;
	EXPECT_EQ(EOK, devctl(self->fd, DCMD_SER_GETBAUD, &baud, sizeof(baud), NULL));
	EXPECT_EQ(115200, baud);
	baud = -5;
	EXPECT_EQ(EINVAL, devctl(self->fd, DCMD_SER_SETBAUD, &baud, sizeof(baud), NULL));
	EXPECT_EQ(3, write(self->fd, "abc", 3));
	EXPECT_EQ(EOK, devctl(self->fd, DCMD_SER_GETQUEUED, &n, sizeof(n), &info));
	EXPECT_EQ(3, n);
	EXPECT_EQ(3, info);
	EXPECT_EQ(3, ioctl(self->fd, RESMGR_DCMD_TO_IOC(DCMD_SER_GETQUEUED), &n));
}

/*
 * QNX's character-device commands, as QNX's devctl reference encodes
 * them (written out here, not taken from the driver's header, so a
 * wrong number there fails): bytes waiting, bytes to send, drain, and a
 * flush that empties the input.
 */
#define QNX_TTY			't'
#define QNX_DCMD_CHR_ISCHARS	__DIOF('f', 127, unsigned int)
#define QNX_DCMD_CHR_OSCHARS	__DIOF(QNX_TTY, 115, unsigned int)
#define QNX_DCMD_CHR_TCDRAIN	__DION(QNX_TTY, 94)
#define QNX_DCMD_CHR_TCFLUSH	__DIOT(QNX_TTY, 16, int)

TEST_F(ser, dcmd_chr)
{
	int n = -1, sel = 0;	/* TCIFLUSH */
	char c;

	EXPECT_EQ(4, write(self->fd, "wxyz", 4));
	EXPECT_EQ(EOK, devctl(self->fd, QNX_DCMD_CHR_ISCHARS, &n, sizeof(n), NULL));
	EXPECT_EQ(4, n);
	EXPECT_EQ(EOK, devctl(self->fd, QNX_DCMD_CHR_OSCHARS, &n, sizeof(n), NULL));
	EXPECT_EQ(0, n);
	EXPECT_EQ(EOK, devctl(self->fd, QNX_DCMD_CHR_TCDRAIN, NULL, 0, NULL));
	EXPECT_EQ(EOK, devctl(self->fd, QNX_DCMD_CHR_TCFLUSH, &sel, sizeof(sel), NULL));
	EXPECT_EQ(EOK, devctl(self->fd, QNX_DCMD_CHR_ISCHARS, &n, sizeof(n), NULL));
	EXPECT_EQ(0, n);
	sel = 7;
	EXPECT_EQ(EINVAL, devctl(self->fd, QNX_DCMD_CHR_TCFLUSH, &sel, sizeof(sel), NULL));
	/* Nothing left to read: a nonblocking read says so. */
	fcntl(self->fd, F_SETFL, O_NONBLOCK);
	EXPECT_EQ(-1, read(self->fd, &c, 1));
	EXPECT_EQ(EAGAIN, errno);
}

/* A killed blocked reader leaves nothing behind; the device still works. */
TEST_F(ser, killed_reader)
{
	char buf[4];
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		read(self->fd, buf, sizeof(buf));
		_exit(0);
	}
	usleep(200 * 1000);
	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFSIGNALED(st));
	EXPECT_EQ(2, write(self->fd, "zz", 2));
	EXPECT_EQ(2, read(self->fd, buf, sizeof(buf)));
}

/*
 * Closing one file while others arm and trigger notifications: close_ocb
 * takes the notify lists out of the entry of the closing file, so it
 * must hold the lock that pollers and writers hold (once an oops found
 * by stress-ng --dev). Four processes, a bounded number of rounds.
 */
TEST_F(ser, close_while_others_poll)
{
	pid_t pids[4];
	int i, ok = 1;

	for (i = 0; i < 4; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			int n, bad = 0;

			for (n = 0; n < 300; n++) {
				struct pollfd p = { .events = POLLIN | POLLOUT };

				p.fd = open(SER, O_RDWR | O_NONBLOCK);
				if (p.fd < 0) {
					bad++;
					continue;
				}
				p.events = (n & 1) ? POLLIN : POLLIN | POLLOUT;
				poll(&p, 1, n & 3);
				if (n % 7 == 0 && write(p.fd, "z", 1) < 0 && errno != EAGAIN)
					bad++;
				close(p.fd);
			}
			_exit(bad ? 1 : 0);
		}
	}
	for (i = 0; i < 4; i++)
		ok &= reaped_ok(pids[i]);
	EXPECT_TRUE(ok);
	drain(self->fd);
}

TEST_HARNESS_MAIN
