/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QNX <sys/procmgr.h>: what a server asks of the process manager. A
 * kernel module is no process: procmgr_daemon() has nothing to detach
 * from (no terminal, no parent to leave) and succeeds; for a main() kept
 * whole it marks the server ready.
 */
#ifndef _RESMGR_PROCMGR_H
#define _RESMGR_PROCMGR_H

#define PROCMGR_DAEMON_NOCHDIR		0x00000001u
#define PROCMGR_DAEMON_NOCLOSE		0x00000002u
#define PROCMGR_DAEMON_NODEVNULL	0x00000004u
#define PROCMGR_DAEMON_KEEPUMASK	0x00000008u

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

#endif /* _RESMGR_PROCMGR_H */
