// SPDX-License-Identifier: GPL-2.0
/*
 * leaky_fixture.ko: a driver that forgets to clean up. It attaches
 * /dev/rmtest/leaky and its module exit neither detaches nor destroys
 * its dispatch handle. resmgr must detach and destroy them when the
 * module unloads, so that no table pointer outlives the module's code
 * and nothing leaks; the selftest unload_cleans_up checks it.
 */
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <linux/module.h>
#include <resmgr/version.h>
#include <resmgr/ns.h>

static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;
static iofunc_attr_t attr;

static int __init leaky_init(void)
{
	dispatch_t *dpp = dispatch_create();
	int id;

	if (!dpp)
		return -ENOMEM;
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	iofunc_attr_init(&attr, S_IFNAM | 0666, NULL, NULL);
	id = resmgr_attach(dpp, NULL, "/dev/rmtest/leaky", _FTYPE_ANY, 0,
			   &connect_funcs, &io_funcs, &attr);
	return id < 0 ? id : 0;
}

static void __exit leaky_exit(void)
{
	/* Deliberately nothing: resmgr cleans up after us. */
}

module_init(leaky_init);
module_exit(leaky_exit);

MODULE_DESCRIPTION("resmgr test fixture: a driver that does not detach");
MODULE_LICENSE("GPL");
MODULE_AUTHOR(RESMGR_AUTHOR);
MODULE_VERSION(RESMGR_VERSION);
