// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr_fixture.ko: managers the selftests need that the examples do
 * not give, all under /dev/rmtest/:
 *
 *   private  iofunc defaults, attr 0600 root: the node follows the attr
 *   public   iofunc defaults, attr 0666
 *   guarded  attr 0600 behind an open handler of its own, so the node is
 *            0666 and iofunc_check_access() alone must refuse
 *   short    an I/O table with nfuncs 1 (read only) and an OCB of its own:
 *            the other slots get resmgr's built-in behaviour
 *   dev      devctl commands of class _DCMD_MISC (see fixture_devctl())
 *   ctl      commands written here run inside a handler:
 *              "attach NAME"          attach /dev/rmtest/NAME (a victim)
 *              "detach NAME all|pathname|close"
 *              "pulse N"      MsgSendPulse() with value N to the message
 *                             handle: its pulse handler puts "pulse N
 *                             <thread>" in the msg mailbox
 *              "dpulse N"     the same to the direct handle: its handler
 *                             (a work item) records N, read back here
 *            reading it gives "closes=N dpulse=M" (close_ocb runs on
 *            victims; the last direct pulse);
 *            a victim named block* never answers a read
 *
 * Delivered by message (a second dispatch handle served by a thread pool
 * of one, thread "resmgr_pool"):
 *   who      reads give the name of the thread running the handler
 *   msg      a one-slot mailbox: a read waits (_RESMGR_NOREPLY) until a
 *            write; a write answers the waiting read with MsgReply()
 *
 * It also attaches /dev/null, whose name the kernel's mem driver has:
 * the attachment stands, without a device node.
 *
 * Victims allocate their OCBs through their mount's ocb_calloc/ocb_free
 * and keep them on a list, as a driver must that detaches with
 * _RESMGR_DETACH_ALL alone: files left open then never reach close_ocb,
 * so the driver frees their OCBs itself (here at module exit).
 */
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <linux/atomic.h>
#include <linux/sched.h>
#include <linux/module.h>
#include <resmgr/version.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <resmgr/ns.h>

#define FIXTURE_VICTIMS	8

struct fixture_dev {
	const char	*path;
	umode_t		mode;
	iofunc_attr_t	attr;
	int		id;
};

/*
 * A victim's slot is reused by the next attach once it is detached and
 * @nocbs is 0: the attr's own count drops inside close_ocb with the attr
 * lock still held, so re-initialising the attr on that count raced the
 * closing thread's unlock (and its ocb_free's look at attr->mount).
 */
struct fixture_victim {
	char		name[32];
	iofunc_attr_t	attr;
	int		id;
	bool		attached;
	atomic_t	nocbs;	/* its OCBs not yet through ocb_free */
};

static dispatch_t *dpp;
static resmgr_connect_funcs_t plain_connect, guarded_connect, short_connect;
static resmgr_io_funcs_t plain_io, short_io, ctl_io, victim_io, dev_io, guarded_io, holes_io;
static int dev_value;	/* guarded by the dev attr lock (lock_ocb) */
static iofunc_ocb_t short_ocb;
static atomic_t victim_closes = ATOMIC_INIT(0);
static struct fixture_victim victims[FIXTURE_VICTIMS];
static DEFINE_MUTEX(victims_lock);	/* protects victims[] */
static int msg_coid, msg_pulse_code, direct_coid, direct_pulse_code;
static atomic_t direct_pulse_value = ATOMIC_INIT(0);

struct victim_ocb {
	iofunc_ocb_t		ocb;
	struct list_head	node;
	struct fixture_victim	*victim;
};

static LIST_HEAD(victim_ocbs);
static DEFINE_MUTEX(victim_ocbs_lock);	/* protects victim_ocbs */

static iofunc_ocb_t *victim_ocb_calloc(resmgr_context_t *ctp, iofunc_attr_t *attr)
{
	struct victim_ocb *v = kzalloc(sizeof(*v), GFP_KERNEL);

	if (!v)
		return NULL;
	v->victim = container_of(attr, struct fixture_victim, attr);
	atomic_inc(&v->victim->nocbs);
	mutex_lock(&victim_ocbs_lock);
	list_add(&v->node, &victim_ocbs);
	mutex_unlock(&victim_ocbs_lock);
	return &v->ocb;
}

static void victim_ocb_free(iofunc_ocb_t *ocb)
{
	struct victim_ocb *v = container_of(ocb, struct victim_ocb, ocb);
	struct fixture_victim *victim = v->victim;

	mutex_lock(&victim_ocbs_lock);
	list_del(&v->node);
	mutex_unlock(&victim_ocbs_lock);
	kfree(v);
	/* Last: the attr is the victim's to reuse once this reaches 0. */
	atomic_dec_return_release(&victim->nocbs);
}

static iofunc_funcs_t victim_funcs = {
	.nfuncs = _IOFUNC_NFUNCS,
	.ocb_calloc = victim_ocb_calloc,
	.ocb_free = victim_ocb_free,
};

static iofunc_mount_t victim_mount = {
	.funcs = &victim_funcs,
};

static struct fixture_dev devs[] = {
	{ "/dev/rmtest/private", S_IFNAM | 0600 },
	{ "/dev/rmtest/public", S_IFNAM | 0666 },
	{ "/dev/rmtest/guarded", S_IFNAM | 0600 },
	{ "/dev/rmtest/short", S_IFNAM | 0666 },
	{ "/dev/rmtest/ctl", S_IFNAM | 0600 },
	{ "/dev/rmtest/dev", S_IFNAM | 0666 },
	{ "/dev/null", S_IFNAM | 0666 },
	{ "/dev/rmtest/owned", S_IFNAM | 0640 },
	{ "/dev/rmtest/holes", S_IFNAM | 0666 },
};

static int guarded_open(resmgr_context_t *ctp, io_open_t *msg,
			RESMGR_HANDLE_T *handle, void *extra)
{
	return iofunc_open_default(ctp, msg, handle, extra);
}

/*
 * guarded's stat says 0666, so its /dev node lets everyone try; its open
 * checks the attr's 0600 and refuses all but root.
 */
static int guarded_stat(resmgr_context_t *ctp, io_stat_t *msg, RESMGR_OCB_T *ocb)
{
	int st = iofunc_stat(ctp, ocb->attr, &msg->o);

	if (st != EOK)
		return st;
	msg->o.st_mode = S_IFNAM | 0666;
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o));
}

static int short_open(resmgr_context_t *ctp, io_open_t *msg,
		      RESMGR_HANDLE_T *handle, void *extra)
{
	short_ocb.attr = handle;
	return resmgr_open_bind(ctp, &short_ocb, NULL) ? EIO : EOK;
}

static int short_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	static const char text[] = "short\n";

	_IO_SET_READ_NBYTES(ctp, min_t(int, sizeof(text) - 1, msg->i.nbytes));
	return _RESMGR_PTR(ctp, text, ctp->status);
}

/*
 * holes: a read claims 8 bytes (or fewer, as asked) and writes only "AB"
 * at offset 4 with resmgr_msgwrite(): the caller must see zeros around it.
 */
static int holes_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	int nbytes = min_t(int, 8, msg->i.nbytes);

	if (nbytes > 4)
		resmgr_msgwrite(ctp, "AB", min(2, nbytes - 4), 4);
	_IO_SET_READ_NBYTES(ctp, nbytes);
	return _RESMGR_NPARTS(0);
}

static int victim_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	static const char text[] = "alive\n";
	struct fixture_victim *v = container_of(ocb->attr, struct fixture_victim, attr);
	int n;

	/* Victims named block* never answer: only a detach ends the read. */
	if (!strncmp(v->name, "block", 5))
		return _RESMGR_NOREPLY;

	if (ocb->offset >= sizeof(text) - 1) {
		_IO_SET_READ_NBYTES(ctp, 0);
		return EOK;
	}
	n = min_t(int, sizeof(text) - 1 - ocb->offset, msg->i.nbytes);
	_IO_SET_READ_NBYTES(ctp, n);
	ocb->offset += n;
	return _RESMGR_PTR(ctp, text + ocb->offset - n, n);
}

static int victim_close_ocb(resmgr_context_t *ctp, void *reserved, RESMGR_OCB_T *ocb)
{
	atomic_inc(&victim_closes);
	return iofunc_close_ocb_default(ctp, reserved, ocb);
}

static struct fixture_victim *victim_find(const char *name)
{
	int i;

	for (i = 0; i < FIXTURE_VICTIMS; i++)
		if (victims[i].attached && !strcmp(victims[i].name, name))
			return &victims[i];
	return NULL;
}

static int victim_attach(const char *name)
{
	struct fixture_victim *v = NULL;
	char path[64];
	int i;

	if (victim_find(name))
		return EEXIST;
	for (i = 0; i < FIXTURE_VICTIMS && !v; i++)
		if (!victims[i].attached && !atomic_read_acquire(&victims[i].nocbs))
			v = &victims[i];
	if (!v)
		return ENOSPC;
	strscpy(v->name, name, sizeof(v->name));
	iofunc_attr_init(&v->attr, S_IFNAM | 0666, NULL, NULL);
	v->attr.mount = &victim_mount;
	snprintf(path, sizeof(path), "/dev/rmtest/%s", name);
	/* From inside a handler: a device made on the fly. */
	v->id = resmgr_attach(dpp, NULL, path, _FTYPE_ANY, 0, &plain_connect,
			      &victim_io, &v->attr);
	if (v->id < 0)
		return -v->id;
	v->attached = true;
	return EOK;
}

static int victim_detach(const char *name, const char *mode)
{
	struct fixture_victim *v = victim_find(name);
	unsigned int flags;
	int err;

	if (!v)
		return ENOENT;
	if (!strcmp(mode, "all"))
		flags = _RESMGR_DETACH_ALL;
	else if (!strcmp(mode, "pathname"))
		flags = _RESMGR_DETACH_PATHNAME;
	else if (!strcmp(mode, "close"))
		flags = _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE;
	else
		return EINVAL;
	/* From inside a handler, too. */
	err = resmgr_detach(dpp, v->id, flags);
	if (err)
		return -err;
	v->attached = false;
	return EOK;
}

static int ctl_write(resmgr_context_t *ctp, io_write_t *msg, RESMGR_OCB_T *ocb)
{
	char cmd[80], name[32], mode[16];
	ssize_t got;
	int status, value;

	status = iofunc_write_verify(ctp, msg, ocb, NULL);
	if (status != EOK)
		return status;
	got = resmgr_msgread(ctp, cmd, min_t(size_t, msg->i.nbytes, sizeof(cmd) - 1),
			     sizeof(msg->i));
	if (got < 0)
		return EFAULT;
	cmd[got] = '\0';

	mutex_lock(&victims_lock);
	if (sscanf(cmd, "attach %31s", name) == 1)
		status = victim_attach(name);
	else if (sscanf(cmd, "detach %31s %15s", name, mode) == 2)
		status = victim_detach(name, mode);
	else if (sscanf(cmd, "pulse %d", &value) == 1)
		status = -MsgSendPulse(msg_coid, 10, msg_pulse_code, value);
	else if (sscanf(cmd, "dpulse %d", &value) == 1)
		status = -MsgSendPulse(direct_coid, 10, direct_pulse_code, value);
	else
		status = EINVAL;
	mutex_unlock(&victims_lock);
	if (status != EOK)
		return status;
	_IO_SET_WRITE_NBYTES(ctp, msg->i.nbytes);
	return EOK;
}

static int ctl_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	char text[48];
	int n;

	n = scnprintf(text, sizeof(text), "closes=%d dpulse=%d\n",
		      atomic_read(&victim_closes), atomic_read(&direct_pulse_value));
	/* From the file's offset: the next read() after the text is end of file. */
	if (ocb->offset >= n)
		n = 0;
	else
		n = min_t(int, n - ocb->offset, msg->i.nbytes);
	_IO_SET_READ_NBYTES(ctp, n);
	if (resmgr_msgreply(ctp, text + (n ? ocb->offset : 0), n))
		return EFAULT;
	ocb->offset += n;
	return _RESMGR_NOREPLY;
}

/*
 * _DCMD_MISC 1 (TO int) sets the value; 2 (FROM int) gets it with
 * ret_val 42; 3 (TOFROM int) doubles the int sent; 4 (no data) zeroes the
 * value; 5 (FROM 16 bytes) replies only its first 4 bytes; 6 (FROM 16
 * bytes) writes only its third int, with resmgr_msgwrite(), and replies
 * nothing more; 7 (FROM 16 bytes) replies its message's data unwritten;
 * anything else is ENOSYS, after the DCMD_ALL_* defaults.
 */
static int fixture_devctl(resmgr_context_t *ctp, io_devctl_t *msg, RESMGR_OCB_T *ocb)
{
	int *data = _DEVCTL_DATA(msg->i);
	int status, nbytes = 0, ret_val = 0;

	status = iofunc_devctl_default(ctp, msg, ocb);
	if (status != _RESMGR_DEFAULT)
		return status;
	switch (msg->i.dcmd) {
	case __DIOT(_DCMD_MISC, 1, int):
		dev_value = *data;
		break;
	case __DIOF(_DCMD_MISC, 2, int):
		*data = dev_value;
		nbytes = sizeof(int);
		ret_val = 42;
		break;
	case __DIOTF(_DCMD_MISC, 3, int):
		*data *= 2;
		nbytes = sizeof(int);
		break;
	case __DION(_DCMD_MISC, 4):
		dev_value = 0;
		break;
	case __DIOF(_DCMD_MISC, 5, int[4]):
		*data = 7;
		nbytes = sizeof(int);
		break;
	case __DIOF(_DCMD_MISC, 6, int[4]):
		ret_val = 9;
		if (resmgr_msgwrite(ctp, &ret_val, sizeof(ret_val),
				    sizeof(msg->o) + 2 * sizeof(int)) != sizeof(ret_val))
			return EFAULT;
		return _RESMGR_NPARTS(0);
	case __DIOF(_DCMD_MISC, 7, int[4]):
		nbytes = 4 * sizeof(int);
		break;
	default:
		return ENOSYS;
	}
	memset(&msg->o, 0, sizeof(msg->o));
	msg->o.ret_val = ret_val;
	msg->o.nbytes = nbytes;
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o) + nbytes);
}

/* ---- delivered by message ---- */

static dispatch_t *msg_dpp;
static resmgr_io_funcs_t who_io, mbox_io;
static iofunc_attr_t who_attr, mbox_attr;
static int who_id = -1, mbox_id = -1;
static int mbox_waiter;		/* rcvid of a waiting read; mbox_attr lock */
static int mbox_msgwrite_ret;	/* what the last '!' write's msgwrite gave */
static char mbox_data[32];
static int mbox_len;

static int who_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	static char text[TASK_COMM_LEN + 1];	/* under who_attr's lock */
	int n;

	if (ocb->offset) {
		_IO_SET_READ_NBYTES(ctp, 0);
		return EOK;
	}
	n = scnprintf(text, sizeof(text), "%s\n", current->comm);
	n = min_t(int, n, msg->i.nbytes);
	ocb->offset = n;
	_IO_SET_READ_NBYTES(ctp, n);
	return _RESMGR_PTR(ctp, text, n);
}

static int mbox_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	int n;

	if (!mbox_len) {
		if (mbox_waiter)
			return EBUSY;
		mbox_waiter = ctp->rcvid;
		return _RESMGR_NOREPLY;
	}
	n = min_t(int, mbox_len, msg->i.nbytes);
	mbox_len = 0;
	_IO_SET_READ_NBYTES(ctp, n);
	return _RESMGR_PTR(ctp, mbox_data, n);
}

static int mbox_write(resmgr_context_t *ctp, io_write_t *msg, RESMGR_OCB_T *ocb)
{
	int n = min_t(int, msg->i.nbytes, sizeof(mbox_data));

	if (resmgr_msgread(ctp, mbox_data, n, sizeof(msg->i)) != n)
		return EFAULT;
	mbox_len = n;
	/*
	 * "!...": the QNX-usual deferred answer from another process's
	 * handler: write the reply into the waiting reader's buffer with
	 * MsgWrite(), then MsgReply() with the count and no data. The
	 * reader's buffer is reached (resmgr handed it over as kernel memory
	 * or pinned pages), never the same address in this, the writer's,
	 * process.
	 */
	if (mbox_waiter && n && mbox_data[0] == '!') {
		struct _msg_info info;
		io_read_t hdr;

		/* By receive id, as QNX servers do: MsgInfo, MsgRead, MsgWrite. */
		if (MsgInfo(mbox_waiter, &info) || info.pid == current->tgid ||
		    MsgRead(mbox_waiter, &hdr, sizeof(hdr.i), 0) != sizeof(hdr.i) ||
		    hdr.i.type != _IO_READ)
			mbox_msgwrite_ret = -EPROTO;
		else
			mbox_msgwrite_ret = MsgWrite(mbox_waiter, mbox_data, n, 0);
		if (!MsgReply(mbox_waiter, mbox_msgwrite_ret, NULL, 0))
			mbox_len = 0;
		mbox_waiter = 0;
	}
	if (mbox_waiter) {
		if (!MsgReply(mbox_waiter, n, mbox_data, n))
			mbox_len = 0;
		mbox_waiter = 0;
	}
	_IO_SET_WRITE_NBYTES(ctp, msg->i.nbytes);
	return EOK;
}

static int mbox_unblock(resmgr_context_t *ctp, io_pulse_t *msg, RESMGR_OCB_T *ocb)
{
	if (mbox_waiter == ctp->rcvid)
		mbox_waiter = 0;
	return _RESMGR_DEFAULT;
}

/* A pulse on the message handle: runs in the pool's thread. */
static int msg_pulse(message_context_t *ctp, int code, unsigned int flags, void *handle)
{
	io_pulse_t *pulse = ctp->msg;

	iofunc_attr_lock(&mbox_attr);
	mbox_len = scnprintf(mbox_data, sizeof(mbox_data), "pulse %d %s",
			     pulse->i.value, current->comm);
	if (mbox_waiter) {
		if (!MsgReply(mbox_waiter, mbox_len, mbox_data, mbox_len))
			mbox_len = 0;
		mbox_waiter = 0;
	}
	iofunc_attr_unlock(&mbox_attr);
	return 0;
}

/* A pulse on the direct handle: runs in a work item. */
static int direct_pulse(message_context_t *ctp, int code, unsigned int flags, void *handle)
{
	io_pulse_t *pulse = ctp->msg;

	atomic_set(&direct_pulse_value, pulse->i.value);
	return 0;
}

/* One server thread: a pool of exactly one. */
static thread_pool_t *msg_pool;

static int msg_pool_start(dispatch_t *handle)
{
	thread_pool_attr_t pool_attr = {
		.handle = handle,
		.context_alloc = dispatch_context_alloc,
		.block_func = dispatch_block,
		.unblock_func = dispatch_unblock,
		.handler_func = dispatch_handler,
		.context_free = dispatch_context_free,
		.lo_water = 1,
		.hi_water = 1,
		.increment = 1,
		.maximum = 1,
	};

	msg_pool = thread_pool_create(&pool_attr, POOL_FLAG_EXIT_SELF);
	if (!msg_pool)
		return -ENOMEM;
	return thread_pool_start(msg_pool);
}

static int msg_init(void)
{
	msg_dpp = dispatch_create();
	if (!msg_dpp)
		return -ENOMEM;
	who_io = plain_io;
	who_io.read = who_read;
	mbox_io = plain_io;
	mbox_io.read = mbox_read;
	mbox_io.write = mbox_write;
	mbox_io.unblock = mbox_unblock;
	iofunc_attr_init(&who_attr, S_IFNAM | 0666, NULL, NULL);
	iofunc_attr_init(&mbox_attr, S_IFNAM | 0666, NULL, NULL);
	msg_pulse_code = pulse_attach(msg_dpp, MSG_FLAG_ALLOC_PULSE, 0, msg_pulse, NULL);
	msg_coid = message_connect(msg_dpp, MSG_FLAG_SIDE_CHANNEL);
	direct_pulse_code = pulse_attach(dpp, MSG_FLAG_ALLOC_PULSE, 0, direct_pulse, NULL);
	direct_coid = message_connect(dpp, MSG_FLAG_SIDE_CHANNEL);
	if (msg_pulse_code < 0 || msg_coid < 0 || direct_pulse_code < 0 || direct_coid < 0)
		return -ENOMEM;
	if (msg_pool_start(msg_dpp))
		return -ENOMEM;
	who_id = resmgr_attach(msg_dpp, NULL, "/dev/rmtest/who", _FTYPE_ANY, 0,
			       &plain_connect, &who_io, &who_attr);
	mbox_id = resmgr_attach(msg_dpp, NULL, "/dev/rmtest/msg", _FTYPE_ANY, 0,
				&plain_connect, &mbox_io, &mbox_attr);
	return who_id < 0 ? who_id : mbox_id < 0 ? mbox_id : 0;
}

static void msg_exit(void)
{
	if (msg_pool)
		thread_pool_destroy(msg_pool);
	if (who_id >= 0)
		resmgr_detach(msg_dpp, who_id, _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE);
	if (mbox_id >= 0)
		resmgr_detach(msg_dpp, mbox_id, _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE);
	if (msg_dpp)
		dispatch_destroy(msg_dpp);
}

static void fixture_detach_all(void)
{
	int i;

	for (i = 0; i < FIXTURE_VICTIMS; i++)
		if (victims[i].attached)
			resmgr_detach(dpp, victims[i].id,
				      _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE);
	for (i = ARRAY_SIZE(devs) - 1; i >= 0; i--)
		if (devs[i].id >= 0)
			resmgr_detach(dpp, devs[i].id,
				      _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE);
}

static int __init fixture_init(void)
{
	int i;

	dpp = dispatch_create();
	if (!dpp)
		return -ENOMEM;

	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &plain_connect,
			 _RESMGR_IO_NFUNCS, &plain_io);
	guarded_connect = plain_connect;
	guarded_connect.open = guarded_open;
	short_connect = plain_connect;
	short_connect.open = short_open;
	short_io.nfuncs = 1;
	short_io.read = short_read;
	holes_io = plain_io;
	holes_io.read = holes_read;
	ctl_io = plain_io;
	ctl_io.read = ctl_read;
	ctl_io.write = ctl_write;
	dev_io = plain_io;
	dev_io.devctl = fixture_devctl;
	victim_io = plain_io;
	victim_io.read = victim_read;
	victim_io.close_ocb = victim_close_ocb;
	guarded_io = plain_io;
	guarded_io.stat = guarded_stat;

	for (i = 0; i < ARRAY_SIZE(devs); i++)
		devs[i].id = -1;
	for (i = 0; i < ARRAY_SIZE(devs); i++) {
		const resmgr_connect_funcs_t *cf = &plain_connect;
		const resmgr_io_funcs_t *io = &plain_io;
		struct fixture_dev *d = &devs[i];

		iofunc_attr_init(&d->attr, d->mode, NULL, NULL);
		if (i == 2) {
			cf = &guarded_connect;
			io = &guarded_io;
		}
		if (i == 3) {
			cf = &short_connect;
			io = &short_io;
		}
		if (i == 4)
			io = &ctl_io;
		if (i == 5)
			io = &dev_io;
		if (i == 8)
			io = &holes_io;
		if (i == 7) {
			/* Not iofunc_open_default(): its node shows its stat all the same. */
			cf = &guarded_connect;
			d->attr.uid = make_kuid(&init_user_ns, 3000);
			d->attr.gid = make_kgid(&init_user_ns, 3001);
		}
		d->id = resmgr_attach(dpp, NULL, d->path, _FTYPE_ANY, 0, cf, io,
				      &d->attr);
		if (d->id < 0) {
			int err = d->id;

			fixture_detach_all();
			dispatch_destroy(dpp);
			return err;
		}
	}
	i = msg_init();
	if (i) {
		msg_exit();
		fixture_detach_all();
		dispatch_destroy(dpp);
		return i;
	}
	return 0;
}

static void __exit fixture_exit(void)
{
	struct victim_ocb *v, *tmp;

	msg_exit();
	fixture_detach_all();
	dispatch_destroy(dpp);
	/* OCBs of files open at a _RESMGR_DETACH_ALL are ours to free. */
	list_for_each_entry_safe(v, tmp, &victim_ocbs, node) {
		list_del(&v->node);
		kfree(v);
	}
}

module_init(fixture_init);
module_exit(fixture_exit);

MODULE_DESCRIPTION("resmgr test fixture: devices for the selftests");
MODULE_LICENSE("GPL");
MODULE_AUTHOR(RESMGR_AUTHOR);
MODULE_VERSION(RESMGR_VERSION);
