// SPDX-License-Identifier: GPL-2.0
/*
 * Message delivery: handles with a dispatch context queue requests for
 * their server threads. rm_null_loop (the seed's loop in a kernel
 * thread) and the fixture's /dev/rmtest/who and /dev/rmtest/msg, served
 * by the thread rmfix_server.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
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
	EXPECT_STREQ("rmfix_server\n", buf);
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

TEST_HARNESS_MAIN
