// SPDX-License-Identifier: GPL-2.0
/*
 * The QNX-spelled servers of selftests/modules/, through plain open(),
 * read() and write():
 *  - qnx_port_fixture: its extended OCB counts reads per open, its
 *    extended attr keeps a note across opens, and the older
 *    resmgr_block()/resmgr_handler() loop serves it;
 *  - qnx_main_fixture: main() kept whole (RESMGR_MAIN), with argv from
 *    the module's args, ten reply parts, O_NONBLOCK as QNX's bit, and
 *    unloading and loading again with other arguments;
 *  - qnx_wait_fixture: a pipe whose reads wait (_RESMGR_NOREPLY, then
 *    resmgr_msg_again() from a write), with a FIFO as the control, and
 *    its control file for dispatch_timeout(), message_attach() pulse
 *    ranges and thread_pool_limits().
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "devctl.h"

#define DEV "/dev/rmtest/port"

static int read_str(int fd, char *buf, size_t len)
{
	ssize_t n = read(fd, buf, len - 1);

	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return n;
}

TEST(extended_ocb_and_attr)
{
	char buf[64];
	int a, b;

	if (access("/sys/module/qnx_port_fixture", F_OK))
		SKIP(return, "qnx_port_fixture is not loaded");
	a = open(DEV, O_RDWR);
	b = open(DEV, O_RDWR);
	ASSERT_LE(0, a);
	ASSERT_LE(0, b);
	ASSERT_LT(0, read_str(a, buf, sizeof(buf)));
	EXPECT_STREQ("port 0\n", buf);
	ASSERT_LT(0, read_str(a, buf, sizeof(buf)));
	EXPECT_STREQ("port 1\n", buf);
	ASSERT_LT(0, read_str(b, buf, sizeof(buf)));
	EXPECT_STREQ("port 0\n", buf);
	EXPECT_EQ(5, write(b, "hello", 5));
	ASSERT_LT(0, read_str(a, buf, sizeof(buf)));
	EXPECT_STREQ("hello", buf);
	ASSERT_LT(0, read_str(a, buf, sizeof(buf)));
	EXPECT_STREQ("port 3\n", buf);
	close(a);
	close(b);
}

/* The ocb_free of the mount runs at close: many opens, no leak (kmemleak). */
TEST(many_opens)
{
	int i, fd;

	if (access("/sys/module/qnx_port_fixture", F_OK))
		SKIP(return, "qnx_port_fixture is not loaded");
	for (i = 0; i < 200; i++) {
		fd = open(DEV, O_RDONLY);
		ASSERT_LE(0, fd);
		close(fd);
	}
}

/*
 * lseek, devctl, fcntl locks, fsync and close through the iofunc helpers
 * that take the attribute apart, with the fixture's extended OCB and attr:
 * SEEK_END is the attr's 100 bytes, DCMD_ALL_GETFLAGS the open flags, a
 * write lock is seen by another process, fsync is EINVAL (no synchronized
 * I/O), as on /dev/null (a native device, the control).
 */
TEST(helpers_with_extended_types)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_len = 10 };
	int fd, v = 0, st;
	pid_t pid;

	if (access("/sys/module/qnx_port_fixture", F_OK))
		SKIP(return, "qnx_port_fixture is not loaded");
	fd = open(DEV, O_RDWR);
	ASSERT_LE(0, fd);
	EXPECT_EQ(100, lseek(fd, 0, SEEK_END));
	EXPECT_EQ(7, lseek(fd, 7, SEEK_SET));
	EXPECT_EQ(0, devctl(fd, DCMD_ALL_GETFLAGS, &v, sizeof(v), NULL));
	EXPECT_EQ(O_RDWR, v & O_ACCMODE);
	EXPECT_EQ(0, fcntl(fd, F_SETLK, &fl));
	pid = fork();
	if (pid == 0) {
		struct flock q = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_len = 1 };
		int cfd = open(DEV, O_RDWR);

		if (cfd < 0 || fcntl(cfd, F_GETLK, &q))
			_exit(2);
		_exit(q.l_type == F_WRLCK && q.l_pid == getppid() ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	EXPECT_EQ(-1, fsync(fd));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
	fd = open("/dev/null", O_RDWR);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, fsync(fd));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
}

#define MAIN_MOD	"/sys/module/qnx_main_fixture"

/* The whole reply of a fresh open of @path, or an errno as text. */
static const char *read_once(const char *path, int flags)
{
	static char buf[128];
	int fd = open(path, O_RDONLY | flags);

	if (fd < 0) {
		snprintf(buf, sizeof(buf), "open: %s", strerror(errno));
		return buf;
	}
	if (read_str(fd, buf, sizeof(buf)) < 0)
		snprintf(buf, sizeof(buf), "read: %s", strerror(errno));
	close(fd);
	return buf;
}

/* main(argc, argv) runs with the module's args; its locals serve. */
TEST(main_kept_whole)
{
	if (access(MAIN_MOD, F_OK))
		SKIP(return, "qnx_main_fixture is not loaded");
	EXPECT_STREQ("argc=3 /dev/rmtest/kept hello parts=10.\n",
		     read_once("/dev/rmtest/kept", 0));
}

/* A small write's data is in the message, right after its header. */
TEST(main_write_data_after_header)
{
	int fd;

	if (access(MAIN_MOD, F_OK))
		SKIP(return, "qnx_main_fixture is not loaded");
	fd = open("/dev/rmtest/kept", O_WRONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(5, write(fd, "world", 5));
	close(fd);
	EXPECT_STREQ("argc=3 /dev/rmtest/kept world parts=10.\n",
		     read_once("/dev/rmtest/kept", 0));
	fd = open("/dev/rmtest/kept", O_WRONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(5, write(fd, "hello", 5));
	close(fd);
}

/* iofunc_read_verify()'s nonblock is the O_NONBLOCK bit, as on QNX. */
TEST(main_nonblock)
{
	char buf[128];
	int fd;

	if (access(MAIN_MOD, F_OK))
		SKIP(return, "qnx_main_fixture is not loaded");
	fd = open("/dev/rmtest/kept", O_RDONLY | O_NONBLOCK);
	ASSERT_LE(0, fd);
	EXPECT_LT(0, read_str(fd, buf, sizeof(buf)));
	EXPECT_EQ(-EAGAIN, read_str(fd, buf, sizeof(buf)));
	close(fd);
	fd = open("/dev/rmtest/kept", O_RDONLY);
	ASSERT_LE(0, fd);
	EXPECT_LT(0, read_str(fd, buf, sizeof(buf)));
	EXPECT_EQ(0, read_str(fd, buf, sizeof(buf)));
	close(fd);
}

static int load_main(const char *args)
{
	int fd = open("/lib/resmgr/qnx_main_fixture.ko", O_RDONLY), ret;

	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, args, 0) ? -errno : 0;
	close(fd);
	return ret;
}

static int unload_main(void)
{
	return syscall(SYS_delete_module, "qnx_main_fixture", O_NONBLOCK) ? -errno : 0;
}

/*
 * Unloading stops main() (parked in thread_pool_start()) and takes its
 * name away; a main() that fails before serving fails the load and
 * leaves nothing; another load gets its own argv.
 */
TEST(main_unload_and_load_again)
{
	struct timespec a, b;
	long ms;

	if (access(MAIN_MOD, F_OK))
		SKIP(return, "qnx_main_fixture is not loaded");
	clock_gettime(CLOCK_MONOTONIC, &a);
	ASSERT_EQ(0, unload_main());
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	TH_LOG("unload took %ld ms", ms);
	EXPECT_NE(0, access("/dev/rmtest/kept", F_OK));
	EXPECT_NE(0, access(MAIN_MOD, F_OK));

	EXPECT_EQ(-EINVAL, load_main("args=fail"));
	EXPECT_NE(0, access(MAIN_MOD, F_OK));

	ASSERT_EQ(0, load_main("args=\"/dev/rmtest/kept2 again\""));
	EXPECT_STREQ("argc=3 /dev/rmtest/kept2 again parts=10.\n",
		     read_once("/dev/rmtest/kept2", 0));
	ASSERT_EQ(0, unload_main());
	EXPECT_NE(0, access("/dev/rmtest/kept2", F_OK));

	/* getopt() over the same argv: an option, then the path. */
	ASSERT_EQ(0, load_main("args=\"-w opt /dev/rmtest/kept3\""));
	EXPECT_STREQ("argc=4 /dev/rmtest/kept3 opt parts=10.\n",
		     read_once("/dev/rmtest/kept3", 0));
	ASSERT_EQ(0, unload_main());
	EXPECT_EQ(-EINVAL, load_main("args=\"-x /dev/rmtest/kept3\""));

	ASSERT_EQ(0, load_main("args=\"/dev/rmtest/kept hello\""));
	EXPECT_STREQ("argc=3 /dev/rmtest/kept hello parts=10.\n",
		     read_once("/dev/rmtest/kept", 0));
}

#define WAIT_MOD	"/sys/module/qnx_wait_fixture"
#define WAIT_DEV	"/dev/rmtest/wait"
#define WAIT_CTL	"/dev/rmtest/wait_ctl"
#define WAIT_FIFO	"/tmp/qnx_wait_fifo"

static void on_usr1(int sig)
{
	(void)sig;
}

/*
 * A child that reads @fd once (after installing a SIGUSR1 handler
 * without SA_RESTART) and sends "<n> <bytes>" or "-<errno>" down a pipe.
 * Returns the pipe's read end; *pid is the child.
 */
static int start_reader(int fd, pid_t *pid)
{
	int p[2];

	if (pipe(p))
		return -1;
	*pid = fork();
	if (*pid == 0) {
		struct sigaction sa = { .sa_handler = on_usr1 };
		char buf[32], out[48];
		ssize_t n;

		sigaction(SIGUSR1, &sa, NULL);
		n = read(fd, buf, sizeof(buf) - 1);
		if (n < 0)
			n = snprintf(out, sizeof(out), "-%d", errno);
		else
			n = snprintf(out, sizeof(out), "%zd %.*s", n, (int)n, buf);
		if (write(p[1], out, n) != n)
			_exit(2);
		_exit(0);
	}
	close(p[1]);
	return p[0];
}

/* What the reader sent within @ms, or "" when it still waits. */
static const char *reader_said(int rfd, int ms)
{
	static char out[48];
	struct pollfd pfd = { .fd = rfd, .events = POLLIN };
	ssize_t n;

	out[0] = '\0';
	if (poll(&pfd, 1, ms) == 1) {
		n = read(rfd, out, sizeof(out) - 1);
		out[n > 0 ? n : 0] = '\0';
	}
	return out;
}

static void reap(int rfd, pid_t pid)
{
	close(rfd);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* Two opens of the wait device, or of the control FIFO. */
static int open_pair(const char *path, int fd[2])
{
	fd[0] = open(path, O_RDWR);
	fd[1] = open(path, O_RDWR);
	return fd[0] < 0 || fd[1] < 0 ? -1 : 0;
}

static const char *const wait_paths[] = { WAIT_FIFO, WAIT_DEV };

FIXTURE(wait) {
	int dummy;
};

FIXTURE_SETUP(wait)
{
	if (access(WAIT_MOD, F_OK))
		SKIP(return, "qnx_wait_fixture is not loaded");
	unlink(WAIT_FIFO);
	ASSERT_EQ(0, mkfifo(WAIT_FIFO, 0666));
}

FIXTURE_TEARDOWN(wait)
{
	unlink(WAIT_FIFO);
}

/*
 * A read with nothing there waits (the handler kept its receive id and
 * returned _RESMGR_NOREPLY); a write makes it run again
 * (resmgr_msg_again()) and it gets the bytes. The FIFO does the same.
 */
TEST_F(wait, read_waits_for_write)
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		int fd[2], rfd;
		pid_t pid;

		ASSERT_EQ(0, open_pair(wait_paths[i], fd)) TH_LOG("%s", wait_paths[i]);
		rfd = start_reader(fd[0], &pid);
		ASSERT_LE(0, rfd);
		EXPECT_STREQ("", reader_said(rfd, 300)) TH_LOG("%s", wait_paths[i]);
		EXPECT_EQ(3, write(fd[1], "abc", 3));
		EXPECT_STREQ("3 abc", reader_said(rfd, 10000)) TH_LOG("%s", wait_paths[i]);
		reap(rfd, pid);
		close(fd[0]);
		close(fd[1]);
	}
}

/* Two waiting readers, one write: one reader gets it, the other waits on. */
TEST_F(wait, two_readers_one_write)
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		char got1[48], got2[48];
		int fd[2], r1, r2;
		pid_t p1, p2;

		ASSERT_EQ(0, open_pair(wait_paths[i], fd));
		r1 = start_reader(fd[0], &p1);
		r2 = start_reader(fd[0], &p2);
		ASSERT_LE(0, r1);
		ASSERT_LE(0, r2);
		usleep(300000);
		EXPECT_EQ(2, write(fd[1], "ab", 2));
		usleep(500000);
		snprintf(got1, sizeof(got1), "%s", reader_said(r1, 0));
		snprintf(got2, sizeof(got2), "%s", reader_said(r2, 0));
		/* Exactly one has "ab"; the other still waits. */
		EXPECT_STREQ("2 ab", got1[0] ? got1 : got2) TH_LOG("%s", wait_paths[i]);
		EXPECT_STREQ("", got1[0] ? got2 : got1) TH_LOG("%s", wait_paths[i]);
		EXPECT_EQ(2, write(fd[1], "cd", 2));
		EXPECT_STREQ("2 cd", reader_said(got1[0] ? r2 : r1, 10000))
			TH_LOG("%s", wait_paths[i]);
		reap(r1, p1);
		reap(r2, p2);
		close(fd[0]);
		close(fd[1]);
	}
}

/* O_NONBLOCK with nothing there: EAGAIN, as a FIFO gives. */
TEST_F(wait, nonblock_read)
{
	unsigned int i;
	char c;

	for (i = 0; i < 2; i++) {
		int fd = open(wait_paths[i], O_RDWR | O_NONBLOCK);

		ASSERT_LE(0, fd);
		EXPECT_EQ(-1, read(fd, &c, 1));
		EXPECT_EQ(EAGAIN, errno) TH_LOG("%s", wait_paths[i]);
		close(fd);
	}
}

struct wait_stats {
	int threads, timeouts, pulses, other, code, value, unblocks;
};

static int wait_stats(struct wait_stats *st)
{
	char buf[128];
	int fd = open(WAIT_CTL, O_RDONLY), n;

	if (fd < 0)
		return -errno;
	n = read_str(fd, buf, sizeof(buf));
	close(fd);
	if (n < 0)
		return n;
	return sscanf(buf, "threads %d timeouts %d pulses %d other %d last %d:%d unblocks %d",
		      &st->threads, &st->timeouts, &st->pulses, &st->other,
		      &st->code, &st->value, &st->unblocks) == 7 ? 0 : -EINVAL;
}

static int wait_cmd(const char *cmd)
{
	int fd = open(WAIT_CTL, O_WRONLY), ret;

	if (fd < 0)
		return -errno;
	ret = write(fd, cmd, strlen(cmd)) < 0 ? -errno : 0;
	close(fd);
	return ret;
}

/*
 * A signal ends a waiting read with EINTR (the unblock handler lets it
 * go), and the read it kept is forgotten: the next write goes to the
 * next reader.
 */
TEST_F(wait, signal_ends_wait)
{
	struct wait_stats a, b;
	unsigned int i;
	char buf[8];

	for (i = 0; i < 2; i++) {
		int fd[2], rfd;
		pid_t pid;

		ASSERT_EQ(0, open_pair(wait_paths[i], fd));
		ASSERT_EQ(0, wait_stats(&a));
		rfd = start_reader(fd[0], &pid);
		ASSERT_LE(0, rfd);
		EXPECT_STREQ("", reader_said(rfd, 300));
		kill(pid, SIGUSR1);
		snprintf(buf, sizeof(buf), "-%d", EINTR);
		EXPECT_STREQ(buf, reader_said(rfd, 10000)) TH_LOG("%s", wait_paths[i]);
		/* The unblock handler saw _NTO_MI_UNBLOCK_REQ from MsgInfo(). */
		ASSERT_EQ(0, wait_stats(&b));
		EXPECT_EQ(a.unblocks + !strcmp(wait_paths[i], WAIT_DEV), b.unblocks);
		reap(rfd, pid);
		EXPECT_EQ(1, write(fd[1], "z", 1));
		EXPECT_EQ(1, read(fd[0], buf, sizeof(buf))) TH_LOG("%s", wait_paths[i]);
		EXPECT_EQ('z', buf[0]);
		close(fd[0]);
		close(fd[1]);
	}
}

/*
 * A reader the manager keeps after a signal (its unblock handler returns
 * _RESMGR_NOREPLY) gets the data a later write brings: the write's
 * resmgr_msg_again() runs its read again, and the signal still pending
 * must not take that request back from the pool. Before, the read ended
 * with EINTR instead.
 */
TEST_F(wait, kept_reader_gets_data)
{
	int fd[2], rfd;
	pid_t pid;

	/*
	 * One server thread: while it runs the write, nobody takes the read
	 * that resmgr_msg_again() queues, so the pending signal would find
	 * it still queued (as it always did before the fix).
	 */
	ASSERT_EQ(0, wait_cmd("limits 1 1 1 1"));
	ASSERT_EQ(0, wait_cmd("keep 1"));
	ASSERT_EQ(0, open_pair(WAIT_DEV, fd));
	rfd = start_reader(fd[0], &pid);
	ASSERT_LE(0, rfd);
	EXPECT_STREQ("", reader_said(rfd, 300));
	kill(pid, SIGUSR1);
	EXPECT_STREQ("", reader_said(rfd, 300));
	EXPECT_EQ(4, write(fd[1], "kept", 4));
	EXPECT_STREQ("4 kept", reader_said(rfd, 10000));
	reap(rfd, pid);
	EXPECT_EQ(0, wait_cmd("keep 0"));
	EXPECT_EQ(0, wait_cmd("limits 1 2 4 1"));
	close(fd[0]);
	close(fd[1]);
}

/* dispatch_timeout(): blocked threads time out and the handler runs; NULL stops it. */
TEST_F(wait, dispatch_timeout)
{
	struct wait_stats a, b;
	int i;

	ASSERT_EQ(0, wait_stats(&a));
	ASSERT_EQ(0, wait_cmd("timeout 20"));
	for (i = 0; i < 100; i++) {
		usleep(50000);
		ASSERT_EQ(0, wait_stats(&b));
		if (b.timeouts >= a.timeouts + 3)
			break;
	}
	EXPECT_LE(a.timeouts + 3, b.timeouts);
	/* Requests still come through while the threads time out. */
	EXPECT_EQ(0, wait_stats(&b));
	ASSERT_EQ(0, wait_cmd("timeout 0"));
	usleep(200000);
	ASSERT_EQ(0, wait_stats(&a));
	usleep(500000);
	ASSERT_EQ(0, wait_stats(&b));
	EXPECT_EQ(a.timeouts, b.timeouts);
	EXPECT_EQ(-EINVAL, wait_cmd("bogus"));
}

/* A pulse in the message_attach() range, then one the catch-all takes. */
TEST_F(wait, pulse_ranges)
{
	struct wait_stats a, b;
	int i;

	ASSERT_EQ(0, wait_stats(&a));
	ASSERT_EQ(0, wait_cmd("pulse 12 34"));
	for (i = 0; i < 100 && !wait_stats(&b) && b.pulses == a.pulses; i++)
		usleep(20000);
	EXPECT_EQ(a.pulses + 1, b.pulses);
	EXPECT_EQ(a.other, b.other);
	EXPECT_EQ(12, b.code);
	EXPECT_EQ(34, b.value);
	ASSERT_EQ(0, wait_cmd("pulse 50 7"));
	for (i = 0; i < 100 && !wait_stats(&b) && b.other == a.other; i++)
		usleep(20000);
	EXPECT_EQ(a.pulses + 1, b.pulses);
	EXPECT_EQ(a.other + 1, b.other);
	EXPECT_EQ(50, b.code);
	EXPECT_EQ(7, b.value);
}

/*
 * thread_pool_limits() from a handler: raising lo_water starts threads
 * (the call returns once the pool is within the limits), lowering
 * hi_water and maximum lets them go; bad limits are EINVAL.
 */
TEST_F(wait, pool_limits)
{
	struct wait_stats st;
	int i;

	ASSERT_EQ(0, wait_cmd("limits 3 4 6 1"));
	for (i = 0; i < 250 && !wait_stats(&st) && st.threads < 3; i++)
		usleep(20000);
	EXPECT_LE(3, st.threads);
	EXPECT_GE(6, st.threads);
	ASSERT_EQ(0, wait_cmd("limits 1 1 2 1"));
	for (i = 0; i < 250 && !wait_stats(&st) && st.threads > 2; i++)
		usleep(20000);
	EXPECT_LE(1, st.threads);
	EXPECT_GE(2, st.threads);
	EXPECT_EQ(-EINVAL, wait_cmd("limits 5 2 6 1"));
	EXPECT_EQ(-EINVAL, wait_cmd("limits 1 2 0 1"));
	ASSERT_EQ(0, wait_cmd("limits 1 2 4 1"));
	/* Still serving. */
	EXPECT_EQ(0, wait_stats(&st));
}

/*
 * An open of /dev/rmtest/wait_link is answered with _IO_CONNECT_RET_LINK
 * to the control file: the file opened is the control file.
 */
TEST_F(wait, connect_redirect)
{
	struct wait_stats st;
	char buf[128];
	int fd, n;

	fd = open("/dev/rmtest/wait_link", O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_LT(0, read_str(fd, buf, sizeof(buf)));
	close(fd);
	n = sscanf(buf, "threads %d timeouts %d pulses %d other %d last %d:%d unblocks %d",
		   &st.threads, &st.timeouts, &st.pulses, &st.other, &st.code, &st.value,
		   &st.unblocks);
	EXPECT_EQ(7, n) TH_LOG("%s", buf);
}

TEST_HARNESS_MAIN
