// SPDX-License-Identifier: GPL-2.0
/*
 * devctl from Linux: the devctl() library (RESMGR_IOC_DEVCTL) and plain
 * ioctl() with Linux-encoded numbers, against the fixture's
 * /dev/rmtest/dev (selftests/modules/resmgr_fixture.c) and rm_null.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "devctl.h"

#define DEV "/dev/rmtest/dev"

#define SETVAL	__DIOT(_DCMD_MISC, 1, int)
#define GETVAL	__DIOF(_DCMD_MISC, 2, int)
#define DOUBLE	__DIOTF(_DCMD_MISC, 3, int)
#define RESET	__DION(_DCMD_MISC, 4)
#define PARTIAL	__DIOF(_DCMD_MISC, 5, int[4])
#define HOLE	__DIOF(_DCMD_MISC, 6, int[4])
#define UNREAD	__DIOF(_DCMD_MISC, 7, int[4])
#define UNKNOWN	__DIOF(_DCMD_MISC, 99, int)

FIXTURE(dev) {
	int fd;
};

FIXTURE_SETUP(dev)
{
	if (access("/sys/module/resmgr_fixture", F_OK))
		SKIP(return, "resmgr_fixture is not loaded");
	self->fd = open(DEV, O_RDWR);
	ASSERT_GE(self->fd, 0);
}

FIXTURE_TEARDOWN(dev)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* The encodings are QNX's. */
TEST(encodings)
{
	EXPECT_EQ(0x40040101, DCMD_ALL_GETFLAGS);
	EXPECT_EQ(0x80040102u, (unsigned int)DCMD_ALL_SETFLAGS);
	EXPECT_EQ(0x40040103, DCMD_ALL_GETMOUNTFLAGS);
	EXPECT_EQ(0x80180106u, (unsigned int)DCMD_ALL_FADVISE);
	EXPECT_EQ(_IOR(_DCMD_MISC, 2, int), RESMGR_DCMD_TO_IOC(GETVAL));
	EXPECT_EQ(SETVAL, RESMGR_IOC_TO_DCMD(_IOW(_DCMD_MISC, 1, int)));
	EXPECT_EQ(4, get_device_size(GETVAL));
	EXPECT_EQ(0x0502, get_device_command(GETVAL));
}

/* TO data reaches the driver; FROM data and ret_val come back; EOK is 0. */
TEST_F(dev, devctl_to_from)
{
	int v = 1234, info = -1;

	EXPECT_EQ(EOK, devctl(self->fd, SETVAL, &v, sizeof(v), NULL));
	v = 0;
	EXPECT_EQ(EOK, devctl(self->fd, GETVAL, &v, sizeof(v), &info));
	EXPECT_EQ(1234, v);
	EXPECT_EQ(42, info);
	v = 21;
	EXPECT_EQ(EOK, posix_devctl(self->fd, DOUBLE, &v, sizeof(v), &info));
	EXPECT_EQ(42, v);
	EXPECT_EQ(0, info);
	EXPECT_EQ(EOK, devctl(self->fd, RESET, NULL, 0, NULL));
	EXPECT_EQ(EOK, devctl(self->fd, GETVAL, &v, sizeof(v), NULL));
	EXPECT_EQ(0, v);
}

/* Results are errno values, not -1: ENOSYS becomes ENOTTY; sizes are checked first. */
TEST_F(dev, devctl_errors)
{
	int v = 5, big;
	char *huge;

	EXPECT_EQ(ENOTTY, devctl(self->fd, UNKNOWN, &v, sizeof(v), NULL));
	EXPECT_EQ(EINVAL, devctl(self->fd, SETVAL, &v, 2, NULL));
	EXPECT_EQ(EINVAL, devctl(self->fd, GETVAL, &v, 8, NULL));
	huge = malloc(RESMGR_DEVCTL_MAX + 1);
	ASSERT_NE(NULL, huge);
	EXPECT_EQ(E2BIG, devctl(self->fd, (int)(_POSIX_DEVDIR_FROM | (_DCMD_MISC << 8) | 7),
				huge, RESMGR_DEVCTL_MAX + 1, NULL));
	free(huge);
	/* A bad buffer: EFAULT, and the driver's value is unchanged. */
	v = 77;
	EXPECT_EQ(EOK, devctl(self->fd, SETVAL, &v, sizeof(v), NULL));
	EXPECT_EQ(EFAULT, devctl(self->fd, SETVAL, (void *)8, sizeof(v), NULL));
	EXPECT_EQ(EFAULT, devctl(self->fd, GETVAL, (void *)8, sizeof(v), NULL));
	/* A kernel address: the same (the inline copies check it too). */
	EXPECT_EQ(EFAULT, devctl(self->fd, SETVAL, (void *)0xffffffff81000000ull, sizeof(v),
				 NULL));
	EXPECT_EQ(EFAULT, devctl(self->fd, GETVAL, (void *)0xffffffff81000000ull, sizeof(v),
				 NULL));
	/* A Linux _IOC_NONE number with a size: no bytes for a size, EINVAL. */
	errno = 0;
	EXPECT_EQ(-1, ioctl(self->fd, _IOC(_IOC_NONE, _DCMD_MISC, 1, sizeof(int)), &v));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(EOK, devctl(self->fd, GETVAL, &big, sizeof(big), NULL));
	EXPECT_EQ(77, big);
}

/* Reply bytes the handler did not write come back as zeros. */
TEST_F(dev, devctl_reply_zero_filled)
{
	int a[4] = { -1, -1, -1, -1 };

	EXPECT_EQ(EOK, devctl(self->fd, PARTIAL, a, sizeof(a), NULL));
	EXPECT_EQ(7, a[0]);
	EXPECT_EQ(0, a[1]);
	EXPECT_EQ(0, a[2]);
	EXPECT_EQ(0, a[3]);
}

/*
 * Nor do bytes below what the handler wrote with resmgr_msgwrite() at an
 * offset (the reply's header and first two ints here), nor its message's
 * data of a FROM command, which it replies without writing: zeros, never
 * what the kernel's stack held. Each way several times, after calls that
 * leave other bytes on the stack.
 */
TEST_F(dev, devctl_reply_holes_and_unwritten_data_read_zero)
{
	int a[4], i, j, ret_val;
	char buf[200];

	for (i = 0; i < 8; i++) {
		/* Only to leave 0x5a on the stack: what they return does not matter. */
		memset(buf, 0x5a, sizeof(buf));
		(void)!write(self->fd, buf, sizeof(buf));
		(void)!read(self->fd, buf, sizeof(buf));
		memset(a, 0xa5, sizeof(a));
		ret_val = -1;
		EXPECT_EQ(EOK, devctl(self->fd, HOLE, a, sizeof(a), &ret_val));
		EXPECT_EQ(0, ret_val);
		EXPECT_EQ(0, a[0]);
		EXPECT_EQ(0, a[1]);
		EXPECT_EQ(9, a[2]);
		EXPECT_EQ(0, a[3]);
		memset(a, 0xa5, sizeof(a));
		EXPECT_EQ(EOK, devctl(self->fd, UNREAD, a, sizeof(a), NULL));
		for (j = 0; j < 4; j++)
			EXPECT_EQ(0, a[j]) TH_LOG("int %d", j);
	}
}

/* DCMD_ALL_* answered by iofunc_devctl_default(). */
TEST_F(dev, devctl_all_flags)
{
	int flags = 0;

	EXPECT_EQ(EOK, devctl(self->fd, DCMD_ALL_GETFLAGS, &flags, sizeof(flags), NULL));
	EXPECT_EQ(O_RDWR, flags & O_ACCMODE);
	EXPECT_EQ(0, flags & O_NONBLOCK);
	flags = O_NONBLOCK | O_APPEND;
	EXPECT_EQ(EOK, devctl(self->fd, DCMD_ALL_SETFLAGS, &flags, sizeof(flags), NULL));
	EXPECT_EQ(EOK, devctl(self->fd, DCMD_ALL_GETFLAGS, &flags, sizeof(flags), NULL));
	EXPECT_EQ(O_NONBLOCK | O_APPEND, flags & (O_NONBLOCK | O_APPEND));
	EXPECT_EQ(O_RDWR, flags & O_ACCMODE);
	flags = O_SYNC;
	EXPECT_EQ(EINVAL, devctl(self->fd, DCMD_ALL_SETFLAGS, &flags, sizeof(flags), NULL));
	EXPECT_EQ(EOK, devctl(self->fd, DCMD_ALL_GETMOUNTFLAGS, &flags, sizeof(flags), NULL));
	EXPECT_EQ(0, flags);
}

/* Plain ioctl() with Linux numbers reaches the same handler; it returns ret_val. */
TEST_F(dev, ioctl_route)
{
	int v = 555;

	EXPECT_EQ(0, ioctl(self->fd, _IOW(_DCMD_MISC, 1, int), &v));
	v = 0;
	EXPECT_EQ(42, ioctl(self->fd, _IOR(_DCMD_MISC, 2, int), &v));
	EXPECT_EQ(555, v);
	v = 4;
	EXPECT_EQ(0, ioctl(self->fd, _IOWR(_DCMD_MISC, 3, int), &v));
	EXPECT_EQ(8, v);
	EXPECT_EQ(0, ioctl(self->fd, _IO(_DCMD_MISC, 4)));
	EXPECT_EQ(-1, ioctl(self->fd, _IOR(_DCMD_MISC, 99, int), &v));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->fd, _IOR(_DCMD_MISC, 2, int), (void *)8));
	EXPECT_EQ(EFAULT, errno);
}

/* A file whose manager has only the defaults: unknown commands are ENOTTY. */
TEST(rmnull_ioctl_enotty)
{
	int fd, v;

	if (access("/sys/module/rm_null", F_OK))
		SKIP(return, "rm_null is not loaded");
	fd = open("/dev/rmnull", O_RDONLY);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(-1, ioctl(fd, _IOR(_DCMD_MISC, 2, int), &v));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(ENOTTY, devctl(fd, GETVAL, &v, sizeof(v), NULL));
	EXPECT_EQ(EOK, devctl(fd, DCMD_ALL_GETFLAGS, &v, sizeof(v), NULL));
	EXPECT_EQ(O_RDONLY, v & O_ACCMODE);
	close(fd);
}

/* The devctl tool prints ret_val and the data. */
TEST_F(dev, tool)
{
	char line[128] = "";
	FILE *p;

	if (access("/bin/devctl", X_OK))
		SKIP(return, "the devctl tool is not installed");
	p = popen("devctl -i 99 " DEV " 0x80040501 && devctl " DEV " 0x40040502", "r");
	ASSERT_NE(NULL, p);
	ASSERT_NE(NULL, fgets(line, sizeof(line), p));
	EXPECT_STREQ("ret_val 0\n", line);
	ASSERT_NE(NULL, fgets(line, sizeof(line), p));
	EXPECT_STREQ("ret_val 42\n", line);
	ASSERT_NE(NULL, fgets(line, sizeof(line), p));
	EXPECT_STREQ("data 63 00 00 00 (99)\n", line);
	EXPECT_EQ(0, pclose(p));
}

/* fsync() without IOFUNC_PC_SYNC_IO is EINVAL (iofunc_sync_default). */
TEST_F(dev, fsync_einval)
{
	EXPECT_EQ(-1, fsync(self->fd));
	EXPECT_EQ(EINVAL, errno);
}

TEST_HARNESS_MAIN
