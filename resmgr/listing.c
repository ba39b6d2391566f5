// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/resmgr: the read-only listing of the system's pathname space
 * (format in pathmgr/show.c), for people and for rmctl.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include "../pathmgr/pathmgr.h"
#include "internal.h"

/* Open files of an attachment; 0 for a bare entry a test fixture made. */
static unsigned int resmgr_listing_opens(const struct pathmgr_entry *entry)
{
	struct resmgr_link *link = resmgr_link_of_entry(entry);

	return link ? atomic_read(&link->nopen) : 0;
}

static int resmgr_listing_show(struct seq_file *m, void *v)
{
	return pathmgr_show(resmgr_space, m, resmgr_listing_opens);
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
