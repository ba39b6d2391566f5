// SPDX-License-Identifier: GPL-2.0
/*
 * pathmgr_fixture.ko: attaches a known set of paths to the system
 * pathname space so that selftests (and `make demo`) can check the
 * /proc/resmgr listing: managers with no files, attached through
 * resmgr_attach() as any driver's are, whose opens all say ENOENT.
 *
 * Attaches, in this order:
 *   /demo/union  six managers with the seed's flags BEFORE, AFTER, -,
 *                BEFORE, AFTER, - (union order 1,4,6,3,5,2)
 *   /demo/fs     a directory mountpoint
 *   /            an FTYPEONLY manager of type _FTYPE_MQUEUE (a typed
 *                manager is at "/", as QNX's mqueue is)
 */
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <linux/module.h>
#include <resmgr/version.h>

struct fixture_attach {
	const char *path;
	unsigned int flags;
	int file_type;
};

static const struct fixture_attach fixture_attaches[] = {
	{ "/demo/union", _RESMGR_FLAG_BEFORE, _FTYPE_ANY },
	{ "/demo/union", _RESMGR_FLAG_AFTER, _FTYPE_ANY },
	{ "/demo/union", 0, _FTYPE_ANY },
	{ "/demo/union", _RESMGR_FLAG_BEFORE, _FTYPE_ANY },
	{ "/demo/union", _RESMGR_FLAG_AFTER, _FTYPE_ANY },
	{ "/demo/union", 0, _FTYPE_ANY },
	{ "/demo/fs", _RESMGR_FLAG_DIR, _FTYPE_ANY },
	{ NULL, _RESMGR_FLAG_FTYPEONLY, _FTYPE_MQUEUE },
};

static int fixture_ids[ARRAY_SIZE(fixture_attaches)];
static dispatch_t *dpp;
static resmgr_connect_funcs_t fixture_connect;
static resmgr_io_funcs_t fixture_io;

/* No files: every name is unknown, so a walk goes on past these managers. */
static int fixture_open(resmgr_context_t *ctp, io_open_t *msg,
			RESMGR_HANDLE_T *handle, void *extra)
{
	return ENOENT;
}

static void fixture_detach_all(void)
{
	int i;

	for (i = ARRAY_SIZE(fixture_ids) - 1; i >= 0; i--)
		if (fixture_ids[i] >= 0)
			resmgr_detach(dpp, fixture_ids[i], _RESMGR_DETACH_ALL);
}

static int __init fixture_init(void)
{
	int i, id;

	for (i = 0; i < ARRAY_SIZE(fixture_ids); i++)
		fixture_ids[i] = -1;
	dpp = dispatch_create();
	if (!dpp)
		return -ENOMEM;
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &fixture_connect,
			 _RESMGR_IO_NFUNCS, &fixture_io);
	fixture_connect.open = fixture_open;
	for (i = 0; i < ARRAY_SIZE(fixture_attaches); i++) {
		const struct fixture_attach *a = &fixture_attaches[i];

		id = resmgr_attach(dpp, NULL, a->path, a->file_type, a->flags,
				   &fixture_connect, &fixture_io, NULL);
		if (id < 0)
			goto err_detach;
		fixture_ids[i] = id;
	}
	return 0;

err_detach:
	fixture_detach_all();
	dispatch_destroy(dpp);
	return id;
}

static void __exit fixture_exit(void)
{
	fixture_detach_all();
	dispatch_destroy(dpp);
}

module_init(fixture_init);
module_exit(fixture_exit);

MODULE_DESCRIPTION("resmgr test fixture: a known pathname space");
MODULE_LICENSE("GPL");
MODULE_AUTHOR(RESMGR_AUTHOR);
MODULE_VERSION(RESMGR_VERSION);
