// SPDX-License-Identifier: GPL-2.0
/*
 * Real tools from Debian against resmgr's paths, as an unprivileged
 * user, each bounded in time:
 *
 *   - trinity: random VFS system calls on victim files: all of
 *     resmgrfs (rm_ramfs, the unions, every /dev manager through it);
 *   - stress-ng: its file stressors with their files on rm_ramfs (not
 *     link and symlink, whose one operation makes thousands of names:
 *     minutes under the debug kernel; trinity and the other tests make
 *     links), and
 *     its device stressor on /dev/rmnull and /dev/rmser1;
 *   - trinity on /dev/resmgr (the user channel: ioctls of its own on a
 *     channel the user may open but not attach with), and stress-ng's
 *     device stressor on a user-space server's node (rm_user_null).
 *
 * What must hold after each: every process of the user dies when killed
 * (nothing stuck in resmgr), the kernel gained no splat taint (a WARNING,
 * BUG or KASAN report taints it; the harness also fails the run on any
 * splat in the console), and the paths still work. trinity stops by itself
 * when the kernel becomes tainted (status 1). The tools are copied into
 * the VM by tools/vm/run.sh; without them the cases skip.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"

#define MNT	"/mnt/rmfs"
#define RAM	MNT "/ramfs"
#define UID	1000

static void ensure_mounted(void)
{
	struct stat st;

	mkdir("/mnt", 0755);
	mkdir(MNT, 0755);
	if (stat(RAM, &st) && mount("none", MNT, "resmgrfs", 0, NULL))
		perror("mount resmgrfs");
}

/*
 * The taint flags of a splat: B (bad page), D (oops), W (warning), L
 * (soft lockup). Others come from what a fuzzer may rightly do (an
 * fanotify permission group taints the kernel with X).
 */
#define SPLAT_TAINTS	((1L << 5) | (1L << 7) | (1L << 9) | (1L << 14))

static long kernel_taint(void)
{
	FILE *f = fopen("/proc/sys/kernel/tainted", "r");
	long t = -1;

	if (f) {
		if (fscanf(f, "%ld", &t) != 1)
			t = -1;
		fclose(f);
	}
	return t < 0 ? t : t & SPLAT_TAINTS;
}

static int sh(const char *cmd)
{
	int st = system(cmd);

	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* Send SIGKILL to every process of UID; how many there were. */
static int kill_uid_procs(void)
{
	struct dirent *de;
	int n = 0;
	DIR *d;

	d = opendir("/proc");
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		char path[64], line[128];
		unsigned int uid = 0;
		FILE *f;
		int pid = atoi(de->d_name);

		if (pid <= 1)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/status", pid);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "Uid: %*u %u", &uid) == 1)
				break;
		fclose(f);
		if (uid == UID && !kill(pid, SIGKILL))
			n++;
	}
	closedir(d);
	return n;
}

/*
 * Kill every process of UID; 0 when none is left within @secs. This
 * process is their subreaper (set up by the fixture), so the killed ones
 * are reaped here and one that stays is one that did not die: stuck in
 * the kernel.
 */
static int kill_user(int secs)
{
	time_t end = time(NULL) + secs;

	while (time(NULL) < end) {
		int n = kill_uid_procs();

		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (n <= 0)
			return n;
		usleep(100000);
	}
	return 1;
}

/*
 * Run @argv as UID in @cwd for at most @secs; then kill what is left.
 * Its output goes to /tmp/fuzz.log, whose end is shown when it fails.
 * Return: the exit status, 124 when the time ran out, -1 if it could
 * not start.
 */
static int run_bounded(char *const argv[], const char *cwd, int secs)
{
	time_t end = time(NULL) + secs;
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);
		int out = open("/tmp/fuzz.log", O_WRONLY | O_CREAT | O_TRUNC, 0666);

		setsid();
		if (in >= 0)
			dup2(in, 0);
		if (out >= 0) {
			dup2(out, 1);
			dup2(out, 2);
		}
		if (chdir(cwd) || setgroups(0, NULL) || setgid(UID) || setuid(UID))
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	while (time(NULL) < end) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		usleep(200000);
	}
	kill(-pid, SIGKILL);
	waitpid(pid, &st, 0);
	return 124;
}

static void show_log(int st)
{
	if (st != 0 && st != 124)
		sh("echo '# the tool said, at the end:'; tail -n 8 /tmp/fuzz.log | sed 's/^/# /'");
}

static bool have(const char *prog)
{
	return !access(prog, X_OK);
}

/* After a tool: its processes die, no new taint, the paths work. */
static void check_after(struct __test_metadata *_metadata, long taint_before)
{
	EXPECT_EQ(0, kill_user(20));
	EXPECT_EQ(taint_before, kernel_taint());
	EXPECT_EQ(0, sh("ls " RAM " >/dev/null && echo ok > " RAM "/fuzz-after &&"
			" test \"$(cat " RAM "/fuzz-after)\" = ok && rm " RAM "/fuzz-after"));
	EXPECT_EQ(0, sh("echo x > /dev/rmnull && test -c /dev/rmser1"));
}

/* The victims: files, a directory, a FIFO and a symlink on rm_ramfs, all the user's. */
static void make_victims(void)
{
	sh("rm -rf " RAM "/fuzz && mkdir -p " RAM "/fuzz/dir /tmp/fuzz && cd " RAM "/fuzz &&"
	   " echo data > file && dd if=/dev/zero of=big bs=4096 count=4 2>/dev/null &&"
	   " echo in > dir/inner && ln -s file link && mkfifo fifo &&"
	   " chown -R 1000:1000 " RAM "/fuzz && chmod 777 /tmp/fuzz");
}

FIXTURE(tools) {
	long taint;
};

FIXTURE_SETUP(tools)
{
	ASSERT_EQ(0, prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0));
	ensure_mounted();
	make_victims();
	self->taint = kernel_taint();
	ASSERT_LE(0, self->taint);
}

FIXTURE_TEARDOWN(tools)
{
	kill_user(20);
	/* What the user made where it may write (trinity goes everywhere). */
	sh("find " RAM " " MNT "/union /tmp -mindepth 1 -maxdepth 1 -user 1000"
	   " -exec rm -rf {} + 2>/dev/null; rm -rf " RAM "/fuzz /tmp/fuzz /tmp/fuzz.log");
}

TEST_F_TIMEOUT(tools, trinity_on_resmgr_paths, 240)
{
	static char *const argv[] = {
		"/bin/trinity", "-q", "-l", "off", "-g", "vfs", "-C", "2", "-N", "3000",
		"-a", "64", "-x", "fanotify_init", "-T", "BAD_PAGE,DIE,WARN",
		"--disable-fds=sockets,pipes,perf,epoll,eventfd,pseudo,timerfd,testfile,memfd,drm",
		"-V", MNT, NULL
	};
	int st;

	if (!have(argv[0]))
		SKIP(return, "trinity is not in the VM");
	st = run_bounded(argv, "/tmp/fuzz", 45);
	TH_LOG("trinity: status %d (124: stopped at the time bound)", st);
	show_log(st);
	EXPECT_TRUE(st == 0 || st == 124);
	check_after(_metadata, self->taint);
}

TEST_F_TIMEOUT(tools, stress_ng_files_on_rm_ramfs, 240)
{
	static char *const argv[] = {
		"/bin/stress-ng", "--temp-path", RAM "/fuzz", "--timeout", "10s", "-q",
		"--chmod", "1", "--chmod-ops", "100", "--chown", "1", "--chown-ops", "100",
		"--dentry", "1", "--dentries", "32", "--dentry-ops", "10",
		"--fstat", "1", "--fstat-ops", "50", "--getdent", "1", "--getdent-ops", "50",
		"--rename", "1", "--rename-ops", "100", "--utime", "1", "--utime-ops", "100",
		"--lockf", "1", "--lockf-ops", "100", "--flock", "1", "--flock-ops", "100",
		"--fcntl", "1", "--fcntl-ops", "100", "--seek", "1", "--seek-ops", "100",
		"--seek-size", "1M", "--hdd", "1", "--hdd-bytes", "1M", "--hdd-ops", "100",
		"--fifo", "1", "--fifo-ops", "100", "--mknod", "1", "--mknod-ops", "10",
		"--open", "1", "--open-ops", "100", NULL
	};
	int st;

	if (!have(argv[0]))
		SKIP(return, "stress-ng is not in the VM");
	st = run_bounded(argv, RAM "/fuzz", 150);
	TH_LOG("stress-ng (files): status %d", st);
	show_log(st);
	EXPECT_NE(1, st);	/* stress-ng's "bad arguments" */
	EXPECT_NE(-1, st);
	EXPECT_NE(124, st);	/* it stops itself: after its ops, or 10 s */
	EXPECT_NE(126, st);
	EXPECT_NE(127, st);
	check_after(_metadata, self->taint);
}

TEST_F_TIMEOUT(tools, stress_ng_dev_nodes, 240)
{
	static const char *const nodes[] = { "/dev/rmnull", "/dev/rmser1", "/dev/rmhello" };
	unsigned int i;

	if (!have("/bin/stress-ng"))
		SKIP(return, "stress-ng is not in the VM");
	for (i = 0; i < ARRAY_SIZE(nodes); i++) {
		char *const argv[] = {
			"/bin/stress-ng", "--temp-path", "/tmp/fuzz", "--timeout", "5s", "-q",
			"--dev", "1", "--dev-file", (char *)nodes[i], NULL
		};
		int st = run_bounded(argv, "/tmp/fuzz", 60);

		TH_LOG("stress-ng --dev-file %s: status %d", nodes[i], st);
		show_log(st);
		EXPECT_NE(1, st);
		EXPECT_NE(-1, st);
		EXPECT_NE(124, st);
		EXPECT_NE(126, st);
		EXPECT_NE(127, st);
	}
	check_after(_metadata, self->taint);
}

/*
 * The user channel: trinity's calls on /dev/resmgr as the user, and
 * stress-ng on the node of a user-space server (root's); the server must
 * still answer afterwards.
 */
TEST_F_TIMEOUT(tools, user_channel, 240)
{
	static char *const trinity[] = {
		"/bin/trinity", "-q", "-l", "off", "-C", "2", "-N", "3000",
		"-c", "ioctl", "-c", "read", "-c", "write", "-c", "mmap", "-c", "poll",
		"-c", "close", "-c", "dup", "-c", "fcntl",
		"-T", "BAD_PAGE,DIE,WARN",
		"--disable-fds=sockets,pipes,perf,epoll,eventfd,pseudo,timerfd,testfile,memfd,drm",
		"-V", "/dev/resmgr", NULL
	};
	static char *const stress[] = {
		"/bin/stress-ng", "--temp-path", "/tmp/fuzz", "--timeout", "5s", "-q",
		"--dev", "1", "--dev-file", "/dev/usernull_fuzz", NULL
	};
	pid_t server;
	int st, i;

	if (!have("/bin/rm_user_null"))
		SKIP(return, "rm_user_null is not in the VM");
	server = fork();
	ASSERT_GE(server, 0);
	if (server == 0) {
		execl("/bin/rm_user_null", "rm_user_null", "/dev/usernull_fuzz", NULL);
		_exit(127);
	}
	/* Until the node shows the server's 0666 (it is 0600 before its stat). */
	for (i = 0; i < 500; i++) {
		struct stat nst;

		if (!stat("/dev/usernull_fuzz", &nst) && (nst.st_mode & 0777) == 0666)
			break;
		usleep(10000);
	}
	if (have(trinity[0])) {
		st = run_bounded(trinity, "/tmp/fuzz", 15);
		TH_LOG("trinity on /dev/resmgr: status %d (124: stopped at the time bound)", st);
		show_log(st);
		EXPECT_TRUE(st == 0 || st == 124);
	}
	if (have(stress[0])) {
		st = run_bounded(stress, "/tmp/fuzz", 60);
		TH_LOG("stress-ng --dev-file /dev/usernull_fuzz: status %d", st);
		show_log(st);
		EXPECT_NE(1, st);
		EXPECT_NE(124, st);
		EXPECT_NE(127, st);
	}
	EXPECT_EQ(0, sh("echo x > /dev/usernull_fuzz"));
	kill(server, SIGKILL);
	waitpid(server, &st, 0);
	check_after(_metadata, self->taint);
}

TEST_HARNESS_MAIN
