// SPDX-License-Identifier: GPL-2.0
/*
 * rm_union: two managers at one discrete path, /dev/rmunion, forming a
 * QNX union. The first attaches with _RESMGR_FLAG_BEFORE and serves
 * read-only opens; it refuses opens for writing with ENOENT, which makes
 * the open go on to the second, attached with _RESMGR_FLAG_AFTER. Each
 * manager's reads say which one served the file.
 *
 * It also shows QNX's way of extending the iofunc structures: defining
 * IOFUNC_ATTR_T and IOFUNC_OCB_T before <sys/iofunc.h>, with the iofunc
 * structure first, and a mount whose ocb_calloc/ocb_free make the larger
 * OCB.
 */
struct union_attr;
struct union_ocb;
#define IOFUNC_ATTR_T	struct union_attr
#define IOFUNC_OCB_T	struct union_ocb
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <linux/fcntl.h>
#include <linux/module.h>
#include <resmgr/version.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <resmgr/ns.h>

struct union_attr {
	iofunc_attr_t		attr;	/* first, as iofunc requires */
	const char		*text;
	resmgr_connect_funcs_t	connect_funcs;
	resmgr_io_funcs_t	io_funcs;
	int			id;
};

struct union_ocb {
	iofunc_ocb_t		ocb;	/* first, as iofunc requires */
	const char		*text;	/* what this open serves */
};

static struct union_ocb *union_ocb_calloc(resmgr_context_t *ctp,
					  struct union_attr *attr)
{
	struct union_ocb *ocb = kzalloc(sizeof(*ocb), GFP_KERNEL);

	if (ocb)
		ocb->text = attr->text;
	return ocb;
}

static void union_ocb_free(struct union_ocb *ocb)
{
	kfree(ocb);
}

static iofunc_funcs_t union_ocb_funcs = {
	.nfuncs = _IOFUNC_NFUNCS,
	.ocb_calloc = union_ocb_calloc,
	.ocb_free = union_ocb_free,
};

static iofunc_mount_t union_mount = {
	.funcs = &union_ocb_funcs,
};

static struct union_attr first = { .text = "first\n" };
static struct union_attr second = { .text = "second\n" };
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
	size_t len = strlen(ocb->text), nbytes;
	int status;

	status = iofunc_read_verify(ctp, msg, ocb, NULL);
	if (status != EOK)
		return status;
	if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;
	nbytes = ocb->ocb.offset < len ?
		 min_t(size_t, len - ocb->ocb.offset, msg->i.nbytes) : 0;
	_IO_SET_READ_NBYTES(ctp, nbytes);
	if (!nbytes)
		return EOK;
	ocb->ocb.offset += nbytes;
	return _RESMGR_PTR(ctp, ocb->text + ocb->ocb.offset - nbytes, nbytes);
}

static int union_attach(struct union_attr *ua, unsigned int flags,
			int (*open)(resmgr_context_t *ctp, io_open_t *msg,
				    RESMGR_HANDLE_T *handle, void *extra))
{
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &ua->connect_funcs,
			 _RESMGR_IO_NFUNCS, &ua->io_funcs);
	if (open)
		ua->connect_funcs.open = open;
	ua->io_funcs.read = union_read;
	iofunc_attr_init(ua, S_IFNAM | 0666, NULL, NULL);
	ua->attr.mount = &union_mount;
	ua->attr.nbytes = strlen(ua->text);
	ua->id = resmgr_attach(dpp, NULL, "/dev/rmunion", _FTYPE_ANY, flags,
			       &ua->connect_funcs, &ua->io_funcs, ua);
	return ua->id;
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
MODULE_AUTHOR(RESMGR_AUTHOR);
MODULE_VERSION(RESMGR_VERSION);
