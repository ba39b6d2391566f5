// SPDX-License-Identifier: GPL-2.0
/*
 * The QNX-spelled servers of selftests/modules/, through plain open(),
 * read() and write():
 *  - qnx_port_fixture: its extended OCB counts reads per open, its
 *    extended attr keeps a note across opens, and the older
 *    resmgr_block()/resmgr_handler() loop serves it;
 *  - qnx_main_fixture: main() kept whole (RESMGR_MAIN), with argv from
 *    the module's args, ten reply parts, O_NONBLOCK as QNX's bit, and
 *    unloading and loading again with other arguments.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"

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

TEST_HARNESS_MAIN
