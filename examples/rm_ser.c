// SPDX-License-Identifier: GPL-2.0
/*
 * rm_ser: a serial-port-like device, /dev/rmser1. Bytes written go into
 * a ring buffer (RM_SER_BUFSIZE); reads take them. A read on an empty
 * ring blocks QNX style: the handler keeps ctp->rcvid and returns
 * _RESMGR_NOREPLY, and the next write answers it with MsgReplyv(). With
 * O_NONBLOCK it fails with EAGAIN instead. poll() reports input when
 * bytes wait and output when there is room (iofunc_notify); devctl sets
 * and gets a baud rate and reports the queued byte count, and answers
 * QNX's DCMD_CHR_ISCHARS, OSCHARS, TCDRAIN and TCFLUSH. Two clients
 * talk through it. Writes never block: they take what fits, EAGAIN when
 * the ring is full.
 *
 * Everything below runs under the attr lock (the default lock_ocb, and
 * taken by hand in close_ocb), which guards the ring, the waiting readers
 * and the notify lists.
 */
struct ser_dev;
#define IOFUNC_ATTR_T	struct ser_dev
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <sys/dcmd_chr.h>
#include <sys/neutrino.h>
#include <linux/list.h>
#include <linux/module.h>
#include <resmgr/version.h>
#include <linux/slab.h>
#include <resmgr/ns.h>
#include "rm_ser.h"

struct ser_dev {
	iofunc_attr_t		attr;		/* first, as iofunc requires */
	iofunc_notify_t		notify[3];
	u8			buf[RM_SER_BUFSIZE];
	size_t			head;		/* oldest byte */
	size_t			count;		/* bytes queued */
	int			baud;
	struct list_head	readers;	/* struct ser_reader, oldest first */
};

/* A read waiting for bytes: answered later with MsgReplyv(). */
struct ser_reader {
	struct list_head	node;
	int			rcvid;
	int			nbytes;
};

static struct ser_dev ser = { .baud = 9600 };
static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;
static dispatch_t *dpp;
static int id;

/* Up to two reply parts for @n queued bytes (the ring may wrap). */
static int ser_parts(iov_t *iov, size_t n)
{
	size_t first = min(n, RM_SER_BUFSIZE - ser.head);

	SETIOV(&iov[0], ser.buf + ser.head, first);
	if (first == n)
		return 1;
	SETIOV(&iov[1], ser.buf, n - first);
	return 2;
}

static void ser_consume(size_t n)
{
	ser.head = (ser.head + n) % RM_SER_BUFSIZE;
	ser.count -= n;
	if (IOFUNC_NOTIFY_OUTPUT_CHECK(ser.notify, RM_SER_BUFSIZE - ser.count))
		iofunc_notify_trigger(ser.notify, RM_SER_BUFSIZE - ser.count,
				      IOFUNC_NOTIFY_OUTPUT);
}

static int ser_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	struct ser_reader *r;
	int nonblock, status, parts;
	size_t n;

	status = iofunc_read_verify(ctp, msg, ocb, &nonblock);
	if (status != EOK)
		return status;
	if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;
	if (!msg->i.nbytes) {
		_IO_SET_READ_NBYTES(ctp, 0);
		return EOK;
	}
	if (!ser.count || !list_empty(&ser.readers)) {
		if (nonblock)
			return EAGAIN;
		r = kzalloc(sizeof(*r), GFP_KERNEL);
		if (!r)
			return ENOMEM;
		r->rcvid = ctp->rcvid;
		r->nbytes = msg->i.nbytes;
		list_add_tail(&r->node, &ser.readers);
		return _RESMGR_NOREPLY;	/* a write answers it */
	}
	n = min_t(size_t, msg->i.nbytes, ser.count);
	parts = ser_parts(ctp->iov, n);
	_IO_SET_READ_NBYTES(ctp, n);
	/* The bytes stay put until the reply is copied: we hold the lock. */
	ser_consume(n);
	return _RESMGR_NPARTS(parts);
}

/* Answer waiting readers from the ring, oldest first. */
static void ser_wake_readers(void)
{
	struct ser_reader *r, *tmp;

	list_for_each_entry_safe(r, tmp, &ser.readers, node) {
		iov_t iov[2];
		size_t n;
		int parts;

		if (!ser.count)
			break;
		n = min_t(size_t, r->nbytes, ser.count);
		parts = ser_parts(iov, n);
		/* A reader that gave up (a signal) is gone: keep the bytes. */
		if (!MsgReplyv(r->rcvid, n, iov, parts))
			ser_consume(n);
		list_del(&r->node);
		kfree(r);
	}
}

static int ser_write(resmgr_context_t *ctp, io_write_t *msg, RESMGR_OCB_T *ocb)
{
	size_t n, tail, first;
	int status;

	status = iofunc_write_verify(ctp, msg, ocb, NULL);
	if (status != EOK)
		return status;
	if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;
	n = min_t(size_t, msg->i.nbytes, RM_SER_BUFSIZE - ser.count);
	if (!n && msg->i.nbytes)
		return EAGAIN;

	tail = (ser.head + ser.count) % RM_SER_BUFSIZE;
	first = min(n, RM_SER_BUFSIZE - tail);
	if (resmgr_msgread(ctp, ser.buf + tail, first, sizeof(msg->i)) != first ||
	    resmgr_msgread(ctp, ser.buf, n - first, sizeof(msg->i) + first) != n - first)
		return EFAULT;
	ser.count += n;

	ser_wake_readers();
	if (IOFUNC_NOTIFY_INPUT_CHECK(ser.notify, ser.count, 1))
		iofunc_notify_trigger(ser.notify, ser.count, IOFUNC_NOTIFY_INPUT);
	_IO_SET_WRITE_NBYTES(ctp, n);
	ocb->attr->attr.flags |= IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME;
	return EOK;
}

/* A signal for a waiting reader: forget it; resmgr answers EINTR. */
static int ser_unblock(resmgr_context_t *ctp, io_pulse_t *msg, RESMGR_OCB_T *ocb)
{
	struct ser_reader *r;

	list_for_each_entry(r, &ser.readers, node) {
		if (r->rcvid == ctp->rcvid) {
			list_del(&r->node);
			kfree(r);
			break;
		}
	}
	return _RESMGR_DEFAULT;
}

static int ser_notify(resmgr_context_t *ctp, io_notify_t *msg, RESMGR_OCB_T *ocb)
{
	int trig = 0;

	if (ser.count)
		trig |= _NOTIFY_COND_INPUT;
	if (ser.count < RM_SER_BUFSIZE)
		trig |= _NOTIFY_COND_OUTPUT;
	return iofunc_notify(ctp, msg, ser.notify, trig, NULL, NULL);
}

static int ser_devctl(resmgr_context_t *ctp, io_devctl_t *msg, RESMGR_OCB_T *ocb)
{
	int *data = _DEVCTL_DATA(msg->i);
	int status, nbytes = 0, ret_val = 0;

	status = iofunc_devctl_default(ctp, msg, ocb);
	if (status != _RESMGR_DEFAULT)
		return status;
	switch (msg->i.dcmd) {
	case DCMD_SER_SETBAUD:
		if (*data <= 0)
			return EINVAL;
		ser.baud = *data;
		break;
	case DCMD_SER_GETBAUD:
		*data = ser.baud;
		nbytes = sizeof(int);
		break;
	case DCMD_SER_GETQUEUED:
		*data = ser.count;
		ret_val = ser.count;
		nbytes = sizeof(int);
		break;
	/* QNX's character-device commands a serial driver answers. */
	case DCMD_CHR_ISCHARS:
		*data = ser.count;
		nbytes = sizeof(int);
		break;
	case DCMD_CHR_OSCHARS:
		*data = 0;	/* a write lands in the ring at once */
		nbytes = sizeof(int);
		break;
	case DCMD_CHR_TCDRAIN:
		break;		/* nothing waits to be sent */
	case DCMD_CHR_TCFLUSH:
		/* TCIFLUSH (0) or TCIOFLUSH (2): the bytes queued for reading go. */
		if (*data != TCIFLUSH && *data != TCOFLUSH && *data != TCIOFLUSH)
			return EINVAL;
		if (*data != TCOFLUSH) {
			ser.head = 0;
			ser.count = 0;
		}
		break;
	default:
		return ENOSYS;
	}
	memset(&msg->o, 0, sizeof(msg->o));
	msg->o.ret_val = ret_val;
	msg->o.nbytes = nbytes;
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o) + nbytes);
}

/*
 * close_ocb is the one handler QNX runs without lock_ocb: take the attr
 * lock for the notify lists, which pollers on other files change.
 */
static int ser_close_ocb(resmgr_context_t *ctp, void *reserved, RESMGR_OCB_T *ocb)
{
	iofunc_attr_lock(&ser);
	iofunc_notify_remove(ctp, ser.notify);
	iofunc_attr_unlock(&ser);
	return iofunc_close_ocb_default(ctp, reserved, ocb);
}

static void ser_free_lists(void)
{
	struct ser_reader *r, *tmp;
	int i;

	list_for_each_entry_safe(r, tmp, &ser.readers, node) {
		list_del(&r->node);
		kfree(r);
	}
	for (i = 0; i < 3; i++) {
		while (ser.notify[i].list) {
			iofunc_notify_event_t *e = ser.notify[i].list;

			ser.notify[i].list = e->next;
			kfree(e);
		}
	}
}

static int __init rm_ser_init(void)
{
	resmgr_attr_t rattr = { .nparts_max = 2 };

	dpp = dispatch_create();
	if (!dpp)
		return -ENOMEM;
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	io_funcs.read = ser_read;
	io_funcs.write = ser_write;
	io_funcs.unblock = ser_unblock;
	io_funcs.notify = ser_notify;
	io_funcs.devctl = ser_devctl;
	io_funcs.close_ocb = ser_close_ocb;
	iofunc_attr_init(&ser, S_IFCHR | 0666, NULL, NULL);
	IOFUNC_NOTIFY_INIT(ser.notify);
	INIT_LIST_HEAD(&ser.readers);

	id = resmgr_attach(dpp, &rattr, "/dev/rmser1", _FTYPE_ANY, 0,
			   &connect_funcs, &io_funcs, &ser);
	if (id < 0) {
		dispatch_destroy(dpp);
		return id;
	}
	return 0;
}

static void __exit rm_ser_exit(void)
{
	/* Waiting readers get EBADF from the detach. */
	resmgr_detach(dpp, id, _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE);
	dispatch_destroy(dpp);
	ser_free_lists();
}

module_init(rm_ser_init);
module_exit(rm_ser_exit);

MODULE_DESCRIPTION("A serial-port-like QNX-style resource manager at /dev/rmser1");
MODULE_LICENSE("GPL");
MODULE_AUTHOR(RESMGR_AUTHOR);
MODULE_VERSION(RESMGR_VERSION);
