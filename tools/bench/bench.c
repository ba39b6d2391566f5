// SPDX-License-Identifier: GPL-2.0
/*
 * rm_bench: time each operation on each contender of rm_bench.ko and
 * print median ns/op, the spread of the batches, and the ratio to the
 * native misc device. Run in the VM by `make bench`.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <resmgr/devctl.h>
#include "cuse.h"

#define BATCHES	7
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define BENCH_DCMD	__DIOTF(_DCMD_MISC, 0x42, char[16])

enum op { READ1, READ4K, WRITE1, WRITE4K, PREAD4K, OPENCLOSE, IOCTL16, POLL, NOPS };

static const char *const op_names[NOPS] = {
	"read 1 B", "read 4 KiB", "write 1 B", "write 4 KiB", "pread 4 KiB",
	"open+close", "ioctl 16 B", "poll (ready)",
};

static const char *const devs[] = {
	"/dev/bench_native", "/dev/bench_rm", "/dev/bench_rm_msg", "/dev/bench_cuse",
	"/dev/bench_user", "/dev/bench_user_noring",
};

static const char *const dev_names[] = {
	"native", "resmgr direct", "resmgr dispatch", "CUSE", "user (libresmgr)",
	"user, no ring",
};

#define DEV_CUSE	3
#define DEV_USER	4
#define NDEVS		6

static char buf[4096];

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static int do_op(enum op op, int fd, const char *dev)
{
	char data[16] = { 0 };
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int f;

	switch (op) {
	case READ1:
		return read(fd, buf, 1) == 1 ? 0 : -1;
	case READ4K:
		return read(fd, buf, 4096) == 4096 ? 0 : -1;
	case WRITE1:
		return write(fd, buf, 1) == 1 ? 0 : -1;
	case WRITE4K:
		return write(fd, buf, 4096) == 4096 ? 0 : -1;
	case PREAD4K:
		return pread(fd, buf, 4096, 0) == 4096 ? 0 : -1;
	case OPENCLOSE:
		f = open(dev, O_RDWR);
		if (f < 0)
			return -1;
		return close(f);
	case IOCTL16:
		return ioctl(fd, RESMGR_DCMD_TO_IOC(BENCH_DCMD), data) ? -1 : 0;
	case POLL:
		return poll(&p, 1, 0) == 1 ? 0 : -1;
	default:
		return -1;
	}
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* A failing operation ends the run, except on a contender that may lack it. */
static bool tolerant;

/*
 * Median ns/op over BATCHES batches of @iters; *spread is (max-min)/median.
 * -1 when the contender cannot do @op (with @tolerant set).
 */
static double measure(enum op op, const char *dev, int iters, double *spread)
{
	double t[BATCHES];
	int fd = open(dev, O_RDWR), b, i;

	if (fd < 0) {
		fprintf(stderr, "%s: %s\n", dev, strerror(errno));
		if (tolerant)
			return -1;
		exit(1);
	}
	for (i = 0; i < iters / 10 + 1; i++)	/* warm up */
		do_op(op, fd, dev);
	for (b = 0; b < BATCHES; b++) {
		double start = now_ns();

		for (i = 0; i < iters; i++) {
			if (do_op(op, fd, dev)) {
				fprintf(stderr, "%s on %s failed: %s\n", op_names[op], dev,
					strerror(errno));
				if (!tolerant)
					exit(1);
				close(fd);
				return -1;
			}
		}
		t[b] = (now_ns() - start) / iters;
	}
	close(fd);
	qsort(t, BATCHES, sizeof(t[0]), cmp);
	*spread = (t[BATCHES - 1] - t[0]) / t[BATCHES / 2];
	return t[BATCHES / 2];
}

/* Median ns of @fn(@path) over BATCHES batches of @iters. */
static double measure_path(int (*fn)(const char *path), const char *path, int iters,
			   double *spread)
{
	double t[BATCHES];
	int b, i;

	for (i = 0; i < iters / 10 + 1; i++)
		fn(path);
	for (b = 0; b < BATCHES; b++) {
		double start = now_ns();

		for (i = 0; i < iters; i++) {
			if (fn(path)) {
				fprintf(stderr, "%s: %s\n", path, strerror(errno));
				exit(1);
			}
		}
		t[b] = (now_ns() - start) / iters;
	}
	qsort(t, BATCHES, sizeof(t[0]), cmp);
	*spread = (t[BATCHES - 1] - t[0]) / t[BATCHES / 2];
	return t[BATCHES / 2];
}

static int stat_path(const char *path)
{
	struct stat st;

	return stat(path, &st);
}

static int open_close_path(const char *path)
{
	int fd = open(path, O_RDONLY);

	return fd < 0 ? -1 : close(fd);
}

static int read_path(const char *path)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	return n == sizeof(buf) ? 0 : -1;
}

static void path_row(const char *what, int (*fn)(const char *path),
		     const char *native, const char *rm, int iters)
{
	double s1, s2, a = measure_path(fn, native, iters, &s1);
	double b = measure_path(fn, rm, iters, &s2);

	printf("%-26s %10.0f ns +-%2.0f%% %10.0f ns +-%2.0f%%  x%.2f\n", what, a, s1 * 50,
	       b, s2 * 50, b / a);
}

/*
 * `rm_bench paths MNT`: path calls through resmgrfs mounted at MNT,
 * against the same calls on devtmpfs (a device node) and tmpfs (a file).
 */
static int paths(const char *mnt, int iters)
{
	char dev[128], file[128];
	int fd;

	snprintf(dev, sizeof(dev), "%s/dev/bench_rm", mnt);
	snprintf(file, sizeof(file), "%s/ramfs/bench_file", mnt);
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, buf, sizeof(buf)) != sizeof(buf))
		return 1;
	close(fd);
	fd = open("/tmp/bench_file", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, buf, sizeof(buf)) != sizeof(buf))
		return 1;
	close(fd);
	printf("%-26s %19s %19s  ratio\n", "operation", "native", "resmgrfs");
	path_row("stat, a device", stat_path, "/dev/bench_native", dev, iters);
	path_row("stat, a file (depth 2)", stat_path, "/tmp/bench_file", file, iters);
	path_row("open+close, a file", open_close_path, "/tmp/bench_file", file, iters);
	path_row("open+read 4K+close, file", read_path, "/tmp/bench_file", file, iters);
	printf("native: devtmpfs /dev/bench_native, tmpfs /tmp/bench_file\n");
	printf("resmgrfs: %s/dev/bench_rm and rm_ramfs's %s/ramfs/bench_file\n", mnt, mnt);
	unlink(file);
	unlink("/tmp/bench_file");
	return 0;
}

/*
 * `rm_bench scale N [MNT]`: one line with open+close on native and
 * resmgr, and with MNT (resmgrfs) also open+close of a file under a
 * directory mountpoint (rm_ramfs) against the same on tmpfs.
 */
static int scale(const char *n, const char *mnt)
{
	double s1, s2, native = measure(OPENCLOSE, devs[0], 2000, &s1);
	double rm = measure(OPENCLOSE, devs[1], 2000, &s2);
	char file[128];
	double tmp, fs;
	int fd;

	printf("%-10s %8.0f ns %8.0f ns x%.2f", n, native, rm, rm / native);
	if (mnt) {
		snprintf(file, sizeof(file), "%s/ramfs/scale_file", mnt);
		fd = open(file, O_WRONLY | O_CREAT, 0644);
		if (fd >= 0)
			close(fd);
		fd = open("/tmp/scale_file", O_WRONLY | O_CREAT, 0644);
		if (fd >= 0)
			close(fd);
		tmp = measure_path(open_close_path, "/tmp/scale_file", 2000, &s1);
		fs = measure_path(open_close_path, file, 2000, &s2);
		printf(" %8.0f ns %8.0f ns x%.2f", tmp, fs, fs / tmp);
		unlink(file);
		unlink("/tmp/scale_file");
	}
	printf("\n");
	return 0;
}

/*
 * Set resmgr.ko's poll_ns to @val; with @old, keep what it was there
 * (its newline dropped).
 */
static int set_poll_ns(const char *val, char *old, size_t len)
{
	const char *path = "/sys/module/resmgr/parameters/poll_ns";
	FILE *f;

	if (old) {
		f = fopen(path, "r");
		if (!f || !fgets(old, len, f)) {
			perror(path);
			return -1;
		}
		fclose(f);
		old[strcspn(old, "\n")] = 0;
	}
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		return -1;
	}
	fputs(val, f);
	if (fclose(f)) {
		perror(path);
		return -1;
	}
	return 0;
}

/* 4 KiB reads per second over @secs with @k readers at once. */
static double tput(const char *dev, int k, double secs)
{
	int fds[2][2], i;
	double total = 0;

	for (i = 0; i < k; i++) {
		if (pipe(fds[i]))
			exit(1);
		if (fork() == 0) {
			int fd = open(dev, O_RDONLY);
			double end = now_ns() + secs * 1e9, n = 0;

			while (fd >= 0 && now_ns() < end && read(fd, buf, 4096) == 4096)
				n++;
			if (write(fds[i][1], &n, sizeof(n)) != sizeof(n))
				_exit(1);
			_exit(0);
		}
	}
	for (i = 0; i < k; i++) {
		double n = 0;

		if (read(fds[i][0], &n, sizeof(n)) != sizeof(n))
			exit(1);
		total += n;
		close(fds[i][0]);
		close(fds[i][1]);
	}
	while (wait(NULL) > 0)
		;
	return total / secs;
}

/*
 * `rm_bench tput`: 4 KiB reads/s with 1 and 2 readers: native, resmgr on
 * the default lock_ocb (one call at a time per resource, as on QNX) and
 * resmgr with lock_ocb NULL (/dev/bench_rm_par); then a user-space server
 * on a pool of two threads (/dev/bench_user_pool), against itself with
 * one reader.
 */
static int throughput(void)
{
	double user1 = 0, nopoll1 = 0;
	int k;

	printf("%-8s %14s %14s %6s %14s %6s\n", "readers", "native", "resmgr", "ratio",
	       "lock_ocb NULL", "ratio");
	for (k = 1; k <= 2; k++) {
		double native = tput(devs[0], k, 1.0), rm = tput(devs[1], k, 1.0);
		double par = tput("/dev/bench_rm_par", k, 1.0);

		printf("%-8d %10.0f r/s %10.0f r/s %6.2f %10.0f r/s %6.2f\n", k, native, rm,
		       rm / native, par, par / native);
	}
	if (access("/dev/bench_user_pool", F_OK))
		return 0;
	/*
	 * Polling lets one client keep both CPUs busy; the pool's own scaling
	 * shows with it off.
	 */
	printf("%-8s %14s %12s %14s %12s\n", "readers", "user, 2 threads", "vs 1 reader",
	       "poll_ns=0", "vs 1 reader");
	for (k = 1; k <= 2; k++) {
		double user = tput("/dev/bench_user_pool", k, 2.0), nopoll;
		char old[32] = "";

		if (set_poll_ns("0", old, sizeof(old)))
			return 1;
		nopoll = tput("/dev/bench_user_pool", k, 2.0);
		if (set_poll_ns(old, NULL, 0))
			return 1;
		if (k == 1) {
			user1 = user;
			nopoll1 = nopoll;
		}
		printf("%-8d %10.0f r/s %12.2f %10.0f r/s %12.2f\n", k, user,
		       user1 ? user / user1 : 0, nopoll, nopoll1 ? nopoll / nopoll1 : 0);
	}
	return 0;
}

/*
 * `rm_bench loop DEV OP N`: OP (an operation's name, as printed) N times
 * on DEV, then its ns per call; N 0 loops until killed (tools/bench/
 * trace-call.sh traces one call of such a loop).
 */
static int loop_op(const char *dev, const char *name, long n)
{
	int fd = open(dev, O_RDWR);
	double start;
	enum op op;
	long i;

	for (op = 0; op < NOPS && strcmp(op_names[op], name); op++)
		;
	if (fd < 0 || op == NOPS) {
		fprintf(stderr, "rm_bench loop: %s: %s\n", dev,
			fd < 0 ? strerror(errno) : "no such operation");
		return 1;
	}
	start = now_ns();
	for (i = 0; !n || i < n; i++)
		if (do_op(op, fd, dev))
			return 1;
	printf("%.0f\n", (now_ns() - start) / n);
	return 0;
}

/* `rm_bench cuse NAME`: serve /dev/NAME through CUSE in the background. */
static int cuse_start(const char *name)
{
	char dev[64];
	pid_t pid;
	int i;

	snprintf(dev, sizeof(dev), "/dev/%s", name);
	pid = fork();
	if (pid == 0) {
		cuse_serve(name);
		perror("cuse server");
		_exit(1);
	}
	for (i = 0; i < 300 && access(dev, F_OK); i++)
		usleep(10000);
	return access(dev, F_OK) ? 1 : 0;
}

int main(int argc, char **argv)
{
	int iters, op, d, i, use[NDEVS], nuse = 0;
	bool user_cuse;

	if (argc > 1 && !strcmp(argv[1], "tput"))
		return throughput();

	if (argc > 2 && !strcmp(argv[1], "scale"))
		return scale(argv[2], argc > 3 ? argv[3] : NULL);
	if (argc > 2 && !strcmp(argv[1], "paths"))
		return paths(argv[2], argc > 3 ? atoi(argv[3]) : 1000);
	if (argc > 2 && !strcmp(argv[1], "cuse"))
		return cuse_start(argv[2]);
	if (argc > 4 && !strcmp(argv[1], "loop"))
		return loop_op(argv[2], argv[3], atol(argv[4]));
	iters = argc > 1 ? atoi(argv[1]) : 2000;
	/* The native device and resmgr's always; CUSE and user space when there. */
	for (d = 0; d < (int)ARRAY_SIZE(devs); d++)
		if (d <= 2 || !access(devs[d], F_OK))
			use[nuse++] = d;

	user_cuse = !access(devs[DEV_USER], F_OK) && !access(devs[DEV_CUSE], F_OK);
	printf("%-14s", "operation");
	for (i = 0; i < nuse; i++)
		printf(" %22s", dev_names[use[i]]);
	if (user_cuse)
		printf(" %10s", "user/CUSE");
	printf("\n");
	for (op = 0; op < NOPS; op++) {
		double native = 0, ns_of[NDEVS] = { 0 };

		printf("%-14s", op_names[op]);
		for (i = 0; i < nuse; i++) {
			/* Delivery by message switches threads: fewer iterations. */
			int n = use[i] >= 2 ? iters / 8 : iters;
			double spread, ns;
			char cell[64];

			d = use[i];
			tolerant = d >= DEV_CUSE;
			ns = measure(op, devs[d], n ? n : 1, &spread);
			ns_of[d] = ns;
			if (!d)
				native = ns;
			if (ns < 0)
				snprintf(cell, sizeof(cell), "n/a");
			else if (d)
				snprintf(cell, sizeof(cell), "%.0f ns x%.2f +-%.0f%%", ns,
					 ns / native, spread * 50);
			else
				snprintf(cell, sizeof(cell), "%.0f ns +-%.0f%%", ns, spread * 50);
			printf(" %22s", cell);
		}
		if (user_cuse && ns_of[DEV_USER] > 0 && ns_of[DEV_CUSE] > 0)
			printf(" %10.2f", ns_of[DEV_USER] / ns_of[DEV_CUSE]);
		else if (user_cuse)
			printf(" %10s", "n/a");
		printf("\n");
	}
	printf("median of %d batches of %d iterations (%d by message, CUSE and user space); "
	       "+- is half the spread of the batches\n", BATCHES, iters, iters / 8);
	return 0;
}
