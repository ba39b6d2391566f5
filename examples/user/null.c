// SPDX-License-Identifier: GPL-2.0
/*
 * The seed's /dev/null resource manager as a QNX program, main() and its
 * receive loop as QNX writes them: every message is handled by the POSIX
 * defaults iofunc_func_init() puts in the tables. Built unchanged against
 * libresmgr (cc null.c $(pkg-config --cflags --libs resmgr)), it serves
 * /dev/sample to every Linux program. A path on the command line serves
 * that one instead.
 */
#include <errno.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>

static resmgr_connect_funcs_t	connect_funcs;
static resmgr_io_funcs_t	io_funcs;
static iofunc_attr_t		attr;

int main(int argc, char **argv)
{
	dispatch_t		*dpp;
	resmgr_attr_t		resmgr_attr;
	dispatch_context_t	*ctp;
	int			id;
	const char		*path = argc > 1 ? argv[1] : "/dev/sample";

	/* initialize dispatch interface */
	dpp = dispatch_create();
	if (!dpp) {
		fprintf(stderr, "%s: Unable to allocate dispatch handle.\n", argv[0]);
		return EXIT_FAILURE;
	}

	/* initialize resource manager attributes */
	memset(&resmgr_attr, 0, sizeof(resmgr_attr));
	resmgr_attr.nparts_max = 1;
	resmgr_attr.msg_max_size = 2048;

	/* initialize functions for handling messages */
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);

	/* initialize attribute structure used by the device */
	iofunc_attr_init(&attr, S_IFNAM | 0666, 0, 0);

	/* attach our device name */
	id = resmgr_attach(dpp, &resmgr_attr, path, _FTYPE_ANY, 0,
			   &connect_funcs, &io_funcs, &attr);
	if (id == -1) {
		fprintf(stderr, "%s: Unable to attach name: %s\n", argv[0], strerror(errno));
		return EXIT_FAILURE;
	}

	/* allocate a context structure */
	ctp = dispatch_context_alloc(dpp);

	/* start the resource manager message loop */
	while (1) {
		ctp = dispatch_block(ctp);
		if (!ctp) {
			fprintf(stderr, "block error\n");
			return EXIT_FAILURE;
		}
		dispatch_handler(ctp);
	}
	return EXIT_SUCCESS;
}
