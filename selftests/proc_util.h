/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Watching another process from a selftest: its state letter, and a
 * bounded wait for its end.
 */
#ifndef _RESMGR_SELFTEST_PROC_UTIL_H
#define _RESMGR_SELFTEST_PROC_UTIL_H

#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* A process's state letter (/proc/PID/stat), or 0. */
static inline char proc_state(pid_t pid)
{
	char path[64], buf[256], *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	p = fgets(buf, sizeof(buf), f);
	fclose(f);
	p = p ? strrchr(buf, ')') : NULL;
	return p && p[1] == ' ' ? p[2] : 0;
}

/* Wait up to ten seconds for @pid to end; waitpid()'s answer (0: not yet). */
static inline pid_t reaped(pid_t pid, int *st)
{
	pid_t got = 0;
	int i;

	for (i = 0; i < 1000 && !got; i++) {
		got = waitpid(pid, st, WNOHANG);
		if (!got)
			usleep(10000);
	}
	return got;
}

#endif /* _RESMGR_SELFTEST_PROC_UTIL_H */
