/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QNX <sys/procmgr.h>: what a server asks of the process manager.
 *
 * In a kernel module, which is no process, procmgr_daemon() has nothing
 * to detach from (no terminal, no parent to leave) and succeeds; for a
 * main() kept whole it marks the server ready. In user space (libresmgr)
 * it runs the server in the background as QNX's does: the command that
 * started it returns with @status, and the server goes on serving.
 */
#ifndef _RESMGR_PROCMGR_H
#define _RESMGR_PROCMGR_H

#define PROCMGR_DAEMON_NOCHDIR		0x00000001u
#define PROCMGR_DAEMON_NOCLOSE		0x00000002u
#define PROCMGR_DAEMON_NODEVNULL	0x00000004u
#define PROCMGR_DAEMON_KEEPUMASK	0x00000008u

#ifdef __KERNEL__
void resmgr_main_ready(void);

/**
 * procmgr_daemon() - run in the background, as a QNX server does at start
 * @status: the status its parent would exit with (unused)
 * @flags: PROCMGR_DAEMON_* (unused)
 *
 * A main() kept whole (<resmgr/main.h>) is ready: the module's load
 * completes, as the QNX shell's command returns.
 *
 * Return: 0 (QNX: the new process id; a module has one already).
 * Context: process context.
 */
static inline int procmgr_daemon(int status, unsigned int flags)
{
	resmgr_main_ready();
	return 0;
}
#else
/*
 * User space: the process forks; the child takes this process's
 * channels over (RESMGR_CHAN_ADOPT), leaves the session and, unless
 * @flags say otherwise, goes to /, clears its umask, closes every
 * descriptor but 0-2 and its channels, and points 0-2 at /dev/null; then
 * the parent exits with @status. Call it from the one thread there is
 * (before thread_pool_start()): a fork keeps only the calling thread.
 * Returns the child's process id in the child, -1 with errno if no
 * child could be made.
 */
int procmgr_daemon(int status, unsigned int flags);
#endif

#endif /* _RESMGR_PROCMGR_H */
