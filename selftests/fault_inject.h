/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fault injection for the selftests: failslab and fail_page_alloc on the
 * debug kernel, limited to the tasks that write 1 to
 * /proc/self/make-it-fail (task-filter). Include it after
 * kselftest_harness.h (ARRAY_SIZE).
 */
#ifndef _RESMGR_SELFTEST_FAULT_INJECT_H
#define _RESMGR_SELFTEST_FAULT_INJECT_H

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static inline int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), r;

	if (fd < 0)
		return -1;
	r = write(fd, s, strlen(s)) == (ssize_t)strlen(s) ? 0 : -1;
	close(fd);
	return r;
}

/* Set up one fault-injection directory (debugfs) to fail at @probability %. */
static inline int fail_setup(const char *dir, const char *probability)
{
	static const char *const knobs[][2] = {
		{ "task-filter", "Y" }, { "interval", "1" }, { "times", "-1" },
		{ "verbose", "0" },
	};
	char path[128];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(knobs); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, knobs[i][0]);
		if (write_str(path, knobs[i][1]))
			return -1;
	}
	snprintf(path, sizeof(path), "%s/probability", dir);
	return write_str(path, probability);
}

#endif /* _RESMGR_SELFTEST_FAULT_INJECT_H */
