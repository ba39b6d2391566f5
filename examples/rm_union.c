// SPDX-License-Identifier: GPL-2.0
/*
 * rm_union: two managers at one discrete path, /dev/rmunion, forming a
 * QNX union. The first attaches with _RESMGR_FLAG_BEFORE and serves
 * read-only opens; it refuses opens for writing with ENOENT, which makes
 * the open go on to the second, attached with _RESMGR_FLAG_AFTER.
 * Each manager's reads say which one served the file.
 */
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <linux/fcntl.h>
#include <linux/module.h>
#include <linux/string.h>
#include <resmgr/ns.h>

struct union_mgr {
	resmgr_connect_funcs_t	connect_funcs;
	resmgr_io_funcs_t	io_funcs;
	iofunc_attr_t		attr;
	const char		*text;
	int			id;
};

static struct union_mgr first = { .text = "first\n" };
static struct union_mgr second = { .text = "second\n" };
static dispatch_t *dpp;

static int union_first_open(resmgr_context_t *ctp, io_open_t *msg,
			    RESMGR_HANDLE_T *handle, void *extra)
{
	if (msg->connect.ioflag & _IO_FLAG_WR)
		return ENOENT;	/* not mine: let the next manager try */
	return iofunc_open_default(ctp, msg, handle, extra);
}

static int union_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	struct union_mgr *mgr = container_of(ocb->attr, struct union_mgr, attr);
	size_t len = strlen(mgr->text), nbytes;
	int status;

	status = iofunc_read_verify(ctp, msg, ocb, NULL);
	if (status != EOK)
		return status;
	if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;
	nbytes = ocb->offset < len ? min_t(size_t, len - ocb->offset, msg->i.nbytes) : 0;
	_IO_SET_READ_NBYTES(ctp, nbytes);
	if (!nbytes)
		return EOK;
	ocb->offset += nbytes;
	return _RESMGR_PTR(ctp, mgr->text + ocb->offset - nbytes, nbytes);
}

static int union_attach(struct union_mgr *mgr, unsigned int flags,
			int (*open)(resmgr_context_t *ctp, io_open_t *msg,
				    RESMGR_HANDLE_T *handle, void *extra))
{
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &mgr->connect_funcs,
			 _RESMGR_IO_NFUNCS, &mgr->io_funcs);
	if (open)
		mgr->connect_funcs.open = open;
	mgr->io_funcs.read = union_read;
	iofunc_attr_init(&mgr->attr, S_IFNAM | 0666, NULL, NULL);
	mgr->attr.nbytes = strlen(mgr->text);
	mgr->id = resmgr_attach(dpp, NULL, "/dev/rmunion", _FTYPE_ANY, flags,
				&mgr->connect_funcs, &mgr->io_funcs, &mgr->attr);
	return mgr->id;
}

static int __init rm_union_init(void)
{
	int err;

	dpp = dispatch_create();
	if (!dpp)
		return -ENOMEM;
	/* Attach the AFTER one first: order comes from the flags, not from time. */
	err = union_attach(&second, _RESMGR_FLAG_AFTER, NULL);
	if (err < 0)
		goto err_destroy;
	err = union_attach(&first, _RESMGR_FLAG_BEFORE, union_first_open);
	if (err < 0)
		goto err_detach_second;
	return 0;

err_detach_second:
	resmgr_detach(dpp, second.id, _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE);
err_destroy:
	dispatch_destroy(dpp);
	return err;
}

static void __exit rm_union_exit(void)
{
	resmgr_detach(dpp, first.id, _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE);
	resmgr_detach(dpp, second.id, _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE);
	dispatch_destroy(dpp);
}

module_init(rm_union_init);
module_exit(rm_union_exit);

MODULE_DESCRIPTION("Two QNX-style managers in a union at /dev/rmunion");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(RESMGR_NS);
