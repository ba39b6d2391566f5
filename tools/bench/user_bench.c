// SPDX-License-Identifier: GPL-2.0
/*
 * The user-space contender of `make bench`: a QNX resource manager built
 * with libresmgr, one thread in a dispatch_block()/dispatch_handler()
 * loop as the CUSE contender has one, with the same trivial behaviour as
 * the kernel's /dev/bench_rm (rm_bench.c): reads return zeros, writes
 * take the data (the first 64 bytes read with resmgr_msgread()), the
 * devctl moves 16 bytes each way. Serves /dev/bench_user; with a second
 * argument "pool", on a pool of two threads (the throughput run's).
 *
 * `rm_user_bench ipc N` measures messages between processes instead: a
 * 16-byte request and a 16-byte reply between two processes, with QNX's
 * MsgSend()/MsgReceive()/MsgReply() on a channel, against a pair of
 * pipes (write and read each way), the Linux way to do it: N round trips
 * a batch, the median of 7 batches, half the spread.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <sys/netmgr.h>
#include <sys/neutrino.h>

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

#define IPC_BATCHES	7
#define IPC_BYTES	16

static double ipc_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int ipc_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The batches' median per round trip, and half their spread (in %). */
static double ipc_median(double *t, double *spread)
{
	qsort(t, IPC_BATCHES, sizeof(*t), ipc_cmp);
	*spread = (t[IPC_BATCHES - 1] - t[0]) / 2 / t[IPC_BATCHES / 2] * 100;
	return t[IPC_BATCHES / 2];
}

/* A pipe pair: the child echoes what comes. */
static double ipc_pipes(long n, double *spread)
{
	char buf[IPC_BYTES] = "request";
	double t[IPC_BATCHES];
	int to[2], from[2], b;
	pid_t child;
	long i;

	if (pipe(to) || pipe(from))
		return -1;
	child = fork();
	if (child == 0) {
		close(to[1]);
		close(from[0]);
		while (read(to[0], buf, sizeof(buf)) == sizeof(buf))
			if (write(from[1], buf, sizeof(buf)) != sizeof(buf))
				break;
		_exit(0);
	}
	close(to[0]);
	close(from[1]);
	for (b = 0; b < IPC_BATCHES; b++) {
		double start = ipc_now();

		for (i = 0; i < n; i++)
			if (write(to[1], buf, sizeof(buf)) != sizeof(buf) ||
			    read(from[0], buf, sizeof(buf)) != sizeof(buf))
				return -1;
		t[b] = (ipc_now() - start) / n;
	}
	close(to[1]);
	close(from[0]);
	waitpid(child, NULL, 0);
	return ipc_median(t, spread);
}

/* A channel in a child (MsgReceive(), MsgReply()); MsgSend() from here. */
static double ipc_messages(long n, double *spread)
{
	char req[IPC_BYTES] = "request", rep[IPC_BYTES];
	double t[IPC_BATCHES];
	int p[2], chid, coid, b;
	pid_t child;
	long i;

	if (pipe(p))
		return -1;
	child = fork();
	if (child == 0) {
		char buf[IPC_BYTES];
		int rcvid;

		chid = ChannelCreate(0);
		if (write(p[1], &chid, sizeof(chid)) != sizeof(chid) || chid == -1)
			_exit(1);
		for (;;) {
			rcvid = MsgReceive(chid, buf, sizeof(buf), NULL);
			if (rcvid > 0)
				MsgReply(rcvid, 0, buf, sizeof(buf));
			else if (rcvid == -1)
				_exit(1);
		}
	}
	if (read(p[0], &chid, sizeof(chid)) != sizeof(chid) || chid == -1)
		return -1;
	coid = ConnectAttach(ND_LOCAL_NODE, child, chid, _NTO_SIDE_CHANNEL, 0);
	if (coid == -1)
		return -1;
	for (b = 0; b < IPC_BATCHES; b++) {
		double start = ipc_now();

		for (i = 0; i < n; i++)
			if (MsgSend(coid, req, sizeof(req), rep, sizeof(rep)) == -1)
				return -1;
		t[b] = (ipc_now() - start) / n;
	}
	ConnectDetach(coid);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	return ipc_median(t, spread);
}

static int ipc_bench(long n)
{
	double ps = 0, ms = 0, pipes, msgs;

	pipes = ipc_pipes(n, &ps);
	msgs = ipc_messages(n, &ms);
	if (pipes < 0 || msgs < 0) {
		perror("rm_user_bench ipc");
		return EXIT_FAILURE;
	}
	printf("operation                   pipes (write+read)        MsgSend  ratio\n");
	printf("round trip 16 B             %8.0f ns +-%2.0f%%  %8.0f ns +-%2.0f%%  x%.2f\n",
	       pipes, ps, msgs, ms, msgs / pipes);
	return EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/dev/bench_user";
	resmgr_attr_t resmgr_attr;
	dispatch_context_t *ctp;
	dispatch_t *dpp;

	if (argc > 2 && !strcmp(argv[1], "ipc"))
		return ipc_bench(atol(argv[2]));

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
