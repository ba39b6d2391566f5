// SPDX-License-Identifier: GPL-2.0
/*
 * The CUSE contender of `make bench`: a character device served from
 * user space through /dev/cuse, speaking the FUSE protocol directly (no
 * libfuse), with the same trivial behaviour as the other contenders:
 * reads return zeros, writes take the data, an ioctl moves 16 bytes each
 * way, poll is always ready. One thread, one request at a time.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fuse.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "cuse.h"

#define CUSE_BUF	(128 * 1024 + 4096)

static char cuse_in[CUSE_BUF];
static char cuse_zero[CUSE_BUF];

static int cuse_reply(int fd, uint64_t unique, int error, const void *a,
		      size_t alen, const void *b, size_t blen)
{
	struct fuse_out_header h = {
		.len = sizeof(h) + alen + blen, .error = error, .unique = unique,
	};
	struct iovec iov[3] = {
		{ &h, sizeof(h) }, { (void *)a, alen }, { (void *)b, blen },
	};

	if (error)
		h.len = sizeof(h);
	return writev(fd, iov, error ? 1 : 3) < 0 ? -1 : 0;
}

static int cuse_init(int fd, const struct fuse_in_header *h,
		     const struct cuse_init_in *in, const char *name)
{
	struct cuse_init_out out = {
		.major = FUSE_KERNEL_VERSION,
		.minor = in->minor < FUSE_KERNEL_MINOR_VERSION ? in->minor :
			 FUSE_KERNEL_MINOR_VERSION,
		.max_read = 128 * 1024,
		.max_write = 128 * 1024,
	};
	char info[64];
	int n = snprintf(info, sizeof(info), "DEVNAME=%s", name) + 1;

	return cuse_reply(fd, h->unique, 0, &out, sizeof(out), info, n);
}

/**
 * cuse_serve() - create /dev/@name through CUSE and serve it forever
 * @name: the device name
 *
 * Return: only on an error (-1, errno set).
 */
int cuse_serve(const char *name)
{
	int fd = open("/dev/cuse", O_RDWR);

	if (fd < 0)
		return -1;
	for (;;) {
		ssize_t n = read(fd, cuse_in, sizeof(cuse_in));
		const struct fuse_in_header *h = (const void *)cuse_in;
		const void *arg = cuse_in + sizeof(*h);

		if (n < 0) {
			if (errno == EINTR || errno == ENOENT)
				continue;	/* ENOENT: an interrupted request */
			return -1;
		}
		if ((size_t)n < sizeof(*h))
			continue;
		switch (h->opcode) {
		case CUSE_INIT:
			if (cuse_init(fd, h, arg, name))
				return -1;
			break;
		case FUSE_OPEN: {
			struct fuse_open_out out = { .fh = 1 };

			cuse_reply(fd, h->unique, 0, &out, sizeof(out), NULL, 0);
			break;
		}
		case FUSE_READ: {
			const struct fuse_read_in *in = arg;
			size_t size = in->size < CUSE_BUF ? in->size : CUSE_BUF;

			cuse_reply(fd, h->unique, 0, cuse_zero, size, NULL, 0);
			break;
		}
		case FUSE_WRITE: {
			const struct fuse_write_in *in = arg;
			struct fuse_write_out out = { .size = in->size };

			cuse_reply(fd, h->unique, 0, &out, sizeof(out), NULL, 0);
			break;
		}
		case FUSE_IOCTL: {
			const struct fuse_ioctl_in *in = arg;
			struct fuse_ioctl_out out = { .result = 0 };
			size_t size = in->out_size < CUSE_BUF ? in->out_size : CUSE_BUF;

			cuse_reply(fd, h->unique, 0, &out, sizeof(out), cuse_zero, size);
			break;
		}
		case FUSE_POLL: {
			const struct fuse_poll_in *in = arg;
			unsigned int ready = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
			struct fuse_poll_out out = { .revents = in->events & ready };

			cuse_reply(fd, h->unique, 0, &out, sizeof(out), NULL, 0);
			break;
		}
		case FUSE_FLUSH:
		case FUSE_RELEASE:
		case FUSE_FSYNC:
			cuse_reply(fd, h->unique, 0, NULL, 0, NULL, 0);
			break;
		case FUSE_INTERRUPT:
		case FUSE_FORGET:
			break;	/* no reply */
		default:
			cuse_reply(fd, h->unique, -ENOSYS, NULL, 0, NULL, 0);
			break;
		}
	}
}
