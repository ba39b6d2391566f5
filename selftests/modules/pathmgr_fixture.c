// SPDX-License-Identifier: GPL-2.0
/*
 * pathmgr_fixture.ko: attaches a known set of paths to the system
 * pathname space so that selftests (and `make demo`) can check the
 * /proc/resmgr listing before drivers exist. Below the resmgr API on
 * purpose: it drives pathmgr directly.
 *
 * Attaches, in this order:
 *   /demo/union  six managers with the seed's flags BEFORE, AFTER, -,
 *                BEFORE, AFTER, - (union order 1,4,6,3,5,2)
 *   /demo/fs     a directory mountpoint
 *   /demo/mq     an FTYPEONLY manager of type _FTYPE_MQUEUE
 */
#include <linux/module.h>
#include <resmgr/version.h>
#include <linux/slab.h>
#include <resmgr/ns.h>
#include "../../pathmgr/pathmgr.h"
#include "../../resmgr/internal.h"

struct fixture_attach {
	const char *path;
	unsigned int flags;
	int file_type;
};

static const struct fixture_attach fixture_attaches[] = {
	{ "/demo/union", PATHMGR_FLAG_BEFORE, _FTYPE_ANY },
	{ "/demo/union", PATHMGR_FLAG_AFTER, _FTYPE_ANY },
	{ "/demo/union", 0, _FTYPE_ANY },
	{ "/demo/union", PATHMGR_FLAG_BEFORE, _FTYPE_ANY },
	{ "/demo/union", PATHMGR_FLAG_AFTER, _FTYPE_ANY },
	{ "/demo/union", 0, _FTYPE_ANY },
	{ "/demo/fs", PATHMGR_FLAG_DIR, _FTYPE_ANY },
	{ "/demo/mq", PATHMGR_FLAG_FTYPEONLY, _FTYPE_MQUEUE },
};

static int fixture_ids[ARRAY_SIZE(fixture_attaches)];

static void fixture_release(struct pathmgr_entry *entry)
{
	kfree(entry);
}

static void fixture_detach_all(void)
{
	int i;

	for (i = ARRAY_SIZE(fixture_ids) - 1; i >= 0; i--) {
		struct pathmgr_entry *entry;

		if (fixture_ids[i] < 0)
			continue;
		entry = pathmgr_detach(resmgr_pathspace(), fixture_ids[i]);
		if (!IS_ERR(entry))
			pathmgr_entry_put(entry);
		fixture_ids[i] = -1;
	}
}

static int __init fixture_init(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(fixture_ids); i++)
		fixture_ids[i] = -1;
	for (i = 0; i < ARRAY_SIZE(fixture_attaches); i++) {
		const struct fixture_attach *a = &fixture_attaches[i];
		struct pathmgr_entry *entry;
		int id;

		entry = kzalloc(sizeof(*entry), GFP_KERNEL);
		if (!entry)
			goto err_detach;
		pathmgr_entry_init(entry, fixture_release);
		id = pathmgr_attach(resmgr_pathspace(), entry, a->path,
				    a->flags, a->file_type, THIS_MODULE);
		if (id < 0) {
			kfree(entry);
			goto err_detach;
		}
		fixture_ids[i] = id;
	}
	return 0;

err_detach:
	fixture_detach_all();
	return -ENOMEM;
}

static void __exit fixture_exit(void)
{
	fixture_detach_all();
	/* Entry releases run after a grace period, in this module's code. */
	rcu_barrier();
}

module_init(fixture_init);
module_exit(fixture_exit);

MODULE_DESCRIPTION("resmgr test fixture: a known pathname space");
MODULE_LICENSE("GPL");
MODULE_AUTHOR(RESMGR_AUTHOR);
MODULE_VERSION(RESMGR_VERSION);
MODULE_IMPORT_NS(RESMGR_NS);
