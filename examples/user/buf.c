// SPDX-License-Identifier: GPL-2.0
/*
 * A QNX-style device served by a thread pool, as a QNX program writes
 * one: /dev/userbuf holds up to 4 KiB. write() appends; read() takes
 * what is there, and when nothing is, waits (the handler keeps the
 * receive id and returns _RESMGR_NOREPLY) until a write, handled by
 * another thread of the pool, answers it with MsgReply(). devctl()
 * DCMD_BUF_GETLEN says how many bytes wait; DCMD_BUF_CLEAR has them
 * dropped later, by a pulse the device sends itself (message_connect(),
 * MsgSendPulse(), pulse_attach(), as a QNX server's timers do); the rest
 * is the iofunc defaults (DCMD_ALL_GETFLAGS, stat, chmod, ...). poll()
 * and select() work through its notify lists (iofunc_notify(),
 * iofunc_notify_trigger()). Built unchanged against libresmgr through
 * pkg-config.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <devctl.h>

struct buf_attr;
#define IOFUNC_ATTR_T	struct buf_attr
#include <sys/iofunc.h>
#include <sys/dispatch.h>

#define BUF_SIZE	4096
#define BUF_READERS	64
#define DCMD_BUF_GETLEN	__DIOF(_DCMD_MISC, 0x10, int)
#define DCMD_BUF_CLEAR	__DION(_DCMD_MISC, 0x11)
#define BUF_PULSE_CLEAR	(_PULSE_CODE_MINAVAIL + 1)

struct buf_attr {
	iofunc_attr_t	attr;			/* first: the iofunc layer's */
	char		data[BUF_SIZE];
	int		len;
	int		readers[BUF_READERS];	/* receive ids of waiting reads */
	int		nbytes[BUF_READERS];	/* how much each asked for */
	int		nreaders;
	iofunc_notify_t	notify[3];		/* input, output, out-of-band */
};

static resmgr_connect_funcs_t	connect_funcs;
static resmgr_io_funcs_t	io_funcs;
static struct buf_attr		buf;
static int			self_coid;	/* message_connect(): pulses to ourselves */

/* Give waiting readers what there is, oldest first; under the attr lock. */
static void buf_serve_readers(void)
{
	while (buf.nreaders && buf.len) {
		int n = buf.nbytes[0] < buf.len ? buf.nbytes[0] : buf.len;
		int rcvid = buf.readers[0];

		memmove(buf.readers, buf.readers + 1, --buf.nreaders * sizeof(int));
		memmove(buf.nbytes, buf.nbytes + 1, buf.nreaders * sizeof(int));
		/* A reader that went (a signal) gets nothing, and takes nothing. */
		if (MsgReply(rcvid, n, buf.data, n) == -1)
			continue;
		buf.len -= n;
		memmove(buf.data, buf.data + n, buf.len);
	}
}

/* Wake the pollers whose condition now holds; under the attr lock. */
static void buf_notify(void)
{
	if (IOFUNC_NOTIFY_INPUT_CHECK(buf.notify, buf.len, 0))
		iofunc_notify_trigger(buf.notify, buf.len, IOFUNC_NOTIFY_INPUT);
	if (IOFUNC_NOTIFY_OUTPUT_CHECK(buf.notify, BUF_SIZE - buf.len))
		iofunc_notify_trigger(buf.notify, BUF_SIZE - buf.len, IOFUNC_NOTIFY_OUTPUT);
}

static int io_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	int status, n;

	status = iofunc_read_verify(ctp, msg, ocb, NULL);
	if (status != EOK)
		return status;
	if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;
	if (msg->i.nbytes == 0) {
		_IO_SET_READ_NBYTES(ctp, 0);
		return EOK;
	}
	if (buf.len == 0) {
		if (ocb->ioflag & O_NONBLOCK)
			return EAGAIN;
		if (buf.nreaders == BUF_READERS)
			return EAGAIN;
		buf.readers[buf.nreaders] = ctp->rcvid;
		buf.nbytes[buf.nreaders++] = msg->i.nbytes;
		return _RESMGR_NOREPLY;
	}
	n = msg->i.nbytes < buf.len ? msg->i.nbytes : buf.len;
	MsgReply(ctp->rcvid, n, buf.data, n);
	buf.len -= n;
	memmove(buf.data, buf.data + n, buf.len);
	buf_notify();
	return _RESMGR_NOREPLY;
}

static int io_write(resmgr_context_t *ctp, io_write_t *msg, RESMGR_OCB_T *ocb)
{
	int status, n;

	status = iofunc_write_verify(ctp, msg, ocb, NULL);
	if (status != EOK)
		return status;
	if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;
	n = msg->i.nbytes;
	if (n > BUF_SIZE - buf.len)
		n = BUF_SIZE - buf.len;
	if (n == 0 && msg->i.nbytes)
		return EAGAIN;
	if (resmgr_msgread(ctp, buf.data + buf.len, n, sizeof(msg->i)) != n)
		return EFAULT;
	buf.len += n;
	buf_serve_readers();
	buf_notify();
	_IO_SET_WRITE_NBYTES(ctp, n);
	ocb->attr->attr.flags |= IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME;
	return EOK;
}

static int io_devctl(resmgr_context_t *ctp, io_devctl_t *msg, RESMGR_OCB_T *ocb)
{
	int status = iofunc_devctl_default(ctp, msg, ocb);
	int *data = _DEVCTL_DATA(msg->i);

	if (status != _RESMGR_DEFAULT)
		return status;
	switch (msg->i.dcmd) {
	case DCMD_BUF_CLEAR:
		if (MsgSendPulse(self_coid, -1, BUF_PULSE_CLEAR, 0) == -1)
			return errno;
		memset(&msg->o, 0, sizeof(msg->o));
		return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o));
	case DCMD_BUF_GETLEN:
		*data = buf.len;
		memset(&msg->o, 0, sizeof(msg->o));
		msg->o.nbytes = sizeof(int);
		return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o) + sizeof(int));
	}
	return ENOSYS;
}

/* The pulse DCMD_BUF_CLEAR sent: drop what waits, under the attr lock. */
static int buf_clear(message_context_t *ctp, int code, unsigned int flags, void *handle)
{
	iofunc_attr_lock(&buf);
	buf.len = 0;
	buf_notify();
	iofunc_attr_unlock(&buf);
	return 0;
}

/* poll() and select(): what holds now; the rest is armed to be told. */
static int io_notify(resmgr_context_t *ctp, io_notify_t *msg, RESMGR_OCB_T *ocb)
{
	int trig = 0;

	if (buf.len)
		trig |= _NOTIFY_COND_INPUT;
	if (buf.len < BUF_SIZE)
		trig |= _NOTIFY_COND_OUTPUT;
	return iofunc_notify(ctp, msg, buf.notify, trig, NULL, NULL);
}

/* The file's last close: its armed notifications go with it. */
static int io_close_ocb(resmgr_context_t *ctp, void *reserved, RESMGR_OCB_T *ocb)
{
	iofunc_attr_lock(&buf);
	iofunc_notify_remove(ctp, buf.notify);
	iofunc_attr_unlock(&buf);
	return iofunc_close_ocb_default(ctp, reserved, ocb);
}

/*
 * A waiting reader got a signal: it goes with EINTR, if it still wants to
 * (MsgInfo() says so), or if it is gone already (killed).
 */
static int io_unblock(resmgr_context_t *ctp, io_pulse_t *msg, RESMGR_OCB_T *ocb)
{
	struct _msg_info info;
	int i;

	if (MsgInfo(ctp->rcvid, &info) == 0 && !(info.flags & _NTO_MI_UNBLOCK_REQ))
		return _RESMGR_NOREPLY;

	for (i = 0; i < buf.nreaders; i++) {
		if (buf.readers[i] == ctp->rcvid) {
			buf.nreaders--;
			memmove(buf.readers + i, buf.readers + i + 1,
				(buf.nreaders - i) * sizeof(int));
			memmove(buf.nbytes + i, buf.nbytes + i + 1,
				(buf.nreaders - i) * sizeof(int));
			break;
		}
	}
	return iofunc_unblock_default(ctp, msg, ocb);
}

int main(int argc, char **argv)
{
	thread_pool_attr_t	pool_attr;
	resmgr_attr_t		resmgr_attr;
	thread_pool_t		*tpp;
	dispatch_t		*dpp;
	const char		*path = argc > 1 ? argv[1] : "/dev/userbuf";

	dpp = dispatch_create();
	if (!dpp) {
		fprintf(stderr, "%s: Unable to allocate dispatch handle.\n", argv[0]);
		return EXIT_FAILURE;
	}
	memset(&resmgr_attr, 0, sizeof(resmgr_attr));
	resmgr_attr.nparts_max = 1;
	resmgr_attr.msg_max_size = 2048;

	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	io_funcs.read = io_read;
	io_funcs.write = io_write;
	io_funcs.devctl = io_devctl;
	io_funcs.unblock = io_unblock;
	io_funcs.notify = io_notify;
	io_funcs.close_ocb = io_close_ocb;
	iofunc_attr_init(&buf, S_IFCHR | 0666, NULL, NULL);
	IOFUNC_NOTIFY_INIT(buf.notify);

	if (resmgr_attach(dpp, &resmgr_attr, path, _FTYPE_ANY, 0,
			  &connect_funcs, &io_funcs, &buf) == -1) {
		fprintf(stderr, "%s: Unable to attach name: %s\n", argv[0], strerror(errno));
		return EXIT_FAILURE;
	}

	self_coid = message_connect(dpp, MSG_FLAG_SIDE_CHANNEL);
	if (self_coid == -1 || pulse_attach(dpp, 0, BUF_PULSE_CLEAR, buf_clear, NULL) == -1) {
		fprintf(stderr, "%s: Unable to attach a pulse: %s\n", argv[0], strerror(errno));
		return EXIT_FAILURE;
	}

	memset(&pool_attr, 0, sizeof(pool_attr));
	pool_attr.handle = dpp;
	pool_attr.context_alloc = dispatch_context_alloc;
	pool_attr.block_func = dispatch_block;
	pool_attr.unblock_func = dispatch_unblock;
	pool_attr.handler_func = dispatch_handler;
	pool_attr.context_free = dispatch_context_free;
	pool_attr.lo_water = 2;
	pool_attr.hi_water = 4;
	pool_attr.increment = 1;
	pool_attr.maximum = 16;

	tpp = thread_pool_create(&pool_attr, POOL_FLAG_EXIT_SELF);
	if (!tpp) {
		fprintf(stderr, "%s: Unable to create thread pool.\n", argv[0]);
		return EXIT_FAILURE;
	}
	thread_pool_start(tpp);
	return EXIT_SUCCESS;
}
