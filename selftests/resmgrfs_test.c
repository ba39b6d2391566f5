// SPDX-License-Identifier: GPL-2.0
/*
 * resmgrfs: the pathname space as a file system. Path calls on rm_ramfs
 * (/ramfs), the union demo (/union), the fixture's directory managers
 * (/fst: later managers, OPAQUE, detach while a directory is open), the
 * /dev managers seen through it, permissions as another user, and the
 * memory limit. The guest loads rm_ramfs with max_bytes=8 MiB.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/userfaultfd.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <grp.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "resmgrfs_mount.h"
#include "fault_inject.h"

#define RAM	MNT "/ramfs"
#define FST	MNT "/fst"
#define CTL	"/dev/rmtest/fsctl"

static int put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -EIO;
}

/* The file's contents, NUL-terminated, in a static buffer ("" on error). */
static const char *get(const char *path)
{
	static char buf[4096];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	buf[0] = '\0';
	if (fd < 0)
		return buf;
	n = read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(fd);
	return buf;
}

/* Names in a directory, sorted, space-separated; "ERR" on error. */
static const char *names(const char *path)
{
	static char out[1024];
	struct dirent **list;
	int n, i;

	n = scandir(path, &list, NULL, alphasort);
	if (n < 0)
		return "ERR";
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (strcmp(list[i]->d_name, ".") && strcmp(list[i]->d_name, "..")) {
			strcat(out, out[0] ? " " : "");
			strcat(out, list[i]->d_name);
		}
		free(list[i]);
	}
	free(list);
	return out;
}

static int ctl(const char *cmd)
{
	int fd = open(CTL, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, cmd, strlen(cmd));
	close(fd);
	return n < 0 ? -errno : 0;
}

/* Run @fn as uid/gid 1000 in a child; its exit status. */
static int as_user(int (*fn)(void))
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(1000) || setuid(1000))
			_exit(100);
		_exit(fn());
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 101;
}

/* Run @fn in a child as root; its exit status. */
static int as_user_root(int (*fn)(void))
{
	pid_t pid = fork();
	int st;

	if (pid == 0)
		_exit(fn());
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 101;
}

static void rm_rf(const char *path)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", path);
	if (system(cmd))
		perror(cmd);
}

TEST(synthesized_directories)
{
	struct stat st;

	ensure_mounted();
	ASSERT_EQ(0, stat(MNT "/dev", &st));
	EXPECT_TRUE(S_ISDIR(st.st_mode));
	EXPECT_EQ(0555, st.st_mode & 07777);
	/* /dev is synthesized from what is attached below it. */
	EXPECT_NE(NULL, strstr(names(MNT "/dev"), "rmhello"));
	EXPECT_NE(NULL, strstr(names(MNT "/dev"), "rmtest"));
	EXPECT_NE(NULL, strstr(names(MNT), "ramfs"));
	EXPECT_NE(NULL, strstr(names(MNT), "union"));
	EXPECT_EQ(-1, stat(MNT "/nothing-here", &st));
	EXPECT_EQ(ENOENT, errno);
	/* Synthesized directories are read-only. */
	EXPECT_EQ(-1, mkdir(MNT "/dev/newdir", 0755));
	EXPECT_EQ(-1, chmod(MNT "/dev", 0777));
}

TEST(dev_files_same_as_through_dev)
{
	struct pollfd p;
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_len = 4 };
	char a[64] = {}, b[64] = {};
	int fa, fb;

	ensure_mounted();
	fa = open("/dev/rmhello", O_RDONLY);
	fb = open(MNT "/dev/rmhello", O_RDONLY);
	ASSERT_LE(0, fa);
	ASSERT_LE(0, fb);
	EXPECT_LT(0, read(fa, a, sizeof(a) - 1));
	EXPECT_LT(0, read(fb, b, sizeof(b) - 1));
	EXPECT_STREQ(a, b);
	EXPECT_EQ(5, pread(fb, b, 5, 7));
	close(fa);
	close(fb);

	/* poll and locks go to the same handlers. */
	fb = open(MNT "/dev/rmser1", O_RDWR | O_NONBLOCK);
	ASSERT_LE(0, fb);
	p.fd = fb;
	p.events = POLLOUT;
	EXPECT_EQ(1, poll(&p, 1, 1000));
	EXPECT_TRUE(p.revents & POLLOUT);
	close(fb);
	fb = open(MNT "/dev/rmtest/public", O_RDWR);
	ASSERT_LE(0, fb);
	EXPECT_EQ(0, fcntl(fb, F_SETLK, &fl));
	fl.l_type = F_UNLCK;
	EXPECT_EQ(0, fcntl(fb, F_SETLK, &fl));
	close(fb);
}

TEST(create_read_write_stat)
{
	struct stat st, fst;
	int fd;

	ensure_mounted();
	rm_rf(RAM "/crw");
	ASSERT_EQ(0, mkdir(RAM "/crw", 0755));
	ASSERT_EQ(0, put(RAM "/crw/f", "hello"));
	EXPECT_STREQ("hello", get(RAM "/crw/f"));
	ASSERT_EQ(0, stat(RAM "/crw/f", &st));
	EXPECT_TRUE(S_ISREG(st.st_mode));
	EXPECT_EQ(5, st.st_size);
	EXPECT_EQ(1, st.st_nlink);
	EXPECT_EQ(0644 & ~umask(022), st.st_mode & 0777);

	/* O_CREAT|O_EXCL on an existing name. */
	EXPECT_EQ(-1, open(RAM "/crw/f", O_WRONLY | O_CREAT | O_EXCL, 0600));
	EXPECT_EQ(EEXIST, errno);
	/* A new read-only file can still be written through the creating fd. */
	fd = open(RAM "/crw/ro", O_WRONLY | O_CREAT | O_EXCL, 0444);
	ASSERT_LE(0, fd);
	EXPECT_EQ(3, write(fd, "abc", 3));
	ASSERT_EQ(0, fstat(fd, &fst));
	EXPECT_EQ(3, fst.st_size);
	close(fd);
	/* O_APPEND, O_TRUNC, seek, pread/pwrite. */
	fd = open(RAM "/crw/f", O_WRONLY | O_APPEND);
	ASSERT_LE(0, fd);
	EXPECT_EQ(6, write(fd, " world", 6));
	close(fd);
	EXPECT_STREQ("hello world", get(RAM "/crw/f"));
	fd = open(RAM "/crw/f", O_RDWR);
	ASSERT_LE(0, fd);
	EXPECT_EQ(3, pwrite(fd, "XYZ", 3, 1));
	EXPECT_EQ(6, lseek(fd, 6, SEEK_SET));
	EXPECT_EQ(11, lseek(fd, 0, SEEK_END));
	close(fd);
	EXPECT_STREQ("hXYZo world", get(RAM "/crw/f"));
	fd = open(RAM "/crw/f", O_WRONLY | O_TRUNC);
	ASSERT_LE(0, fd);
	close(fd);
	ASSERT_EQ(0, stat(RAM "/crw/f", &st));
	EXPECT_EQ(0, st.st_size);
	/* A hole reads as zeros. */
	fd = open(RAM "/crw/f", O_RDWR);
	ASSERT_LE(0, fd);
	EXPECT_EQ(1, pwrite(fd, "z", 1, 10000));
	{
		char buf[16];

		EXPECT_EQ(16, pread(fd, buf, 16, 4000));
		EXPECT_EQ(0, buf[0] | buf[15]);
	}
	close(fd);
	rm_rf(RAM "/crw");
}

TEST(attributes)
{
	struct timespec ts[2] = { { .tv_sec = 1000000000 }, { .tv_sec = 1200000000 } };
	struct stat st;
	int fd;

	ensure_mounted();
	ASSERT_EQ(0, put(RAM "/attr", "0123456789"));
	EXPECT_EQ(0, chmod(RAM "/attr", 0640));
	EXPECT_EQ(0, chown(RAM "/attr", 1234, 5678));
	EXPECT_EQ(0, utimensat(AT_FDCWD, RAM "/attr", ts, 0));
	ASSERT_EQ(0, stat(RAM "/attr", &st));
	EXPECT_EQ(0640, st.st_mode & 07777);
	EXPECT_EQ(1234, st.st_uid);
	EXPECT_EQ(5678, st.st_gid);
	EXPECT_EQ(1000000000, st.st_atime);
	EXPECT_EQ(1200000000, st.st_mtime);
	/* utimensat(NULL): now. */
	EXPECT_EQ(0, utimensat(AT_FDCWD, RAM "/attr", NULL, 0));
	ASSERT_EQ(0, stat(RAM "/attr", &st));
	EXPECT_LT(1200000000, st.st_mtime);
	/* truncate and ftruncate, both ways. */
	EXPECT_EQ(0, truncate(RAM "/attr", 4));
	EXPECT_STREQ("0123", get(RAM "/attr"));
	fd = open(RAM "/attr", O_RDWR);
	ASSERT_LE(0, fd);
	EXPECT_EQ(0, ftruncate(fd, 8192));
	ASSERT_EQ(0, fstat(fd, &st));
	EXPECT_EQ(8192, st.st_size);
	close(fd);
	fd = open(RAM "/attr", O_RDONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, ftruncate(fd, 0));
	EXPECT_EQ(EINVAL, errno);	/* not open for writing */
	close(fd);
	/* fstat on a file whose name went: the open file answers. */
	fd = open(RAM "/attr", O_RDONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(0, unlink(RAM "/attr"));
	ASSERT_EQ(0, fstat(fd, &st));
	EXPECT_EQ(0, st.st_nlink);
	EXPECT_EQ(8192, st.st_size);
	close(fd);
}

TEST(name_calls)
{
	char buf[64] = {};
	struct stat st;

	ensure_mounted();
	rm_rf(RAM "/nm");
	ASSERT_EQ(0, mkdir(RAM "/nm", 0755));
	EXPECT_EQ(-1, mkdir(RAM "/nm", 0755));
	EXPECT_EQ(EEXIST, errno);
	ASSERT_EQ(0, mkdir(RAM "/nm/d", 0700));
	ASSERT_EQ(0, stat(RAM "/nm", &st));
	EXPECT_EQ(3, st.st_nlink);
	ASSERT_EQ(0, put(RAM "/nm/d/f", "x"));
	EXPECT_EQ(-1, rmdir(RAM "/nm/d"));
	EXPECT_EQ(ENOTEMPTY, errno);
	EXPECT_EQ(-1, rmdir(RAM "/nm/d/f"));
	EXPECT_EQ(ENOTDIR, errno);
	EXPECT_EQ(-1, unlink(RAM "/nm/d"));
	EXPECT_EQ(EISDIR, errno);
	/* Hard and symbolic links. */
	EXPECT_EQ(0, link(RAM "/nm/d/f", RAM "/nm/hard"));
	ASSERT_EQ(0, stat(RAM "/nm/hard", &st));
	EXPECT_EQ(2, st.st_nlink);
	EXPECT_EQ(0, symlink("d/f", RAM "/nm/sym"));
	EXPECT_EQ(3, readlink(RAM "/nm/sym", buf, sizeof(buf)));
	EXPECT_STREQ("d/f", buf);
	ASSERT_EQ(0, lstat(RAM "/nm/sym", &st));
	EXPECT_TRUE(S_ISLNK(st.st_mode));
	EXPECT_STREQ("x", get(RAM "/nm/sym"));
	EXPECT_EQ(-1, readlink(RAM "/nm/hard", buf, sizeof(buf)));
	EXPECT_EQ(EINVAL, errno);
	/* mknod: a FIFO node. */
	EXPECT_EQ(0, mknod(RAM "/nm/fifo", S_IFIFO | 0600, 0));
	ASSERT_EQ(0, lstat(RAM "/nm/fifo", &st));
	EXPECT_TRUE(S_ISFIFO(st.st_mode));
	/* rename: a file, a directory, over an existing file, into itself. */
	EXPECT_EQ(0, rename(RAM "/nm/hard", RAM "/nm/renamed"));
	EXPECT_STREQ("x", get(RAM "/nm/renamed"));
	EXPECT_EQ(0, rename(RAM "/nm/d", RAM "/nm/e"));
	EXPECT_STREQ("x", get(RAM "/nm/e/f"));
	ASSERT_EQ(0, put(RAM "/nm/other", "other"));
	EXPECT_EQ(0, rename(RAM "/nm/other", RAM "/nm/renamed"));
	EXPECT_STREQ("other", get(RAM "/nm/renamed"));
	EXPECT_EQ(-1, rename(RAM "/nm/e", RAM "/nm/e/sub"));
	EXPECT_EQ(EINVAL, errno);
	/* Across managers: EXDEV. */
	EXPECT_EQ(-1, rename(RAM "/nm/renamed", MNT "/union/renamed"));
	EXPECT_EQ(EXDEV, errno);
	EXPECT_EQ(-1, link(RAM "/nm/renamed", MNT "/union/linked"));
	EXPECT_EQ(EXDEV, errno);
	EXPECT_STREQ("e fifo renamed sym", names(RAM "/nm"));
	rm_rf(RAM "/nm");
	EXPECT_EQ(-1, stat(RAM "/nm", &st));
	EXPECT_EQ(ENOENT, errno);
}

static int user_checks(void)
{
	struct stat st;
	int fd;

	if (mount("none", "/tmp", "resmgrfs", 0, NULL) != -1 || errno != EPERM)
		return 1;
	/* A root-only directory and file. */
	if (open(RAM "/perm/private/f", O_RDONLY) != -1 || errno != EACCES)
		return 2;
	if (open(RAM "/perm/secret", O_RDONLY) != -1 || errno != EACCES)
		return 3;
	if (open(RAM "/perm/new", O_WRONLY | O_CREAT, 0644) != -1 || errno != EACCES)
		return 4;
	if (mkdir(RAM "/perm/newdir", 0755) != -1 || errno != EACCES)
		return 5;
	if (chmod(RAM "/perm/secret", 0777) != -1 || errno != EPERM)
		return 6;
	if (unlink(RAM "/perm/secret") != -1 || errno != EACCES)
		return 7;
	/* stat needs no permission on the file itself. */
	if (stat(RAM "/perm/secret", &st) || st.st_uid != 0)
		return 8;
	/* The sticky /ramfs: a user's own file, not root's. */
	fd = open(RAM "/perm-user", O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return 9;
	close(fd);
	if (stat(RAM "/perm-user", &st) || st.st_uid != 1000 || st.st_gid != 1000)
		return 10;
	if (unlink(RAM "/perm-root") != -1 || errno != EPERM)
		return 11;
	if (chown(RAM "/perm-user", 0, 0) != -1 || errno != EPERM)
		return 12;
	if (unlink(RAM "/perm-user"))
		return 13;
	/* /dev managers check their attr's mode the same way. */
	if (open(MNT "/dev/rmtest/private", O_RDONLY) != -1 || errno != EACCES)
		return 14;
	return 0;
}

TEST(permissions_as_another_user)
{
	ensure_mounted();
	rm_rf(RAM "/perm");
	ASSERT_EQ(0, mkdir(RAM "/perm", 0755));
	ASSERT_EQ(0, mkdir(RAM "/perm/private", 0700));
	ASSERT_EQ(0, put(RAM "/perm/private/f", "x"));
	ASSERT_EQ(0, put(RAM "/perm/secret", "s"));
	ASSERT_EQ(0, chmod(RAM "/perm/secret", 0600));
	ASSERT_EQ(0, put(RAM "/perm-root", "r"));
	EXPECT_EQ(0, as_user(user_checks));
	unlink(RAM "/perm-root");
	rm_rf(RAM "/perm");
}

TEST(union_lookup_create_readdir)
{
	struct stat st;

	ensure_mounted();
	unlink(MNT "/union/README");	/* a copy in the upper layer, if any */
	unlink(MNT "/union/made-here");
	EXPECT_STREQ("This file comes from the read-only layer.\n",
		     get(MNT "/union/README"));
	EXPECT_STREQ("Union mountpoints: the first manager wins.\n",
		     get(MNT "/union/docs/guide.txt"));
	/* A create: EROFS from the BEFORE layer, so it lands in the AFTER one. */
	ASSERT_EQ(0, put(MNT "/union/made-here", "upper"));
	EXPECT_STREQ("upper", get(MNT "/union/made-here"));
	/* Writing README creates one in the upper layer; the lower one still wins. */
	EXPECT_EQ(0, put(MNT "/union/README", "shadowed"));
	EXPECT_STREQ("This file comes from the read-only layer.\n",
		     get(MNT "/union/README"));
	/* readdir merges both layers, each name once. */
	EXPECT_STREQ("README docs made-here", names(MNT "/union"));
	/*
	 * unlink of README: EROFS from the lower layer lets the walk go on, so the
	 * upper copy goes; then only the lower one is left, which refuses.
	 */
	EXPECT_EQ(0, unlink(MNT "/union/README"));
	EXPECT_EQ(-1, unlink(MNT "/union/README"));
	EXPECT_EQ(EROFS, errno);
	ASSERT_EQ(0, stat(MNT "/union/made-here", &st));
	EXPECT_EQ(0, unlink(MNT "/union/made-here"));
}

/*
 * A directory manager whose read status claims more bytes than it wrote:
 * resmgrfs lists what it wrote and nothing made of the rest.
 */
TEST(dir_read_status_beyond_data)
{
	ensure_mounted();
	ASSERT_EQ(0, ctl("attach liar"));
	EXPECT_STREQ("l1", names(MNT "/fsliar"));
	EXPECT_STREQ("liar:l1\n", get(MNT "/fsliar/l1"));
	EXPECT_EQ(0, ctl("detach liar"));
}

TEST(fall_through_and_opaque)
{
	ensure_mounted();
	EXPECT_STREQ("top:t1\n", get(FST "/t1"));
	EXPECT_STREQ("top:sub/t2\n", get(FST "/sub/t2"));
	EXPECT_STREQ("pl:p1\n", get(FST "/pl/p1"));
	/* /fst/pl is not OPAQUE: what its manager lacks goes to /fst. */
	EXPECT_STREQ("top:pl/seen\n", get(FST "/pl/seen"));
	/* /fst/op is OPAQUE: /fst never sees op/hidden. */
	EXPECT_STREQ("op:o1\n", get(FST "/op/o1"));
	EXPECT_EQ(-1, access(FST "/op/hidden", F_OK));
	EXPECT_EQ(ENOENT, errno);
	/* A typed (FTYPEONLY) manager at "/": plain opens do not reach it. */
	EXPECT_EQ(-1, access(MNT "/q1", F_OK));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(NULL, strstr(names(MNT), "q1"));
	/* The top manager's entries plus the mountpoints below it. */
	EXPECT_STREQ("op pl sub t1", names(FST));
	EXPECT_STREQ("o1", names(FST "/op"));
	EXPECT_STREQ("p1", names(FST "/pl"));
}

TEST(detach_while_directory_open)
{
	struct dirent *de;
	struct stat st;
	DIR *d;
	int n = 0;

	ensure_mounted();
	d = opendir(FST);
	ASSERT_NE(NULL, d);
	de = readdir(d);
	ASSERT_NE(NULL, de);
	ASSERT_EQ(0, ctl("detach top"));
	/* The stream ends or goes on with what is left; nothing breaks. */
	while ((de = readdir(d)) && n < 100)
		n++;
	EXPECT_LT(n, 100);
	rewinddir(d);
	while ((de = readdir(d)) && n < 200)
		n++;
	closedir(d);
	EXPECT_EQ(-1, stat(FST "/t1", &st));
	EXPECT_EQ(ENOENT, errno);
	/* Still a directory: mountpoints lie below it. */
	EXPECT_EQ(0, stat(FST, &st));
	EXPECT_STREQ("op pl", names(FST));
	ASSERT_EQ(0, ctl("attach top"));
	EXPECT_STREQ("top:t1\n", get(FST "/t1"));

	/* A walk in progress: the cwd's manager goes and comes back. */
	ASSERT_EQ(0, chdir(FST "/sub"));
	ASSERT_EQ(0, ctl("detach top"));
	EXPECT_EQ(-1, open("t2", O_RDONLY));
	EXPECT_EQ(ENOENT, errno);
	ASSERT_EQ(0, ctl("attach top"));
	EXPECT_STREQ("top:sub/t2\n", get("t2"));
	ASSERT_EQ(0, chdir("/"));
}

TEST(memory_limit)
{
	static char block[65536];
	ssize_t n = 0, total = 0;
	int fd;

	ensure_mounted();
	memset(block, 'm', sizeof(block));
	fd = open(RAM "/big", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ASSERT_LE(0, fd);
	while (total < (16 << 20) && (n = write(fd, block, sizeof(block))) > 0)
		total += n;
	EXPECT_EQ(-1, n);
	EXPECT_EQ(ENOSPC, errno);
	EXPECT_LT(4 << 20, total);
	EXPECT_GE(8 << 20, total);
	close(fd);
	EXPECT_EQ(0, unlink(RAM "/big"));
	/* Freed: there is room again. */
	EXPECT_EQ(0, put(RAM "/after-big", "ok"));
	EXPECT_EQ(0, unlink(RAM "/after-big"));
}

/* An errno an allocation failure may give; anything else is a bug. */
static bool alloc_errno(int e)
{
	return e == ENOMEM || e == ENOSPC || e == EAGAIN || e == ENOENT;
}

/* The fault-injected child: mount, readdir, path calls; exit 1 on a bad errno. */
static int faulty_calls(void)
{
	int i, bad = 0;

	if (write_str("/proc/self/make-it-fail", "1"))
		return 2;
	for (i = 0; i < 150; i++) {
		struct dirent *de;
		struct stat st;
		DIR *d;
		int fd;

		if (!mount("none", "/mnt/rmfs-fault", "resmgrfs", 0, NULL))
			umount("/mnt/rmfs-fault");
		else
			bad += !alloc_errno(errno);
		d = opendir(i % 2 ? FST : MNT "/dev");
		if (d) {
			while ((de = readdir(d)))
				;
			closedir(d);
		} else {
			bad += !alloc_errno(errno);
		}
		if (stat(FST "/sub/t2", &st))
			bad += !alloc_errno(errno);
		fd = open(RAM "/fault/f", O_WRONLY | O_CREAT, 0644);
		if (fd >= 0) {
			if (write(fd, "x", 1) < 0)
				bad += !alloc_errno(errno);
			close(fd);
		} else {
			bad += !alloc_errno(errno);
		}
		if (mkdir(RAM "/fault/d", 0755) && errno != EEXIST)
			bad += !alloc_errno(errno);
		if (rename(RAM "/fault/f", RAM "/fault/g") && errno != ENOENT)
			bad += !alloc_errno(errno);
		unlink(RAM "/fault/g");
		unlink(RAM "/fault/f");
		rmdir(RAM "/fault/d");
	}
	return bad ? 1 : 0;
}

/*
 * Allocations fail in one process (failslab, fail_page_alloc, debug
 * kernel): mount, readdir and path calls fail with an allocation errno
 * or work, and afterwards the pathname space and the files are as they
 * were (kmemleak checks the rest at the end of the run). Its work is
 * bounded by its count, and the timeout leaves room for the debug kernel
 * under fault injection.
 */
FIXTURE(faults) {};
FIXTURE_SETUP(faults) {}
FIXTURE_TEARDOWN(faults) {}

TEST_F_TIMEOUT(faults, fault_injection, 300)
{
	const char *fs = "/sys/kernel/debug/failslab";
	const char *fp = "/sys/kernel/debug/fail_page_alloc";
	const char *before;
	char saved[256];

	ensure_mounted();
	if (access(fs, F_OK))
		SKIP(return, "no failslab (not the debug kernel)");
	mkdir("/mnt/rmfs-fault", 0755);
	rm_rf(RAM "/fault");
	ASSERT_EQ(0, mkdir(RAM "/fault", 0755));
	before = names(FST);
	snprintf(saved, sizeof(saved), "%s", before);
	ASSERT_EQ(0, fail_setup(fs, "20"));
	if (!access(fp, F_OK))
		ASSERT_EQ(0, fail_setup(fp, "10"));
	EXPECT_EQ(0, as_user_root(faulty_calls));
	write_str("/sys/kernel/debug/failslab/probability", "0");
	if (!access(fp, F_OK))
		write_str("/sys/kernel/debug/fail_page_alloc/probability", "0");
	EXPECT_STREQ(saved, names(FST));
	EXPECT_STREQ("top:sub/t2\n", get(FST "/sub/t2"));
	EXPECT_STREQ("", names(RAM "/fault"));
	EXPECT_EQ(0, mount("none", "/mnt/rmfs-fault", "resmgrfs", 0, NULL));
	EXPECT_EQ(0, umount("/mnt/rmfs-fault"));
	rm_rf(RAM "/fault");
}

/*
 * Buffers handed to managers as bounced bytes (small) or taken pages
 * (large, unaligned, several segments): writev() then preadv() of the
 * same pieces, on tmpfs and on rm_ramfs.
 */
static int vec_io(const char *path, unsigned char *out, size_t *outlen)
{
	static unsigned char a[100], b[9000], c[300];
	unsigned char *big = malloc(20000);
	struct iovec w[3] = { { a, sizeof(a) }, { b + 3, 5000 }, { c, sizeof(c) } };
	struct iovec r[2] = { { big + 1, 4999 }, { big + 7000, 401 } };
	size_t i;
	ssize_t n;
	int fd;

	if (!big)
		return -1;
	for (i = 0; i < sizeof(b); i++)
		b[i] = i * 7;
	memset(a, 'a', sizeof(a));
	memset(c, 'c', sizeof(c));
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		free(big);
		return -2;
	}
	n = writev(fd, w, 3);
	if (n != 5400) {
		close(fd);
		free(big);
		return -3;
	}
	n = preadv(fd, r, 2, 0);
	close(fd);
	unlink(path);
	*outlen = n < 0 ? 0 : n;
	memcpy(out, big + 1, 4999);
	memcpy(out + 4999, big + 7000, 401);
	free(big);
	return n == 5400 ? 0 : -4;
}

TEST(vectored_io_as_on_tmpfs)
{
	static unsigned char tmp[5400], ram[5400];
	size_t tl = 0, rl = 0;

	ensure_mounted();
	ASSERT_EQ(0, vec_io("/tmp/rmfs-vec", tmp, &tl));
	ASSERT_EQ(0, vec_io(RAM "/vec", ram, &rl));
	EXPECT_EQ(tl, rl);
	EXPECT_EQ(0, memcmp(tmp, ram, sizeof(tmp)));
}

/*
 * A program on resmgrfs runs: exec maps its pages (mmap through the page
 * cache). The test's own binary, copied to rm_ramfs and to tmpfs, lists
 * its tests (-l) from both.
 */
static int copy_and_run(const char *dst)
{
	int in = open("/proc/self/exe", O_RDONLY), out, st;
	char blk[65536];
	ssize_t n;
	pid_t pid;

	if (in < 0)
		return -1;
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (out < 0) {
		close(in);
		return -2;
	}
	while ((n = read(in, blk, sizeof(blk))) > 0)
		if (write(out, blk, n) != n)
			n = -1;
	close(in);
	close(out);
	if (n < 0)
		return -3;
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		execl(dst, dst, "-l", (char *)NULL);
		_exit(errno == ENOEXEC ? 120 : 121);
	}
	waitpid(pid, &st, 0);
	unlink(dst);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 200 + WTERMSIG(st);
}

TEST(exec_a_program)
{
	int tmp;

	ensure_mounted();
	/* The harness's -l lists the tests and exits with KSFT_SKIP. */
	tmp = copy_and_run("/tmp/rmfs-exe");
	ASSERT_EQ(KSFT_SKIP, tmp);
	EXPECT_EQ(tmp, copy_and_run(RAM "/exe"));
}

/* fallocate(KEEP_SIZE) alone has no QNX message: EOPNOTSUPP, the file unchanged. */
TEST(fallocate_keep_size_unsupported)
{
	struct stat st;
	int fd;

	ensure_mounted();
	fd = open(RAM "/fks", O_RDWR | O_CREAT | O_TRUNC, 0644);
	ASSERT_LE(0, fd);
	ASSERT_EQ(3, write(fd, "abc", 3));
	EXPECT_EQ(-1, fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 8192));
	EXPECT_EQ(EOPNOTSUPP, errno);
	ASSERT_EQ(0, fstat(fd, &st));
	EXPECT_EQ(3, st.st_size);
	close(fd);
	unlink(RAM "/fks");
}

/*
 * The pathname space is QNX's: a manager gets the whole path below its
 * mountpoint in one message, so a path is at most PATH_MAX from the
 * pathname space's root, and a name deeper (reached with chdir()) is
 * ENAMETOOLONG, cleanly (a documented difference from tmpfs).
 */
TEST(deeper_than_path_max)
{
	char name[201], cwd[64];
	int depth = 0, err = 0, i;

	ensure_mounted();
	memset(name, 'd', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	ASSERT_EQ(0, mkdir(RAM "/deep", 0755));
	ASSERT_NE(NULL, getcwd(cwd, sizeof(cwd)));
	ASSERT_EQ(0, chdir(RAM "/deep"));
	for (depth = 0; depth < 40; depth++) {
		if (mkdir(name, 0755)) {
			err = errno;
			break;
		}
		ASSERT_EQ(0, chdir(name));
	}
	EXPECT_EQ(ENAMETOOLONG, err);
	/* "/ramfs/deep" and 201 bytes a level: the level that crosses PATH_MAX. */
	EXPECT_EQ((4096 - 11) / 201, depth);
	for (i = 0; i < depth; i++) {
		ASSERT_EQ(0, chdir(".."));
		EXPECT_EQ(0, rmdir(name));
	}
	ASSERT_EQ(0, chdir(cwd));
	EXPECT_EQ(0, rmdir(RAM "/deep"));
}

/* Write @text to the file @path (for /proc/self/uid_map and the like). */
static int put_proc(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/*
 * In a new user namespace that maps only root to root: @path, owned by
 * 2000, shows the overflow id; its other-read bit lets us read, and our
 * capabilities there do not let us write (the owner is not mapped).
 * 0 when all of that holds, else a bit per difference.
 */
static int stranger_in_userns(const char *path)
{
	struct stat st;
	int res = 0;

	if (unshare(CLONE_NEWUSER) || put_proc("/proc/self/setgroups", "deny") ||
	    put_proc("/proc/self/uid_map", "0 0 1") || put_proc("/proc/self/gid_map", "0 0 1"))
		return 64;
	if (stat(path, &st))
		return 32;
	if (st.st_uid != 65534 || st.st_gid != 65534)
		res |= 1;
	if (access(path, R_OK))
		res |= 2;
	if (!access(path, W_OK) || errno != EACCES)
		res |= 4;
	return res;
}

/*
 * The owner (uid 2000) holds @path open while a stranger in a user
 * namespace looks at it, then changes its mode and reads its owner
 * through the open file. Return: the stranger's answer * 1000 + the
 * owner's errno (0 when fchmod worked and fstat said 2000).
 */
static int owner_after_stranger(const char *path)
{
	int ready[2], go[2], st, stranger, owner;
	pid_t a, b;
	char c;

	if (put(path, "x") || chown(path, 2000, 2000) || chmod(path, 0644) ||
	    pipe(ready) || pipe(go))
		return -1;
	a = fork();
	if (a == 0) {
		struct stat sb;
		int fd;

		if (setgroups(0, NULL) || setresgid(2000, 2000, 2000) ||
		    setresuid(2000, 2000, 2000))
			_exit(200);
		fd = open(path, O_RDONLY);
		if (fd < 0 || write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(201);
		if (fchmod(fd, 0600))
			_exit(errno);
		if (fstat(fd, &sb) || sb.st_uid != 2000 || (sb.st_mode & 07777) != 0600)
			_exit(202);
		_exit(0);
	}
	if (read(ready[0], &c, 1) != 1)
		return -2;
	b = fork();
	if (b == 0)
		_exit(stranger_in_userns(path));
	waitpid(b, &st, 0);
	stranger = WIFEXITED(st) ? WEXITSTATUS(st) : 99;
	if (write(go[1], "g", 1) != 1)
		return -3;
	waitpid(a, &st, 0);
	owner = WIFEXITED(st) ? WEXITSTATUS(st) : 255;
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	close(go[1]);
	unlink(path);
	return stranger * 1000 + owner;
}

/*
 * Callers in other user namespaces share resmgrfs's inodes: a stranger's
 * look at a file leaves its owner as it is (the owner, once stored as the
 * stranger saw it, got EPERM from its own fchmod()). Against tmpfs.
 */
TEST(user_namespace_stranger_then_owner)
{
	int tmp, ram;

	ensure_mounted();
	tmp = owner_after_stranger("/tmp/rmfs-userns");
	ram = owner_after_stranger(RAM "/userns");
	EXPECT_EQ(0, tmp);
	EXPECT_EQ(tmp, ram);
}

struct uffd_reader {
	int		fd;
	char		*buf;
	size_t		len;
	bool		write;
	ssize_t		ret;
	int		done;	/* atomic: the thread sets it, the server polls it */
};

static void *uffd_read(void *arg)
{
	struct uffd_reader *r = arg;

	if (r->write)
		r->ret = pwrite(r->fd, r->buf, r->len, 0);
	else
		r->ret = pread(r->fd, r->buf, r->len, 0);
	__atomic_store_n(&r->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* Does another caller get through: read and stat @other within 3 s? */
static bool other_gets_through(const char *other)
{
	pid_t pid = fork();
	int st, i;

	if (pid == 0) {
		struct stat sb;

		_exit(strcmp(get(other), "other") || stat(other, &sb) ? 3 : 0);
	}
	for (i = 0; i < 300; i++) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return WIFEXITED(st) && !WEXITSTATUS(st);
		usleep(10 * 1000);
	}
	/* Stuck: it is reaped once the fault is resolved. */
	return false;
}

/*
 * Serve @uffd until the call is done: each fault, a missing page (filled
 * write-protected, so that a write into it faults again) or a write to
 * a protected one (unprotected), is answered only after another caller
 * was given the chance to get through. 0, 1 when one was stuck, -1 when
 * a fault could not be resolved or the call never ended.
 */
static int uffd_serve(int uffd, struct uffd_reader *r, long page, const char *other)
{
	struct pollfd pfd = { .fd = uffd, .events = POLLIN };
	static char zeros[65536];
	struct uffd_msg msg;
	int i, res = 0;

	for (i = 0; i < 2000 && !__atomic_load_n(&r->done, __ATOMIC_ACQUIRE); i++) {
		unsigned long at;

		if (poll(&pfd, 1, 10) <= 0)
			continue;
		if (read(uffd, &msg, sizeof(msg)) != sizeof(msg) ||
		    msg.event != UFFD_EVENT_PAGEFAULT)
			continue;
		if (!other_gets_through(other))
			res = 1;
		at = msg.arg.pagefault.address & ~(page - 1);
		if (msg.arg.pagefault.flags & UFFD_PAGEFAULT_FLAG_WP) {
			struct uffdio_writeprotect wp = { .range = { at, page } };

			if (ioctl(uffd, UFFDIO_WRITEPROTECT, &wp))
				return -1;
		} else {
			struct uffdio_copy cp = {
				.dst = at, .src = (unsigned long)zeros, .len = page,
				.mode = UFFDIO_COPY_MODE_WP,
			};

			if (ioctl(uffd, UFFDIO_COPY, &cp) && errno != EEXIST)
				return -1;
		}
	}
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	return __atomic_load_n(&r->done, __ATOMIC_ACQUIRE) ? res : -1;
}

/*
 * A read into (or a write from: @write) a buffer whose pages come slowly
 * (userfaultfd: missing, then write-protected) while, at each fault,
 * another caller reads @other and stats it. 0 when the other caller got
 * through every time and the call then completed; 1 another caller was
 * stuck behind a fault, 2 the call failed, -1 setup.
 */
static int io_behind_slow_fault(const char *path, const char *other, bool write)
{
	long page = sysconf(_SC_PAGESIZE);
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = {};
	struct uffd_reader r = {};
	pthread_t t;
	int uffd, res;
	char *area;

	if (put(path, "") || put(other, "other"))
		return -1;
	r.fd = open(path, O_RDWR);
	if (r.fd < 0 || ftruncate(r.fd, 2 * page))
		return -1;
	uffd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (uffd < 0 || ioctl(uffd, UFFDIO_API, &api))
		return -1;
	area = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED)
		return -1;
	reg.range.start = (unsigned long)area;
	reg.range.len = 2 * page;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING | UFFDIO_REGISTER_MODE_WP;
	if (ioctl(uffd, UFFDIO_REGISTER, &reg))
		return -1;
	r.buf = area;
	r.len = 2 * page;
	r.write = write;
	if (pthread_create(&t, NULL, uffd_read, &r))
		return -1;
	res = uffd_serve(uffd, &r, page, other);
	pthread_join(t, NULL);
	if (!res && r.ret != 2 * page)
		res = 2;
	munmap(area, 2 * page);
	close(uffd);
	close(r.fd);
	unlink(path);
	unlink(other);
	return res;
}

/*
 * A caller whose buffer faults slowly (userfaultfd) holds nobody up:
 * rm_ramfs once copied a write's data from it under its instance lock,
 * and every other call of the file system waited for the fault. Reads
 * and writes, against tmpfs.
 */
TEST(slow_fault_blocks_nobody)
{
	ensure_mounted();
	EXPECT_EQ(0, io_behind_slow_fault("/tmp/rmfs-uffd", "/tmp/rmfs-uffd-other", false));
	EXPECT_EQ(0, io_behind_slow_fault("/tmp/rmfs-uffd", "/tmp/rmfs-uffd-other", true));
	EXPECT_EQ(0, io_behind_slow_fault(RAM "/uffd", RAM "/uffd-other", false));
	EXPECT_EQ(0, io_behind_slow_fault(RAM "/uffd", RAM "/uffd-other", true));
}

/*
 * copy_file_range() (to another file and within one), sendfile() and
 * splice() through a pipe, on files of @dir: the return values, then a
 * checksum of what the files hold, in @out[0..4].
 */
static int copy_calls(const char *dir, long *out)
{
	char a[256], b[256], buf[12000];
	int fa, fb, p[2], i;
	loff_t in = 100, to = 0;
	long sum = 0;
	ssize_t n;

	snprintf(a, sizeof(a), "%s/copy-a", dir);
	snprintf(b, sizeof(b), "%s/copy-b", dir);
	for (i = 0; i < 10000; i++)
		buf[i] = 'a' + i % 26;
	fa = open(a, O_RDWR | O_CREAT | O_TRUNC, 0644);
	fb = open(b, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fa < 0 || fb < 0 || write(fa, buf, 10000) != 10000 || pipe(p))
		return -1;
	out[0] = copy_file_range(fa, &in, fb, &to, 5000, 0);
	in = 0;
	to = 9000;
	out[1] = copy_file_range(fa, &in, fa, &to, 2000, 0);
	in = 50;
	out[2] = sendfile(fb, fa, &in, 3000);
	in = 7;
	n = splice(fa, &in, p[1], NULL, 4096, 0);
	out[3] = n > 0 ? splice(p[0], NULL, fb, &to, n, 0) : n;
	memset(buf, 0, sizeof(buf));
	n = pread(fa, buf, sizeof(buf), 0);
	for (i = 0; i < n; i++)
		sum = sum * 31 + buf[i];
	n = pread(fb, buf, sizeof(buf), 0);
	for (i = 0; i < n; i++)
		sum = sum * 31 + buf[i];
	out[4] = sum;
	close(p[0]);
	close(p[1]);
	close(fa);
	close(fb);
	unlink(a);
	unlink(b);
	return 0;
}

/*
 * copy_file_range(), sendfile() and splice() work on resmgrfs files as
 * on tmpfs (fsx found copy_file_range() giving EINVAL: no splice).
 */
TEST(copy_calls_as_on_tmpfs)
{
	long tmp[5], ram[5];
	int i;

	ensure_mounted();
	mkdir("/tmp/rmfs-copy", 0755);
	ASSERT_EQ(0, copy_calls("/tmp/rmfs-copy", tmp));
	ASSERT_EQ(0, copy_calls(RAM, ram));
	EXPECT_EQ(5000, tmp[0]);
	EXPECT_EQ(2000, tmp[1]);
	EXPECT_EQ(3000, tmp[2]);
	EXPECT_EQ(4096, tmp[3]);
	for (i = 0; i < 5; i++)
		EXPECT_EQ(tmp[i], ram[i]) TH_LOG("call %d", i);
}

TEST_HARNESS_MAIN
