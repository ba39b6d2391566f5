// SPDX-License-Identifier: GPL-2.0
/*
 * resmgrfs's caches of names and attributes: a cacheable manager's
 * answers are kept (no message for a second stat, none but the open for
 * a second open-read-close), and never outlive a
 * change: one made through a second resmgrfs mount (its own dcache), by
 * the manager itself with resmgr_notify_change(), by attach and detach;
 * the VFS's checks on a working directory follow a chmod made elsewhere.
 * Managers that do not tell of changes are asked every time, unless the
 * mount's entry_timeout/attr_timeout say otherwise. Each step of the
 * two-mount test runs on tmpfs too (a bind mount is its second view),
 * and the answers are compared.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "resmgrfs_mount.h"

#define MNT2	"/mnt/rmfs2"
#define MNT3	"/mnt/rmfs3"
#define MNT4	"/mnt/rmfs4"
#define CTL	"/dev/rmtest/fsctl"

/* How many open messages the fixture's cacheable and quiet managers had. */
static void opens(int *cache, int *quiet)
{
	char buf[64] = "";
	int fd = open(CTL, O_RDONLY);

	*cache = *quiet = -1;
	if (fd < 0)
		return;
	if (read(fd, buf, sizeof(buf) - 1) > 0)
		sscanf(buf, "cache=%d quiet=%d", cache, quiet);
	close(fd);
}

static int ctl(const char *cmd)
{
	int fd = open(CTL, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, cmd, strlen(cmd));
	close(fd);
	return n == (ssize_t)strlen(cmd) ? 0 : -errno;
}

static int mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) ? -errno : (int)(st.st_mode & 07777);
}

TEST(cacheable_answers_are_kept)
{
	int c0, c1, c2, q0, q1, q2;

	ensure_mounted();
	ASSERT_EQ(0444, mode_of(MNT "/fscache/cd/c2"));
	ASSERT_EQ(0444, mode_of(MNT "/fsquiet/s1"));
	opens(&c0, &q0);
	ASSERT_LE(0, c0);
	ASSERT_EQ(0444, mode_of(MNT "/fscache/cd/c2"));
	ASSERT_EQ(0444, mode_of(MNT "/fsquiet/s1"));
	opens(&c1, &q1);
	/* The cacheable manager was not asked again; the other one was. */
	EXPECT_EQ(c0, c1);
	EXPECT_LT(q0, q1);
	/* A name it does not have stays unknown without asking, too. */
	ASSERT_EQ(-ENOENT, mode_of(MNT "/fscache/none"));
	opens(&c1, &q1);
	ASSERT_EQ(-ENOENT, mode_of(MNT "/fscache/none"));
	opens(&c2, &q2);
	EXPECT_EQ(c1, c2);
}

/* open(), read() and close(): the open messages that took. */
static int open_read_close(const char *path)
{
	int c0, c1, q, fd;
	char buf[64];

	opens(&c0, &q);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	if (read(fd, buf, sizeof(buf)) <= 0)
		c0 = -1000;
	close(fd);
	opens(&c1, &q);
	return c1 - c0;
}

TEST(walk_stays_cached_after_reads)
{
	ensure_mounted();
	ASSERT_LE(1, open_read_close(MNT "/fscache/cd/c2"));
	/*
	 * A read moves only the times and sizes: the next walk still
	 * holds, and the open is the one message.
	 */
	EXPECT_EQ(1, open_read_close(MNT "/fscache/cd/c2"));
	EXPECT_EQ(1, open_read_close(MNT "/fscache/cd/c2"));
}

TEST(manager_notice_makes_attributes_stale)
{
	int before, after, q;

	ensure_mounted();
	ASSERT_EQ(0444, mode_of(MNT "/fscache/c1"));
	ASSERT_EQ(0, access(MNT "/fscache/c1", R_OK));
	ASSERT_EQ(0, ctl("mode cache"));
	opens(&before, &q);
	/* resmgr_notify_change(): the next stat asks, and sees 0640. */
	EXPECT_EQ(0640, mode_of(MNT "/fscache/c1"));
	opens(&after, &q);
	EXPECT_LT(before, after);
	ASSERT_EQ(0, ctl("mode cache"));
	EXPECT_EQ(0444, mode_of(MNT "/fscache/c1"));
}

TEST(attach_and_detach_make_names_stale)
{
	ensure_mounted();
	ASSERT_EQ(0444, mode_of(MNT "/fscache/c1"));
	ASSERT_EQ(0, ctl("detach cache"));
	EXPECT_EQ(-ENOENT, mode_of(MNT "/fscache/c1"));
	EXPECT_EQ(-ENOENT, mode_of(MNT "/fscache"));
	ASSERT_EQ(0, ctl("attach cache"));
	EXPECT_EQ(0444, mode_of(MNT "/fscache/c1"));
}

/* Make @dir/d/f (0644) and @dir/d/g; @dir/d is 0755. */
static void make_tree(struct __test_metadata *_metadata, const char *dir)
{
	char p[256];
	int fd;

	snprintf(p, sizeof(p), "%s/d", dir);
	ASSERT_EQ(0, mkdir(p, 0755));
	ASSERT_EQ(0, chmod(p, 0755));
	snprintf(p, sizeof(p), "%s/d/f", dir);
	fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0644);
	ASSERT_LE(0, fd);
	ASSERT_EQ(3, write(fd, "abc", 3));
	close(fd);
	ASSERT_EQ(0, chmod(p, 0644));
}

static void drop_tree(const char *dir)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/d/f", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/d/g", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/d/h", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/d", dir);
	rmdir(p);
}

/* The answers of one view (@b) after changes made through the other (@a). */
struct answers {
	int	mode_after_chmod;
	long	size_after_append;
	int	gone_after_unlink;
	int	seen_after_create;
	int	renamed_old, renamed_new;
	int	cwd_read_after_chmod;	/* another user, working directory in @b: answer() */
	int	path_read_after_chmod;
};

/* access()'s answer in an exit status: 0 allowed, 1 EACCES, 2 another error */
static int answer(int ret)
{
	return !ret ? 0 : errno == EACCES ? 1 : 2;
}

static long size_of(const char *path)
{
	struct stat st;

	return stat(path, &st) ? -errno : (long)st.st_size;
}

static void steps(struct __test_metadata *_metadata, const char *a,
		  const char *b, struct answers *r)
{
	char pa[256], pb[256], pb2[256], pbd[256], pad[256];
	int fd, status, pipefd[2], ready[2];
	pid_t pid;
	char go;

	drop_tree(a);
	make_tree(_metadata, a);
	snprintf(pa, sizeof(pa), "%s/d/f", a);
	snprintf(pb, sizeof(pb), "%s/d/f", b);
	snprintf(pad, sizeof(pad), "%s/d", a);
	snprintf(pbd, sizeof(pbd), "%s/d", b);

	/* Each answer in @b is first cached by asking it there. */
	ASSERT_EQ(0644, mode_of(pb));
	ASSERT_EQ(0, chmod(pa, 0600));
	r->mode_after_chmod = mode_of(pb);

	ASSERT_EQ(3, size_of(pb));
	fd = open(pa, O_WRONLY | O_APPEND);
	ASSERT_LE(0, fd);
	ASSERT_EQ(2, write(fd, "de", 2));
	close(fd);
	r->size_after_append = size_of(pb);

	snprintf(pb2, sizeof(pb2), "%s/d/g", b);
	ASSERT_EQ(-ENOENT, mode_of(pb2));
	snprintf(pa, sizeof(pa), "%s/d/g", a);
	fd = open(pa, O_WRONLY | O_CREAT | O_EXCL, 0640);
	ASSERT_LE(0, fd);
	close(fd);
	r->seen_after_create = mode_of(pb2);

	snprintf(pa, sizeof(pa), "%s/d/h", a);
	snprintf(pb2, sizeof(pb2), "%s/d/g", a);
	ASSERT_EQ(0, rename(pb2, pa));
	snprintf(pb2, sizeof(pb2), "%s/d/g", b);
	r->renamed_old = mode_of(pb2);
	snprintf(pb2, sizeof(pb2), "%s/d/h", b);
	r->renamed_new = mode_of(pb2);
	ASSERT_EQ(0, unlink(pa));
	r->gone_after_unlink = mode_of(pb2);

	/* Another user works in @b/d; @a/d then becomes 0700. */
	snprintf(pa, sizeof(pa), "%s/d/f", a);
	ASSERT_EQ(0, chmod(pa, 0644));
	ASSERT_EQ(0644, mode_of(pb));
	ASSERT_EQ(0, pipe(pipefd));
	ASSERT_EQ(0, pipe(ready));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		int cwd_ok, path_ok;

		if (setgid(3000) || setuid(3000))
			_exit(100);
		if (chdir(pbd)) {
			fprintf(stderr, "# chdir %s: %s\n", pbd, strerror(errno));
			_exit(103);
		}
		cwd_ok = access("f", R_OK);
		if (cwd_ok)
			_exit(101);
		if (write(ready[1], "r", 1) != 1 || read(pipefd[0], &go, 1) != 1)
			_exit(102);
		cwd_ok = answer(access("f", R_OK));
		path_ok = answer(access(pb, R_OK));
		_exit(cwd_ok * 3 + path_ok);
	}
	/* The child works in the directory: then it becomes 0700. */
	ASSERT_EQ(1, read(ready[0], &go, 1));
	ASSERT_EQ(0, chmod(pad, 0700));
	ASSERT_EQ(1, write(pipefd[1], "x", 1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	close(pipefd[0]);
	close(pipefd[1]);
	close(ready[0]);
	close(ready[1]);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_GT(100, WEXITSTATUS(status));
	r->cwd_read_after_chmod = WEXITSTATUS(status) / 3;
	r->path_read_after_chmod = WEXITSTATUS(status) % 3;
	drop_tree(a);
}

TEST(changes_through_another_mount_as_on_tmpfs)
{
	struct answers rm = {}, tmp = {};

	ensure_mounted();
	mkdir(MNT2, 0755);
	umount(MNT2);
	ASSERT_EQ(0, mount("none", MNT2, "resmgrfs", 0, NULL));
	mkdir("/tmp/cache_a", 0755);
	mkdir("/tmp/cache_b", 0755);
	ASSERT_EQ(0, chmod("/tmp/cache_a", 0755));
	umount("/tmp/cache_b");
	ASSERT_EQ(0, mount("/tmp/cache_a", "/tmp/cache_b", NULL, MS_BIND, NULL));

	steps(_metadata, "/tmp/cache_a", "/tmp/cache_b", &tmp);
	steps(_metadata, MNT "/ramfs", MNT2 "/ramfs", &rm);
	umount(MNT2);
	umount("/tmp/cache_b");

	EXPECT_EQ(0600, tmp.mode_after_chmod);
	EXPECT_EQ(tmp.mode_after_chmod, rm.mode_after_chmod);
	EXPECT_EQ(5, tmp.size_after_append);
	EXPECT_EQ(tmp.size_after_append, rm.size_after_append);
	EXPECT_EQ(0640, tmp.seen_after_create);
	EXPECT_EQ(tmp.seen_after_create, rm.seen_after_create);
	EXPECT_EQ(-ENOENT, tmp.renamed_old);
	EXPECT_EQ(tmp.renamed_old, rm.renamed_old);
	EXPECT_EQ(0640, tmp.renamed_new);
	EXPECT_EQ(tmp.renamed_new, rm.renamed_new);
	EXPECT_EQ(-ENOENT, tmp.gone_after_unlink);
	EXPECT_EQ(tmp.gone_after_unlink, rm.gone_after_unlink);
	EXPECT_EQ(1, tmp.cwd_read_after_chmod);	/* EACCES */
	EXPECT_EQ(tmp.cwd_read_after_chmod, rm.cwd_read_after_chmod);
	EXPECT_EQ(1, tmp.path_read_after_chmod);
	EXPECT_EQ(tmp.path_read_after_chmod, rm.path_read_after_chmod);
}

TEST(timeouts_for_managers_that_do_not_tell)
{
	char opts[256] = "";
	int c, q0, q1;
	FILE *f;

	ensure_mounted();
	mkdir(MNT3, 0755);
	mkdir(MNT4, 0755);
	umount(MNT3);
	umount(MNT4);
	EXPECT_EQ(-1, mount("none", MNT3, "resmgrfs", 0, "attr_timeout=86401"));
	EXPECT_EQ(EINVAL, errno);
	ASSERT_EQ(0, mount("none", MNT3, "resmgrfs", 0,
			   "entry_timeout=3600,attr_timeout=3600"));
	ASSERT_EQ(0, mount("none", MNT4, "resmgrfs", 0,
			   "entry_timeout=1,attr_timeout=1"));
	f = fopen("/proc/mounts", "r");
	ASSERT_NE(NULL, f);
	while (fgets(opts, sizeof(opts), f))
		if (strstr(opts, " " MNT3 " "))
			break;
	fclose(f);
	EXPECT_NE(NULL, strstr(opts, "entry_timeout=3600,attr_timeout=3600"));

	/* Within the timeout the answer is kept: the manager is not asked. */
	ASSERT_EQ(0444, mode_of(MNT3 "/fsquiet/s1"));
	opens(&c, &q0);
	ASSERT_EQ(0444, mode_of(MNT3 "/fsquiet/s1"));
	opens(&c, &q1);
	EXPECT_EQ(q0, q1);
	/*
	 * The manager changes the mode without a word: the default mount
	 * asks and sees it; the timed one keeps its answer, as asked to.
	 */
	ASSERT_EQ(0, ctl("mode quiet"));
	EXPECT_EQ(0640, mode_of(MNT "/fsquiet/s1"));
	EXPECT_EQ(0444, mode_of(MNT3 "/fsquiet/s1"));
	/* After the timeout the manager is asked again. */
	ASSERT_EQ(0640, mode_of(MNT4 "/fsquiet/s1"));
	opens(&c, &q0);
	sleep(2);
	EXPECT_EQ(0640, mode_of(MNT4 "/fsquiet/s1"));
	opens(&c, &q1);
	EXPECT_LT(q0, q1);
	/* A detach is seen at once, timeout or not. */
	ASSERT_EQ(0, ctl("mode quiet"));
	ASSERT_EQ(0, ctl("detach quiet"));
	EXPECT_EQ(-ENOENT, mode_of(MNT3 "/fsquiet/s1"));
	ASSERT_EQ(0, ctl("attach quiet"));
	EXPECT_EQ(0444, mode_of(MNT3 "/fsquiet/s1"));
	umount(MNT3);
	umount(MNT4);
}

/*
 * Walks while another process keeps changing modes along the path, on
 * rm_ramfs and on tmpfs: every walk succeeds on both, and the kernel
 * stays quiet. An RCU walk that found the modes current and then, a
 * moment later, stale once asked the manager (and slept) inside the RCU
 * walk; stress-ng's chown found it.
 */
static int walks_while_chmod(const char *dir)
{
	char file[256];
	int i, bad = 0, st;
	pid_t pid[2];
	time_t end;

	snprintf(file, sizeof(file), "%s/f", dir);
	mkdir(dir, 0755);
	close(open(file, O_CREAT | O_WRONLY, 0644));
	end = time(NULL) + 3;
	/* One changes the directory's mode, one the file's owner (its lock). */
	for (i = 0; i < 2; i++) {
		pid[i] = fork();
		if (pid[i] == 0) {
			int n;

			for (n = 0; time(NULL) < end; n++) {
				if (i)
					chown(file, n & 1 ? 3000 : 0, 0);
				else
					chmod(dir, n & 1 ? 0711 : 0755);
			}
			_exit(0);
		}
	}
	while (time(NULL) < end) {
		struct stat sb;

		if (stat(file, &sb))
			bad++;
	}
	for (i = 0; i < 2; i++)
		waitpid(pid[i], &st, 0);
	chmod(dir, 0755);
	unlink(file);
	rmdir(dir);
	return bad;
}

TEST(walks_race_mode_changes_as_on_tmpfs)
{
	ensure_mounted();
	EXPECT_EQ(0, walks_while_chmod("/tmp/cache_race"));
	EXPECT_EQ(0, walks_while_chmod(MNT "/ramfs/cache_race"));
}

TEST_HARNESS_MAIN
