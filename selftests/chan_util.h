/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the user channel's selftests share: a reply and an error to a
 * receive id (RESMGR_CHAN_REPLY), and one line of a server's report.
 */
#ifndef RESMGR_SELFTEST_CHAN_UTIL_H
#define RESMGR_SELFTEST_CHAN_UTIL_H

#include <poll.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <resmgr/channel.h>

static inline int chan_reply(int ch, int rcvid, long status, const void *data, size_t len)
{
	struct resmgr_chan_iov iov = { (uintptr_t)data, len };
	struct resmgr_chan_reply r = {
		.rcvid = rcvid, .status = status,
		.iov = (uintptr_t)&iov, .parts = len ? 1 : 0,
	};

	return ioctl(ch, RESMGR_CHAN_REPLY, &r);
}

static inline int chan_error(int ch, int rcvid, int err)
{
	struct resmgr_chan_reply r = { .rcvid = rcvid, .error = err };

	return ioctl(ch, RESMGR_CHAN_REPLY, &r);
}

/* One line from @fd into @line (without its newline), @ms at most a byte. */
static inline void report_line(int fd, char *line, size_t size, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	size_t n = 0;

	line[0] = 0;
	while (n + 1 < size && poll(&p, 1, ms) == 1) {
		if (read(fd, line + n, 1) != 1)
			break;
		if (line[n] == '\n') {
			line[n] = 0;
			return;
		}
		line[++n] = 0;
	}
}

#endif /* RESMGR_SELFTEST_CHAN_UTIL_H */
