// SPDX-License-Identifier: GPL-2.0
/*
 * Message delivery: handles with a dispatch context queue requests for
 * their server threads. rm_null_loop (the seed's loop in a kernel
 * thread) and the fixture's /dev/rmtest/who and /dev/rmtest/msg, served
 * by a thread pool of one (thread resmgr_pool), and rm_null_pool.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <dirent.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"

static int loaded(const char *mod)
{
	char p[128];

	snprintf(p, sizeof(p), "/sys/module/%s", mod);
	return access(p, F_OK) == 0;
}

/* The seed's loop serves /dev/null semantics from its kernel thread. */
TEST(rmnull_loop)
{
	char buf[8];
	int fd, i;

	if (!loaded("rm_null_loop"))
		SKIP(return, "rm_null_loop is not loaded");
	for (i = 0; i < 100; i++) {
		fd = open("/dev/rmnull_loop", O_RDWR);
		ASSERT_GE(fd, 0);
		EXPECT_EQ(0, read(fd, buf, sizeof(buf)));
		EXPECT_EQ(4, write(fd, "void", 4));
		EXPECT_EQ(3, lseek(fd, 3, SEEK_SET));
		EXPECT_EQ(0, close(fd));
	}
}

/* Handlers run in the server thread, not the caller's. */
TEST(handler_runs_in_server_thread)
{
	char buf[32] = "";
	int fd;

	if (!loaded("resmgr_fixture"))
		SKIP(return, "resmgr_fixture is not loaded");
	fd = open("/dev/rmtest/who", O_RDONLY);
	ASSERT_GE(fd, 0);
	EXPECT_LT(0, read(fd, buf, sizeof(buf) - 1));
	EXPECT_STREQ("resmgr_pool\n", buf);
	close(fd);
}

/* _RESMGR_NOREPLY and MsgReply() work by message: a read waits for a write. */
TEST(deferred_reply_by_message)
{
	char buf[16] = "";
	pid_t pid;
	int fd, st;

	if (!loaded("resmgr_fixture"))
		SKIP(return, "resmgr_fixture is not loaded");
	fd = open("/dev/rmtest/msg", O_RDWR);
	ASSERT_GE(fd, 0);
	pid = fork();
	if (pid == 0) {
		int w = open("/dev/rmtest/msg", O_WRONLY);

		usleep(200 * 1000);
		_exit(w >= 0 && write(w, "mail", 4) == 4 ? 0 : 1);
	}
	EXPECT_EQ(4, read(fd, buf, sizeof(buf)));
	EXPECT_STREQ("mail", buf);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_EQ(0, WEXITSTATUS(st));
	/* resmgr_msgread() by message: the server read the writer's buffer. */
	EXPECT_EQ(3, write(fd, "abc", 3));
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(3, read(fd, buf, sizeof(buf)));
	EXPECT_STREQ("abc", buf);
	close(fd);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A signal to a caller waiting by message runs unblock: EINTR, nothing left behind. */
TEST(signal_by_message)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	char buf[8];
	int fd;

	if (!loaded("resmgr_fixture"))
		SKIP(return, "resmgr_fixture is not loaded");
	fd = open("/dev/rmtest/msg", O_RDWR);
	ASSERT_GE(fd, 0);
	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	EXPECT_EQ(-1, read(fd, buf, sizeof(buf)));
	EXPECT_EQ(EINTR, errno);
	/* The mailbox forgot the reader: a new read-after-write works. */
	EXPECT_EQ(2, write(fd, "ok", 2));
	EXPECT_EQ(2, read(fd, buf, sizeof(buf)));
	close(fd);
}

/* A caller killed while waiting by message leaves the device usable. */
TEST(killed_by_message)
{
	char buf[8];
	pid_t pid;
	int fd, st;

	if (!loaded("resmgr_fixture"))
		SKIP(return, "resmgr_fixture is not loaded");
	pid = fork();
	if (pid == 0) {
		int r = open("/dev/rmtest/msg", O_RDONLY);

		read(r, buf, sizeof(buf));
		_exit(0);
	}
	usleep(200 * 1000);
	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFSIGNALED(st));
	fd = open("/dev/rmtest/msg", O_RDWR);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(2, write(fd, "hi", 2));
	EXPECT_EQ(2, read(fd, buf, sizeof(buf)));
	close(fd);
}

/*
 * A handler of the writer's call, holding the waiting reader's receive
 * id, checks it with MsgInfo() and MsgRead(), writes the reply into the
 * reader's buffer with MsgWrite() and answers with MsgReply() and no
 * data, as QNX servers do: the reader gets
 * the bytes, and the same user address in the writer's process (once
 * overwritten there) is untouched.
 */
static char msg_target[16] = "WRITER-MEMORY";

/* Is @pid asleep (state S in /proc/PID/stat)? */
static bool sleeping(pid_t pid)
{
	char path[64], buf[256], *p;
	FILE *f;
	bool s = false;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	if (fgets(buf, sizeof(buf), f)) {
		p = strrchr(buf, ')');
		s = p && p[1] == ' ' && p[2] == 'S';
	}
	fclose(f);
	return s;
}

TEST(msgwrite_reaches_the_caller_not_a_third_party)
{
	pid_t pid;
	int fd, st, i;

	if (!loaded("resmgr_fixture"))
		SKIP(return, "resmgr_fixture is not loaded");
	pid = fork();
	if (pid == 0) {
		int r = open("/dev/rmtest/msg", O_RDONLY);
		ssize_t n;

		memset(msg_target, 0, sizeof(msg_target));
		n = read(r, msg_target, 8);
		_exit(n == 6 && !memcmp(msg_target, "!hello", 6) ? 0 : 1);
	}
	/* Until the reader sleeps in its read (the mailbox keeps it). */
	for (i = 0; i < 50 && !sleeping(pid); i++)
		usleep(100 * 1000);
	usleep(100 * 1000);
	fd = open("/dev/rmtest/msg", O_WRONLY);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(6, write(fd, "!hello", 6));
	close(fd);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	EXPECT_STREQ("WRITER-MEMORY", msg_target);
}

/* @n processes read /dev/rmnull_pool at once; how long until all are done (ms). */
static long pool_reads(struct __test_metadata *_metadata, int n)
{
	struct timespec a, b;
	pid_t pids[4];
	int i, st;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			char buf[4];
			int fd = open("/dev/rmnull_pool", O_RDONLY);

			_exit(fd >= 0 && read(fd, buf, sizeof(buf)) == 0 ? 0 : 1);
		}
	}
	for (i = 0; i < n; i++) {
		EXPECT_EQ(pids[i], waitpid(pids[i], &st, 0));
		EXPECT_EQ(0, WEXITSTATUS(st));
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	return (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
}

/*
 * A thread pool serves several callers at once: four 200 ms reads take
 * well under four times one read, measured in the same run (one thread
 * would take four times as long, whatever the machine's speed).
 */
TEST(pool_serves_concurrently)
{
	long one, four;

	if (!loaded("rm_null_pool"))
		SKIP(return, "rm_null_pool is not loaded");
	one = pool_reads(_metadata, 1);
	four = pool_reads(_metadata, 4);
	TH_LOG("one read %ld ms, four at once %ld ms", one, four);
	EXPECT_GE(one, 200);
	EXPECT_LT(four, 3 * one);
}

static void send_ctl(struct __test_metadata *_metadata, const char *cmd)
{
	int fd = open("/dev/rmtest/ctl", O_WRONLY);

	ASSERT_GE(fd, 0);
	ASSERT_EQ((ssize_t)strlen(cmd), write(fd, cmd, strlen(cmd)));
	close(fd);
}

/* A pulse to a message handle runs its pulse_attach() handler in the server thread. */
TEST(pulse_by_message)
{
	char buf[48] = "";
	pid_t pid;
	int fd, st;

	if (!loaded("resmgr_fixture"))
		SKIP(return, "resmgr_fixture is not loaded");
	fd = open("/dev/rmtest/msg", O_RDONLY);
	ASSERT_GE(fd, 0);
	pid = fork();
	if (pid == 0) {
		usleep(200 * 1000);
		send_ctl(_metadata, "pulse 5");
		_exit(0);
	}
	EXPECT_LT(0, read(fd, buf, sizeof(buf) - 1));
	EXPECT_STREQ("pulse 5 resmgr_pool", buf);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	close(fd);
}

/* A pulse to a direct handle runs its handler too (in a work item). */
TEST(pulse_direct)
{
	char buf[48] = "";
	int fd, i, got = 0;

	if (!loaded("resmgr_fixture"))
		SKIP(return, "resmgr_fixture is not loaded");
	send_ctl(_metadata, "dpulse 77");
	for (i = 0; i < 50 && !got; i++) {
		fd = open("/dev/rmtest/ctl", O_RDONLY);
		ASSERT_GE(fd, 0);
		memset(buf, 0, sizeof(buf));
		ASSERT_LT(0, read(fd, buf, sizeof(buf) - 1));
		close(fd);
		got = !!strstr(buf, "dpulse=77");
		if (!got)
			usleep(20 * 1000);
	}
	EXPECT_TRUE(got) TH_LOG("ctl says %s", buf);
}

static long module_refs(const char *mod)
{
	char p[128];
	long n = -1;
	FILE *f;

	snprintf(p, sizeof(p), "/sys/module/%s/refcnt", mod);
	f = fopen(p, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &n) != 1)
		n = -1;
	fclose(f);
	return n;
}

/* How many kernel threads are called resmgr_pool. */
static int pool_threads(void)
{
	struct dirent *e;
	char p[300], comm[32];
	DIR *d = opendir("/proc");
	int n = 0;
	FILE *f;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(p, sizeof(p), "/proc/%s/comm", e->d_name);
		f = fopen(p, "r");
		if (!f)
			continue;
		if (fgets(comm, sizeof(comm), f) && !strcmp(comm, "resmgr_pool\n"))
			n++;
		fclose(f);
	}
	closedir(d);
	return n;
}

/*
 * Wait (up to about 10 s) until resmgr's count is @ref0 changed by the
 * pool threads that came or went since @threads0, and by @deps (the
 * module that went or came: a module holds each module it uses).
 */
static bool settles(long ref0, int threads0, int deps)
{
	int i, stable = 0;

	for (i = 0; i < 100 && stable < 3; i++) {
		long gone = threads0 - pool_threads();

		stable = module_refs("resmgr") == ref0 - gone + deps ? stable + 1 : 0;
		usleep(50 * 1000);
	}
	return stable >= 3;
}

/*
 * Every pool thread holds resmgr.ko until it has exited, so a thread
 * still on its way out of resmgr's code when the driver's
 * thread_pool_destroy() returns keeps resmgr loaded (once it ran there
 * with nothing held, and an rmmod of resmgr could pull the code from
 * under it). rm_null_pool's threads come and go with the driver.
 */
FIXTURE(pool) {};
FIXTURE_SETUP(pool) {}
FIXTURE_TEARDOWN(pool) {}

TEST_F_TIMEOUT(pool, threads_hold_resmgr, 90)
{
	long ref_with, ref_without;
	int with, without, fd;

	if (!loaded("rm_null_pool"))
		SKIP(return, "rm_null_pool is not loaded");
	ref_with = module_refs("resmgr");
	with = pool_threads();
	ASSERT_LE(0, ref_with);
	ASSERT_EQ(0, syscall(SYS_delete_module, "rm_null_pool", O_NONBLOCK))
		TH_LOG("rmmod rm_null_pool: %s", strerror(errno));
	EXPECT_TRUE(settles(ref_with, with, -1));
	without = pool_threads();
	ref_without = module_refs("resmgr");
	TH_LOG("pool threads %d -> %d, resmgr held %ld -> %ld", with, without,
	       ref_with, ref_without);
	EXPECT_LE(2, with - without);
	EXPECT_EQ(with - without + 1, ref_with - ref_without);

	fd = open("/lib/resmgr/rm_null_pool.ko", O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, syscall(SYS_finit_module, fd, "", 0))
		TH_LOG("insmod rm_null_pool: %s", strerror(errno));
	close(fd);
	EXPECT_TRUE(settles(ref_without, without, 1));
	EXPECT_LE(2, pool_threads() - without);
	EXPECT_EQ(pool_threads() - without + 1, module_refs("resmgr") - ref_without);
}

TEST_HARNESS_MAIN
