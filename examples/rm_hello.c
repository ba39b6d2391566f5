// SPDX-License-Identifier: GPL-2.0
/*
 * rm_hello: /dev/rmhello serves "Hello, world!\n". Writing a name changes
 * the greeting ("Linux" makes it "Hello, Linux!\n").
 *
 * Shows the usual QNX overrides on top of the iofunc defaults: io_read
 * with iofunc_read_verify(), the file offset in the OCB, pread() through
 * _IO_XTYPE_OFFSET, _IO_SET_READ_NBYTES and _RESMGR_NPARTS; io_write
 * with iofunc_write_verify() and resmgr_msgread(). Both run under the
 * attr lock (the default lock_ocb), which guards the text.
 */
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <linux/module.h>
#include <resmgr/version.h>
#include <linux/string.h>
#include <resmgr/ns.h>

#define HELLO_NAME_MAX	64

static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;
static iofunc_attr_t attr;
static dispatch_t *dpp;
static int id;

/* The greeting; guarded by the attr lock. */
static char text[HELLO_NAME_MAX + 16] = "Hello, world!\n";

static int hello_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	size_t len = strlen(text), nbytes;
	int nonblock, status;
	s64 off;

	status = iofunc_read_verify(ctp, msg, ocb, &nonblock);
	if (status != EOK)
		return status;

	switch (msg->i.xtype & _IO_XTYPE_MASK) {
	case _IO_XTYPE_NONE:
		off = ocb->offset;
		break;
	case _IO_XTYPE_OFFSET:
		off = ((struct _xtype_offset *)(&msg->i + 1))->offset;
		break;
	default:
		return ENOSYS;
	}

	nbytes = off < len ? min_t(size_t, len - off, msg->i.nbytes) : 0;
	if (nbytes)
		SETIOV(ctp->iov, text + off, nbytes);
	_IO_SET_READ_NBYTES(ctp, nbytes);

	/* Only a plain read moves the file offset. */
	if ((msg->i.xtype & _IO_XTYPE_MASK) == _IO_XTYPE_NONE)
		ocb->offset += nbytes;
	if (nbytes)
		ocb->attr->flags |= IOFUNC_ATTR_ATIME;
	return _RESMGR_NPARTS(nbytes ? 1 : 0);
}

static int hello_write(resmgr_context_t *ctp, io_write_t *msg, RESMGR_OCB_T *ocb)
{
	char name[HELLO_NAME_MAX + 1];
	ssize_t got;
	int status;

	status = iofunc_write_verify(ctp, msg, ocb, NULL);
	if (status != EOK)
		return status;
	if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;

	got = resmgr_msgread(ctp, name, min_t(size_t, msg->i.nbytes, HELLO_NAME_MAX),
			     sizeof(msg->i));
	if (got < 0)
		return EFAULT;
	name[got] = '\0';
	strim(name);
	if (*name)
		snprintf(text, sizeof(text), "Hello, %s!\n", strim(name));
	ocb->attr->nbytes = strlen(text);

	_IO_SET_WRITE_NBYTES(ctp, msg->i.nbytes);
	ocb->attr->flags |= IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME;
	return EOK;
}

static int __init rm_hello_init(void)
{
	dpp = dispatch_create();
	if (!dpp)
		return -ENOMEM;
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	io_funcs.read = hello_read;
	io_funcs.write = hello_write;
	iofunc_attr_init(&attr, S_IFNAM | 0666, NULL, NULL);
	attr.nbytes = strlen(text);

	id = resmgr_attach(dpp, NULL, "/dev/rmhello", _FTYPE_ANY, 0,
			   &connect_funcs, &io_funcs, &attr);
	if (id < 0) {
		dispatch_destroy(dpp);
		return id;
	}
	return 0;
}

static void __exit rm_hello_exit(void)
{
	resmgr_detach(dpp, id, _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE);
	dispatch_destroy(dpp);
}

module_init(rm_hello_init);
module_exit(rm_hello_exit);

MODULE_DESCRIPTION("A QNX-style resource manager serving a greeting at /dev/rmhello");
MODULE_LICENSE("GPL");
MODULE_AUTHOR(RESMGR_AUTHOR);
MODULE_VERSION(RESMGR_VERSION);
