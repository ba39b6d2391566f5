// SPDX-License-Identifier: GPL-2.0
/*
 * A QNX-spelled server, as a port would leave it: QNX's includes in QNX's
 * order (<sys/neutrino.h> before the extension types), an extended attr
 * and OCB passed to every iofunc helper without casts, the mount's own
 * ocb_calloc/ocb_free, the older resmgr_context_alloc()/resmgr_block()/
 * resmgr_handler() loop, procmgr_daemon(), slogf(), <gulliver.h>,
 * <sys/netmgr.h> and __SRCVERSION(). No Linux-only line: no namespace
 * import, nothing but the kthread and module glue that replaces main().
 *
 * /dev/rmtest/port: a read gives "port <n>\n", n the reads on this OCB
 * so far (the OCB extension at work); a write keeps up to 31 bytes and
 * the next read on any OCB gives them instead, once. lseek, devctl,
 * fcntl locks, fsync and the last close go to the iofunc helpers that
 * take the attribute apart (iofunc_lseek(), iofunc_devctl(),
 * iofunc_lock(), iofunc_sync_verify()/iofunc_sync(), iofunc_close_ocb()),
 * with the extended OCB and attr; the attr says it is 100 bytes long.
 */
#include <sys/neutrino.h>

struct port_attr;
struct port_ocb;
#define IOFUNC_ATTR_T	struct port_attr
#define IOFUNC_OCB_T	struct port_ocb
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <sys/procmgr.h>
#include <sys/netmgr.h>
#include <sys/slog.h>
#include <sys/slogcodes.h>
#include <gulliver.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/slab.h>

struct port_attr {
	iofunc_attr_t	attr;
	char		note[32];
	size_t		note_len;
};

struct port_ocb {
	iofunc_ocb_t	ocb;
	unsigned int	reads;
	char		text[40];	/* the reply: it must outlive io_read() */
};

static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;
static struct port_attr port;
static dispatch_t *dpp;
static int id;
static struct task_struct *server;

static IOFUNC_OCB_T *port_ocb_calloc(resmgr_context_t *ctp, IOFUNC_ATTR_T *attr)
{
	return kzalloc(sizeof(struct port_ocb), GFP_KERNEL);
}

static void port_ocb_free(IOFUNC_OCB_T *ocb)
{
	kfree(ocb);
}

static iofunc_funcs_t port_funcs = {
	_IOFUNC_NFUNCS, port_ocb_calloc, port_ocb_free,
};

static iofunc_mount_t port_mount = { .funcs = &port_funcs };

static int io_open(resmgr_context_t *ctp, io_open_t *msg, RESMGR_HANDLE_T *handle,
		   void *extra)
{
	struct _client_info info;
	int status;

	if (ND_NODE_CMP(ctp->info.nd, ND_LOCAL_NODE) != 0)
		return EREMOTE;
	status = iofunc_client_info(ctp, msg->connect.ioflag, &info);
	if (status != EOK)
		return status;
	status = iofunc_open(ctp, msg, handle, NULL, &info);
	if (status != EOK)
		return status;
	return iofunc_ocb_attach(ctp, msg, NULL, handle, NULL);
}

static int io_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	IOFUNC_ATTR_T *attr = ocb->ocb.attr;
	char *text = ocb->text;
	int status, nonblock, len;

	status = iofunc_read_verify(ctp, msg, ocb, &nonblock);
	if (status != EOK)
		return status;
	if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;
	if (attr->note_len) {
		len = attr->note_len;
		memcpy(text, attr->note, len);
		attr->note_len = 0;
	} else {
		len = snprintf(text, sizeof(ocb->text), "port %u\n", ocb->reads);
	}
	ocb->reads++;
	len = min_t(int, len, msg->i.nbytes);
	if (len)
		iofunc_time_update(attr);
	_IO_SET_READ_NBYTES(ctp, len);
	return _RESMGR_PTR(ctp, text, len);
}

static int io_write(resmgr_context_t *ctp, io_write_t *msg, RESMGR_OCB_T *ocb)
{
	IOFUNC_ATTR_T *attr = ocb->ocb.attr;
	int status, n;

	status = iofunc_write_verify(ctp, msg, ocb, NULL);
	if (status != EOK)
		return status;
	n = min_t(int, msg->i.nbytes, sizeof(attr->note));
	n = resmgr_msgread(ctp, attr->note, n, sizeof(msg->i));
	if (n < 0)
		return -n;
	attr->note_len = n;
	attr->attr.flags |= IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME;
	_IO_SET_WRITE_NBYTES(ctp, msg->i.nbytes);
	return EOK;
}

static int io_lseek(resmgr_context_t *ctp, io_lseek_t *msg, RESMGR_OCB_T *ocb)
{
	return iofunc_lseek(ctp, msg, ocb, ocb->ocb.attr);
}

static int io_devctl(resmgr_context_t *ctp, io_devctl_t *msg, RESMGR_OCB_T *ocb)
{
	int status = iofunc_devctl(ctp, msg, ocb, ocb->ocb.attr);

	/* Nothing of its own: a command iofunc_devctl() does not know is ENOTTY. */
	return status == _RESMGR_DEFAULT ? ENOTTY : status;
}

static int io_lock(resmgr_context_t *ctp, io_lock_t *msg, RESMGR_OCB_T *ocb)
{
	return iofunc_lock(ctp, msg, ocb, ocb->ocb.attr);
}

static int io_sync(resmgr_context_t *ctp, io_sync_t *msg, RESMGR_OCB_T *ocb)
{
	int status = iofunc_sync_verify(ctp, msg, ocb);

	if (status != EOK)
		return status;
	/* Nothing is cached: whatever iofunc_sync() asks for is done. */
	iofunc_sync(ctp, ocb, _IO_FLAG_WR);
	return EOK;
}

static int io_close_ocb(resmgr_context_t *ctp, void *reserved, RESMGR_OCB_T *ocb)
{
	return iofunc_close_ocb(ctp, ocb, ocb->ocb.attr);
}

/* The old receive loop, as main() ends on QNX. */
static int port_main(void *arg)
{
	resmgr_context_t *ctp = arg, *first = arg;

	while (1) {
		ctp = resmgr_block(ctp);
		if (!ctp)
			break;
		resmgr_handler(ctp);
	}
	resmgr_context_free(first);
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

static int __init port_init(void)
{
	resmgr_attr_t rattr;
	resmgr_context_t *ctp;
	int err;

	/* A port's byte-order check, as a driver reading a device would do. */
	if (ENDIAN_LE16(ENDIAN_LE16(0x1234)) != 0x1234 || ENDIAN_RET16(0x1234) != 0x3412)
		return -EINVAL;
	if (procmgr_daemon(0, PROCMGR_DAEMON_NOCLOSE) == -1)
		return -EINVAL;

	dpp = dispatch_create();
	if (!dpp)
		return -ENOMEM;
	memset(&rattr, 0, sizeof(rattr));
	rattr.nparts_max = 1;
	rattr.msg_max_size = 2048;
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	connect_funcs.open = io_open;
	io_funcs.read = io_read;
	io_funcs.write = io_write;
	io_funcs.lseek = io_lseek;
	io_funcs.devctl = io_devctl;
	io_funcs.lock = io_lock;
	io_funcs.sync = io_sync;
	io_funcs.close_ocb = io_close_ocb;
	iofunc_attr_init(&port, S_IFCHR | 0666, NULL, NULL);
	port.attr.mount = &port_mount;
	port.attr.nbytes = 100;
	if (!S_ISCHR(port.attr.mode) || (port.attr.mode & S_IPERMS) != 0666 ||
	    S_ISNAM(port.attr.mode))
		return -EINVAL;

	id = resmgr_attach(dpp, &rattr, "/dev/rmtest/port", _FTYPE_ANY, 0,
			   &connect_funcs, &io_funcs, &port);
	if (id < 0) {
		err = id;
		goto err_destroy;
	}
	ctp = resmgr_context_alloc(dpp);
	if (!ctp) {
		err = -ENOMEM;
		goto err_detach;
	}
	server = kthread_run(port_main, ctp, "qnx_port");
	if (IS_ERR(server)) {
		err = PTR_ERR(server);
		resmgr_context_free(ctp);
		goto err_detach;
	}
	slogf(_SLOG_SETCODE(0, 0), _SLOG_INFO, "qnx_port: serving /dev/rmtest/port");
	return 0;

err_detach:
	resmgr_detach(dpp, id, _RESMGR_DETACH_ALL);
err_destroy:
	dispatch_destroy(dpp);
	return err;
}

static void __exit port_exit(void)
{
	kthread_stop(server);
	resmgr_detach(dpp, id, _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE);
	dispatch_destroy(dpp);
}

module_init(port_init);
module_exit(port_exit);
MODULE_DESCRIPTION("A QNX-spelled server: includes, extension types, the old loop");
MODULE_LICENSE("GPL");

__SRCVERSION("qnx_port_fixture.c 1");
