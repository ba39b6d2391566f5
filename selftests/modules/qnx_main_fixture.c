// SPDX-License-Identifier: GPL-2.0
/*
 * A QNX server whose main() is kept whole, as the QNX documentation
 * writes one: the tables, the attr and the attach attributes are locals
 * of main(), a thread pool serves with POOL_FLAG_EXIT_SELF, and the
 * only module glue is RESMGR_MAIN(main) and the module's metadata.
 *
 *	insmod qnx_main_fixture.ko args="[-w WORD] PATH WORD"
 *
 * PATH (default /dev/rmtest/kept) is the name it attaches; "fail" makes
 * main() fail before it attaches; -w gives WORD as an option
 * (getopt()). A read replies with ten parts
 * (nparts_max 10): "argc=N PATH WORD parts=10.\n"; then end of file, or
 * EAGAIN for a reader that opened O_NONBLOCK (nothing more now). A write
 * of up to 31 bytes becomes WORD, taken from the message itself, right
 * after its header, as QNX servers take small writes.
 */
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <unistd.h>
#include <resmgr/main.h>

static char argc_text[4] = "?";
static char *word1 = "-", *word2 = "-";
static char written[32];

static int io_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	static const char *const fixed[] = { "argc=", " ", " ", " parts=", "10", ".", "\n" };
	const char *part[10];
	int status, nonblock, i, nbytes = 0;

	status = iofunc_read_verify(ctp, msg, ocb, &nonblock);
	if (status != EOK)
		return status;
	if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;
	if (ocb->offset) {
		if (nonblock & O_NONBLOCK)
			return EAGAIN;
		_IO_SET_READ_NBYTES(ctp, 0);
		return _RESMGR_NPARTS(0);
	}
	part[0] = fixed[0];
	part[1] = argc_text;
	part[2] = fixed[1];
	part[3] = word1;
	part[4] = fixed[2];
	part[5] = word2;
	part[6] = fixed[3];
	part[7] = fixed[4];
	part[8] = fixed[5];
	part[9] = fixed[6];
	for (i = 0; i < 10; i++) {
		SETIOV(&ctp->iov[i], part[i], strlen(part[i]));
		nbytes += strlen(part[i]);
	}
	ocb->offset += nbytes;
	_IO_SET_READ_NBYTES(ctp, nbytes);
	return _RESMGR_NPARTS(10);
}

static int io_write(resmgr_context_t *ctp, io_write_t *msg, RESMGR_OCB_T *ocb)
{
	int status, n;

	status = iofunc_write_verify(ctp, msg, ocb, NULL);
	if (status != EOK)
		return status;
	if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;
	n = msg->i.nbytes;
	if (n >= (int)sizeof(written) || n > ctp->info.msglen - (int)sizeof(msg->i))
		return EMSGSIZE;
	memcpy(written, &msg->i + 1, n);
	written[n] = '\0';
	word2 = written;
	_IO_SET_WRITE_NBYTES(ctp, n);
	return EOK;
}

int main(int argc, char *argv[])
{
	resmgr_connect_funcs_t connect_funcs;
	resmgr_io_funcs_t io_funcs;
	iofunc_attr_t attr;
	resmgr_attr_t resmgr_attr;
	thread_pool_attr_t pool_attr;
	thread_pool_t *tpp;
	dispatch_t *dpp;
	const char *path = "/dev/rmtest/kept";
	int id, opt;

	while ((opt = getopt(argc, argv, "w:")) != -1) {
		if (opt == 'w')
			word2 = optarg;
		else
			return 1;
	}
	if (optind < argc) {
		path = argv[optind];
		word1 = argv[optind];
	}
	if (optind + 1 < argc)
		word2 = argv[optind + 1];
	argc_text[0] = '0' + (argc % 10);
	if (!strcmp(path, "fail"))
		return 1;

	dpp = dispatch_create();
	if (!dpp)
		return 1;
	memset(&resmgr_attr, 0, sizeof(resmgr_attr));
	resmgr_attr.nparts_max = 10;
	resmgr_attr.msg_max_size = 2048;
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	io_funcs.read = io_read;
	io_funcs.write = io_write;
	iofunc_attr_init(&attr, S_IFNAM | 0666, NULL, NULL);
	id = resmgr_attach(dpp, &resmgr_attr, path, _FTYPE_ANY, 0,
			   &connect_funcs, &io_funcs, &attr);
	if (id < 0)
		return 1;

	memset(&pool_attr, 0, sizeof(pool_attr));
	pool_attr.handle = dpp;
	pool_attr.context_alloc = dispatch_context_alloc;
	pool_attr.block_func = dispatch_block;
	pool_attr.unblock_func = dispatch_unblock;
	pool_attr.handler_func = dispatch_handler;
	pool_attr.context_free = dispatch_context_free;
	pool_attr.lo_water = 2;
	pool_attr.hi_water = 4;
	pool_attr.increment = 1;
	pool_attr.maximum = 8;
	tpp = thread_pool_create(&pool_attr, POOL_FLAG_EXIT_SELF);
	if (!tpp)
		return 1;
	thread_pool_start(tpp);
	/* On QNX this thread is gone; here the module is unloading. */
	return 0;
}

RESMGR_MAIN(main);
MODULE_DESCRIPTION("A QNX server with its main() kept whole");
MODULE_LICENSE("GPL");
