// SPDX-License-Identifier: GPL-2.0
/*
 * procmgr_daemon() for a server in user space (<sys/procmgr.h>).
 *
 * QNX's runs the caller in the background as it is: the command that
 * started it returns with @status, and the server goes on with its
 * channels. Linux has no way for a process to leave its parent but
 * fork(), and a channel ends with the process that opened it (resmgr.ko
 * channel.c), so the child adopts every channel (RESMGR_CHAN_ADOPT)
 * before the parent exits: the paths stay served throughout, and from
 * then on the child's exit ends them.
 */
#include <dirent.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <resmgr/procmgr.h>
#include "internal.h"

/* Every descriptor but 0-2, the channels and the library's own. */
static void rm_daemon_close(void)
{
	struct dirent *e;
	DIR *d;

	d = opendir("/proc/self/fd");
	if (!d)
		return;
	while ((e = readdir(d))) {
		int fd = atoi(e->d_name);

		if (e->d_name[0] == '.' || fd < 3 || fd == dirfd(d) ||
		    rm_chan_known(fd) || rm_ipc_keeps(fd))
			continue;
		close(fd);
	}
	closedir(d);
}

static void rm_daemon_devnull(void)
{
	int fd = open("/dev/null", O_RDWR);

	if (fd < 0)
		return;
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
}

int procmgr_daemon(int status, unsigned int flags)
{
	int ready[2], err = 0;
	pid_t child;
	char c;

	if (pipe(ready))
		return -1;
	child = fork();
	if (child < 0) {
		err = errno;
		close(ready[0]);
		close(ready[1]);
		errno = err;
		return -1;
	}
	if (child > 0) {
		/* Exits once the child has the channels (or is gone). */
		close(ready[1]);
		while (read(ready[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(status);
	}
	close(ready[0]);
	if (rm_chan_adopt())
		err = errno;
	setsid();
	if (!(flags & PROCMGR_DAEMON_NOCHDIR) && chdir("/"))
		err = err ?: errno;
	if (!(flags & PROCMGR_DAEMON_KEEPUMASK))
		umask(0);
	/* The parent goes: this process is the server from here on. */
	if (write(ready[1], "", 1) != 1)
		err = err ?: errno;
	close(ready[1]);
	if (!(flags & PROCMGR_DAEMON_NOCLOSE))
		rm_daemon_close();
	if (!(flags & PROCMGR_DAEMON_NODEVNULL))
		rm_daemon_devnull();
	if (err) {
		errno = err;
		return -1;
	}
	return getpid();
}
