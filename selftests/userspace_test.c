// SPDX-License-Identifier: GPL-2.0
/*
 * QNX resource managers as Linux user-space programs: the seed's
 * /dev/null server (examples/user/null.c, built with libresmgr through
 * pkg-config, its main() as QNX writes it) serves a /dev path, and every
 * step is run on Linux's own /dev/null (a node of its numbers in /tmp,
 * the native twin) and compared: reads, writes, the node's mode, and the
 * POSIX defaults' access checks (iofunc, the same sources resmgr.ko
 * builds) for root, the owner and others, with and without groups.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "resmgrfs_mount.h"

#define SERVER	"/bin/rm_user_null"
#define NODE	"/dev/usernull"
#define TWIN	"/tmp/usernull_twin"
#define NOBODY	65534

FIXTURE(null) {
	pid_t server;
};

FIXTURE_SETUP(null)
{
	int i;

	if (access(SERVER, X_OK))
		SKIP(return, "%s is not there", SERVER);
	self->server = fork();
	ASSERT_GE(self->server, 0);
	if (self->server == 0) {
		execl(SERVER, SERVER, NODE, NULL);
		_exit(127);
	}
	for (i = 0; i < 500 && access(NODE, F_OK); i++)
		usleep(10000);
	ASSERT_EQ(0, access(NODE, F_OK)) TH_LOG("the server never attached " NODE);
	unlink(TWIN);
	ASSERT_EQ(0, mknod(TWIN, S_IFCHR | 0666, makedev(1, 3)));
	ASSERT_EQ(0, chmod(TWIN, 0666));	/* past the umask */
	ensure_mounted();
}

FIXTURE_TEARDOWN(null)
{
	int st;

	if (self->server > 0) {
		kill(self->server, SIGKILL);
		waitpid(self->server, &st, 0);
	}
	unlink(TWIN);
}

/* What a client does with a null device; the same on both. */
static void null_io(struct __test_metadata *_metadata, const char *path)
{
	char buf[64];
	int fd;

	fd = open(path, O_RDWR);
	ASSERT_GE(fd, 0) TH_LOG("%s: %s", path, strerror(errno));
	EXPECT_EQ(0, read(fd, buf, sizeof(buf)));
	EXPECT_EQ(13, write(fd, "into the void", 13));
	EXPECT_EQ(0, read(fd, buf, sizeof(buf)));
	{
		static char big[100000];

		EXPECT_EQ((ssize_t)sizeof(big), write(fd, big, sizeof(big)));
	}
	EXPECT_EQ(0, close(fd));
}

TEST_F(null, reads_and_writes_as_dev_null)
{
	struct stat ours, native;

	null_io(_metadata, TWIN);
	null_io(_metadata, NODE);
	ASSERT_EQ(0, stat(NODE, &ours));
	ASSERT_EQ(0, stat(TWIN, &native));
	EXPECT_TRUE(S_ISCHR(ours.st_mode));
	EXPECT_EQ(native.st_mode & 07777, ours.st_mode & 07777);
	EXPECT_EQ(native.st_uid, ours.st_uid);
}

/* Open @path as nobody (with @group as a supplementary group, or none): errno or 0. */
static int open_as_nobody(const char *path, int flags, gid_t group)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		gid_t g = group;
		int fd;

		if (setgroups(group ? 1 : 0, &g) || setgid(NOBODY) || setuid(NOBODY))
			_exit(200);
		fd = open(path, flags);
		_exit(fd >= 0 ? 0 : errno);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 201;
}

static int chmod_as_nobody(const char *path, mode_t mode)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
			_exit(200);
		_exit(chmod(path, mode) ? errno : 0);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 201;
}

/*
 * The iofunc defaults decide by the client's credentials, which the
 * channel carries to the server: owner, group (a supplementary one too)
 * and others, and root's capabilities. resmgrfs carries chmod and chown
 * to the server; the /dev node then shows them.
 */
TEST_F(null, access_checks_as_dev_null)
{
	const char *ours = MNT NODE;

	/* Others may not chmod; the owner (root) may. */
	EXPECT_EQ(EPERM, chmod_as_nobody(TWIN, 0600));
	EXPECT_EQ(EPERM, chmod_as_nobody(ours, 0600));

	ASSERT_EQ(0, chown(TWIN, 0, 1234));
	ASSERT_EQ(0, chown(ours, 0, 1234)) TH_LOG("chown %s: %s", ours, strerror(errno));
	ASSERT_EQ(0, chmod(TWIN, 0660));
	ASSERT_EQ(0, chmod(ours, 0660)) TH_LOG("chmod %s: %s", ours, strerror(errno));

	/* Not owner, not in the group: EACCES; in the group: allowed. */
	EXPECT_EQ(EACCES, open_as_nobody(TWIN, O_RDWR, 0));
	EXPECT_EQ(EACCES, open_as_nobody(NODE, O_RDWR, 0));
	EXPECT_EQ(0, open_as_nobody(TWIN, O_RDWR, 1234));
	EXPECT_EQ(0, open_as_nobody(NODE, O_RDWR, 1234));
	EXPECT_EQ(EACCES, open_as_nobody(TWIN, O_RDONLY, 4321));
	EXPECT_EQ(EACCES, open_as_nobody(NODE, O_RDONLY, 4321));

	/* Root passes with its capabilities, whatever the mode. */
	ASSERT_EQ(0, chmod(TWIN, 0));
	ASSERT_EQ(0, chmod(ours, 0));
	{
		int a = open(TWIN, O_RDWR), b = open(NODE, O_RDWR);

		EXPECT_GE(a, 0);
		EXPECT_GE(b, 0) TH_LOG("root open: %s", strerror(errno));
		close(a);
		close(b);
	}
}

/* The server's end: the path goes, and with it the node. */
TEST_F(null, server_exit_removes_node)
{
	int st, i;

	kill(self->server, SIGTERM);
	waitpid(self->server, &st, 0);
	self->server = 0;
	for (i = 0; i < 100 && !access(NODE, F_OK); i++)
		usleep(10000);
	EXPECT_EQ(-1, open(NODE, O_RDONLY));
	EXPECT_EQ(ENOENT, errno);
}

TEST_HARNESS_MAIN
