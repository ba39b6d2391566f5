// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr.ko: the rooms of resmgr/ brought up in order, each through its
 * door. The core (and the pathname space it keeps) first, then the
 * front ends that register with it, the listing and the user channel;
 * down in reverse.
 */
#include <linux/module.h>
#include <resmgr/version.h>
#include <resmgr/ns.h>
#include "chan/chan.h"
#include "core/core.h"
#include "devfs/devfs.h"
#include "fs/resmgrfs.h"
#include "listing/listing.h"

static int __init resmgr_init(void)
{
	int err;

	err = resmgr_core_init();
	if (err)
		return err;
	err = resmgr_devfs_init();
	if (err)
		goto err_core_exit;
	err = resmgr_listing_init();
	if (err)
		goto err_devfs_exit;
	err = resmgrfs_init();
	if (err)
		goto err_listing_exit;
	err = resmgr_chan_init();
	if (err)
		goto err_resmgrfs_exit;
	return 0;

err_resmgrfs_exit:
	resmgrfs_exit();
err_listing_exit:
	resmgr_listing_exit();
err_devfs_exit:
	resmgr_devfs_exit();
err_core_exit:
	resmgr_core_exit();
	return err;
}

static void __exit resmgr_exit(void)
{
	resmgr_chan_exit();
	resmgrfs_exit();
	resmgr_listing_exit();
	resmgr_devfs_exit();
	resmgr_core_exit();
}

module_init(resmgr_init);
module_exit(resmgr_exit);

MODULE_DESCRIPTION("QNX-style resource managers: pathname manager, resmgr and iofunc layers");
MODULE_AUTHOR(RESMGR_AUTHOR);
MODULE_LICENSE("GPL");
MODULE_VERSION(RESMGR_VERSION);
