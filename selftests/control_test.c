// SPDX-License-Identifier: GPL-2.0
/*
 * The same steps on a control and on resmgr, as every kind of caller,
 * with the answers compared:
 *
 *   - a tree on tmpfs against the same tree on rm_ramfs through
 *     resmgrfs: access(), open() in every access mode (3 too) and with
 *     O_TRUNC, exec, chdir, truncate, rename (a directory into another
 *     parent), link, unlink in a sticky directory, mkdir, mknod of a
 *     regular file, FIFOs, sockets (bind and connect), chmod (sticky
 *     bit), chown, utime, creat of a 0444 file,
 *     pwrite() on O_APPEND, fsync(), O_DIRECT;
 *   - /dev/rmtest/private (iofunc defaults, 0600 root) against a native
 *     device node of the same mode, and /dev/rmtest/guarded (its manager
 *     alone refuses) in access mode 3.
 *
 * Callers: root; root without CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH,
 * CAP_FOWNER and CAP_FSETID; the owner; a member of the group; another
 * user; another user with CAP_DAC_OVERRIDE; with CAP_FOWNER; with
 * CAP_CHOWN; and two in user namespaces of their own, with every
 * capability there: the owner as that namespace's root (its files are
 * mapped, root's are not) and root mapped to itself (the owner's files
 * are not mapped). Each caller gets a fresh tree, made by root.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sched.h>
#include <linux/capability.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "resmgrfs_mount.h"

#define RAMDIR	MNT "/ramfs/control"
#define TMPDIR	"/tmp/control"

#define CAP(c)	(1ULL << (c))
#define ALLCAPS	(~0ULL)

struct who {
	const char	*name;
	uid_t		uid;
	gid_t		gid;
	unsigned long long	caps;	/* effective capabilities */
	bool		userns;	/* then in a new user namespace, as its root */
};

static const struct who callers[] = {
	{ "root", 0, 0, ALLCAPS, false },
	{ "root-nodac", 0, 0, ALLCAPS & ~(CAP(CAP_DAC_OVERRIDE) | CAP(CAP_DAC_READ_SEARCH) |
					   CAP(CAP_FOWNER) | CAP(CAP_FSETID)), false },
	{ "owner", 1000, 1000, 0, false },
	{ "group", 2000, 1000, 0, false },
	{ "other", 3000, 3000, 0, false },
	{ "other+dac", 3000, 3000, CAP(CAP_DAC_OVERRIDE), false },
	{ "other+fowner", 3000, 3000, CAP(CAP_FOWNER), false },
	{ "other+chown", 3000, 3000, CAP(CAP_CHOWN), false },
	{ "userns-owner", 1000, 1000, 0, true },
	{ "userns-root", 0, 0, ALLCAPS, true },
};

static int set_effective(unsigned long long caps)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -1;
	d[0].effective = (unsigned int)caps & d[0].permitted;
	d[1].effective = (unsigned int)(caps >> 32) & d[1].permitted;
	d[0].inheritable = 0;
	d[1].inheritable = 0;
	return syscall(SYS_capset, &h, d);
}

static int put_proc(const char *path, const char *fmt, unsigned int id)
{
	char text[32];
	int fd = open(path, O_WRONLY), len;

	if (fd < 0)
		return -1;
	len = snprintf(text, sizeof(text), fmt, id);
	len = write(fd, text, len) == len ? 0 : -1;
	close(fd);
	return len;
}

/*
 * A new user namespace whose root is who we are. The uid change made us
 * undumpable, which would leave our /proc files to root.
 */
static int enter_userns(uid_t uid, gid_t gid)
{
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) || unshare(CLONE_NEWUSER) ||
	    put_proc("/proc/self/setgroups", "deny", 0) ||
	    put_proc("/proc/self/uid_map", "0 %u 1", uid) ||
	    put_proc("/proc/self/gid_map", "0 %u 1", gid)) {
		perror("a user namespace");
		return -1;
	}
	return 0;
}

/* Become @w (in a child that exits after). */
static int become(const struct who *w)
{
	if (w->uid) {
		if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) || setgroups(0, NULL) ||
		    setresgid(w->gid, w->gid, w->gid) || setresuid(w->uid, w->uid, w->uid))
			return -1;
	}
	if (set_effective(w->caps))
		return -1;
	return w->userns ? enter_userns(w->uid, w->gid) : 0;
}

static int sh(const char *fmt, const char *base)
{
	char cmd[2048];
	int st;

	snprintf(cmd, sizeof(cmd), fmt, base, base, base, base, base, base, base, base,
		 base, base, base, base, base, base, base, base, base, base, base, base);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* One node of the tree every caller starts from. */
struct node {
	const char	*rel;
	mode_t		mode;	/* S_IFDIR or S_IFREG with the permissions */
	uid_t		uid;
	gid_t		gid;
	const char	*text;	/* a file's contents */
};

#define SCRIPT	"#!/bin/sh\nexit 7\n"

static const struct node tree[] = {
	{ "d", S_IFDIR | 0755, 1000, 1000 },
	{ "d/priv", S_IFDIR | 0700, 1000, 1000 },
	{ "d/priv/in", S_IFREG | 0644, 1000, 1000, "in\n" },
	{ "d/f644", S_IFREG | 0644, 1000, 1000, "data\n" },
	{ "d/f600", S_IFREG | 0600, 1000, 1000, "data\n" },
	{ "d/trunc", S_IFREG | 0644, 1000, 1000, "data\n" },
	{ "d/tr2", S_IFREG | 0644, 1000, 1000, "data\n" },
	{ "d/mv", S_IFREG | 0644, 1000, 1000, "data\n" },
	{ "d/x755", S_IFREG | 0755, 1000, 1000, SCRIPT },
	{ "d/s644", S_IFREG | 0644, 1000, 1000, SCRIPT },
	{ "d/rootf", S_IFREG | 0644, 0, 0, "root\n" },
	{ "w", S_IFDIR | 0777, 0, 0 },
	{ "w/sub", S_IFDIR | 0755, 0, 0 },
	{ "w2", S_IFDIR | 0777, 0, 0 },
	{ "t", S_IFDIR | 01777, 0, 0 },
	{ "t/mine", S_IFREG | 0644, 1000, 1000, "mine\n" },
	{ "r", S_IFDIR | 0555, 1000, 1000 },
	{ "r/f", S_IFREG | 0644, 1000, 1000, "r\n" },
	{ "g", S_IFDIR | 0770, 0, 1000 },
	{ "g/f", S_IFREG | 0660, 0, 1000, "g\n" },
};

/*
 * The tree every caller starts from, made by root with system calls (a
 * shell script's processes cost minutes under the debug kernel). Modes
 * are set after everything is made, so that r/ can get r/f first.
 */
static int make_tree(const char *base)
{
	char p[512];
	unsigned int i;
	size_t len;
	int fd;

	if (sh("rm -rf %s", base) || mkdir(base, 0755))
		return -1;
	for (i = 0; i < ARRAY_SIZE(tree); i++) {
		snprintf(p, sizeof(p), "%s/%s", base, tree[i].rel);
		if (S_ISDIR(tree[i].mode)) {
			if (mkdir(p, 0700))
				return -1;
			continue;
		}
		fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0600);
		if (fd < 0)
			return -1;
		len = strlen(tree[i].text);
		if (write(fd, tree[i].text, len) != (ssize_t)len) {
			close(fd);
			return -1;
		}
		close(fd);
	}
	for (i = ARRAY_SIZE(tree); i-- > 0;) {
		snprintf(p, sizeof(p), "%s/%s", base, tree[i].rel);
		if (chown(p, tree[i].uid, tree[i].gid) || chmod(p, tree[i].mode & 07777))
			return -1;
	}
	return 0;
}

static int err_of(int ret)
{
	return ret < 0 ? errno : 0;
}

/* One step: 0 or an errno, or another number it documents. */
struct probe {
	const char *name;
	int (*fn)(const char *base);
};

static int at(char *buf, const char *base, const char *rel)
{
	snprintf(buf, 512, "%s/%s", base, rel);
	return 0;
}

#define P(id, ...)						\
	static int probe_##id(const char *base)			\
	{							\
		char p[512], q[512];				\
		(void)q;					\
		__VA_ARGS__					\
	}

P(acc_r_f644, at(p, base, "d/f644"); return err_of(access(p, R_OK));)
P(acc_w_f644, at(p, base, "d/f644"); return err_of(access(p, W_OK));)
P(acc_x_f644, at(p, base, "d/f644"); return err_of(access(p, X_OK));)
P(acc_r_f600, at(p, base, "d/f600"); return err_of(access(p, R_OK));)
P(acc_x_x755, at(p, base, "d/x755"); return err_of(access(p, X_OK));)
P(acc_w_rootf, at(p, base, "d/rootf"); return err_of(access(p, W_OK));)
P(acc_w_gf, at(p, base, "g/f"); return err_of(access(p, W_OK));)
P(eacc_w_f644, at(p, base, "d/f644"); return err_of(faccessat(AT_FDCWD, p, W_OK, AT_EACCESS));)

static int open_close(const char *path, int flags)
{
	int fd = open(path, flags);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

P(open_rd_f644, at(p, base, "d/f644"); return open_close(p, O_RDONLY);)
P(open_wr_f644, at(p, base, "d/f644"); return open_close(p, O_WRONLY);)
P(open_rw_f644, at(p, base, "d/f644"); return open_close(p, O_RDWR);)
P(open_3_f644, at(p, base, "d/f644"); return open_close(p, 3);)
P(open_3_f600, at(p, base, "d/f600"); return open_close(p, 3);)
P(open_rd_f600, at(p, base, "d/f600"); return open_close(p, O_RDONLY);)
P(open_wr_dir, at(p, base, "d"); return open_close(p, O_WRONLY);)
P(open_direct, at(p, base, "d/f644"); return open_close(p, O_RDONLY | O_DIRECT);)

/* O_RDONLY|O_TRUNC: the errno, else 100 + the size after. */
P(open_trunc, {
	struct stat st;
	int e;

	at(p, base, "d/trunc");
	e = open_close(p, O_RDONLY | O_TRUNC);
	if (e)
		return e;
	return stat(p, &st) ? 99 : 100 + (int)st.st_size;
})

P(truncate, {
	struct stat st;

	at(p, base, "d/tr2");
	if (truncate(p, 2))
		return errno;
	return stat(p, &st) ? 99 : 100 + (int)st.st_size;
})

/* exec: the program's exit status, or 100 + the errno of execve(). */
static int run(const char *path)
{
	static char *const envp[] = { "PATH=/bin", NULL };
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		execle(path, path, (char *)NULL, envp);
		_exit(100 + errno);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return 99;
	return WEXITSTATUS(st);
}

P(exec_x755, at(p, base, "d/x755"); return run(p);)
P(exec_s644, at(p, base, "d/s644"); return run(p);)
P(exec_f600, at(p, base, "d/f600"); return run(p);)

P(chdir_priv, {
	int e;

	at(p, base, "d/priv");
	e = err_of(chdir(p));
	if (chdir("/"))
		return 98;
	return e;
})
P(stat_priv_in, { struct stat st; at(p, base, "d/priv/in"); return err_of(stat(p, &st)); })

/* rename out of d (not writable but by its owner), and back. */
P(rename_file, {
	int e;

	at(p, base, "d/mv");
	at(q, base, "w/mv");
	e = err_of(rename(p, q));
	if (!e && rename(q, p))
		return 98;
	return e;
})

/* A directory that only root may write, moved to another parent. */
P(rename_dir, {
	int e;

	at(p, base, "w/sub");
	at(q, base, "w2/sub");
	e = err_of(rename(p, q));
	if (!e && rename(q, p))
		return 98;
	return e;
})

P(link_f644, {
	int e;

	at(p, base, "d/f644");
	at(q, base, "w/hard");
	e = err_of(link(p, q));
	if (!e && unlink(q))
		return 98;
	return e;
})

P(unlink_f600, at(p, base, "d/f600"); return err_of(unlink(p));)
P(unlink_sticky, at(p, base, "t/mine"); return err_of(unlink(p));)
P(unlink_rf, at(p, base, "r/f"); return err_of(unlink(p));)

P(mkdir_rmdir, {
	int e;

	at(p, base, "w/newdir");
	e = err_of(mkdir(p, 0755));
	if (!e && rmdir(p))
		return 98;
	return e;
})
P(mkdir_in_d, { at(p, base, "d/newdir"); return err_of(mkdir(p, 0755)); })

/* mknod of a regular file: once an oops for any user. */
P(mknod_reg, {
	struct stat st;
	int e;

	at(p, base, "w/node");
	e = err_of(mknod(p, S_IFREG | 0644, 0));
	if (e)
		return e;
	if (stat(p, &st))
		return 97;
	if (!S_ISREG(st.st_mode))
		return 96;
	return unlink(p) ? 98 : 0;
})

/* A FIFO: ENXIO for a writer alone, ESPIPE for lseek, data end to end. */
P(fifo, {
	int r, w, e = 0;
	char c = 0;

	at(p, base, "w/fifo");
	if (mkfifo(p, 0666))
		return errno;
	w = open(p, O_WRONLY | O_NONBLOCK);
	if (w >= 0 || errno != ENXIO)
		e = 10;
	r = open(p, O_RDONLY | O_NONBLOCK);
	if (r < 0)
		e = e ? e : 11;
	if (!e && (lseek(r, 0, SEEK_SET) != -1 || errno != ESPIPE))
		e = 12;
	w = e ? -1 : open(p, O_WRONLY | O_NONBLOCK);
	if (!e && w < 0)
		e = 13;
	if (!e && (write(w, "x", 1) != 1 || read(r, &c, 1) != 1 || c != 'x'))
		e = 14;
	if (w >= 0)
		close(w);
	if (r >= 0)
		close(r);
	unlink(p);
	return e;
})

/* A socket: bind() makes it, connect() finds it, open() gives ENXIO. */
P(socket, {
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int s, c, e = 0;

	at(p, base, "w/sock");
	if (snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", p) >= (int)sizeof(sa.sun_path))
		return 90;
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa))) {
		e = errno;
		close(s);
		return e;
	}
	listen(s, 1);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	if (connect(c, (struct sockaddr *)&sa, sizeof(sa)))
		e = 200 + errno;
	if (!e && open_close(p, O_RDONLY) != ENXIO)
		e = 20;
	close(c);
	close(s);
	if (unlink(p))
		return 98;
	return e;
})

/* chmod: errno, else 1000 + the mode read back (octal digits as decimal). */
static int chmod_back(const char *p, mode_t m)
{
	struct stat st;

	if (chmod(p, m))
		return errno;
	if (stat(p, &st))
		return 99;
	return 10000 + (st.st_mode & 07777);
}

P(chmod_640, at(p, base, "d/f644"); return chmod_back(p, 0640);)
P(chmod_sticky, at(p, base, "d/f644"); return chmod_back(p, 01644);)
P(chmod_sgid_dir, at(p, base, "g"); return chmod_back(p, 02770);)
P(chown_same, at(p, base, "d/f644"); return err_of(chown(p, 1000, 1000));)
P(chown_away, at(p, base, "d/f644"); return err_of(chown(p, 3000, -1));)
P(chgrp_other, at(p, base, "d/f644"); return err_of(chown(p, -1, 3000));)
P(utime_now, at(p, base, "d/f644"); return err_of(utimensat(AT_FDCWD, p, NULL, 0));)
P(utime_now_w, at(p, base, "w"); return err_of(utimensat(AT_FDCWD, p, NULL, 0));)

/*
 * Explicit times: errno, else 100 + 1 if the times stayed to the
 * nanosecond + 2 if UTIME_OMIT then kept the access time whole + 4 if
 * the epoch and times past 2106 stay.
 */
P(utime_set, {
	struct timespec ts[2] = { { 1000000000, 123456789 }, { 1100000000, 987654321 } };
	struct timespec omit[2] = { { 0, UTIME_OMIT }, { 1200000000, 5 } };
	struct timespec far[2] = { { 0, 0 }, { 5000000000LL, 1 } };
	struct stat st;
	int r = 100;

	at(p, base, "d/f644");
	if (utimensat(AT_FDCWD, p, ts, 0))
		return errno;
	if (stat(p, &st))
		return 99;
	if (st.st_atim.tv_sec == 1000000000 && st.st_atim.tv_nsec == 123456789 &&
	    st.st_mtim.tv_sec == 1100000000 && st.st_mtim.tv_nsec == 987654321)
		r += 1;
	if (utimensat(AT_FDCWD, p, omit, 0) || stat(p, &st))
		return 98;
	if (st.st_atim.tv_sec == 1000000000 && st.st_atim.tv_nsec == 123456789 &&
	    st.st_mtim.tv_sec == 1200000000 && st.st_mtim.tv_nsec == 5)
		r += 2;
	if (utimensat(AT_FDCWD, p, far, 0) || stat(p, &st))
		return 97;
	if (st.st_atim.tv_sec == 0 && st.st_atim.tv_nsec == 0 &&
	    st.st_mtim.tv_sec == 5000000000LL && st.st_mtim.tv_nsec == 1)
		r += 4;
	return r;
})

/* creat() of a 0444 file opens it for writing all the same. */
P(creat_0444, {
	int fd;

	at(p, base, "w/c444");
	fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0444);
	if (fd < 0)
		return errno;
	close(fd);
	return unlink(p) ? 98 : 0;
})

/* pwrite() on O_APPEND appends: 100 + the size after. */
P(pwrite_append, {
	struct stat st;
	int fd;

	at(p, base, "w/app");
	fd = open(p, O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (fd < 0)
		return errno;
	if (write(fd, "abcd", 4) != 4 || pwrite(fd, "xy", 2, 0) != 2) {
		close(fd);
		return 97;
	}
	close(fd);
	if (stat(p, &st))
		return 99;
	unlink(p);
	return 100 + (int)st.st_size;
})

/*
 * fallocate(): errno of mode 0 on a read-only fd, then 100 + 1 if mode 0
 * grew the file + 2 if a punched hole reads as zeros and kept the size.
 */
P(fallocate, {
	char buf[8];
	struct stat st;
	int fd, r = 100;

	at(p, base, "w/fa");
	fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return errno;
	if (write(fd, "abcdefgh", 8) != 8)
		r = 97;
	close(fd);
	fd = open(p, O_RDONLY);
	if (r == 100 && (fd < 0 || fallocate(fd, 0, 0, 10000) != -1 || errno != EBADF))
		r = 96;
	if (fd >= 0)
		close(fd);
	fd = open(p, O_RDWR);
	if (r == 100 && fd >= 0) {
		if (!fallocate(fd, 0, 4096, 10000) && !fstat(fd, &st) &&
		    st.st_size == 14096)
			r += 1;
		if (!fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 2, 3) &&
		    pread(fd, buf, 8, 0) == 8 && !memcmp(buf, "ab\0\0\0fgh", 8) &&
		    !fstat(fd, &st) && st.st_size == 14096)
			r += 2;
	}
	if (fd >= 0)
		close(fd);
	unlink(p);
	return r;
})

/*
 * mmap(MAP_SHARED) against read() and write() on another descriptor of
 * the same file: 100 + 1 if a store is read back by pread() at once, + 2
 * if a pwrite() shows in the mapping, + 4 if the store is in the file
 * after munmap and close, + 8 if a MAP_PRIVATE store stays private, + 16
 * if a PROT_WRITE shared mapping of a read-only descriptor is EACCES.
 */
P(mmap_shared, {
	char blk[8192], c = 0;
	int fd, fd2, r = 100;
	char *m, *q;

	memset(blk, 'a', sizeof(blk));
	at(p, base, "w/mm");
	fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return errno;
	if (write(fd, blk, sizeof(blk)) != sizeof(blk)) {
		close(fd);
		unlink(p);
		return 97;
	}
	fd2 = open(p, O_RDWR);
	m = mmap(NULL, sizeof(blk), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (fd2 < 0 || m == MAP_FAILED) {
		r = m == MAP_FAILED ? errno : 96;
		goto out;
	}
	m[100] = 'X';
	if (pread(fd2, &c, 1, 100) == 1 && c == 'X')
		r += 1;
	if (pwrite(fd2, "Y", 1, 5000) == 1 && m[5000] == 'Y')
		r += 2;
	q = mmap(NULL, sizeof(blk), PROT_READ | PROT_WRITE, MAP_PRIVATE, fd2, 0);
	if (q != MAP_FAILED) {
		q[7] = 'P';
		if (pread(fd, &c, 1, 7) == 1 && c == 'a' && m[7] == 'a')
			r += 8;
		munmap(q, sizeof(blk));
	}
	munmap(m, sizeof(blk));
	close(fd2);
	close(fd);
	fd = open(p, O_RDONLY);
	fd2 = -1;
	if (fd >= 0 && pread(fd, &c, 1, 100) == 1 && c == 'X')
		r += 4;
	if (fd >= 0) {
		q = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (q == MAP_FAILED && errno == EACCES)
			r += 16;
		else if (q != MAP_FAILED)
			munmap(q, 4096);
	}
out:
	if (fd2 >= 0)
		close(fd2);
	if (fd >= 0)
		close(fd);
	unlink(p);
	return r;
})

/* statfs(): 100 + 1 for block counts + 2 for free <= total + 4 for NAME_MAX. */
P(statfs_blocks, {
	struct statfs sf;

	at(p, base, "d");
	if (statfs(p, &sf))
		return errno;
	return 100 + (sf.f_blocks > 0) + 2 * (sf.f_bfree <= sf.f_blocks) +
	       4 * (sf.f_namelen == 255);
})

P(fsync_file, {
	int fd, e;

	at(p, base, "d/f644");
	fd = open(p, O_RDONLY);
	if (fd < 0)
		return errno;
	e = err_of(fsync(fd));
	e = e ? e : err_of(fdatasync(fd));
	close(fd);
	return e;
})

#define PR(id) { #id, probe_##id }
static const struct probe fs_probes[] = {
	PR(acc_r_f644), PR(acc_w_f644), PR(acc_x_f644), PR(acc_r_f600), PR(acc_x_x755),
	PR(acc_w_rootf), PR(acc_w_gf), PR(eacc_w_f644),
	PR(open_rd_f644), PR(open_wr_f644), PR(open_rw_f644), PR(open_3_f644),
	PR(open_3_f600), PR(open_rd_f600), PR(open_wr_dir), PR(open_direct),
	PR(open_trunc), PR(truncate), PR(exec_x755), PR(exec_s644), PR(exec_f600),
	PR(chdir_priv), PR(stat_priv_in), PR(rename_file), PR(rename_dir), PR(link_f644),
	PR(mkdir_rmdir), PR(mkdir_in_d), PR(mknod_reg), PR(fifo), PR(socket),
	PR(chmod_sticky), PR(chmod_640), PR(chmod_sgid_dir), PR(chown_same),
	PR(chgrp_other), PR(chown_away), PR(utime_now), PR(utime_now_w), PR(utime_set),
	PR(creat_0444), PR(pwrite_append), PR(fallocate), PR(statfs_blocks), PR(mmap_shared),
	PR(fsync_file),
	/* Last: they take files away. */
	PR(unlink_f600), PR(unlink_sticky), PR(unlink_rf),
};

#define NPROBES	ARRAY_SIZE(fs_probes)

static unsigned int probe_index(const char *name)
{
	unsigned int i;

	for (i = 0; i < NPROBES; i++)
		if (!strcmp(fs_probes[i].name, name))
			return i;
	abort();
}

/* Run every probe as @w on @base; results into @out. */
static int run_as(const struct who *w, const char *base, int *out)
{
	int pfd[2], st;
	pid_t pid;

	if (make_tree(base) || pipe(pfd))
		return -1;
	pid = fork();
	if (pid == 0) {
		int res[NPROBES];
		unsigned int i;

		close(pfd[0]);
		if (become(w))
			_exit(1);
		for (i = 0; i < NPROBES; i++)
			res[i] = fs_probes[i].fn(base);
		_exit(write(pfd[1], res, sizeof(res)) == sizeof(res) ? 0 : 2);
	}
	close(pfd[1]);
	st = read(pfd[0], out, NPROBES * sizeof(int)) == (ssize_t)(NPROBES * sizeof(int));
	close(pfd[0]);
	waitpid(pid, NULL, 0);
	return st ? 0 : -1;
}

/*
 * tmpfs has O_DIRECT from Linux 6.6; before, the control refuses it and
 * resmgrfs (which caches nothing, so every call is direct) need not.
 */
static bool allowed_difference(unsigned int probe, int tmp, int ram)
{
	return probe == probe_index("open_direct") && tmp == EINVAL && ram == 0;
}

/* 10 callers, 2 trees, ~50 steps each: minutes under the debug kernel. */
FIXTURE(matrix) {};
FIXTURE_SETUP(matrix) {}
FIXTURE_TEARDOWN(matrix) {}

TEST_F_TIMEOUT(matrix, fs_against_tmpfs, 900)
{
	unsigned int i, j, diffs = 0;

	ensure_mounted();
	for (i = 0; i < ARRAY_SIZE(callers); i++) {
		int tmp[NPROBES], ram[NPROBES];

		ASSERT_EQ(0, run_as(&callers[i], TMPDIR, tmp)) TH_LOG("as %s", callers[i].name);
		ASSERT_EQ(0, run_as(&callers[i], RAMDIR, ram)) TH_LOG("as %s", callers[i].name);
		for (j = 0; j < NPROBES; j++) {
			if (tmp[j] == ram[j] || allowed_difference(j, tmp[j], ram[j]))
				continue;
			TH_LOG("%s as %s: tmpfs %d, resmgrfs %d", fs_probes[j].name,
			       callers[i].name, tmp[j], ram[j]);
			diffs++;
		}
		/* The control itself says what it should. */
		if (!strcmp(callers[i].name, "other")) {
			EXPECT_EQ(EACCES, tmp[probe_index("acc_w_rootf")]);
			EXPECT_EQ(EACCES, tmp[probe_index("open_3_f644")]);
			EXPECT_EQ(EACCES, tmp[probe_index("rename_dir")]);
		}
		/* Capabilities in a namespace reach only files it maps. */
		if (!strcmp(callers[i].name, "userns-root")) {
			EXPECT_EQ(EACCES, tmp[probe_index("acc_r_f600")]);
			EXPECT_EQ(0, tmp[probe_index("acc_w_rootf")]);
		}
		if (!strcmp(callers[i].name, "userns-owner")) {
			EXPECT_EQ(0, tmp[probe_index("acc_r_f600")]);
			EXPECT_EQ(EACCES, tmp[probe_index("acc_w_rootf")]);
		}
		if (!strcmp(callers[i].name, "root")) {
			EXPECT_EQ(EACCES, tmp[probe_index("acc_x_f644")]);
			EXPECT_EQ(107, tmp[probe_index("utime_set")]);
			EXPECT_EQ(103, tmp[probe_index("fallocate")]);
			EXPECT_EQ(107, tmp[probe_index("statfs_blocks")]);
			EXPECT_EQ(131, tmp[probe_index("mmap_shared")]);
		}
	}
	EXPECT_EQ(0, diffs);
	sh("rm -rf %s", TMPDIR);
	sh("rm -rf %s", RAMDIR);
}

/* /dev: open and access of a resmgr node and of a native node of the same mode. */
static int dev_probe(const char *path, int what)
{
	switch (what) {
	case 0: return open_close(path, O_RDONLY);
	case 1: return open_close(path, O_WRONLY);
	case 2: return open_close(path, O_RDWR);
	case 3: return open_close(path, 3);
	case 4: return err_of(access(path, R_OK));
	case 5: return err_of(access(path, W_OK));
	}
	return -1;
}

static int dev_run(const struct who *w, const char *path, int *out)
{
	int pfd[2], ok;
	pid_t pid;

	if (pipe(pfd))
		return -1;
	pid = fork();
	if (pid == 0) {
		int res[6], i;

		close(pfd[0]);
		if (become(w))
			_exit(1);
		for (i = 0; i < 6; i++)
			res[i] = dev_probe(path, i);
		_exit(write(pfd[1], res, sizeof(res)) == sizeof(res) ? 0 : 2);
	}
	close(pfd[1]);
	ok = read(pfd[0], out, 6 * sizeof(int)) == 6 * sizeof(int);
	close(pfd[0]);
	waitpid(pid, NULL, 0);
	return ok ? 0 : -1;
}

TEST(dev_matrix_against_native_node)
{
	static const char *const what[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "mode 3",
					    "R_OK", "W_OK" };
	const char *twin = "/tmp/native-twin";
	unsigned int i, j, diffs = 0;
	struct stat st;

	ASSERT_EQ(0, stat("/dev/rmtest/private", &st));
	ASSERT_EQ(0600, st.st_mode & 07777);
	unlink(twin);
	ASSERT_EQ(0, mknod(twin, S_IFCHR | 0600, makedev(1, 3)));	/* /dev/null */
	ASSERT_EQ(0, chmod(twin, 0600));
	for (i = 0; i < ARRAY_SIZE(callers); i++) {
		int rm[6], nat[6];

		ASSERT_EQ(0, dev_run(&callers[i], "/dev/rmtest/private", rm))
			TH_LOG("as %s", callers[i].name);
		ASSERT_EQ(0, dev_run(&callers[i], twin, nat)) TH_LOG("as %s", callers[i].name);
		for (j = 0; j < 6; j++) {
			if (rm[j] == nat[j])
				continue;
			TH_LOG("%s as %s: native %d, resmgr %d", what[j], callers[i].name,
			       nat[j], rm[j]);
			diffs++;
		}
	}
	EXPECT_EQ(0, diffs);
	unlink(twin);
}

/*
 * Access mode 3 asks for read and write permission: a manager whose node
 * is 0666 but whose attr is 0600 root must refuse it to others, as it
 * refuses O_RDWR.
 */
TEST(dev_mode3_checked_by_the_manager)
{
	const struct who *other = &callers[4];
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		int e3, erw;

		if (become(other))
			_exit(1);
		e3 = open_close("/dev/rmtest/guarded", 3);
		erw = open_close("/dev/rmtest/guarded", O_RDWR);
		_exit(e3 == EACCES && erw == EACCES ? 0 : 10 + (e3 != EACCES));
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
	/* Root, whom the attr lets in, still opens it in mode 3. */
	EXPECT_EQ(0, open_close("/dev/rmtest/guarded", 3));
}

TEST_HARNESS_MAIN
