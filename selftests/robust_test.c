// SPDX-License-Identifier: GPL-2.0
/*
 * Robustness, bounded in count and time:
 *  - stress: processes opening, reading, writing, polling, devctl-ing and
 *    closing every example device while managers attach and detach, a
 *    driver module is unloaded and loaded again, and signals interrupt
 *    blocked readers;
 *  - random_syscalls: random flags, sizes, offsets, commands and bad
 *    pointers against the user ABI; every call gives a result or a known
 *    errno;
 *  - failslab: the same paths with slab allocations failing (debug
 *    kernel, task-filtered to one process); calls fail cleanly.
 * Nothing may hang (the harness times out), leak (kmemleak runs after)
 * or splat (the console is checked).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "fault_inject.h"
#include "devctl.h"

static const char *const devices[] = {
	"/dev/rmnull", "/dev/rmhello", "/dev/rmunion", "/dev/rmser1",
	"/dev/rmnull_loop", "/dev/rmtest/public", "/dev/rmtest/dev",
	"/dev/rmtest/short", "/dev/rmtest/s1", "/dev/rmtest/s2",
	"/dev/rmtest/nosuch", "/dev/rmnull_pool",
};

#define NDEV ARRAY_SIZE(devices)

/* errno values a call on the user ABI may give here. */
static int allowed(int e)
{
	switch (e) {
	case EINVAL: case EFAULT: case EBADF: case ENOTTY: case ENOSYS:
	case EAGAIN: case ESPIPE: case EACCES: case ENOENT: case E2BIG:
	case EOVERFLOW: case ENXIO: case EPERM: case EINTR: case ENOLCK:
	case EBUSY: case EISDIR: case EROFS: case ENODEV: case ENOMEM:
	case ENOSPC: case EEXIST:
		return 1;
	}
	return 0;
}

static unsigned int rnd(unsigned int *seed, unsigned int n)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 8) % n;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void on_sig(int sig)
{
	(void)sig;
}

#define CHECK(call) do {						\
	long __r = (call);						\
	if (__r < 0 && !allowed(errno)) {				\
		fprintf(stderr, "# %s on %s: %s (%d)\n", #call, dev,	\
			strerror(errno), errno);			\
		bad++;							\
	}								\
} while (0)

/* One worker: random operations on random devices until @until. */
static int worker(unsigned int seed, double until, int blocking)
{
	struct sigaction sa = { .sa_handler = on_sig };
	char buf[512];
	int bad = 0;

	sigaction(SIGUSR1, &sa, NULL);
	while (now() < until) {
		const char *dev = devices[rnd(&seed, NDEV)];
		static const int modes[] = { O_RDONLY, O_WRONLY, O_RDWR };
		int flags = modes[rnd(&seed, 3)];
		struct pollfd p;
		int fd, v;

		if (!blocking || strcmp(dev, "/dev/rmser1"))
			flags |= O_NONBLOCK;
		fd = open(dev, flags);
		if (fd < 0) {
			if (!allowed(errno)) {
				fprintf(stderr, "# open %s: %s\n", dev, strerror(errno));
				bad++;
			}
			continue;
		}
		CHECK(write(fd, "stress", rnd(&seed, 7)));
		CHECK(read(fd, buf, rnd(&seed, sizeof(buf))));
		CHECK(lseek(fd, rnd(&seed, 20), SEEK_SET));
		p.fd = fd;
		p.events = POLLIN | POLLOUT;
		CHECK(poll(&p, 1, 0));
		v = devctl(fd, DCMD_ALL_GETFLAGS, &buf, sizeof(int), NULL);
		if (v && !allowed(v)) {
			fprintf(stderr, "# devctl %s: %s (%d)\n", dev, strerror(v), v);
			bad++;
		}
		CHECK(close(fd));
	}
	return bad ? 1 : 0;
}

static void send_ctl(const char *cmd)
{
	int fd = open("/dev/rmtest/ctl", O_WRONLY);

	if (fd >= 0) {
		if (write(fd, cmd, strlen(cmd)) < 0)
			(void)0;	/* EEXIST/ENOENT races are expected */
		close(fd);
	}
}

/* Attach and detach s1 and s2 with every detach mode. */
static int toggler(unsigned int seed, double until)
{
	static const char *const modes[] = { "all", "pathname", "close" };
	char cmd[64];

	while (now() < until) {
		const char *name = rnd(&seed, 2) ? "s1" : "s2";

		snprintf(cmd, sizeof(cmd), "attach %s", name);
		send_ctl(cmd);
		usleep(rnd(&seed, 20000));
		snprintf(cmd, sizeof(cmd), "detach %s %s", name, modes[rnd(&seed, 3)]);
		send_ctl(cmd);
	}
	send_ctl("detach s1 all");
	send_ctl("detach s2 all");
	return 0;
}

/* Unload and load rm_hello again and again (refused while in use). */
static int reloader(double until)
{
	int loads = 0;

	while (now() < until) {
		if (syscall(SYS_delete_module, "rm_hello", O_NONBLOCK) == 0) {
			int fd = open("/lib/resmgr/rm_hello.ko", O_RDONLY);

			if (fd < 0 || syscall(SYS_finit_module, fd, "", 0))
				return 2;
			close(fd);
			loads++;
		} else if (errno != EBUSY && errno != EAGAIN) {
			return 3;
		}
		usleep(50000);
	}
	return loads ? 0 : 4;
}

TEST(stress)
{
	const int nworkers = 6;
	double until = now() + 8;
	pid_t pids[16];
	int n = 0, i, st, failed = 0;

	if (access("/sys/module/resmgr_fixture", F_OK) ||
	    access("/sys/module/rm_hello", F_OK))
		SKIP(return, "the fixture and example modules are not loaded");
	for (i = 0; i < nworkers; i++) {
		pids[n] = fork();
		if (pids[n] == 0)
			_exit(worker(1234 + i, until, i % 2));
		n++;
	}
	pids[n] = fork();
	if (pids[n] == 0)
		_exit(toggler(99, until));
	n++;
	pids[n] = fork();
	if (pids[n] == 0)
		_exit(reloader(until));
	n++;
	/* Signals for the workers, some of them blocked in reads. */
	while (now() < until) {
		usleep(100000);
		for (i = 0; i < nworkers; i++)
			kill(pids[i], SIGUSR1);
	}
	/* Blocking readers of rmser1 may wait for a writer that is gone. */
	usleep(200000);
	for (i = 0; i < nworkers; i++)
		kill(pids[i], SIGUSR1);
	for (i = 0; i < n; i++) {
		ASSERT_EQ(pids[i], waitpid(pids[i], &st, 0));
		if (!WIFEXITED(st) || WEXITSTATUS(st)) {
			TH_LOG("child %d: status 0x%x", i, st);
			failed++;
		}
	}
	EXPECT_EQ(0, failed);
	/* Everything still works. */
	i = open("/dev/rmhello", O_RDONLY);
	ASSERT_GE(i, 0);
	close(i);
}

TEST(random_syscalls)
{
	static const int cmds[] = { F_GETLK, F_SETLK, F_SETFL, F_GETFL };
	char *bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char buf[9000];
	unsigned int seed = 4242;
	int fds[8], i, nbad = 0;

	if (access("/sys/module/resmgr", F_OK))
		SKIP(return, "resmgr is not loaded");
	ASSERT_NE(MAP_FAILED, bad);
	for (i = 0; i < 8; i++)
		fds[i] = -1;
	alarm(60);
	for (i = 0; i < 3000; i++) {
		void *ptrs[] = { buf, NULL, (void *)1, bad, (void *)0xffff888000000000ul,
				 buf + sizeof(buf) - 16 };
		void *p = ptrs[rnd(&seed, 6)];
		size_t len = rnd(&seed, 3) ? rnd(&seed, 64) : rnd(&seed, 8192);
		int slot = rnd(&seed, 8), fd = fds[slot], r = 0, e = 0;
		const char *what = "";
		struct flock fl;

		switch (rnd(&seed, 11)) {
		case 0:
			if (fd >= 0)
				close(fd);
			fds[slot] = open(devices[rnd(&seed, NDEV)],
					 rnd(&seed, 4) | O_NONBLOCK);
			continue;
		case 1:
			what = "read";
			r = read(fd, p, len);
			break;
		case 2:
			what = "write";
			r = write(fd, p, len);
			break;
		case 3:
			what = "pread";
			r = pread(fd, p, len, (off_t)rnd(&seed, 100) - 10);
			break;
		case 4:
			what = "pwrite";
			r = pwrite(fd, p, len, (off_t)rnd(&seed, 100) - 10);
			break;
		case 5:
			what = "lseek";
			r = lseek(fd, (off_t)rnd(&seed, 1000) - 500, rnd(&seed, 6));
			break;
		case 6:
			what = "ioctl";
			r = ioctl(fd, (unsigned long)rnd(&seed, 0x7fffffff) * 2 + rnd(&seed, 2), p);
			break;
		case 7: {
			unsigned int dcmd = rnd(&seed, 0xffff) |
					    ((unsigned int)rnd(&seed, 4) << 30);

			if (rnd(&seed, 2))
				dcmd |= (unsigned int)len << 16;
			what = "devctl";
			r = devctl(fd, (int)dcmd, p, len, NULL);
			if (r) {
				e = r;
				r = -1;
			}
			break;
		}
		case 8:
			what = "fcntl";
			memset(&fl, 0, sizeof(fl));
			fl.l_type = rnd(&seed, 4);
			fl.l_whence = rnd(&seed, 4);
			fl.l_start = (off_t)rnd(&seed, 100) - 20;
			fl.l_len = (off_t)rnd(&seed, 100) - 20;
			r = fcntl(fd, cmds[rnd(&seed, 4)], cmds[0] == F_GETLK ? (long)&fl : 0);
			break;
		case 9: {
			struct pollfd pf = { .fd = fd, .events = rnd(&seed, 0xffff) };

			what = "poll";
			r = poll(&pf, 1, 0);
			break;
		}
		default:
			what = "close";
			r = close(fd);
			fds[slot] = -1;
			break;
		}
		if (r < 0) {
			if (!e)
				e = errno;
			if (!allowed(e)) {
				TH_LOG("%s on fd %d: %s", what, fd, strerror(e));
				nbad++;
			}
		}
	}
	alarm(0);
	for (i = 0; i < 8; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	EXPECT_EQ(0, nbad);
}

/*
 * Slab and page allocations fail in one process (failslab,
 * fail_page_alloc): every call fails cleanly or works.
 */
/*
 * 400 rounds: 18 s under KASAN on an idle machine (about 45 ms a round
 * with failing allocations), so the harness's 30 s default left no room
 * for a loaded one; the work stays fixed and the timeout has room.
 */
FIXTURE(faults) {
	int unused;
};

FIXTURE_SETUP(faults)
{
}

FIXTURE_TEARDOWN(faults)
{
}

TEST_F_TIMEOUT(faults, failslab, 180)
{
	const char *fs = "/sys/kernel/debug/failslab";
	const char *fp = "/sys/kernel/debug/fail_page_alloc";
	int nbad = 0, ok = 0, i, st;
	pid_t pid;

	if (access(fs, F_OK) || access("/sys/module/resmgr_fixture", F_OK))
		SKIP(return, "no failslab (not the debug kernel) or no fixture");
	ASSERT_EQ(0, fail_setup(fs, "30"));
	if (!access(fp, F_OK))
		ASSERT_EQ(0, fail_setup(fp, "10"));
	pid = fork();
	if (pid == 0) {
		char buf[64];
		int bad = 0;

		if (write_str("/proc/self/make-it-fail", "1"))
			_exit(2);
		for (i = 0; i < 400; i++) {
			const char *dev = devices[i % NDEV];
			int fd = open(dev, O_RDWR | O_NONBLOCK), v;

			if (fd < 0) {
				bad += !allowed(errno);
				continue;
			}
			if (read(fd, buf, sizeof(buf)) < 0)
				bad += !allowed(errno);
			v = 0;
			v = devctl(fd, DCMD_ALL_GETFLAGS, &v, sizeof(v), NULL);
			bad += v && !allowed(v);
			close(fd);
			send_ctl(i % 2 ? "attach f1" : "detach f1 close");
		}
		send_ctl("detach f1 all");
		_exit(bad ? 1 : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	write_str("/sys/kernel/debug/failslab/probability", "0");
	if (!access(fp, F_OK))
		write_str("/sys/kernel/debug/fail_page_alloc/probability", "0");
	EXPECT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
	/* Afterwards all is as it was: f1 gone, devices fine. */
	send_ctl("detach f1 all");
	EXPECT_EQ(-1, access("/dev/rmtest/f1", F_OK));
	for (i = 0; i < 20; i++) {
		int fd = open("/dev/rmnull", O_RDWR);

		ok += fd >= 0;
		if (fd >= 0)
			close(fd);
	}
	EXPECT_EQ(20, ok);
	EXPECT_EQ(0, nbad);
}

TEST_HARNESS_MAIN
