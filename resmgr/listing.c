// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/resmgr: the read-only listing of the system's pathname space
 * (format in pathmgr/show.c), for people and for rmctl. Its last two
 * columns are resmgr's: OPENS, the files open on the attachment, and
 * NODE, what /dev node it has: "node", "taken" (another driver has the
 * name), "none" (it could not get one) or "-" (not a /dev name that
 * gets one).
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include "../pathmgr/pathmgr.h"
#include "internal.h"

/* An entry's OPENS and NODE. */
static void resmgr_listing_tail(struct seq_file *m, const struct pathmgr_entry *entry)
{
	const struct resmgr_link *link = resmgr_link_of_const(entry);

	seq_printf(m, "%u\t%s", atomic_read(&link->nopen), resmgr_devnode_state(link));
}

static int resmgr_listing_show(struct seq_file *m, void *v)
{
	return pathmgr_show(resmgr_space, m, "OPENS\tNODE", resmgr_listing_tail);
}

/**
 * resmgr_listing_init() - create /proc/resmgr
 *
 * Return: 0, or -ENOMEM.
 * Context: module init.
 */
int resmgr_listing_init(void)
{
	if (!proc_create_single("resmgr", 0444, NULL, resmgr_listing_show))
		return -ENOMEM;
	return 0;
}

/**
 * resmgr_listing_exit() - remove /proc/resmgr
 *
 * Context: module exit; waits for readers to finish.
 */
void resmgr_listing_exit(void)
{
	remove_proc_entry("resmgr", NULL);
}
