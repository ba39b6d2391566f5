// SPDX-License-Identifier: GPL-2.0
/*
 * The user-space contender of `make bench`: a QNX resource manager built
 * with libresmgr, one thread in a dispatch_block()/dispatch_handler()
 * loop as the CUSE contender has one, with the same trivial behaviour as
 * the kernel's /dev/bench_rm (rm_bench.c): reads return zeros, writes
 * take the data (the first 64 bytes read with resmgr_msgread()), the
 * devctl moves 16 bytes each way. Serves /dev/bench_user; with a second
 * argument "pool", on a pool of two threads (the throughput run's).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>

#define BENCH_MAX	(128 * 1024)
#define BENCH_DCMD	__DIOTF(_DCMD_MISC, 0x42, char[16])

static resmgr_connect_funcs_t	connect_funcs;
static resmgr_io_funcs_t	io_funcs;
static iofunc_attr_t		attr;
static char			zeros[BENCH_MAX];

static int bench_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	int n = msg->i.nbytes < BENCH_MAX ? msg->i.nbytes : BENCH_MAX;

	_IO_SET_READ_NBYTES(ctp, n);
	return _RESMGR_PTR(ctp, zeros, n);
}

static int bench_write(resmgr_context_t *ctp, io_write_t *msg, RESMGR_OCB_T *ocb)
{
	char tmp[64];
	size_t n = msg->i.nbytes < (int)sizeof(tmp) ? (size_t)msg->i.nbytes : sizeof(tmp);

	if (n && resmgr_msgread(ctp, tmp, n, sizeof(msg->i)) != (ssize_t)n)
		return EFAULT;
	_IO_SET_WRITE_NBYTES(ctp, msg->i.nbytes);
	return EOK;
}

static int bench_devctl(resmgr_context_t *ctp, io_devctl_t *msg, RESMGR_OCB_T *ocb)
{
	char *data = _DEVCTL_DATA(msg->i);

	if (msg->i.dcmd != BENCH_DCMD)
		return ENOSYS;
	data[0]++;
	memset(&msg->o, 0, sizeof(msg->o));
	msg->o.nbytes = 16;
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o) + 16);
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/dev/bench_user";
	resmgr_attr_t resmgr_attr;
	dispatch_context_t *ctp;
	dispatch_t *dpp;

	dpp = dispatch_create();
	if (!dpp) {
		perror("dispatch_create");
		return EXIT_FAILURE;
	}
	memset(&resmgr_attr, 0, sizeof(resmgr_attr));
	resmgr_attr.nparts_max = 1;
	resmgr_attr.msg_max_size = 8192;
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	io_funcs.read = bench_read;
	io_funcs.write = bench_write;
	io_funcs.devctl = bench_devctl;
	iofunc_attr_init(&attr, S_IFCHR | 0666, NULL, NULL);
	if (resmgr_attach(dpp, &resmgr_attr, path, _FTYPE_ANY, 0,
			  &connect_funcs, &io_funcs, &attr) == -1) {
		perror("resmgr_attach");
		return EXIT_FAILURE;
	}
	if (argc > 2 && !strcmp(argv[2], "pool")) {
		thread_pool_attr_t pool_attr = {
			.handle = dpp,
			.context_alloc = dispatch_context_alloc,
			.block_func = dispatch_block,
			.unblock_func = dispatch_unblock,
			.handler_func = dispatch_handler,
			.context_free = dispatch_context_free,
			.lo_water = 2, .hi_water = 2, .increment = 1, .maximum = 2,
		};
		thread_pool_t *tpp = thread_pool_create(&pool_attr, POOL_FLAG_EXIT_SELF);

		if (!tpp) {
			perror("thread_pool_create");
			return EXIT_FAILURE;
		}
		thread_pool_start(tpp);
		return EXIT_FAILURE;
	}
	ctp = dispatch_context_alloc(dpp);
	while (ctp) {
		ctp = dispatch_block(ctp);
		if (!ctp)
			break;
		dispatch_handler(ctp);
	}
	perror("dispatch_block");
	return EXIT_FAILURE;
}
