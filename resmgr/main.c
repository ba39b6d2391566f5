// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr.ko: QNX-style resource managers for Linux. Module init and exit:
 * the system pathname space, the module-unload watch, the /dev front end
 * and the listing.
 */
#include <linux/module.h>
#include <resmgr/version.h>
#include <resmgr/ns.h>
#include "../pathmgr/pathmgr.h"
#include "fs.h"
#include "internal.h"

struct pathmgr_space *resmgr_space;

static int __init resmgr_init(void)
{
	int err;

	resmgr_reply_init();
	resmgr_space = pathmgr_space_create();
	if (!resmgr_space)
		return -ENOMEM;
	err = resmgr_attach_init();
	if (err)
		goto err_destroy_space;
	err = resmgr_chardev_init();
	if (err)
		goto err_attach_exit;
	err = resmgr_listing_init();
	if (err)
		goto err_chardev_exit;
	err = resmgrfs_init();
	if (err)
		goto err_listing_exit;
	return 0;

err_listing_exit:
	resmgr_listing_exit();
err_chardev_exit:
	resmgr_chardev_exit();
err_attach_exit:
	resmgr_attach_exit();
err_destroy_space:
	pathmgr_space_destroy(resmgr_space);
	return err;
}

static void __exit resmgr_exit(void)
{
	resmgrfs_exit();
	resmgr_listing_exit();
	resmgr_chardev_exit();
	resmgr_attach_exit();
	pathmgr_space_destroy(resmgr_space);
}

module_init(resmgr_init);
module_exit(resmgr_exit);

MODULE_DESCRIPTION("QNX-style resource managers: pathname manager, resmgr and iofunc layers");
MODULE_AUTHOR(RESMGR_AUTHOR);
MODULE_LICENSE("GPL");
MODULE_VERSION(RESMGR_VERSION);
