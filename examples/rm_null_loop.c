// SPDX-License-Identifier: GPL-2.0
/*
 * rm_null_loop: the seed's /dev/null manager with its main loop kept as
 * the seed writes it, at /dev/rmnull_loop. The loop runs in a kernel
 * thread; because a context was allocated on the dispatch handle, every
 * message for the device is queued there and served by this thread, as
 * on QNX.
 *
 * The edits from the QNX source, all allowed by the porting guide: main()
 * becomes module init plus a thread function; the context pointer the
 * loop starts with is kept so the thread can free it when
 * dispatch_block() returns NULL (module exit stops the thread).
 */
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <resmgr/version.h>
#include <linux/string.h>
#include <resmgr/ns.h>

static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;
static iofunc_attr_t attr;
static dispatch_t *dpp;
static int id;
static struct task_struct *server;

static int rm_null_loop_main(void *arg)
{
	dispatch_context_t *ctp = arg, *first = arg;

	/* start the resource manager message loop */
	while (1) {
		ctp = dispatch_block(ctp);
		if (!ctp)
			break;	/* QNX: "block error"; here, the module is leaving */
		dispatch_handler(ctp);
	}
	dispatch_context_free(first);
	/* kthread_stop() collects us. */
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

static int __init rm_null_loop_init(void)
{
	resmgr_attr_t resmgr_attr;
	dispatch_context_t *ctp;
	int err;

	/* initialize dispatch interface */
	dpp = dispatch_create();
	if (!dpp)
		return -ENOMEM;

	/* initialize resource manager attributes */
	memset(&resmgr_attr, 0, sizeof(resmgr_attr));
	resmgr_attr.nparts_max = 1;
	resmgr_attr.msg_max_size = 2048;

	/* initialize functions for handling messages */
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);

	/* initialize attribute structure used by the device */
	iofunc_attr_init(&attr, S_IFNAM | 0666, NULL, NULL);

	/* attach our device name */
	id = resmgr_attach(dpp, &resmgr_attr, "/dev/rmnull_loop", _FTYPE_ANY, 0,
			   &connect_funcs, &io_funcs, &attr);
	if (id < 0) {
		err = id;
		goto err_destroy;
	}

	/* allocate a context structure */
	ctp = dispatch_context_alloc(dpp);
	if (!ctp) {
		err = -ENOMEM;
		goto err_detach;
	}
	server = kthread_run(rm_null_loop_main, ctp, "rm_null_loop");
	if (IS_ERR(server)) {
		err = PTR_ERR(server);
		dispatch_context_free(ctp);
		goto err_detach;
	}
	return 0;

err_detach:
	resmgr_detach(dpp, id, _RESMGR_DETACH_ALL);
err_destroy:
	dispatch_destroy(dpp);
	return err;
}

static void __exit rm_null_loop_exit(void)
{
	kthread_stop(server);
	resmgr_detach(dpp, id, _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE);
	dispatch_destroy(dpp);
}

module_init(rm_null_loop_init);
module_exit(rm_null_loop_exit);

MODULE_DESCRIPTION("The seed's /dev/null manager with its dispatch loop, at /dev/rmnull_loop");
MODULE_LICENSE("GPL");
MODULE_AUTHOR(RESMGR_AUTHOR);
MODULE_VERSION(RESMGR_VERSION);
