// SPDX-License-Identifier: GPL-2.0
/*
 * A QNX-spelled server that makes its callers wait, as a port would leave
 * it: QNX's includes, a thread pool of the dispatch_* functions, and no
 * Linux-only line beyond the module glue that replaces main().
 *
 * /dev/rmtest/wait behaves as a pipe: a read with nothing buffered keeps
 * its receive id and returns _RESMGR_NOREPLY (O_NONBLOCK: EAGAIN); a
 * write buffers its bytes and calls resmgr_msg_again() on every kept
 * read, whose handler then runs again and answers. The unblock handler
 * lets a signalled reader go with EINTR.
 *
 * /dev/rmtest/wait_ctl takes commands, one per write:
 *   "limits LO HI MAX INC"	thread_pool_limits(), waiting for the size
 *   "pulse CODE VALUE"		MsgSendPulse() to our own channel
 *   "timeout MS"		dispatch_timeout() (0: none)
 *   "keep N"			N 1: a signalled reader is kept waiting
 *				(the unblock handler returns _RESMGR_NOREPLY)
 * and a read gives "threads T timeouts N pulses P other O last C:V
 * unblocks U\n":
 * the pool's threads (their live contexts), the dispatch_block() timeouts
 * the MSG_FLAG_TIMEOUT_FUNC handler saw, the pulses of codes 10-19 (one
 * message_attach() range), the pulses of any other code (the
 * MSG_FLAG_DEFAULT_FUNC handler), the last pulse's code and value, and
 * the unblock requests MsgInfo() showed (_NTO_MI_UNBLOCK_REQ).
 *
 * /dev/rmtest/wait_link answers every open with _IO_CONNECT_RET_LINK to
 * /dev/rmtest/wait_ctl, as a QNX symbolic link or redirect does.
 */
#include <sys/neutrino.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <linux/module.h>

#define WAIT_BUF	64
#define WAIT_READERS	8

static resmgr_connect_funcs_t connect_funcs, link_funcs;
static resmgr_io_funcs_t io_funcs;
static iofunc_attr_t wait_attr, ctl_attr;
static dispatch_t *dpp;
static thread_pool_t *tpp;
static int wait_id = -1, ctl_id = -1, link_id = -1, coid;

/* The pipe's bytes and kept reads: wait_attr's lock (lock_ocb) guards them. */
static char buf[WAIT_BUF];
static int buf_len;
static int readers[WAIT_READERS];

/* The counters: counters_attr's lock guards them (no handler holds it). */
static iofunc_attr_t counters_attr;
static int threads, timeouts, pulses, others, last_code, last_value, unblock_reqs;
static int keep_signalled;	/* wait_attr's lock */

static void count(int *what, int by)
{
	iofunc_attr_lock(&counters_attr);
	*what += by;
	iofunc_attr_unlock(&counters_attr);
}

static dispatch_context_t *wait_context_alloc(dispatch_t *handle)
{
	dispatch_context_t *ctp = dispatch_context_alloc(handle);

	if (ctp)
		count(&threads, 1);
	return ctp;
}

static void wait_context_free(dispatch_context_t *ctp)
{
	count(&threads, -1);
	dispatch_context_free(ctp);
}

static int keep_reader(int rcvid)
{
	int i;

	for (i = 0; i < WAIT_READERS; i++) {
		if (!readers[i]) {
			readers[i] = rcvid;
			return EOK;
		}
	}
	return EBUSY;
}

static int io_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	int status, nonblock, n;

	status = iofunc_read_verify(ctp, msg, ocb, &nonblock);
	if (status != EOK)
		return status;
	if (ocb->attr == &ctl_attr) {
		static char text[128];

		if (ocb->offset)
			return _RESMGR_NPARTS(0);
		iofunc_attr_lock(&counters_attr);
		n = snprintf(text, sizeof(text),
			     "threads %d timeouts %d pulses %d other %d last %d:%d unblocks %d\n",
			     threads, timeouts, pulses, others, last_code, last_value,
			     unblock_reqs);
		iofunc_attr_unlock(&counters_attr);
		n = min_t(int, n, msg->i.nbytes);
		ocb->offset += n;
		_IO_SET_READ_NBYTES(ctp, n);
		return _RESMGR_PTR(ctp, text, n);
	}
	if (!buf_len) {
		if (nonblock & O_NONBLOCK)
			return EAGAIN;
		/* Keep the caller waiting; a write handles it again. */
		status = keep_reader(ctp->rcvid);
		return status == EOK ? _RESMGR_NOREPLY : status;
	}
	n = min_t(int, buf_len, msg->i.nbytes);
	/* The reply is copied before the next write can touch buf. */
	_IO_SET_READ_NBYTES(ctp, n);
	status = resmgr_msgreply(ctp, buf, n);
	if (status < 0)
		return -status;
	memmove(buf, buf + n, buf_len - n);
	buf_len -= n;
	return _RESMGR_NOREPLY;
}

/* A command to the control file; returns an errno. */
static int command(const char *cmd)
{
	int a, b, c, d;

	if (sscanf(cmd, "limits %d %d %d %d", &a, &b, &c, &d) == 4)
		return -thread_pool_limits(tpp, a, b, c, d, 0);
	if (sscanf(cmd, "pulse %d %d", &a, &b) == 2)
		return -MsgSendPulse(coid, 10, a, b);
	if (sscanf(cmd, "keep %d", &a) == 1) {
		keep_signalled = a;
		return EOK;
	}
	if (sscanf(cmd, "timeout %d", &a) == 1) {
		struct timespec ts = { a / 1000, (a % 1000) * 1000000L };

		return -dispatch_timeout(dpp, a ? &ts : NULL);
	}
	return EINVAL;
}

static int io_write(resmgr_context_t *ctp, io_write_t *msg, RESMGR_OCB_T *ocb)
{
	int status, n, i;
	char cmd[48];

	status = iofunc_write_verify(ctp, msg, ocb, NULL);
	if (status != EOK)
		return status;
	if (ocb->attr == &ctl_attr) {
		n = min_t(int, msg->i.nbytes, sizeof(cmd) - 1);
		n = resmgr_msgread(ctp, cmd, n, sizeof(msg->i));
		if (n < 0)
			return -n;
		cmd[n] = '\0';
		status = command(cmd);
		if (status != EOK)
			return status;
		_IO_SET_WRITE_NBYTES(ctp, msg->i.nbytes);
		return EOK;
	}
	n = min_t(int, msg->i.nbytes, WAIT_BUF - buf_len);
	if (!n)
		return EAGAIN;
	n = resmgr_msgread(ctp, buf + buf_len, n, sizeof(msg->i));
	if (n < 0)
		return -n;
	buf_len += n;
	/* Every kept read runs again; one that finds nothing waits again. */
	for (i = 0; i < WAIT_READERS; i++) {
		if (readers[i]) {
			resmgr_msg_again(ctp, readers[i]);
			readers[i] = 0;
		}
	}
	_IO_SET_WRITE_NBYTES(ctp, n);
	return EOK;
}

/* A signalled reader: forget its read and let it go. */
static int io_unblock(resmgr_context_t *ctp, io_pulse_t *msg, RESMGR_OCB_T *ocb)
{
	struct _msg_info info;
	int i;

	/* As QNX servers check that the client really asks to go. */
	if (MsgInfo(msg->i.value, &info) == 0 && (info.flags & _NTO_MI_UNBLOCK_REQ))
		count(&unblock_reqs, 1);
	if (keep_signalled)
		return _RESMGR_NOREPLY;	/* it waits on, for data */
	for (i = 0; i < WAIT_READERS; i++) {
		if (readers[i] && readers[i] == msg->i.value) {
			readers[i] = 0;
			MsgError(msg->i.value, EINTR);
		}
	}
	return _RESMGR_NOREPLY;
}

/* The redirect: the reply and the path it sends the open to. */
static struct {
	struct _io_connect_link_reply	reply;
	char				path[32];
} link_to = { .path = "/dev/rmtest/wait_ctl" };

static int link_open(resmgr_context_t *ctp, io_open_t *msg, RESMGR_HANDLE_T *handle,
		     void *extra)
{
	link_to.reply.nentries = 0;
	link_to.reply.path_len = strlen(link_to.path) + 1;
	_IO_SET_CONNECT_RET(ctp, _IO_CONNECT_RET_LINK);
	return _RESMGR_PTR(ctp, &link_to, sizeof(link_to.reply) + link_to.reply.path_len);
}

static int on_timeout(message_context_t *ctp, int code, unsigned int flags, void *handle)
{
	count(&timeouts, 1);
	return 0;
}

static int on_pulse(message_context_t *ctp, int code, unsigned int flags, void *handle)
{
	io_pulse_t *msg = ctp->msg;

	iofunc_attr_lock(&counters_attr);
	if (handle)
		others++;
	else
		pulses++;
	last_code = msg->i.code;
	last_value = msg->i.value;
	iofunc_attr_unlock(&counters_attr);
	return 0;
}

static int __init wait_init(void)
{
	message_attr_t range = { .flags = MSG_FLAG_TYPE_PULSE };
	message_attr_t other = { .flags = MSG_FLAG_TYPE_PULSE | MSG_FLAG_DEFAULT_FUNC };
	message_attr_t tmo = { .flags = MSG_FLAG_TIMEOUT_FUNC };
	thread_pool_attr_t pool_attr;
	resmgr_attr_t rattr;
	int err;

	dpp = dispatch_create_channel(-1, DISPATCH_FLAG_NOLOCK);
	if (!dpp)
		return -ENOMEM;
	memset(&rattr, 0, sizeof(rattr));
	rattr.nparts_max = 1;
	rattr.msg_max_size = 2048;
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	io_funcs.read = io_read;
	io_funcs.write = io_write;
	io_funcs.unblock = io_unblock;
	link_funcs = connect_funcs;
	link_funcs.open = link_open;
	iofunc_attr_init(&wait_attr, S_IFCHR | 0666, NULL, NULL);
	iofunc_attr_init(&ctl_attr, S_IFCHR | 0666, NULL, NULL);
	iofunc_attr_init(&counters_attr, S_IFCHR | 0600, NULL, NULL);

	err = message_attach(dpp, &range, 10, 19, on_pulse, NULL);
	if (!err)
		err = message_attach(dpp, &other, 0, 0, on_pulse, &other);
	if (!err)
		err = message_attach(dpp, &tmo, 0, 0, on_timeout, NULL);
	if (err)
		goto err_destroy;
	coid = message_connect(dpp, MSG_FLAG_SIDE_CHANNEL);
	if (coid < 0) {
		err = coid;
		goto err_destroy;
	}
	wait_id = resmgr_attach(dpp, &rattr, "/dev/rmtest/wait", _FTYPE_ANY, 0,
				&connect_funcs, &io_funcs, &wait_attr);
	ctl_id = resmgr_attach(dpp, &rattr, "/dev/rmtest/wait_ctl", _FTYPE_ANY, 0,
			       &connect_funcs, &io_funcs, &ctl_attr);
	link_id = resmgr_attach(dpp, &rattr, "/dev/rmtest/wait_link", _FTYPE_ANY, 0,
				&link_funcs, &io_funcs, &ctl_attr);
	if (wait_id < 0 || ctl_id < 0 || link_id < 0) {
		err = wait_id < 0 ? wait_id : ctl_id < 0 ? ctl_id : link_id;
		goto err_detach;
	}

	memset(&pool_attr, 0, sizeof(pool_attr));
	pool_attr.handle = dpp;
	pool_attr.context_alloc = wait_context_alloc;
	pool_attr.block_func = dispatch_block;
	pool_attr.unblock_func = dispatch_unblock;
	pool_attr.handler_func = dispatch_handler;
	pool_attr.context_free = wait_context_free;
	pool_attr.lo_water = 1;
	pool_attr.hi_water = 2;
	pool_attr.increment = 1;
	pool_attr.maximum = 4;
	tpp = thread_pool_create(&pool_attr, 0);
	if (!tpp) {
		err = -ENOMEM;
		goto err_detach;
	}
	err = thread_pool_start(tpp);
	if (err)
		goto err_pool;
	return 0;

err_pool:
	thread_pool_destroy(tpp);
err_detach:
	if (wait_id >= 0)
		resmgr_detach(dpp, wait_id, _RESMGR_DETACH_ALL);
	if (ctl_id >= 0)
		resmgr_detach(dpp, ctl_id, _RESMGR_DETACH_ALL);
	if (link_id >= 0)
		resmgr_detach(dpp, link_id, _RESMGR_DETACH_ALL);
err_destroy:
	dispatch_destroy(dpp);
	return err;
}

static void __exit wait_exit(void)
{
	resmgr_detach(dpp, wait_id, _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE);
	resmgr_detach(dpp, ctl_id, _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE);
	resmgr_detach(dpp, link_id, _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE);
	thread_pool_destroy(tpp);
	dispatch_destroy(dpp);
}

module_init(wait_init);
module_exit(wait_exit);
MODULE_DESCRIPTION("A QNX-spelled server: resmgr_msg_again, timeouts, pulses, pool limits");
MODULE_LICENSE("GPL");
