// SPDX-License-Identifier: GPL-2.0
/*
 * rm_null: the seed's /dev/null resource manager, at /dev/rmnull.
 *
 * Written the way the QNX text walks through it: dispatch_create(),
 * iofunc_attr_init(), iofunc_func_init(), resmgr_attach(). The iofunc
 * defaults do all the work: reads return end of file, writes swallow
 * everything, lseek moves the offset. QNX's main() becomes module init;
 * its dispatch_block()/dispatch_handler() loop is not needed, because
 * handlers run directly in the calling thread.
 */
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <linux/module.h>
#include <resmgr/version.h>
#include <linux/string.h>
#include <resmgr/ns.h>

static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;
static iofunc_attr_t attr;
static dispatch_t *dpp;
static int id;

static int __init rm_null_init(void)
{
	resmgr_attr_t resmgr_attr;

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
	id = resmgr_attach(dpp, &resmgr_attr, "/dev/rmnull", _FTYPE_ANY, 0,
			   &connect_funcs, &io_funcs, &attr);
	if (id < 0) {	/* QNX: id == -1 */
		pr_err("rm_null: unable to attach name: %d\n", id);
		dispatch_destroy(dpp);
		return id;
	}
	return 0;
}

static void __exit rm_null_exit(void)
{
	resmgr_detach(dpp, id, _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE);
	dispatch_destroy(dpp);
}

module_init(rm_null_init);
module_exit(rm_null_exit);

MODULE_DESCRIPTION("The QNX seed's /dev/null resource manager, at /dev/rmnull");
MODULE_LICENSE("GPL");
MODULE_AUTHOR(RESMGR_AUTHOR);
MODULE_VERSION(RESMGR_VERSION);
