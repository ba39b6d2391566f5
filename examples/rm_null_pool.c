// SPDX-License-Identifier: GPL-2.0
/*
 * rm_null_pool: /dev/null served by a QNX thread pool, at
 * /dev/rmnull_pool. The pool setup is QNX's, with the dispatch functions
 * as the pool's callbacks. To make the pool's work visible, each read
 * takes 200 ms (it sleeps, as a slow device would): several callers are
 * served at once, by up to four threads.
 */
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <linux/delay.h>
#include <linux/module.h>
#include <resmgr/version.h>
#include <linux/string.h>
#include <resmgr/ns.h>

static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;
static iofunc_attr_t attr;
static dispatch_t *dpp;
static thread_pool_t *tpp;
static int id;

static int slow_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	int status = iofunc_read_verify(ctp, msg, ocb, NULL);

	if (status != EOK)
		return status;
	msleep(200);
	_IO_SET_READ_NBYTES(ctp, 0);
	return EOK;
}

/* Reads sleep: do not hold the attr lock across them. */
static int no_lock(resmgr_context_t *ctp, void *reserved, RESMGR_OCB_T *ocb)
{
	return EOK;
}

static int __init rm_null_pool_init(void)
{
	thread_pool_attr_t pool_attr;
	int err;

	dpp = dispatch_create();
	if (!dpp)
		return -ENOMEM;
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	io_funcs.read = slow_read;
	io_funcs.lock_ocb = no_lock;
	io_funcs.unlock_ocb = no_lock;
	iofunc_attr_init(&attr, S_IFNAM | 0666, NULL, NULL);
	id = resmgr_attach(dpp, NULL, "/dev/rmnull_pool", _FTYPE_ANY, 0,
			   &connect_funcs, &io_funcs, &attr);
	if (id < 0) {
		err = id;
		goto err_destroy;
	}

	/* initialize thread pool attributes */
	memset(&pool_attr, 0, sizeof(pool_attr));
	pool_attr.handle = dpp;
	pool_attr.context_alloc = dispatch_context_alloc;
	pool_attr.block_func = dispatch_block;
	pool_attr.unblock_func = dispatch_unblock;
	pool_attr.handler_func = dispatch_handler;
	pool_attr.context_free = dispatch_context_free;
	pool_attr.lo_water = 2;
	pool_attr.hi_water = 3;
	pool_attr.increment = 1;
	pool_attr.maximum = 4;

	/* allocate a thread pool handle */
	tpp = thread_pool_create(&pool_attr, POOL_FLAG_EXIT_SELF);
	if (!tpp) {
		err = -ENOMEM;
		goto err_detach;
	}
	/* start the threads; with POOL_FLAG_EXIT_SELF this returns */
	err = thread_pool_start(tpp);
	if (err)
		goto err_pool;
	return 0;

err_pool:
	thread_pool_destroy(tpp);
err_detach:
	resmgr_detach(dpp, id, _RESMGR_DETACH_ALL);
err_destroy:
	dispatch_destroy(dpp);
	return err;
}

static void __exit rm_null_pool_exit(void)
{
	thread_pool_destroy(tpp);
	resmgr_detach(dpp, id, _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE);
	dispatch_destroy(dpp);
}

module_init(rm_null_pool_init);
module_exit(rm_null_pool_exit);

MODULE_DESCRIPTION("/dev/null served by a QNX-style thread pool, at /dev/rmnull_pool");
MODULE_LICENSE("GPL");
MODULE_AUTHOR(RESMGR_AUTHOR);
MODULE_VERSION(RESMGR_VERSION);
