// SPDX-License-Identifier: GPL-2.0
/*
 * The QNX-spelled server of selftests/modules/qnx_port_fixture.c, through
 * plain open(), read() and write(): its extended OCB counts reads per
 * open, its extended attr keeps a note across opens, and the older
 * resmgr_block()/resmgr_handler() loop serves it.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
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

TEST_HARNESS_MAIN
