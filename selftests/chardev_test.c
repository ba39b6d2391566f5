// SPDX-License-Identifier: GPL-2.0
/*
 * The /dev front end as Linux programs see it: the example drivers
 * (rm_null, rm_hello, rm_union) and the fixture's devices
 * (selftests/modules/resmgr_fixture.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "resmgrfs_mount.h"

#define NOBODY	65534

static int loaded(const char *mod)
{
	char p[128];

	snprintf(p, sizeof(p), "/sys/module/%s", mod);
	return access(p, F_OK) == 0;
}

static void send_ctl(struct __test_metadata *_metadata, const char *cmd)
{
	int fd = open("/dev/rmtest/ctl", O_WRONLY);

	ASSERT_GE(fd, 0);
	ASSERT_EQ((ssize_t)strlen(cmd), write(fd, cmd, strlen(cmd)))
		TH_LOG("ctl '%s': %s", cmd, strerror(errno));
	close(fd);
}

static int read_closes(void)
{
	char buf[32] = "";
	int fd = open("/dev/rmtest/ctl", O_RDONLY), n = -1;

	if (fd >= 0 && read(fd, buf, sizeof(buf) - 1) > 0)
		sscanf(buf, "closes=%d", &n);
	if (fd >= 0)
		close(fd);
	return n;
}

/* Run fn as user nobody in a child; return its exit status. */
static int as_nobody(int (*fn)(void))
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
			_exit(100);
		_exit(fn());
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 101;
}

/* ---- rm_null: the seed's /dev/null ---- */

/* Reads are end of file, writes take everything, lseek moves the offset. */
TEST(rmnull_read_write_seek)
{
	char buf[16];
	int fd;

	if (!loaded("rm_null"))
		SKIP(return, "rm_null is not loaded");
	fd = open("/dev/rmnull", O_RDWR);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(0, read(fd, buf, sizeof(buf)));
	EXPECT_EQ(5, write(fd, "hello", 5));
	EXPECT_EQ(10, lseek(fd, 10, SEEK_SET));
	EXPECT_EQ(12, lseek(fd, 2, SEEK_CUR));
	EXPECT_EQ(0, lseek(fd, 0, SEEK_END));
	EXPECT_EQ(-1, lseek(fd, -1, SEEK_SET));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, close(fd));
}

/* The default read handler refuses xtypes, so pread() gets ENOSYS, as on QNX. */
TEST(rmnull_pread_enosys)
{
	char buf[4];
	int fd;

	if (!loaded("rm_null"))
		SKIP(return, "rm_null is not loaded");
	fd = open("/dev/rmnull", O_RDONLY);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(-1, pread(fd, buf, sizeof(buf), 0));
	EXPECT_EQ(ENOSYS, errno);
	close(fd);
}

/* Access modes are enforced by iofunc_read_verify/write_verify: EBADF. */
TEST(rmnull_access_modes)
{
	char buf[4];
	int fd;

	if (!loaded("rm_null"))
		SKIP(return, "rm_null is not loaded");
	fd = open("/dev/rmnull", O_RDONLY);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(-1, write(fd, "x", 1));
	EXPECT_EQ(EBADF, errno);
	close(fd);
	fd = open("/dev/rmnull", O_WRONLY);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(-1, read(fd, buf, 1));
	EXPECT_EQ(EBADF, errno);
	close(fd);
}

/* The node's mode and owner come from the attr (S_IFNAM | 0666, root). */
TEST(rmnull_node)
{
	struct stat st;

	if (!loaded("rm_null"))
		SKIP(return, "rm_null is not loaded");
	ASSERT_EQ(0, stat("/dev/rmnull", &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(0666, st.st_mode & 07777);
	EXPECT_EQ(0, st.st_uid);
}

/*
 * A node's mode and owner are what its path's stat answers, whoever the
 * open handler is: /dev/rmtest/owned's open is not iofunc_open_default()
 * and its attr is 0640 3000:3001.
 */
TEST(node_mode_from_stat)
{
	struct stat st;

	if (!loaded("resmgr_fixture"))
		SKIP(return, "resmgr_fixture is not loaded");
	ASSERT_EQ(0, stat("/dev/rmtest/owned", &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(0640, st.st_mode & 07777);
	EXPECT_EQ(3000, st.st_uid);
	EXPECT_EQ(3001, st.st_gid);
}

/* The node's mode and owner as its stat says, once it says them; -1 on a timeout. */
static int node_settles(const char *path, mode_t mode, uid_t uid, gid_t gid)
{
	struct stat st;
	int i;

	for (i = 0; i < 250; i++) {
		if (!stat(path, &st) && (st.st_mode & 07777) == mode &&
		    st.st_uid == uid && st.st_gid == gid)
			return 0;
		usleep(20000);
	}
	return -1;
}

/*
 * A chmod or chown the manager answers (here through resmgrfs) shows on
 * the /dev node at once, as the same calls on a native node's own name
 * do: the native twin is a node of /dev/null's numbers in /tmp.
 */
TEST(node_follows_chmod_and_chown)
{
	const char *twin = "/tmp/chardev_twin";
	const char *name = MNT "/dev/rmtest/owned";
	struct stat ours, native;

	if (!loaded("resmgr_fixture"))
		SKIP(return, "resmgr_fixture is not loaded");
	ensure_mounted();
	unlink(twin);
	ASSERT_EQ(0, mknod(twin, S_IFCHR | 0640, makedev(1, 3)));
	ASSERT_EQ(0, chown(twin, 3000, 3001));

	ASSERT_EQ(0, chmod(name, 0604)) TH_LOG("chmod %s: %s", name, strerror(errno));
	ASSERT_EQ(0, chmod(twin, 0604));
	ASSERT_EQ(0, stat("/dev/rmtest/owned", &ours));
	ASSERT_EQ(0, stat(twin, &native));
	EXPECT_EQ(native.st_mode & 07777, ours.st_mode & 07777);
	EXPECT_EQ(0604, ours.st_mode & 07777);

	ASSERT_EQ(0, chown(name, 3002, 3003)) TH_LOG("chown %s: %s", name, strerror(errno));
	ASSERT_EQ(0, chown(twin, 3002, 3003));
	ASSERT_EQ(0, stat("/dev/rmtest/owned", &ours));
	ASSERT_EQ(0, stat(twin, &native));
	EXPECT_EQ(native.st_uid, ours.st_uid);
	EXPECT_EQ(native.st_gid, ours.st_gid);
	EXPECT_EQ(3002, ours.st_uid);
	EXPECT_EQ(3003, ours.st_gid);

	/* As it was, for the next run and the other tests. */
	EXPECT_EQ(0, chown(name, 3000, 3001));
	EXPECT_EQ(0, chmod(name, 0640));
	EXPECT_EQ(0, node_settles("/dev/rmtest/owned", 0640, 3000, 3001));
	unlink(twin);
}

/*
 * A manager that delivers by message (its pool was serving before it
 * attached) answers the node's stat from a server thread: the node ends
 * up with the attr's 0666, not the 0600 it has until then.
 */
TEST(node_mode_message_delivery)
{
	if (!loaded("resmgr_fixture"))
		SKIP(return, "resmgr_fixture is not loaded");
	EXPECT_EQ(0, node_settles("/dev/rmtest/who", 0666, 0, 0));
}

/* A thousand opens and closes: no error (kmemleak checks the rest). */
TEST(rmnull_open_close_many)
{
	int i, fd;

	if (!loaded("rm_null"))
		SKIP(return, "rm_null is not loaded");
	for (i = 0; i < 1000; i++) {
		fd = open("/dev/rmnull", O_RDWR);
		ASSERT_GE(fd, 0);
		ASSERT_EQ(0, close(fd));
	}
}

/* rmmod of a driver with an open file is refused (EBUSY) and changes nothing. */
TEST(rmmod_refused_while_open)
{
	int fd;

	if (!loaded("rm_null"))
		SKIP(return, "rm_null is not loaded");
	fd = open("/dev/rmnull", O_RDONLY);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(-1, syscall(SYS_delete_module, "rm_null", O_NONBLOCK));
	EXPECT_TRUE(errno == EBUSY || errno == EWOULDBLOCK) TH_LOG("errno %d", errno);
	EXPECT_TRUE(loaded("rm_null"));
	close(fd);
}

/* ---- rm_hello: read with offsets, write with resmgr_msgread ---- */

FIXTURE(hello) {
	int fd;
};

FIXTURE_SETUP(hello)
{
	if (!loaded("rm_hello"))
		SKIP(return, "rm_hello is not loaded");
	self->fd = open("/dev/rmhello", O_RDWR);
	ASSERT_GE(self->fd, 0);
}

FIXTURE_TEARDOWN(hello)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* read returns the status and moves the manager's offset; then end of file. */
TEST_F(hello, read_moves_offset)
{
	char buf[64] = "";

	EXPECT_EQ(14, read(self->fd, buf, sizeof(buf)));
	EXPECT_STREQ("Hello, world!\n", buf);
	EXPECT_EQ(0, read(self->fd, buf, sizeof(buf)));
}

/* A small buffer gets min(reply, buffer) bytes. */
TEST_F(hello, short_buffer)
{
	char buf[8] = "";

	EXPECT_EQ(3, read(self->fd, buf, 3));
	EXPECT_EQ(0, memcmp(buf, "Hel", 3));
	EXPECT_EQ(3, read(self->fd, buf, 3));
	EXPECT_EQ(0, memcmp(buf, "lo,", 3));
}

/* lseek reaches the handler; SEEK_END uses attr->nbytes. */
TEST_F(hello, lseek)
{
	char buf[8] = "";

	EXPECT_EQ(7, lseek(self->fd, 7, SEEK_SET));
	EXPECT_EQ(5, read(self->fd, buf, 5));
	EXPECT_EQ(0, memcmp(buf, "world", 5));
	EXPECT_EQ(14, lseek(self->fd, 0, SEEK_END));
	EXPECT_EQ(0, read(self->fd, buf, 5));
}

/* pread sends _IO_XTYPE_OFFSET and leaves the offset alone. */
TEST_F(hello, pread_keeps_offset)
{
	char buf[8] = "";

	EXPECT_EQ(5, pread(self->fd, buf, 5, 7));
	EXPECT_EQ(0, memcmp(buf, "world", 5));
	EXPECT_EQ(5, read(self->fd, buf, 5));
	EXPECT_EQ(0, memcmp(buf, "Hello", 5));
	EXPECT_EQ(0, pread(self->fd, buf, 5, 100));
}

/* readv fills the vector from one reply. */
TEST_F(hello, readv)
{
	char a[5] = "", b[16] = "";
	struct iovec iov[2] = { { a, 5 }, { b, sizeof(b) } };

	EXPECT_EQ(14, readv(self->fd, iov, 2));
	EXPECT_EQ(0, memcmp(a, "Hello", 5));
	EXPECT_EQ(0, memcmp(b, ", world!\n", 9));
}

/* write goes through resmgr_msgread; writev arrives as one message. */
TEST_F(hello, write_and_writev)
{
	struct iovec iov[2] = { { "Li", 2 }, { "nux\n", 4 } };
	char buf[64] = "";

	EXPECT_EQ(6, writev(self->fd, iov, 2));
	EXPECT_EQ(14, pread(self->fd, buf, sizeof(buf), 0));
	EXPECT_STREQ("Hello, Linux!\n", buf);
	EXPECT_EQ(5, write(self->fd, "world", 5));
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(14, pread(self->fd, buf, sizeof(buf), 0));
	EXPECT_STREQ("Hello, world!\n", buf);
}

/*
 * pwrite() sends _IO_XTYPE_OFFSET, which rm_hello refuses; on an O_APPEND
 * file it appends, as Linux has it, so it goes as a plain write.
 */
TEST_F(hello, pwrite_on_append_goes_as_write)
{
	char buf[64] = "";
	int fd = open("/dev/rmhello", O_WRONLY | O_APPEND);

	ASSERT_GE(fd, 0);
	EXPECT_EQ(-1, pwrite(self->fd, "Linux", 5, 0));
	EXPECT_EQ(ENOSYS, errno);
	EXPECT_EQ(5, pwrite(fd, "Linux", 5, 3));
	EXPECT_EQ(14, pread(self->fd, buf, sizeof(buf), 0));
	EXPECT_STREQ("Hello, Linux!\n", buf);
	EXPECT_EQ(5, write(fd, "world", 5));
	EXPECT_EQ(0, close(fd));
}

/* dup() shares the OCB, so the offset is shared. */
TEST_F(hello, dup_shares_ocb)
{
	char buf[8] = "";
	int fd2 = dup(self->fd);

	ASSERT_GE(fd2, 0);
	EXPECT_EQ(5, read(self->fd, buf, 5));
	EXPECT_EQ(2, read(fd2, buf, 2));
	EXPECT_EQ(0, memcmp(buf, ", ", 2));
	EXPECT_EQ(0, close(fd2));
	/* The OCB outlives the closed duplicate. */
	EXPECT_EQ(5, read(self->fd, buf, 5));
	EXPECT_EQ(0, memcmp(buf, "world", 5));
}

/* fork() shares the OCB too: the child's read moves the parent's offset. */
TEST_F(hello, fork_shares_ocb)
{
	char buf[8] = "";
	pid_t pid = fork();
	int st;

	ASSERT_GE(pid, 0);
	if (pid == 0)
		_exit(read(self->fd, buf, 7) == 7 ? 0 : 1);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_EQ(0, WEXITSTATUS(st));
	EXPECT_EQ(5, read(self->fd, buf, 5));
	EXPECT_EQ(0, memcmp(buf, "world", 5));
}

/*
 * Bad buffers give EFAULT before the handler runs: the offset and text
 * stay. A kernel address too, as /dev/zero (the native twin) gives it.
 */
TEST_F(hello, efault_changes_nothing)
{
	char *bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *kernel = (char *)0xffffffff81000000ull;
	char buf[64] = "";
	int zero = open("/dev/zero", O_RDONLY);

	ASSERT_NE(MAP_FAILED, bad);
	ASSERT_LE(0, zero);
	EXPECT_EQ(-1, read(zero, kernel, 10));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(0, close(zero));
	EXPECT_EQ(-1, read(self->fd, kernel, 10));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, write(self->fd, kernel, 5));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, read(self->fd, bad, 10));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, read(self->fd, bad + 4096 * 1024, 10));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, write(self->fd, bad, 5));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(14, read(self->fd, buf, sizeof(buf)));
	EXPECT_STREQ("Hello, world!\n", buf);
	munmap(bad, 4096);
}

/* A small buffer whose first bytes are there and last ones are not: the same. */
TEST_F(hello, efault_at_the_end_changes_nothing)
{
	char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char buf[64] = "";

	ASSERT_NE(MAP_FAILED, two);
	ASSERT_EQ(0, mprotect(two + 4096, 4096, PROT_NONE));
	memcpy(two + 4096 - 5, "abcde", 5);
	EXPECT_EQ(-1, read(self->fd, two + 4096 - 5, 10));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, write(self->fd, two + 4096 - 5, 10));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(14, read(self->fd, buf, sizeof(buf)));
	EXPECT_STREQ("Hello, world!\n", buf);
	munmap(two, 8192);
}

/* ---- rm_union: the open goes on to the next manager ---- */

static void read_text(struct __test_metadata *_metadata, int fd, const char *want)
{
	char buf[32] = "";

	EXPECT_EQ((ssize_t)strlen(want), read(fd, buf, sizeof(buf) - 1));
	EXPECT_STREQ(want, buf);
}

/* The BEFORE manager serves reads; its ENOENT for writers sends them on to the AFTER one. */
TEST(union_fall_through)
{
	int fd;

	if (!loaded("rm_union"))
		SKIP(return, "rm_union is not loaded");
	fd = open("/dev/rmunion", O_RDONLY);
	ASSERT_GE(fd, 0);
	read_text(_metadata, fd, "first\n");
	close(fd);

	fd = open("/dev/rmunion", O_RDWR);
	ASSERT_GE(fd, 0);
	read_text(_metadata, fd, "second\n");
	EXPECT_EQ(3, write(fd, "abc", 3));
	close(fd);

	fd = open("/dev/rmunion", O_WRONLY);
	ASSERT_GE(fd, 0);
	close(fd);
}

/* The listing shows the union in order: BEFORE first, AFTER last. */
TEST(union_listing)
{
	char line[256];
	int pos = 0, seen = 0;
	FILE *f;

	if (!loaded("rm_union"))
		SKIP(return, "rm_union is not loaded");
	f = fopen("/proc/resmgr", "r");
	ASSERT_NE(NULL, f);
	while (fgets(line, sizeof(line), f)) {
		char path[64], flags[32], owner[32];
		int id, p, of;

		if (sscanf(line, "%63s %d %d/%d %31s %*s %31s", path, &id, &p, &of,
			   flags, owner) != 6 || strcmp(path, "/dev/rmunion"))
			continue;
		seen++;
		EXPECT_EQ(2, of);
		EXPECT_STREQ("rm_union", owner);
		pos = p;
		EXPECT_STREQ(p == 1 ? "BEFORE" : "AFTER", flags);
	}
	fclose(f);
	EXPECT_EQ(2, seen);
	EXPECT_EQ(2, pos);
}

/* ---- fixture: access, nfuncs, names taken, detach ---- */

static int open_private(void)
{
	int fd = open("/dev/rmtest/private", O_RDONLY);

	return fd < 0 ? errno : 0;
}

static int open_public(void)
{
	int fd = open("/dev/rmtest/public", O_RDWR);

	return fd < 0 ? errno : 0;
}

static int open_guarded(void)
{
	int fd = open("/dev/rmtest/guarded", O_RDONLY);

	return fd < 0 ? errno : 0;
}

/* A non-root opener: EACCES on 0600 root, success on 0666. */
TEST(nonroot_access)
{
	struct stat st;

	if (!loaded("resmgr_fixture"))
		SKIP(return, "resmgr_fixture is not loaded");
	ASSERT_EQ(0, stat("/dev/rmtest/private", &st));
	EXPECT_EQ(0600, st.st_mode & 07777);
	EXPECT_EQ(EACCES, as_nobody(open_private));
	EXPECT_EQ(0, as_nobody(open_public));
	EXPECT_EQ(0, open_private());
}

/* The node is 0666 but the attr is 0600: iofunc_check_access() refuses. */
TEST(nonroot_iofunc_check_access)
{
	struct stat st;

	if (!loaded("resmgr_fixture"))
		SKIP(return, "resmgr_fixture is not loaded");
	ASSERT_EQ(0, stat("/dev/rmtest/guarded", &st));
	EXPECT_EQ(0666, st.st_mode & 07777);
	EXPECT_EQ(EACCES, as_nobody(open_guarded));
	EXPECT_EQ(0, open_guarded());
}

/* Slots past nfuncs get the built-in behaviour: ENOSYS, ESPIPE for lseek, close EOK. */
TEST(nfuncs_rule)
{
	char buf[16] = "";
	int fd;

	if (!loaded("resmgr_fixture"))
		SKIP(return, "resmgr_fixture is not loaded");
	fd = open("/dev/rmtest/short", O_RDWR);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(6, read(fd, buf, sizeof(buf)));
	EXPECT_STREQ("short\n", buf);
	EXPECT_EQ(-1, write(fd, "x", 1));
	EXPECT_EQ(ENOSYS, errno);
	EXPECT_EQ(-1, lseek(fd, 0, SEEK_SET));
	EXPECT_EQ(ESPIPE, errno);
	EXPECT_EQ(0, close(fd));
}

/*
 * Bytes a read's handler claims and does not write, also those below
 * what it wrote with resmgr_msgwrite() at an offset, never show what the
 * kernel held: a buffer the bounce buffer holds reads them as zeros; a
 * larger one, whose pages the reply goes to directly, keeps the caller's
 * own bytes there. read() and pread().
 */
TEST(unwritten_reply_bytes_show_no_kernel_memory)
{
	static const char want[8] = { 0, 0, 0, 0, 'A', 'B', 0, 0 };
	size_t sizes[] = { 8, 200, 65536 };
	ssize_t got;
	char *buf;
	int fd, i, j;

	if (!loaded("resmgr_fixture"))
		SKIP(return, "resmgr_fixture is not loaded");
	fd = open("/dev/rmtest/holes", O_RDONLY);
	ASSERT_GE(fd, 0);
	buf = malloc(65536);
	ASSERT_NE(NULL, buf);
	for (i = 0; i < 6; i++) {
		size_t n = sizes[i % 3];

		memset(buf, 0x5a, n);
		got = i < 3 ? read(fd, buf, n) : pread(fd, buf, n, 0);
		EXPECT_EQ(8, got);
		if (n <= 256) {
			EXPECT_EQ(0, memcmp(buf, want, sizeof(want))) TH_LOG("buffer of %zu", n);
			continue;
		}
		for (j = 0; j < 8; j++)
			EXPECT_TRUE(buf[j] == want[j] || (!want[j] && buf[j] == 0x5a))
				TH_LOG("buffer of %zu, byte %d: %#x", n, j, buf[j] & 0xff);
	}
	free(buf);
	EXPECT_EQ(0, close(fd));
}

/* /dev/null is the mem driver's: the attach stands (listed), without a node. */
TEST(name_taken)
{
	char line[256];
	struct stat st;
	int found = 0;
	FILE *f;

	if (!loaded("resmgr_fixture"))
		SKIP(return, "resmgr_fixture is not loaded");
	ASSERT_EQ(0, stat("/dev/null", &st));
	EXPECT_EQ(1, major(st.st_rdev));
	EXPECT_EQ(3, minor(st.st_rdev));
	f = fopen("/proc/resmgr", "r");
	ASSERT_NE(NULL, f);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "/dev/null\t", 10) && strstr(line, "resmgr_fixture"))
			found = 1;
	fclose(f);
	EXPECT_TRUE(found);
}

/* _RESMGR_DETACH_ALL: the node goes; open files get EBADF; close still works. */
TEST(detach_all)
{
	char buf[8];
	int fd, before;

	if (!loaded("resmgr_fixture"))
		SKIP(return, "resmgr_fixture is not loaded");
	send_ctl(_metadata, "attach va");
	fd = open("/dev/rmtest/va", O_RDONLY);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(3, read(fd, buf, 3));
	before = read_closes();
	send_ctl(_metadata, "detach va all");
	EXPECT_EQ(-1, access("/dev/rmtest/va", F_OK));
	EXPECT_EQ(-1, read(fd, buf, 3));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(-1, lseek(fd, 0, SEEK_SET));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(0, close(fd));
	EXPECT_EQ(before, read_closes());
}

/* _RESMGR_DETACH_PATHNAME: the name goes; open files keep working. */
TEST(detach_pathname)
{
	char buf[8] = "";
	int fd;

	if (!loaded("resmgr_fixture"))
		SKIP(return, "resmgr_fixture is not loaded");
	send_ctl(_metadata, "attach vp");
	fd = open("/dev/rmtest/vp", O_RDONLY);
	ASSERT_GE(fd, 0);
	send_ctl(_metadata, "detach vp pathname");
	EXPECT_EQ(-1, open("/dev/rmtest/vp", O_RDONLY));
	EXPECT_EQ(6, read(fd, buf, sizeof(buf)));
	EXPECT_STREQ("alive\n", buf);
	EXPECT_EQ(0, close(fd));
}

/* _RESMGR_DETACH_CLOSE: close_ocb runs for each open file at detach. */
TEST(detach_close)
{
	char buf[8];
	int fd, fd2, before;

	if (!loaded("resmgr_fixture"))
		SKIP(return, "resmgr_fixture is not loaded");
	send_ctl(_metadata, "attach vc");
	fd = open("/dev/rmtest/vc", O_RDONLY);
	ASSERT_GE(fd, 0);
	fd2 = open("/dev/rmtest/vc", O_RDONLY);
	ASSERT_GE(fd2, 0);
	before = read_closes();
	send_ctl(_metadata, "detach vc close");
	EXPECT_EQ(before + 2, read_closes());
	EXPECT_EQ(-1, read(fd, buf, 3));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(0, close(fd));
	EXPECT_EQ(0, close(fd2));
	EXPECT_EQ(before + 2, read_closes());
}

/*
 * close_ocb runs with the close of the file's last descriptor, not
 * before: a close while a dup() of it is open runs close_dup alone, and
 * the dup keeps working on the same OCB.
 */
TEST(close_ocb_with_the_last_close)
{
	char buf[8];
	int fd, fd2, before;

	if (!loaded("resmgr_fixture"))
		SKIP(return, "resmgr_fixture is not loaded");
	send_ctl(_metadata, "attach vl");
	fd = open("/dev/rmtest/vl", O_RDONLY);
	ASSERT_GE(fd, 0);
	fd2 = dup(fd);
	ASSERT_GE(fd2, 0);
	before = read_closes();
	EXPECT_EQ(0, close(fd));
	EXPECT_EQ(before, read_closes());
	EXPECT_EQ(3, read(fd2, buf, 3));
	EXPECT_EQ(0, close(fd2));
	EXPECT_EQ(before + 1, read_closes());
	send_ctl(_metadata, "detach vl all");
}

/* A detach answers a read blocked in the driver with EBADF. */
TEST(detach_wakes_blocked_reader)
{
	char buf[8];
	pid_t pid;
	int st;

	if (!loaded("resmgr_fixture"))
		SKIP(return, "resmgr_fixture is not loaded");
	send_ctl(_metadata, "attach blockv");
	pid = fork();
	if (pid == 0) {
		int fd = open("/dev/rmtest/blockv", O_RDONLY);

		if (fd < 0)
			_exit(10);
		_exit(read(fd, buf, sizeof(buf)) == -1 && errno == EBADF ? 0 : 11);
	}
	usleep(300 * 1000);
	send_ctl(_metadata, "detach blockv all");
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
}

/* Devices made on the fly from a handler work like any other. */
TEST(attach_from_handler)
{
	char buf[8] = "";
	int fd;

	if (!loaded("resmgr_fixture"))
		SKIP(return, "resmgr_fixture is not loaded");
	send_ctl(_metadata, "attach fly");
	fd = open("/dev/rmtest/fly", O_RDONLY);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(6, read(fd, buf, sizeof(buf)));
	close(fd);
	send_ctl(_metadata, "detach fly all");
	EXPECT_EQ(-1, open("/dev/rmtest/fly", O_RDONLY));
	EXPECT_EQ(ENOENT, errno);
}

/* Bad commands to a handler come back as its errno. */
TEST(handler_errno)
{
	int fd;

	if (!loaded("resmgr_fixture"))
		SKIP(return, "resmgr_fixture is not loaded");
	fd = open("/dev/rmtest/ctl", O_WRONLY);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(-1, write(fd, "bogus", 5));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, write(fd, "detach nosuch all", 17));
	EXPECT_EQ(ENOENT, errno);
	close(fd);
}

/* A driver unloaded with attachments left: resmgr detaches and frees them. */
TEST(unload_cleans_up)
{
	char line[256];
	int fd, listed = 0;
	FILE *f;

	if (!loaded("leaky_fixture"))
		SKIP(return, "leaky_fixture is not loaded");
	fd = open("/dev/rmtest/leaky", O_RDWR);
	ASSERT_GE(fd, 0);
	/* An open file pins the driver. */
	EXPECT_EQ(-1, syscall(SYS_delete_module, "leaky_fixture", O_NONBLOCK));
	EXPECT_EQ(0, close(fd));
	ASSERT_EQ(0, syscall(SYS_delete_module, "leaky_fixture", O_NONBLOCK))
		TH_LOG("rmmod leaky_fixture: %s", strerror(errno));
	EXPECT_EQ(-1, access("/dev/rmtest/leaky", F_OK));
	f = fopen("/proc/resmgr", "r");
	ASSERT_NE(NULL, f);
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "leaky"))
			listed = 1;
	fclose(f);
	EXPECT_FALSE(listed);
}

/* The fixture's ctl file reads from its offset: cat on it ends. */
TEST(ctl_read_ends)
{
	char buf[8];
	int fd = open("/dev/rmtest/ctl", O_RDONLY), i;
	ssize_t n = 1, total = 0;

	ASSERT_GE(fd, 0);
	/* Small reads: the text comes in pieces, then end of file. */
	for (i = 0; i < 16 && n > 0; i++) {
		n = read(fd, buf, sizeof(buf));
		if (n > 0)
			total += n;
	}
	close(fd);
	EXPECT_EQ(0, n);
	EXPECT_LT(i, 16);
	EXPECT_LT(10, total);
}

TEST_HARNESS_MAIN
