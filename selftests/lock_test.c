// SPDX-License-Identifier: GPL-2.0
/*
 * fcntl byte-range locks on a resmgr file (iofunc_lock_default), between
 * two processes, on the fixture's /dev/rmtest/public.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"

#define DEV "/dev/rmtest/public"

static int lk(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = {
		.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len,
	};

	return fcntl(fd, cmd, &fl) ? errno : 0;
}

static long ms_since(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

/* Run @fn in a child with its own descriptor; return its exit status. */
static int in_child(int (*fn)(int fd))
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		int fd = open(DEV, O_RDWR);

		_exit(fd < 0 ? 100 : fn(fd));
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 101;
}

static pid_t parent_pid;

static int child_conflicts(int fd)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 5, .l_len = 1 };

	if (lk(fd, F_SETLK, F_WRLCK, 5, 1) != EAGAIN)
		return 1;
	if (fcntl(fd, F_GETLK, &fl) || fl.l_type != F_WRLCK || fl.l_start != 0 ||
	    fl.l_len != 10 || fl.l_pid != parent_pid)
		return 2;
	if (lk(fd, F_SETLK, F_RDLCK, 20, 10))
		return 3;
	return 0;
}

static int child_free(int fd)
{
	return lk(fd, F_SETLK, F_WRLCK, 0, 10) ? 1 : 0;
}

static int child_waits(int fd)
{
	struct timespec a;

	clock_gettime(CLOCK_MONOTONIC, &a);
	if (lk(fd, F_SETLKW, F_WRLCK, 0, 1))
		return 1;
	return ms_since(&a) >= 150 ? 0 : 2;
}

FIXTURE(locks) {
	int fd;
};

FIXTURE_SETUP(locks)
{
	if (access("/sys/module/resmgr_fixture", F_OK))
		SKIP(return, "resmgr_fixture is not loaded");
	parent_pid = getpid();
	self->fd = open(DEV, O_RDWR);
	ASSERT_GE(self->fd, 0);
}

FIXTURE_TEARDOWN(locks)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* Another process sees the conflict (EAGAIN, F_GETLK) but not outside the range. */
TEST_F(locks, conflict_and_getlk)
{
	EXPECT_EQ(0, lk(self->fd, F_SETLK, F_WRLCK, 0, 10));
	EXPECT_EQ(0, in_child(child_conflicts));
	EXPECT_EQ(0, lk(self->fd, F_SETLK, F_UNLCK, 0, 0));
	EXPECT_EQ(0, in_child(child_free));
}

/* F_SETLKW waits until the holder unlocks. */
TEST_F(locks, setlkw_waits_for_unlock)
{
	pid_t pid;
	int st;

	EXPECT_EQ(0, lk(self->fd, F_SETLK, F_WRLCK, 0, 10));
	pid = fork();
	if (pid == 0) {
		int fd = open(DEV, O_RDWR);

		_exit(fd < 0 ? 100 : child_waits(fd));
	}
	usleep(300 * 1000);
	EXPECT_EQ(0, lk(self->fd, F_SETLK, F_UNLCK, 0, 10));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_EQ(0, WEXITSTATUS(st));
}

/* close() of any descriptor drops the process's locks on the file. */
TEST_F(locks, close_releases)
{
	int fd2 = open(DEV, O_RDWR);

	ASSERT_GE(fd2, 0);
	EXPECT_EQ(0, lk(self->fd, F_SETLK, F_WRLCK, 0, 10));
	EXPECT_EQ(1, in_child(child_free));
	EXPECT_EQ(0, close(fd2));
	EXPECT_EQ(0, in_child(child_free));
}

static void on_alarm(int sig)
{
	(void)sig;
}

static int child_interrupted(int fd)
{
	struct sigaction sa = { .sa_handler = on_alarm };

	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	return lk(fd, F_SETLKW, F_WRLCK, 0, 1) == EINTR ? 0 : 1;
}

/* A signal ends an F_SETLKW wait with EINTR; the waiter leaves no trace. */
TEST_F(locks, setlkw_signal)
{
	EXPECT_EQ(0, lk(self->fd, F_SETLK, F_WRLCK, 0, 10));
	EXPECT_EQ(0, in_child(child_interrupted));
	EXPECT_EQ(0, lk(self->fd, F_SETLK, F_UNLCK, 0, 10));
	EXPECT_EQ(0, in_child(child_free));
}

/* Read locks share; a read lock needs a readable descriptor. */
TEST_F(locks, read_locks_share)
{
	int wo = open(DEV, O_WRONLY);

	EXPECT_EQ(0, lk(self->fd, F_SETLK, F_RDLCK, 0, 10));
	EXPECT_EQ(1, in_child(child_free));
	ASSERT_GE(wo, 0);
	EXPECT_EQ(EBADF, lk(wo, F_SETLK, F_RDLCK, 0, 1));
	close(wo);
}

TEST_HARNESS_MAIN
