// SPDX-License-Identifier: GPL-2.0
/*
 * A QNX resource manager that serves what arrives on a descriptor of its
 * own, as a driver of a serial port or a socket does: select_attach() on
 * its standard input runs a handler when bytes come, which keeps them;
 * read() on /dev/userrelay (or the path given) takes them. One thread,
 * the dispatch_block()/dispatch_handler() loop; dispatch_timeout() and a
 * MSG_FLAG_TIMEOUT_FUNC handler note the quiet moments ("quiet" on
 * standard output, once). Built unchanged against libresmgr.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>

#define RELAY_SIZE	4096

static resmgr_connect_funcs_t	connect_funcs;
static resmgr_io_funcs_t	io_funcs;
static iofunc_attr_t		attr;
static char			relay[RELAY_SIZE];
static int			relay_len;
static int			quiet_told;

/* Bytes on standard input: keep what fits; at its end, stop watching it. */
static int relay_input(select_context_t *ctp, int fd, unsigned int flags, void *handle)
{
	dispatch_t *dpp = handle;
	ssize_t n;

	n = read(fd, relay + relay_len, RELAY_SIZE - relay_len);
	if (n > 0) {
		relay_len += n;
		return 0;
	}
	if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
		select_detach(dpp, fd);
		printf("input closed\n");
		fflush(stdout);
	}
	return 0;
}

static int relay_quiet(message_context_t *ctp, int code, unsigned int flags, void *handle)
{
	if (!quiet_told++) {
		printf("quiet\n");
		fflush(stdout);
	}
	return 0;
}

static int io_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	int status, n;

	status = iofunc_read_verify(ctp, msg, ocb, NULL);
	if (status != EOK)
		return status;
	if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;
	n = msg->i.nbytes < relay_len ? msg->i.nbytes : relay_len;
	MsgReply(ctp->rcvid, n, relay, n);
	relay_len -= n;
	memmove(relay, relay + n, relay_len);
	return _RESMGR_NOREPLY;
}

int main(int argc, char **argv)
{
	message_attr_t		timeout_attr = { .flags = MSG_FLAG_TIMEOUT_FUNC };
	struct timespec		quiet = { .tv_sec = 0, .tv_nsec = 200000000 };
	resmgr_attr_t		resmgr_attr;
	dispatch_context_t	*ctp;
	dispatch_t		*dpp;
	const char		*path = argc > 1 ? argv[1] : "/dev/userrelay";

	dpp = dispatch_create();
	if (!dpp) {
		fprintf(stderr, "%s: Unable to allocate dispatch handle.\n", argv[0]);
		return EXIT_FAILURE;
	}
	memset(&resmgr_attr, 0, sizeof(resmgr_attr));
	resmgr_attr.nparts_max = 1;
	resmgr_attr.msg_max_size = 2048;
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	io_funcs.read = io_read;
	iofunc_attr_init(&attr, S_IFCHR | 0444, NULL, NULL);
	if (resmgr_attach(dpp, &resmgr_attr, path, _FTYPE_ANY, 0,
			  &connect_funcs, &io_funcs, &attr) == -1) {
		fprintf(stderr, "%s: Unable to attach name: %s\n", argv[0], strerror(errno));
		return EXIT_FAILURE;
	}
	if (select_attach(dpp, NULL, STDIN_FILENO, SELECT_FLAG_READ, relay_input, dpp) == -1 ||
	    message_attach(dpp, &timeout_attr, 0, 0, relay_quiet, NULL) == -1 ||
	    dispatch_timeout(dpp, &quiet) == -1) {
		fprintf(stderr, "%s: %s\n", argv[0], strerror(errno));
		return EXIT_FAILURE;
	}

	ctp = dispatch_context_alloc(dpp);
	if (!ctp) {
		fprintf(stderr, "%s: Unable to allocate a context.\n", argv[0]);
		return EXIT_FAILURE;
	}
	for (;;) {
		ctp = dispatch_block(ctp);
		if (!ctp) {
			fprintf(stderr, "%s: block error: %s\n", argv[0], strerror(errno));
			return EXIT_FAILURE;
		}
		dispatch_handler(ctp);
	}
	return EXIT_SUCCESS;
}
