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
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <linux/capability.h>
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

/* Wait until @path shows @mode; 0, or -1 after five seconds. */
static int node_settles(const char *path, mode_t mode)
{
	struct stat st;
	int i;

	for (i = 0; i < 500; i++) {
		if (!stat(path, &st) && (st.st_mode & 07777) == mode)
			return 0;
		usleep(10000);
	}
	return -1;
}

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
	/*
	 * The node is 0600 until the server has answered the stat the /dev
	 * front end asks from a work item (as for any manager that delivers
	 * by message); then it shows the attr's 0666.
	 */
	ASSERT_EQ(0, node_settles(NODE, 0666));
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

static int run_client(const char *cmd, char *out, size_t size);

/*
 * MsgSend() of an _IO_MSG on the file (examples/user/ping_client.c, by
 * path): the null server has no msg handler, so ENOSYS, as on QNX; a
 * file that is not resmgr's (the twin) is no connection: EBADF.
 */
TEST_F(null, msgsend_on_the_file)
{
	char out[256];

	if (access("/bin/rm_user_ping_client", X_OK))
		SKIP(return, "the ping client is not there");
	EXPECT_EQ(0, run_client("/bin/rm_user_ping_client " NODE, out, sizeof(out)));
	EXPECT_STREQ("_IO_MSG: Function not implemented\n", out);
	EXPECT_EQ(0, run_client("/bin/rm_user_ping_client " TWIN, out, sizeof(out)));
	EXPECT_STREQ("_IO_MSG: Bad file descriptor\n", out);
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

/* Open @path as root with no capability in effect: errno or 0. */
static int open_without_caps(const char *path, int flags)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
		struct __user_cap_data_struct d[2] = {};
		int fd;

		if (syscall(SYS_capget, &h, d))
			_exit(200);
		d[0].effective = 0;
		d[1].effective = 0;
		if (syscall(SYS_capset, &h, d))
			_exit(201);
		fd = open(path, flags);
		_exit(fd >= 0 ? 0 : errno);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 202;
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
	/* Root without them is refused as anyone (the server asks for them). */
	EXPECT_EQ(EACCES, open_without_caps(TWIN, O_RDWR));
	EXPECT_EQ(EACCES, open_without_caps(NODE, O_RDWR));
}

/* The listing names the process that serves the path, not a module. */
TEST_F(null, listing_names_the_server)
{
	char line[512], want[64];
	FILE *f = fopen("/proc/resmgr", "r");
	int found = 0;

	ASSERT_NE(NULL, f);
	snprintf(want, sizeof(want), "\trm_user_null[%d]\t", self->server);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, NODE "\t", strlen(NODE) + 1))
			found = !!strstr(line, want);
	fclose(f);
	EXPECT_TRUE(found) TH_LOG("no line of " NODE " with %s", want);
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

/* The OPENS column of @path's line whose owner starts with @owner, or -1. */
static int listing_opens(const char *path, const char *owner)
{
	char line[512], p[256], id[16], pos[16], flags[64], ftype[16], own[64];
	FILE *f = fopen("/proc/resmgr", "r");
	int opens, found = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%255[^\t]\t%15[^\t]\t%15[^\t]\t%63[^\t]\t%15[^\t]\t%63[^\t]\t%d",
			   p, id, pos, flags, ftype, own, &opens) == 7 &&
		    !strcmp(p, path) && !strncmp(own, owner, strlen(owner)))
			found = opens;
	}
	fclose(f);
	return found;
}

static int loaded(const char *mod)
{
	char p[128];

	snprintf(p, sizeof(p), "/sys/module/%s", mod);
	return access(p, F_OK) == 0;
}

/*
 * A kernel manager and a user-space one at one path: the later attach
 * (the user server, same flags) is tried first, as the seed orders a
 * union; when the server ends, new opens go on to the kernel's.
 */
TEST(union_with_kernel_manager)
{
	pid_t server;
	int fd, i, st;

	if (!loaded("rm_null") || access(SERVER, X_OK))
		SKIP(return, "rm_null or %s is not there", SERVER);
	server = fork();
	ASSERT_GE(server, 0);
	if (server == 0) {
		execl(SERVER, SERVER, "/dev/rmnull", NULL);
		_exit(127);
	}
	for (i = 0; i < 500 && listing_opens("/dev/rmnull", "rm_user_null") < 0; i++)
		usleep(10000);
	ASSERT_EQ(0, listing_opens("/dev/rmnull", "rm_user_null"));
	EXPECT_EQ(0, listing_opens("/dev/rmnull", "rm_null"));

	fd = open("/dev/rmnull", O_RDWR);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(1, listing_opens("/dev/rmnull", "rm_user_null"));
	EXPECT_EQ(0, listing_opens("/dev/rmnull", "rm_null"));
	EXPECT_EQ(3, write(fd, "abc", 3));
	close(fd);

	kill(server, SIGKILL);
	waitpid(server, &st, 0);
	EXPECT_EQ(-1, listing_opens("/dev/rmnull", "rm_user_null"));
	fd = open("/dev/rmnull", O_RDWR);
	ASSERT_GE(fd, 0) TH_LOG("the kernel's rm_null after the server: %s", strerror(errno));
	EXPECT_EQ(1, listing_opens("/dev/rmnull", "rm_null"));
	close(fd);
}

/*
 * examples/user/buf.c: a device served by a thread pool, whose reads wait
 * for writes (deferred replies from another pool thread). Its native twin
 * is a FIFO: the same steps on both.
 */
#define BUF_SERVER	"/bin/rm_user_buf"
#define BUF_NODE	"/dev/userbuf"
#define FIFO_TWIN	"/tmp/userbuf_twin"
#define DCMD_BUF_GETLEN	_IOR(5, 0x10, int)	/* __DIOF(_DCMD_MISC, 0x10, int) */

FIXTURE(buf) {
	pid_t server;
	int fifo_keep;	/* a FIFO's other end, so that it never reports EOF */
};

FIXTURE_SETUP(buf)
{
	int i;

	if (access(BUF_SERVER, X_OK))
		SKIP(return, "%s is not there", BUF_SERVER);
	self->server = fork();
	ASSERT_GE(self->server, 0);
	if (self->server == 0) {
		execl(BUF_SERVER, BUF_SERVER, BUF_NODE, NULL);
		_exit(127);
	}
	for (i = 0; i < 500 && access(BUF_NODE, F_OK); i++)
		usleep(10000);
	ASSERT_EQ(0, access(BUF_NODE, F_OK));
	unlink(FIFO_TWIN);
	ASSERT_EQ(0, mkfifo(FIFO_TWIN, 0666));
	self->fifo_keep = open(FIFO_TWIN, O_RDWR);
	ASSERT_GE(self->fifo_keep, 0);
}

FIXTURE_TEARDOWN(buf)
{
	int st;

	if (self->server > 0) {
		kill(self->server, SIGKILL);
		waitpid(self->server, &st, 0);
	}
	close(self->fifo_keep);
	unlink(FIFO_TWIN);
}

/* A reader blocks until a writer comes; then it gets the bytes. */
static void wait_for_writer(struct __test_metadata *_metadata, const char *path)
{
	char buf[16] = "";
	int fd = open(path, O_RDWR), st;
	pid_t reader;

	ASSERT_GE(fd, 0) TH_LOG("%s: %s", path, strerror(errno));
	reader = fork();
	ASSERT_GE(reader, 0);
	if (reader == 0) {
		ssize_t n = read(fd, buf, sizeof(buf));

		_exit(n == 5 && !memcmp(buf, "later", 5) ? 0 : 10);
	}
	usleep(200000);
	EXPECT_EQ(0, waitpid(reader, &st, WNOHANG)) TH_LOG("%s: the read did not wait", path);
	EXPECT_EQ(5, write(fd, "later", 5));
	ASSERT_EQ(reader, waitpid(reader, &st, 0));
	EXPECT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st)) TH_LOG("%s: the reader got something else", path);
	close(fd);
}

static void on_signal(int sig)
{
	(void)sig;
}

/* Bytes in, bytes out; an empty device's O_NONBLOCK read: EAGAIN; a signal: EINTR. */
static void buf_steps(struct __test_metadata *_metadata, const char *path)
{
	struct sigaction sa = { .sa_handler = on_signal };
	char out[16];
	int fd, n = -1;

	fd = open(path, O_RDWR | O_NONBLOCK);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(-1, read(fd, out, sizeof(out)));
	EXPECT_EQ(EAGAIN, errno);
	EXPECT_EQ(3, write(fd, "abc", 3));
	EXPECT_EQ(0, ioctl(fd, strcmp(path, FIFO_TWIN) ? DCMD_BUF_GETLEN : FIONREAD, &n));
	EXPECT_EQ(3, n);
	EXPECT_EQ(2, read(fd, out, 2));
	EXPECT_EQ(0, memcmp(out, "ab", 2));
	EXPECT_EQ(1, read(fd, out, sizeof(out)));
	EXPECT_EQ('c', out[0]);
	close(fd);

	fd = open(path, O_RDWR);
	ASSERT_GE(fd, 0);
	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	EXPECT_EQ(-1, read(fd, out, sizeof(out)));
	EXPECT_EQ(EINTR, errno);
	alarm(0);
	close(fd);
}

TEST_F(buf, as_a_fifo)
{
	buf_steps(_metadata, FIFO_TWIN);
	buf_steps(_metadata, BUF_NODE);
	wait_for_writer(_metadata, FIFO_TWIN);
	wait_for_writer(_metadata, BUF_NODE);
}

/*
 * poll(): room to write and nothing to read; a writer's bytes wake a
 * poller waiting to read (the server's iofunc_notify_trigger() and
 * MsgDeliverEvent()); once read, nothing again.
 */
static void buf_poll(struct __test_metadata *_metadata, const char *path)
{
	struct pollfd p = { .events = POLLIN | POLLOUT };
	int fd = open(path, O_RDWR | O_NONBLOCK), st;
	char out[8];
	pid_t writer;

	ASSERT_GE(fd, 0) TH_LOG("%s: %s", path, strerror(errno));
	p.fd = fd;
	EXPECT_EQ(1, poll(&p, 1, 0));
	EXPECT_EQ(POLLOUT, p.revents) TH_LOG("%s", path);
	writer = fork();
	ASSERT_GE(writer, 0);
	if (writer == 0) {
		usleep(200000);
		_exit(write(fd, "wake", 4) == 4 ? 0 : 1);
	}
	p.events = POLLIN;
	p.revents = 0;
	EXPECT_EQ(1, poll(&p, 1, 5000)) TH_LOG("%s: no wake-up", path);
	EXPECT_EQ(POLLIN, p.revents);
	ASSERT_EQ(writer, waitpid(writer, &st, 0));
	EXPECT_EQ(0, WEXITSTATUS(st));
	EXPECT_EQ(4, read(fd, out, sizeof(out)));
	p.revents = 0;
	EXPECT_EQ(0, poll(&p, 1, 0)) TH_LOG("%s", path);
	close(fd);
}

TEST_F(buf, poll_as_a_fifo)
{
	buf_poll(_metadata, FIFO_TWIN);
	buf_poll(_metadata, BUF_NODE);
}

/* Eight readers wait at once; eight writes answer them all (the pool serves). */
TEST_F(buf, many_waiting_readers)
{
	pid_t readers[8];
	int fd, i, st, ok = 0;

	fd = open(BUF_NODE, O_RDWR);
	ASSERT_GE(fd, 0);
	for (i = 0; i < 8; i++) {
		readers[i] = fork();
		ASSERT_GE(readers[i], 0);
		if (readers[i] == 0) {
			char c;

			_exit(read(fd, &c, 1) == 1 && c == 'z' ? 0 : 10);
		}
	}
	usleep(300000);
	for (i = 0; i < 8; i++)
		EXPECT_EQ(1, write(fd, "z", 1));
	for (i = 0; i < 8; i++) {
		waitpid(readers[i], &st, 0);
		ok += WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	EXPECT_EQ(8, ok);
	close(fd);
}

/*
 * A reader killed while it waits: the server hears of it (an unblock
 * pulse) and forgets it; the next write's bytes wait for the next reader.
 */
TEST_F(buf, killed_reader_forgotten)
{
	int fd = open(BUF_NODE, O_RDWR), st, n = -1;
	char c = 0;
	pid_t reader;

	ASSERT_GE(fd, 0);
	reader = fork();
	ASSERT_GE(reader, 0);
	if (reader == 0)
		_exit(read(fd, &c, 1) == 1 ? 0 : 10);
	usleep(200000);
	kill(reader, SIGKILL);
	waitpid(reader, &st, 0);
	EXPECT_TRUE(WIFSIGNALED(st));
	EXPECT_EQ(1, write(fd, "q", 1));
	EXPECT_EQ(0, ioctl(fd, DCMD_BUF_GETLEN, &n));
	EXPECT_EQ(1, n);
	EXPECT_EQ(1, read(fd, &c, 1));
	EXPECT_EQ('q', c);
	close(fd);
}

/*
 * Files opened and closed in quick turns on a server with several
 * threads: a close's disconnect pulse, handled by one thread, must never
 * take the OCB of the next file, handled by another (the kernel gives a
 * file's id again only much later).
 */
TEST_F(buf, quick_reopen)
{
	int i, fd, bad = 0;
	char c;

	for (i = 0; i < 300; i++) {
		fd = open(BUF_NODE, O_RDONLY | O_NONBLOCK);
		ASSERT_GE(fd, 0);
		if (read(fd, &c, 1) != -1 || errno != EAGAIN)
			bad++;
		close(fd);
	}
	EXPECT_EQ(0, bad);
}

/*
 * DCMD_BUF_CLEAR: the device sends itself a pulse (message_connect(),
 * MsgSendPulse()), whose handler (pulse_attach()) drops the bytes.
 */
TEST_F(buf, pulse_to_itself)
{
	int fd = open(BUF_NODE, O_RDWR), n = -1, i;

	ASSERT_GE(fd, 0);
	EXPECT_EQ(5, write(fd, "hello", 5));
	EXPECT_EQ(0, ioctl(fd, DCMD_BUF_GETLEN, &n));
	EXPECT_EQ(5, n);
	EXPECT_EQ(0, ioctl(fd, _IO(5, 0x11)));	/* __DION(_DCMD_MISC, 0x11) */
	for (i = 0; i < 100; i++) {
		ASSERT_EQ(0, ioctl(fd, DCMD_BUF_GETLEN, &n));
		if (!n)
			break;
		usleep(10000);
	}
	EXPECT_EQ(0, n);
	close(fd);
}

/* The iofunc default answers devctl()s the device does not know. */
TEST_F(buf, devctl_default_getflags)
{
	int fd = open(BUF_NODE, O_RDONLY | O_NONBLOCK), flags = 0;

	ASSERT_GE(fd, 0);
	/* DCMD_ALL_GETFLAGS: __DIOF(_DCMD_ALL, 1, int), the open's flags. */
	EXPECT_EQ(0, ioctl(fd, _IOR(1, 1, int), &flags));
	EXPECT_EQ(O_NONBLOCK, flags & O_NONBLOCK);
	EXPECT_EQ(-1, ioctl(fd, _IOR(5, 0x7e, int), &flags));
	EXPECT_EQ(ENOTTY, errno);
	close(fd);
}

#define PING_SERVER	"/bin/rm_user_ping_server"
#define PING_CLIENT	"/bin/rm_user_ping_client"

/* Run @cmd, its output into @out (at most @size bytes, NUL-ended). */
static int run_client(const char *cmd, char *out, size_t size)
{
	FILE *f = popen(cmd, "r");
	size_t n;

	if (!f)
		return -1;
	n = fread(out, 1, size - 1, f);
	out[n] = 0;
	return pclose(f);
}

/* One line of the server's output. */
static void server_line(FILE *f, char *line, size_t size)
{
	line[0] = 0;
	if (!fgets(line, size, f))
		line[0] = 0;
	line[strcspn(line, "\n")] = 0;
}

/*
 * The client's pulse, then its disconnect. The /dev node's stat opens and
 * closes the name through the path once, at a time of the /dev front
 * end's choosing: its disconnect may come first.
 */
static void client_heard(struct __test_metadata *_metadata, FILE *f)
{
	char line[256];

	do
		server_line(f, line, sizeof(line));
	while (!strcmp(line, "disconnect"));
	EXPECT_STREQ("pulse 5 1234", line);
	server_line(f, line, sizeof(line));
	EXPECT_STREQ("disconnect", line);
}

static const char ping_expected[] =
	"MsgSend: 5 42 olleh\n"
	"MsgSendv: 4 100 !xnq\n"
	"unknown: Function not implemented\n";

/*
 * A QNX server that talks by messages (examples/user/ping_server.c),
 * run as nobody: name_attach() needs no privilege. Its client reaches it
 * by name_open() and by ConnectAttach() with its pid and chid, sends in
 * one part and two, a message it does not know, a pulse; every close is
 * a disconnect. When the server goes, the name goes.
 */
TEST(qnx_messages_between_processes)
{
	char line[256], out[1024], cmd[128];
	int p[2], pid, chid, n, st;
	pid_t server;
	FILE *f;

	if (access(PING_SERVER, X_OK) || access(PING_CLIENT, X_OK))
		SKIP(return, "the ping examples are not there");
	ASSERT_EQ(0, pipe(p));
	server = fork();
	ASSERT_GE(server, 0);
	if (server == 0) {
		dup2(p[1], 1);
		close(p[0]);
		if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
			_exit(126);
		execl(PING_SERVER, PING_SERVER, "qnxping", NULL);
		_exit(127);
	}
	close(p[1]);
	f = fdopen(p[0], "r");
	ASSERT_NE(NULL, f);
	server_line(f, line, sizeof(line));
	n = sscanf(line, "attached qnxping pid %d chid %d", &pid, &chid);
	ASSERT_EQ(2, n) TH_LOG("server said '%s'", line);
	EXPECT_EQ(server, pid);

	EXPECT_EQ(0, run_client(PING_CLIENT " qnxping", out, sizeof(out)));
	EXPECT_STREQ(ping_expected, out);
	client_heard(_metadata, f);

	snprintf(cmd, sizeof(cmd), PING_CLIENT " qnxping %d %d", pid, chid);
	EXPECT_EQ(0, run_client(cmd, out, sizeof(out)));
	EXPECT_STREQ(ping_expected, out);
	client_heard(_metadata, f);

	/* A wrong chid reaches nothing. */
	snprintf(cmd, sizeof(cmd), PING_CLIENT " qnxping %d %d", pid, chid + 1);
	EXPECT_NE(0, run_client(cmd, out, sizeof(out)));
	EXPECT_STREQ("connect: No such process\n", out);

	kill(server, SIGKILL);
	waitpid(server, &st, 0);
	fclose(f);
	EXPECT_NE(0, run_client(PING_CLIENT " qnxping", out, sizeof(out)));
	EXPECT_STREQ("connect: No such file or directory\n", out);
}

#define RELAY_SERVER	"/bin/rm_user_relay"
#define RELAY_NODE	"/dev/userrelay"

/* Read @path until @want came (five seconds at most); what came, in @got. */
static void read_until(const char *path, const char *want, char *got, size_t size)
{
	size_t len = 0;
	int i, fd;

	got[0] = 0;
	for (i = 0; i < 500 && !strstr(got, want); i++) {
		ssize_t n;

		fd = open(path, O_RDONLY);
		if (fd < 0)
			break;
		n = read(fd, got + len, size - 1 - len);
		close(fd);
		if (n > 0)
			len += n;
		got[len] = 0;
		if (!n)
			usleep(10000);
	}
}

/*
 * examples/user/relay.c: select_attach() on the server's standard input
 * (its handler runs in the dispatch loop when bytes come), and
 * dispatch_timeout() with a MSG_FLAG_TIMEOUT_FUNC handler.
 */
TEST(select_attach_and_timeout)
{
	int in[2], out[2], i, st;
	char line[64], got[64];
	pid_t server;
	FILE *f;

	if (access(RELAY_SERVER, X_OK))
		SKIP(return, "%s is not there", RELAY_SERVER);
	ASSERT_EQ(0, pipe(in));
	ASSERT_EQ(0, pipe(out));
	server = fork();
	ASSERT_GE(server, 0);
	if (server == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execl(RELAY_SERVER, RELAY_SERVER, RELAY_NODE, NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	f = fdopen(out[0], "r");
	ASSERT_NE(NULL, f);
	for (i = 0; i < 500 && access(RELAY_NODE, F_OK); i++)
		usleep(10000);
	ASSERT_EQ(0, access(RELAY_NODE, F_OK));

	/* Nothing for 200 ms: the timeout handler ran. */
	server_line(f, line, sizeof(line));
	EXPECT_STREQ("quiet", line);

	EXPECT_EQ(9, write(in[1], "line one\n", 9));
	read_until(RELAY_NODE, "line one\n", got, sizeof(got));
	EXPECT_STREQ("line one\n", got);
	/* Armed again after the handler: the next bytes come too. */
	EXPECT_EQ(9, write(in[1], "line two\n", 9));
	read_until(RELAY_NODE, "line two\n", got, sizeof(got));
	EXPECT_STREQ("line two\n", got);

	close(in[1]);
	server_line(f, line, sizeof(line));
	EXPECT_STREQ("input closed", line);
	kill(server, SIGKILL);
	waitpid(server, &st, 0);
	fclose(f);
}

TEST_HARNESS_MAIN
