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

/*
 * The same steps on a tmpfs file and on the device: this process locks
 * the whole file, then 0..10 again, then unlocks 20..29; another process
 * asks F_GETLK for 0..0 and for 40..40. Linux merges a process's locks,
 * so the answers are the whole-file lock's pieces, as on tmpfs.
 */
static int getlk_at(const char *path, off_t start, struct flock *out)
{
	int fd = open(path, O_RDWR);

	if (fd < 0)
		return errno;
	*out = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = start,
			       .l_len = 1 };
	if (fcntl(fd, F_GETLK, out)) {
		close(fd);
		return errno;
	}
	close(fd);
	return 0;
}

static int merged_locks(const char *path, struct flock out[2])
{
	int fd = open(path, O_RDWR), pfd[2], st;
	pid_t pid;

	if (fd < 0 || pipe(pfd))
		return -1;
	if (lk(fd, F_SETLK, F_WRLCK, 0, 0) || lk(fd, F_SETLK, F_WRLCK, 0, 11) ||
	    lk(fd, F_SETLK, F_UNLCK, 20, 10))
		return -2;
	pid = fork();
	if (pid == 0) {
		struct flock fl[2];

		close(pfd[0]);
		if (getlk_at(path, 0, &fl[0]) || getlk_at(path, 40, &fl[1]))
			_exit(1);
		_exit(write(pfd[1], fl, sizeof(fl)) == sizeof(fl) ? 0 : 2);
	}
	close(pfd[1]);
	st = read(pfd[0], out, 2 * sizeof(*out)) == 2 * sizeof(*out) ? 0 : -3;
	close(pfd[0]);
	waitpid(pid, NULL, 0);
	close(fd);
	return st;
}

TEST(merged_locks_as_on_tmpfs)
{
	struct flock tmp[2], dev[2];
	int i, fd;

	fd = open("/tmp/lock-control", O_RDWR | O_CREAT, 0666);
	ASSERT_GE(fd, 0);
	close(fd);
	ASSERT_EQ(0, merged_locks("/tmp/lock-control", tmp));
	ASSERT_EQ(0, merged_locks(DEV, dev));
	for (i = 0; i < 2; i++) {
		EXPECT_EQ(tmp[i].l_type, dev[i].l_type);
		EXPECT_EQ(tmp[i].l_start, dev[i].l_start);
		EXPECT_EQ(tmp[i].l_len, dev[i].l_len);
	}
	/* The control: 0..19 and 30..end, as one lock split by the unlock. */
	EXPECT_EQ(0, tmp[0].l_start);
	EXPECT_EQ(20, tmp[0].l_len);
	EXPECT_EQ(30, tmp[1].l_start);
	EXPECT_EQ(0, tmp[1].l_len);
	unlink("/tmp/lock-control");
}

/*
 * Two owners each hold one byte and wait for the other's: whichever waits
 * second must get EDEADLK (the other then gets its lock). Returns 0 when
 * exactly that happened, else what went wrong.
 */
static int deadlock(const char *path)
{
	int fd = open(path, O_RDWR), c2p[2], st, e;
	pid_t pid;
	char c;

	if (fd < 0 || pipe(c2p))
		return -1;
	if (lk(fd, F_SETLK, F_WRLCK, 0, 1))
		return -2;
	pid = fork();
	if (pid == 0) {
		int cfd = open(path, O_RDWR);

		if (cfd < 0 || lk(cfd, F_SETLK, F_WRLCK, 1, 1))
			_exit(1);
		if (write(c2p[1], "l", 1) != 1)
			_exit(1);
		e = lk(cfd, F_SETLKW, F_WRLCK, 0, 1);
		_exit(e == 0 ? 0 : e == EDEADLK ? 3 : 2);
	}
	if (read(c2p[0], &c, 1) != 1)
		return -3;
	e = lk(fd, F_SETLKW, F_WRLCK, 1, 1);
	/* Let the child have byte 0 if it is the one still waiting. */
	lk(fd, F_SETLK, F_UNLCK, 0, 0);
	waitpid(pid, &st, 0);
	close(fd);
	close(c2p[0]);
	close(c2p[1]);
	if (!WIFEXITED(st))
		return -4;
	if (e == EDEADLK && WEXITSTATUS(st) == 0)
		return 0;	/* the parent waited second */
	if (e == 0 && WEXITSTATUS(st) == 3)
		return 0;	/* the child did */
	return 1000 + e * 10 + WEXITSTATUS(st);
}

TEST(deadlock_as_on_tmpfs)
{
	int fd;

	if (access("/sys/module/resmgr_fixture", F_OK))
		SKIP(return, "resmgr_fixture is not loaded");
	fd = open("/tmp/lock-deadlock", O_RDWR | O_CREAT, 0666);
	ASSERT_GE(fd, 0);
	close(fd);
	EXPECT_EQ(0, deadlock("/tmp/lock-deadlock"));
	EXPECT_EQ(0, deadlock(DEV));
	unlink("/tmp/lock-deadlock");
}

/*
 * A documented difference (Documentation/resmgrfs.rst): SEEK_CUR is made
 * absolute by the VFS with a position the kernel does not hold for a
 * resmgr file (a sentinel far below zero), so it is refused with
 * EOVERFLOW, cleanly; SEEK_SET and SEEK_END work.
 */
TEST_F(locks, seek_cur_refused_seek_end_works)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_CUR, .l_start = 0, .l_len = 1 };

	EXPECT_EQ(-1, fcntl(self->fd, F_SETLK, &fl));
	EXPECT_EQ(EOVERFLOW, errno);
	fl.l_whence = SEEK_END;
	EXPECT_EQ(0, fcntl(self->fd, F_SETLK, &fl));
	fl.l_type = F_UNLCK;
	EXPECT_EQ(0, fcntl(self->fd, F_SETLK, &fl));
}

TEST_HARNESS_MAIN
