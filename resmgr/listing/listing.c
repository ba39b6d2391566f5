// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/resmgr: the read-only listing of the system's pathname space
 * (format in pathmgr/show.c), for people and for rmctl. Its last two
 * columns are the core's: OPENS, the files open on the attachment, and
 * NODE, the /dev front end's word: "node", "taken" (another driver has
 * the name), "none" (it could not get one) or "-" (not a /dev name that
 * gets one). The core prints it (resmgr_show()); this room makes the
 * file.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include "../core/core.h"
#include "listing.h"

static int resmgr_listing_show(struct seq_file *m, void *v)
{
	return resmgr_show(m);
}

/**
 * resmgr_listing_init() - create /proc/resmgr
 *
 * Return: 0 or -ENOMEM.
 * Context: module init.
 */
int resmgr_listing_init(void)
{
	resmgr_might_sleep();
	if (!proc_create_single("resmgr", 0444, NULL, resmgr_listing_show))
		return -ENOMEM;
	return 0;
}

/**
 * resmgr_listing_exit() - remove /proc/resmgr
 *
 * Context: module exit.
 */
void resmgr_listing_exit(void)
{
	resmgr_might_sleep();
	remove_proc_entry("resmgr", NULL);
}
