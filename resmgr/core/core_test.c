// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites for the resmgr layer, driven through the real API on
 * paths under /kunit/ (no device nodes):
 *   resmgr_call    reply conventions, the nfuncs rule, resmgr_msgread,
 *                  receive ids
 *   resmgr_attach  the open walk over a union, detach modes, draining
 *                  handlers in flight, detaching from inside a handler
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/namei.h>
#include <linux/uio.h>
#include <resmgr/dispatch.h>
#include <resmgr/iofunc.h>
#include <resmgr/neutrino.h>
#include "internal.h"

enum rt_mode {
	RT_EOK_STATUS,		/* EOK, status 7, no data */
	RT_ERRNO,		/* EIO */
	RT_BAD_ERRNO,		/* 5000: not an errno */
	RT_NPARTS,		/* "ab" + "cd", status 4 */
	RT_TOO_MANY_PARTS,	/* _RESMGR_NPARTS(RESMGR_NPARTS_MAX + 1) */
	RT_UNSET_PARTS,		/* "ab" in part 0, all nparts_max parts counted */
	RT_STATUS_OVER,		/* 2 bytes, status 1000 */
	RT_MSGREPLY,		/* resmgr_msgreply("xyz"), then NOREPLY */
	RT_MSGERROR,		/* resmgr_msgerror(EPERM), then NOREPLY */
	RT_MSGREPLY_RCVID,	/* MsgReply(ctp->rcvid, "hi"), then NOREPLY */
	RT_DEFER,		/* keep the rcvid, NOREPLY: the test answers */
	RT_DEFAULT,		/* _RESMGR_DEFAULT: other_func or ENOSYS */
	RT_BLOCK,		/* wait for the test to let go */
	RT_DETACH_SELF,		/* resmgr_detach() its own link */
	RT_NEG_STATUS,		/* EOK, status -512 (ERESTARTSYS) */
	RT_MSGREPLY_NEG,	/* MsgReply(ctp->rcvid, -512), then NOREPLY */
	RT_TEN_PARTS,		/* "a" ... "j", a part each, status 10 */
	RT_QNX_CALLS,		/* _resmgr_ocb, resmgr_iofuncs, resmgr_devino, msgwritev */
	RT_UNBIND,		/* resmgr_unbind(), status 0 */
	RT_DEFER_LATE,		/* RT_BLOCK, then _RESMGR_NOREPLY */
};

struct rt_state {
	dispatch_t		*dpp;
	int			id;
	enum rt_mode		mode;
	int			open_ret;
	int			parts;		/* RT_UNSET_PARTS: parts counted */
	bool			open_binds;	/* with open_ret: bind, then fail */
	bool			close_in_call;	/* close_ocb ran inside a call */
	int			opens;
	int			locks;
	int			unlocks;
	int			close_dups;
	int			close_ocbs;
	int			detach_ret;
	struct completion	entered;
	struct completion	release;
	int			saved_rcvid;
	char			msgread[16];
	ssize_t			msgread_ret;
	bool			open_null;
	int			notify_coid;
	int			close_coid;
	bool			write_inline;
	char			*inline_data;	/* what came after msg->i */
	size_t			inline_len;
	size_t			src_len;
	bool			ocb_seen;
	bool			iofuncs_seen;
	int			devino_ret;
	dev_t			dev;
	ino_t			ino;
	u32			notify_reply;	/* notify replies these flags */
	u32			notify_asked;
	const char		*redirect;	/* open answers _IO_CONNECT_RET_LINK */
	u16			redirect_entries;
	struct {
		struct _io_connect_link_reply	r;
		char				path[64];
	} link;
};

static const resmgr_io_funcs_t rt_io_opaque;
static const resmgr_io_funcs_t rt_io;

static int rt_open(resmgr_context_t *ctp, io_open_t *msg, void *handle, void *extra)
{
	struct rt_state *st = handle;

	st->opens++;
	if (st->open_ret && st->open_binds)
		return resmgr_open_bind(ctp, st, NULL) ? EIO : st->open_ret;
	if (st->open_ret)
		return st->open_ret;
	if (st->redirect) {
		memset(&st->link, 0, sizeof(st->link));
		st->link.r.nentries = st->redirect_entries;
		st->link.r.path_len = strscpy(st->link.path, st->redirect,
					      sizeof(st->link.path)) + 1;
		_IO_SET_CONNECT_RET(ctp, _IO_CONNECT_RET_LINK);
		return _RESMGR_PTR(ctp, &st->link, sizeof(st->link.r) + st->link.r.path_len);
	}
	if (st->open_null)
		return resmgr_open_bind(ctp, NULL, &rt_io_opaque) ? EIO : EOK;
	return resmgr_open_bind(ctp, st, NULL) ? EIO : EOK;
}

static int rt_read(resmgr_context_t *ctp, io_read_t *msg, void *ocb)
{
	static const char ab[] = "ab", cd[] = "cd", xyz[] = "xyz";
	struct rt_state *st = ocb;

	switch (st->mode) {
	case RT_EOK_STATUS:
		_IO_SET_READ_NBYTES(ctp, 7);
		return EOK;
	case RT_NEG_STATUS:
		_RESMGR_STATUS(ctp, -512);
		return EOK;
	case RT_MSGREPLY_NEG:
		MsgReply(ctp->rcvid, -512, NULL, 0);
		return _RESMGR_NOREPLY;
	case RT_ERRNO:
		return EIO;
	case RT_BAD_ERRNO:
		return 5000;
	case RT_NPARTS:
		SETIOV(&ctp->iov[0], ab, 2);
		SETIOV(&ctp->iov[1], cd, 2);
		_IO_SET_READ_NBYTES(ctp, 4);
		return _RESMGR_NPARTS(2);
	case RT_TOO_MANY_PARTS:
		return _RESMGR_NPARTS(RESMGR_NPARTS_MAX + 1);
	case RT_UNSET_PARTS:
		SETIOV(&ctp->iov[0], ab, 2);
		_IO_SET_READ_NBYTES(ctp, 2);
		return _RESMGR_NPARTS(st->parts);
	case RT_QNX_CALLS: {
		iov_t parts[2];

		st->ocb_seen = _resmgr_ocb(ctp, NULL) == ocb && resmgr_ocb(ctp) == ocb;
		st->iofuncs_seen = resmgr_iofuncs(ctp, NULL) == &rt_io;
		st->devino_ret = resmgr_devino(ctp->id, &st->dev, &st->ino);
		SETIOV(&parts[0], ab, 2);
		SETIOV(&parts[1], cd, 2);
		_IO_SET_READ_NBYTES(ctp, resmgr_msgwritev(ctp, parts, 2, 0));
		return EOK;
	}
	case RT_UNBIND:
		resmgr_unbind(ctp);
		_IO_SET_READ_NBYTES(ctp, 0);
		return EOK;
	case RT_TEN_PARTS: {
		static const char letters[] = "abcdefghij";
		int i;

		for (i = 0; i < 10; i++)
			SETIOV(&ctp->iov[i], &letters[i], 1);
		_IO_SET_READ_NBYTES(ctp, 10);
		return _RESMGR_NPARTS(10);
	}
	case RT_STATUS_OVER:
		_IO_SET_READ_NBYTES(ctp, 1000);
		return _RESMGR_PTR(ctp, ab, 2);
	case RT_MSGREPLY:
		_IO_SET_READ_NBYTES(ctp, 3);
		resmgr_msgreply(ctp, (void *)xyz, 3);
		return _RESMGR_NOREPLY;
	case RT_MSGERROR:
		resmgr_msgerror(ctp, EPERM);
		return _RESMGR_NOREPLY;
	case RT_MSGREPLY_RCVID:
		MsgReply(ctp->rcvid, 2, "hi", 2);
		return _RESMGR_NOREPLY;
	case RT_DEFER:
		st->saved_rcvid = ctp->rcvid;
		complete(&st->entered);
		return _RESMGR_NOREPLY;
	case RT_DEFAULT:
		return _RESMGR_DEFAULT;
	case RT_BLOCK:
		complete(&st->entered);
		wait_for_completion(&st->release);
		return EOK;
	case RT_DEFER_LATE:
		st->saved_rcvid = ctp->rcvid;
		complete(&st->entered);
		wait_for_completion(&st->release);
		return _RESMGR_NOREPLY;
	case RT_DETACH_SELF:
		st->detach_ret = resmgr_detach(st->dpp, st->id, _RESMGR_DETACH_ALL);
		return EOK;
	}
	return ENOSYS;
}

static int rt_write(resmgr_context_t *ctp, io_write_t *msg, void *ocb)
{
	struct rt_state *st = ocb;

	if (st->write_inline) {
		/* As QNX servers read a small write: right after the header. */
		st->inline_len = ctp->info.msglen - sizeof(msg->i);
		st->src_len = ctp->info.srcmsglen;
		st->inline_data = kmemdup(&msg->i + 1, st->inline_len, GFP_KERNEL);
	}
	st->msgread_ret = resmgr_msgread(ctp, st->msgread, 5, sizeof(msg->i) + 6);
	if (st->write_inline) {
		iov_t parts[2];

		SETIOV(&parts[0], st->msgread + 8, 2);
		SETIOV(&parts[1], st->msgread + 10, 3);
		st->msgread_ret = resmgr_msgreadv(ctp, parts, 2, sizeof(msg->i) + 1);
	}
	_IO_SET_WRITE_NBYTES(ctp, msg->i.nbytes);
	return EOK;
}

static int rt_lock(resmgr_context_t *ctp, void *reserved, void *ocb)
{
	((struct rt_state *)ocb)->locks++;
	return EOK;
}

static int rt_unlock(resmgr_context_t *ctp, void *reserved, void *ocb)
{
	((struct rt_state *)ocb)->unlocks++;
	return EOK;
}

static int rt_close_dup(resmgr_context_t *ctp, io_close_t *msg, void *ocb)
{
	((struct rt_state *)ocb)->close_dups++;
	return EOK;
}

/* A connect call this thread runs is in flight (a detach would wait for it). */
static bool rt_own_connect_call(struct resmgr_call *call, void *arg)
{
	return call->connect && call->task == current;
}

static int rt_close_ocb(resmgr_context_t *ctp, void *reserved, void *ocb)
{
	struct rt_state *st = ocb;

	st->close_in_call = resmgr_rcvid_scan(rt_own_connect_call, NULL);
	st->close_ocbs++;
	st->close_coid = ctp->info.coid;
	return EOK;
}

/* Arms nothing; remembers the connection the arming came on. */
static int rt_notify(resmgr_context_t *ctp, io_notify_t *msg, void *ocb)
{
	struct rt_state *st = ocb;

	st->notify_coid = ctp->info.coid;
	st->notify_asked = msg->i.flags;
	if (!st->notify_reply)
		return EOK;
	msg->o.zero = 0;
	msg->o.flags = st->notify_reply;
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o));
}

static int rt_other(resmgr_context_t *ctp, void *msg)
{
	_RESMGR_STATUS(ctp, 3);
	return EOK;
}

/* A symbolic link answers its readlink as QNX's file systems do. */
static int rt_readlink(resmgr_context_t *ctp, io_readlink_t *msg, void *handle,
		       void *reserved)
{
	struct rt_state *st = handle;

	return st->redirect ? rt_open(ctp, msg, handle, reserved) : ENOSYS;
}

static const resmgr_connect_funcs_t rt_connect = {
	.nfuncs = _RESMGR_CONNECT_NFUNCS,
	.open = rt_open,
	.readlink = rt_readlink,
};

static const resmgr_io_funcs_t rt_io = {
	.nfuncs = _RESMGR_IO_NFUNCS,
	.read = rt_read,
	.write = rt_write,
	.notify = rt_notify,
	.close_ocb = rt_close_ocb,
	.close_dup = rt_close_dup,
	.lock_ocb = rt_lock,
	.unlock_ocb = rt_unlock,
};

/* The I/O table of an OCB bound as NULL: its read says so. */
static int rt_read_opaque(resmgr_context_t *ctp, io_read_t *msg, void *ocb)
{
	if (ocb)
		return EINVAL;
	_IO_SET_READ_NBYTES(ctp, 4);
	return _RESMGR_PTR(ctp, "null", 4);
}

static const resmgr_io_funcs_t rt_io_opaque = {
	.nfuncs = _RESMGR_IO_NFUNCS,
	.read = rt_read_opaque,
};

/* Only read is inside nfuncs: everything else gets built-in behaviour. */
static const resmgr_io_funcs_t rt_io_short = {
	.nfuncs = 1,
	.read = rt_read,
	.write = rt_write,
	.close_ocb = rt_close_ocb,
	.close_dup = rt_close_dup,
	.lock_ocb = rt_lock,
	.unlock_ocb = rt_unlock,
};

struct rt_fixture {
	dispatch_t	*dpp;
	struct rt_state	st[2];
};

static int rt_init(struct kunit *test)
{
	struct rt_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->dpp = dispatch_create();
	KUNIT_ASSERT_NOT_NULL(test, f->dpp);
	for (i = 0; i < 2; i++) {
		f->st[i].dpp = f->dpp;
		f->st[i].id = -1;
		init_completion(&f->st[i].entered);
		init_completion(&f->st[i].release);
	}
	test->priv = f;
	return 0;
}

static void rt_exit(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	int i;

	for (i = 0; i < 2; i++)
		if (f->st[i].id >= 0)
			resmgr_detach(f->dpp, f->st[i].id, _RESMGR_DETACH_ALL);
	KUNIT_EXPECT_EQ(test, dispatch_destroy(f->dpp), 0);
}

static int rt_attach(struct kunit *test, int i, const char *path, unsigned int flags,
		     const resmgr_io_funcs_t *io, resmgr_attr_t *attr)
{
	struct rt_fixture *f = test->priv;

	f->st[i].id = resmgr_attach(f->dpp, attr, path, _FTYPE_ANY, flags,
				    &rt_connect, io, &f->st[i]);
	KUNIT_ASSERT_GE(test, f->st[i].id, 0);
	return f->st[i].id;
}

static ssize_t rt_do_read(struct resmgr_binding *b, char *buf, size_t len)
{
	struct kvec kv = { .iov_base = buf, .iov_len = len };
	struct iov_iter it;

	iov_iter_kvec(&it, READ, &kv, 1, len);
	return resmgr_read(b, &it, 0, false, false);
}

static ssize_t rt_do_write(struct resmgr_binding *b, const char *buf, size_t len)
{
	struct kvec kv = { .iov_base = (void *)buf, .iov_len = len };
	struct iov_iter it;

	iov_iter_kvec(&it, WRITE, &kv, 1, len);
	return resmgr_write(b, &it, 0, false, false);
}

/* ---- resmgr_call ---- */

struct rt_reply_case {
	const char	*name;
	enum rt_mode	mode;
	bool		other_func;
	long		ret;
	const char	*data;
};

static const struct rt_reply_case rt_reply_cases[] = {
	{ "eok_status", RT_EOK_STATUS, false, 7, "" },
	{ "errno", RT_ERRNO, false, -EIO, "" },
	{ "bad_errno_is_eio", RT_BAD_ERRNO, false, -EIO, "" },
	{ "nparts", RT_NPARTS, false, 4, "abcd" },
	{ "too_many_parts", RT_TOO_MANY_PARTS, false, -EIO, "" },
	{ "status_capped_at_buffer", RT_STATUS_OVER, false, 8, "ab" },
	{ "msgreply_noreply", RT_MSGREPLY, false, 3, "xyz" },
	{ "msgerror_noreply", RT_MSGERROR, false, -EPERM, "" },
	{ "msgreply_rcvid_in_handler", RT_MSGREPLY_RCVID, false, 2, "hi" },
	{ "default_without_other_func", RT_DEFAULT, false, -ENOSYS, "" },
	{ "default_with_other_func", RT_DEFAULT, true, 3, "" },
	{ "negative_status_is_eio", RT_NEG_STATUS, false, -EIO, "" },
	{ "msgreply_negative_status_is_eio", RT_MSGREPLY_NEG, false, -EIO, "" },
};

static void rt_reply_desc(const struct rt_reply_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(rt_reply, rt_reply_cases, rt_reply_desc);

/* Each return convention becomes the right read() result and bytes. */
static void resmgr_call_reply_conventions(struct kunit *test)
{
	const struct rt_reply_case *c = test->param_value;
	struct rt_fixture *f = test->priv;
	resmgr_attr_t attr = { .other_func = c->other_func ? rt_other : NULL };
	struct resmgr_binding *b;
	char buf[8] = {};

	rt_attach(test, 0, "/kunit/reply", 0, &rt_io, &attr);
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/reply", O_RDWR, &b), 0);
	f->st[0].mode = c->mode;
	KUNIT_EXPECT_EQ(test, rt_do_read(b, buf, sizeof(buf)), c->ret);
	KUNIT_EXPECT_STREQ(test, buf, c->data);
	/* lock_ocb and unlock_ocb bracket the handler. */
	KUNIT_EXPECT_EQ(test, f->st[0].locks, 1);
	KUNIT_EXPECT_EQ(test, f->st[0].unlocks, 1);
	resmgr_release(b);
	KUNIT_EXPECT_EQ(test, f->st[0].close_ocbs, 1);
}

/*
 * nparts_max 10 (a real QNX server's): the handler has ten parts and
 * replies with all of them (once refused at attach: at most 8).
 */
static void resmgr_call_ten_parts(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	resmgr_attr_t attr = { .nparts_max = 10 };
	struct resmgr_binding *b;
	char buf[16] = {};

	rt_attach(test, 0, "/kunit/ten", 0, &rt_io, &attr);
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/ten", O_RDWR, &b), 0);
	f->st[0].mode = RT_TEN_PARTS;
	KUNIT_EXPECT_EQ(test, rt_do_read(b, buf, sizeof(buf) - 1), 10);
	KUNIT_EXPECT_STREQ(test, buf, "abcdefghij");
	resmgr_release(b);
}

/* Parts a stale stack would hand a handler: "XY" each. */
static noinline void rt_dirty_stack(int depth)
{
	iov_t junk[32];
	int i;

	for (i = 0; i < ARRAY_SIZE(junk); i++)
		SETIOV(&junk[i], "XY", 2);
	barrier_data(junk);
	if (depth)
		rt_dirty_stack(depth - 1);
}

/*
 * A handler that counts parts it did not set (all nparts_max of them)
 * sends only the one it set: the others are empty, never what the stack
 * or the heap held before, inline parts or allocated ones.
 */
static void resmgr_call_unset_parts_are_empty(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	resmgr_attr_t attr = { .nparts_max = 10 };
	struct resmgr_binding *b;
	char buf[32] = {};

	rt_attach(test, 0, "/kunit/unset", 0, &rt_io, NULL);
	rt_attach(test, 1, "/kunit/unset10", 0, &rt_io, &attr);
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/unset", O_RDWR, &b), 0);
	f->st[0].mode = RT_UNSET_PARTS;
	f->st[0].parts = RESMGR_NPARTS_INLINE;
	rt_dirty_stack(6);
	KUNIT_EXPECT_EQ(test, rt_do_read(b, buf, sizeof(buf) - 1), 2);
	KUNIT_EXPECT_STREQ(test, buf, "ab");
	resmgr_release(b);

	memset(buf, 0, sizeof(buf));
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/unset10", O_RDWR, &b), 0);
	f->st[1].mode = RT_UNSET_PARTS;
	f->st[1].parts = 10;
	KUNIT_EXPECT_EQ(test, rt_do_read(b, buf, sizeof(buf) - 1), 2);
	KUNIT_EXPECT_STREQ(test, buf, "ab");
	resmgr_release(b);
}

/*
 * The receive buffer holds the message's first msg_max_size bytes, as on
 * QNX: a write's data follows msg->i (once only the header was there).
 * A write past the buffer brings its first bytes; msgread gets the rest.
 */
static void resmgr_call_write_data_in_message(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct rt_state *st = &f->st[0];
	struct resmgr_binding *b;
	char *big;
	int i;

	big = kunit_kmalloc(test, 3000, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, big);
	for (i = 0; i < 3000; i++)
		big[i] = 'a' + i % 23;
	rt_attach(test, 0, "/kunit/inline", 0, &rt_io, NULL);
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/inline", O_RDWR, &b), 0);
	st->write_inline = true;

	KUNIT_EXPECT_EQ(test, rt_do_write(b, "hello world", 11), 11);
	KUNIT_EXPECT_EQ(test, st->inline_len, 11);
	KUNIT_EXPECT_EQ(test, st->src_len, sizeof(struct _io_write) + 11);
	KUNIT_ASSERT_NOT_NULL(test, st->inline_data);
	KUNIT_EXPECT_EQ(test, memcmp(st->inline_data, "hello world", 11), 0);
	kfree(st->inline_data);

	/* The default buffer: RESMGR_MSG_MAX_MIN bytes in all. */
	KUNIT_EXPECT_EQ(test, rt_do_write(b, big, 3000), 3000);
	KUNIT_EXPECT_EQ(test, st->inline_len, 2048 - sizeof(struct _io_write));
	KUNIT_EXPECT_EQ(test, st->src_len, sizeof(struct _io_write) + 3000);
	KUNIT_ASSERT_NOT_NULL(test, st->inline_data);
	KUNIT_EXPECT_EQ(test, memcmp(st->inline_data, big, st->inline_len), 0);
	KUNIT_EXPECT_EQ(test, memcmp(st->msgread, big + 6, 5), 0);
	/* resmgr_msgreadv(): two parts, 2 + 3 bytes from offset 1. */
	KUNIT_EXPECT_EQ(test, st->msgread_ret, 5);
	KUNIT_EXPECT_EQ(test, memcmp(st->msgread + 8, big + 1, 5), 0);
	kfree(st->inline_data);
	resmgr_release(b);
}

/*
 * _resmgr_ocb()/resmgr_ocb(), resmgr_iofuncs(), resmgr_devino() and
 * resmgr_msgwritev() inside a read; resmgr_msgreadv() inside a write;
 * resmgr_unbind(): the file's next call is EBADF, its close reaches no
 * handler.
 */
static void resmgr_call_qnx_calls(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct rt_state *st = &f->st[0];
	struct resmgr_binding *b;
	char buf[8] = {};
	int id;

	id = rt_attach(test, 0, "/kunit/calls", 0, &rt_io, NULL);
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/calls", O_RDWR, &b), 0);
	st->mode = RT_QNX_CALLS;
	KUNIT_EXPECT_EQ(test, rt_do_read(b, buf, sizeof(buf)), 4);
	KUNIT_EXPECT_STREQ(test, buf, "abcd");
	KUNIT_EXPECT_TRUE(test, st->ocb_seen);
	KUNIT_EXPECT_TRUE(test, st->iofuncs_seen);
	KUNIT_EXPECT_EQ(test, st->devino_ret, 0);
	KUNIT_EXPECT_EQ(test, st->ino, (ino_t)id + 1);
	KUNIT_EXPECT_EQ(test, st->dev, 0);	/* no /dev node under /kunit */
	KUNIT_EXPECT_EQ(test, resmgr_devino(0x7ffffff0, &st->dev, &st->ino), -ENOENT);

	st->mode = RT_UNBIND;
	KUNIT_EXPECT_EQ(test, rt_do_read(b, buf, sizeof(buf)), 0);
	KUNIT_EXPECT_EQ(test, rt_do_read(b, buf, sizeof(buf)), -EBADF);
	resmgr_release(b);
	KUNIT_EXPECT_EQ(test, st->close_ocbs, 0);
}

static int rt_msg_handler(message_context_t *ctp, int code, unsigned int flags,
			  void *handle)
{
	return 0;
}

static dispatch_context_t *rt_pool_block(dispatch_context_t *ctp)
{
	return NULL;
}

static int rt_pool_handler(dispatch_context_t *ctp)
{
	return 0;
}

/*
 * The dispatch layer's bad input: message_attach() ranges that overlap
 * (EBUSY) or leave their kind's space (EINVAL), the I/O range resmgr
 * serves (EBUSY), code allocation; dispatch_timeout() times;
 * thread_pool_control()/limits() limits; resmgr_msg_again() on no call.
 * A refused call changes nothing: the range stays free for a good one.
 */
static void resmgr_call_dispatch_bad_input(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	message_attr_t pulse = { .flags = MSG_FLAG_TYPE_PULSE };
	message_attr_t alloc = { .flags = MSG_FLAG_TYPE_PULSE | MSG_FLAG_ALLOC_PULSE };
	message_attr_t tmo = { .flags = MSG_FLAG_TIMEOUT_FUNC };
	message_attr_t bad = { .flags = 0x80000000u };
	struct timespec ts = { 0, NSEC_PER_SEC };
	thread_pool_attr_t pa = {
		.handle = f->dpp, .block_func = rt_pool_block,
		.handler_func = rt_pool_handler,
		.context_alloc = dispatch_context_alloc,
		.context_free = dispatch_context_free,
		.lo_water = 1, .hi_water = 2, .increment = 1, .maximum = 2,
	};
	thread_pool_t *pool;
	int code;

	KUNIT_EXPECT_EQ(test, message_attach(f->dpp, &pulse, 10, 19, rt_msg_handler, NULL), 0);
	KUNIT_EXPECT_EQ(test, message_attach(f->dpp, &pulse, 15, 25, rt_msg_handler, NULL),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, pulse_attach(f->dpp, 0, 19, rt_msg_handler, NULL), -EBUSY);
	KUNIT_EXPECT_EQ(test, message_attach(f->dpp, &pulse, 20, 200, rt_msg_handler, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, message_attach(f->dpp, &pulse, 5, 4, rt_msg_handler, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, message_attach(f->dpp, &bad, 1, 1, rt_msg_handler, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, message_attach(f->dpp, &pulse, 1, 1, NULL, NULL), -EINVAL);
	/* Message types: QNX's I/O range is resmgr's. */
	KUNIT_EXPECT_EQ(test, message_attach(f->dpp, NULL, 0x1f0, 0x210, rt_msg_handler, NULL),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, message_attach(f->dpp, NULL, 0x300, 0x3ff, rt_msg_handler, NULL), 0);
	/* Pulse codes and message types are apart: 10-19 is free as types. */
	KUNIT_EXPECT_EQ(test, message_attach(f->dpp, NULL, 10, 19, rt_msg_handler, NULL), 0);
	code = message_attach(f->dpp, &alloc, 0, 0, rt_msg_handler, NULL);
	KUNIT_EXPECT_EQ(test, code, 0);
	KUNIT_EXPECT_EQ(test, pulse_attach(f->dpp, MSG_FLAG_ALLOC_PULSE, 0, rt_msg_handler, NULL),
			1);
	KUNIT_EXPECT_EQ(test, message_attach(f->dpp, &tmo, 0, 0, rt_msg_handler, NULL), 0);
	KUNIT_EXPECT_EQ(test, message_attach(f->dpp, &tmo, 0, 0, rt_msg_handler, NULL), -EBUSY);
	KUNIT_EXPECT_EQ(test, message_detach(f->dpp, 0, 0, MSG_FLAG_TIMEOUT_FUNC), 0);
	KUNIT_EXPECT_EQ(test, message_detach(f->dpp, 0, 0, MSG_FLAG_TIMEOUT_FUNC), -EINVAL);
	KUNIT_EXPECT_EQ(test, message_detach(f->dpp, 10, 18, MSG_FLAG_TYPE_PULSE), -EINVAL);
	KUNIT_EXPECT_EQ(test, message_detach(f->dpp, 10, 19, MSG_FLAG_TYPE_PULSE), 0);
	KUNIT_EXPECT_EQ(test, message_attach(f->dpp, &pulse, 15, 25, rt_msg_handler, NULL), 0);

	KUNIT_EXPECT_EQ(test, dispatch_timeout(f->dpp, &ts), -EINVAL);
	ts.tv_nsec = -1;
	KUNIT_EXPECT_EQ(test, dispatch_timeout(f->dpp, &ts), -EINVAL);
	ts.tv_sec = -1;
	ts.tv_nsec = 0;
	KUNIT_EXPECT_EQ(test, dispatch_timeout(f->dpp, &ts), -EINVAL);
	KUNIT_EXPECT_EQ(test, dispatch_timeout(NULL, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, dispatch_timeout(f->dpp, NULL), 0);

	pool = thread_pool_create(&pa, 0);
	KUNIT_ASSERT_NOT_NULL(test, pool);
	KUNIT_EXPECT_EQ(test, thread_pool_limits(pool, 3, 2, -1, -1, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, thread_pool_limits(pool, -1, -1, 0, -1, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, thread_pool_limits(pool, 70000, -1, -1, -1, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, thread_pool_limits(pool, -1, -1, -1, -1, 0x1), -EINVAL);
	KUNIT_EXPECT_EQ(test, thread_pool_control(pool, &pa, 3, 2, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, thread_pool_control(pool, NULL, 0, 1, 0), -EINVAL);
	/* Not started: the limits change, nothing waits. */
	KUNIT_EXPECT_EQ(test, thread_pool_limits(pool, 2, 3, 4, 1, 0), 0);
	KUNIT_EXPECT_EQ(test, thread_pool_destroy(pool), 0);

	/* No QNX channel can be named: only -1 (a new one) makes a handle. */
	KUNIT_EXPECT_NULL(test, dispatch_create_channel(3, DISPATCH_FLAG_NOLOCK));

	KUNIT_EXPECT_EQ(test, resmgr_msg_again(NULL, 0x7fffff00), -ESRCH);
	KUNIT_EXPECT_EQ(test, resmgr_msg_again(NULL, -1), -ESRCH);
}

/* fdinfo's path: after QNX's reply, bounded by path_len, the status its length. */
static void resmgr_call_fdinfo_path(struct kunit *test)
{
	static const char path[] = "/kunit/fdinfo";
	resmgr_context_t ctp = { .iov = (iov_t[RESMGR_NPARTS_INLINE]) {},
				 .msg_max_size = 2048 };
	union {
		io_fdinfo_t m;
		char buf[256];
	} msg = {};
	iofunc_ocb_t ocb = {};
	iofunc_attr_t attr;
	char *got = (char *)(&msg.m.o + 1);

	iofunc_attr_init(&attr, S_IFCHR | 0600, NULL, NULL);
	ocb.attr = &attr;
	ctp.id = rt_attach(test, 0, path, 0, &rt_io, NULL);
	msg.m.i.path_len = 64;
	KUNIT_EXPECT_EQ(test, iofunc_fdinfo_default(&ctp, &msg.m, &ocb), _RESMGR_NPARTS(1));
	KUNIT_EXPECT_EQ(test, ctp.status, (int)strlen(path));
	KUNIT_EXPECT_EQ(test, ctp.iov[0].iov_len, sizeof(msg.m.o) + sizeof(path));
	KUNIT_EXPECT_STREQ(test, got, path);

	/* Room for 5 bytes: 5 bytes of it, the status still the whole length. */
	memset(&msg, 0, sizeof(msg));
	msg.m.i.path_len = 5;
	KUNIT_EXPECT_EQ(test, iofunc_fdinfo_default(&ctp, &msg.m, &ocb), _RESMGR_NPARTS(1));
	KUNIT_EXPECT_EQ(test, ctp.status, (int)strlen(path));
	KUNIT_EXPECT_EQ(test, ctp.iov[0].iov_len, sizeof(msg.m.o) + 5);
	KUNIT_EXPECT_EQ(test, memcmp(got, path, 4), 0);
}

/*
 * poll() asks in QNX's extended conditions too, and a manager's extended
 * answer reaches Linux: hang-up and error included (before, they were
 * dropped, and a poller of a hung-up device slept on).
 */
static void resmgr_call_poll_extended(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct rt_state *st = &f->st[0];
	struct resmgr_binding *b;
	__poll_t mask;

	rt_attach(test, 0, "/kunit/pollx", 0, &rt_io, NULL);
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/pollx", O_RDWR, &b), 0);
	st->notify_reply = _NOTIFY_COND_EXTEN | _NOTIFY_CONDE_HUP | _NOTIFY_CONDE_RDNORM;
	mask = resmgr_poll(b, NULL, NULL);
	KUNIT_EXPECT_EQ(test, mask, EPOLLHUP | EPOLLIN | EPOLLRDNORM);
	KUNIT_EXPECT_TRUE(test, st->notify_asked & _NOTIFY_COND_INPUT);
	KUNIT_EXPECT_TRUE(test, st->notify_asked & _NOTIFY_COND_EXTEN);
	KUNIT_EXPECT_TRUE(test, st->notify_asked & _NOTIFY_CONDE_RDNORM);
	KUNIT_EXPECT_TRUE(test, st->notify_asked & _NOTIFY_CONDE_WRNORM);
	KUNIT_EXPECT_TRUE(test, st->notify_asked & _NOTIFY_CONDE_HUP);
	st->notify_reply = _NOTIFY_COND_EXTEN | _NOTIFY_CONDE_ERR | _NOTIFY_CONDE_WRBAND;
	KUNIT_EXPECT_EQ(test, resmgr_poll(b, NULL, NULL), EPOLLERR | EPOLLWRBAND);
	st->notify_reply = _NOTIFY_COND_OUTPUT;
	KUNIT_EXPECT_EQ(test, resmgr_poll(b, NULL, NULL), EPOLLOUT | EPOLLWRNORM);
	resmgr_release(b);
}

/*
 * Each set of events a poller may wait for (and bits a poll ignores)
 * asks the notify handler for those alone; the answer it gives in place
 * in its message (msg->o) is the poll's mask, and a reply too short to
 * hold the flags is none.
 */
static void resmgr_call_poll_asks_what_is_waited_for(struct kunit *test)
{
	/* Each event alone, and what it asks; a set asks the union. */
	static const struct {
		__poll_t	event;
		u32		asks;
	} map[] = {
		{ EPOLLIN,	_NOTIFY_COND_INPUT | _NOTIFY_CONDE_RDNORM },
		{ EPOLLRDNORM,	_NOTIFY_COND_INPUT | _NOTIFY_CONDE_RDNORM },
		{ EPOLLOUT,	_NOTIFY_COND_OUTPUT | _NOTIFY_CONDE_WRNORM },
		{ EPOLLWRNORM,	_NOTIFY_COND_OUTPUT | _NOTIFY_CONDE_WRNORM },
		{ EPOLLPRI,	_NOTIFY_COND_OBAND | _NOTIFY_CONDE_PRI },
		{ EPOLLRDBAND,	_NOTIFY_COND_OBAND | _NOTIFY_CONDE_RDBAND },
		{ EPOLLWRBAND,	_NOTIFY_CONDE_WRBAND },
	};
	/* Asked always: Linux reports these whether waited for or not. */
	const u32 always = _NOTIFY_COND_EXTEN | _NOTIFY_CONDE_ERR | _NOTIFY_CONDE_HUP |
			   _NOTIFY_CONDE_NVAL;
	struct rt_fixture *f = test->priv;
	struct rt_state *st = &f->st[0];
	struct poll_table_struct pt = {};
	struct resmgr_binding *b;
	unsigned int set, i;
	u32 want;

	rt_attach(test, 0, "/kunit/pollw", 0, &rt_io, NULL);
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/pollw", O_RDWR, &b), 0);
	st->notify_reply = _NOTIFY_COND_OUTPUT;
	for (set = 0; set < 1U << ARRAY_SIZE(map); set++) {
		pt._key = EPOLLERR | EPOLLHUP;
		want = always;
		for (i = 0; i < ARRAY_SIZE(map); i++) {
			if (set & 1U << i) {
				pt._key |= map[i].event;
				want |= map[i].asks;
			}
		}
		KUNIT_EXPECT_EQ(test, resmgr_poll(b, NULL, &pt), EPOLLOUT | EPOLLWRNORM);
		KUNIT_EXPECT_EQ_MSG(test, st->notify_asked, want, "events %#x",
				    (__force u32)pt._key);
	}
	st->notify_reply = 0;
	KUNIT_EXPECT_EQ(test, resmgr_poll(b, NULL, NULL), 0);
	resmgr_release(b);
}

/* Slots past nfuncs: ENOSYS, ESPIPE for lseek, close_dup EOK, lock/close_ocb skipped. */
static void resmgr_call_nfuncs_rule(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct resmgr_binding *b;
	char buf[8] = {};

	rt_attach(test, 0, "/kunit/short", 0, &rt_io_short, NULL);
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/short", O_RDWR, &b), 0);
	f->st[0].mode = RT_EOK_STATUS;
	KUNIT_EXPECT_EQ(test, rt_do_read(b, buf, sizeof(buf)), 7);
	KUNIT_EXPECT_EQ(test, rt_do_write(b, "x", 1), -ENOSYS);
	KUNIT_EXPECT_EQ(test, resmgr_lseek(b, 0, SEEK_SET), -ESPIPE);
	KUNIT_EXPECT_EQ(test, resmgr_close_dup(b, NULL, false), 0);
	KUNIT_EXPECT_EQ(test, f->st[0].close_dups, 0);
	KUNIT_EXPECT_EQ(test, f->st[0].locks, 0);
	resmgr_release(b);
	KUNIT_EXPECT_EQ(test, f->st[0].close_ocbs, 0);
}

/*
 * The last descriptor's close runs close_dup then close_ocb in one call,
 * before close() returns (QNX's _IO_CLOSE); the release then runs
 * nothing. A close that is not the last runs close_dup alone.
 */
static void resmgr_call_last_close(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct resmgr_binding *b;

	rt_attach(test, 0, "/kunit/last", 0, &rt_io, NULL);
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/last", O_RDWR, &b), 0);
	KUNIT_EXPECT_EQ(test, resmgr_close_dup(b, NULL, false), 0);
	KUNIT_EXPECT_EQ(test, f->st[0].close_dups, 1);
	KUNIT_EXPECT_EQ(test, f->st[0].close_ocbs, 0);
	KUNIT_EXPECT_EQ(test, resmgr_close_dup(b, NULL, true), 0);
	KUNIT_EXPECT_EQ(test, f->st[0].close_dups, 2);
	KUNIT_EXPECT_EQ(test, f->st[0].close_ocbs, 1);
	resmgr_release(b);
	KUNIT_EXPECT_EQ(test, f->st[0].close_dups, 2);
	KUNIT_EXPECT_EQ(test, f->st[0].close_ocbs, 1);
}

/*
 * The last close takes the file off its link: the listing's count of
 * open files drops at close(), and a detach closing every file between
 * that close and the release finds nothing left to close.
 */
static void resmgr_call_last_close_unlists(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct resmgr_binding *b;
	struct resmgr_link *link;

	rt_attach(test, 0, "/kunit/unlist", 0, &rt_io, NULL);
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/unlist", O_RDWR, &b), 0);
	link = b->link;
	KUNIT_EXPECT_EQ(test, atomic_read(&link->nopen), 1);
	KUNIT_EXPECT_EQ(test, resmgr_close_dup(b, NULL, true), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&link->nopen), 0);
	mutex_lock(&link->bind_lock);
	KUNIT_EXPECT_TRUE(test, list_empty(&link->bindings));
	mutex_unlock(&link->bind_lock);
	KUNIT_EXPECT_EQ(test, resmgr_detach(f->dpp, f->st[0].id,
					    _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE), 0);
	f->st[0].id = -1;
	KUNIT_EXPECT_EQ(test, f->st[0].close_dups, 1);
	KUNIT_EXPECT_EQ(test, f->st[0].close_ocbs, 1);
	resmgr_release(b);
	KUNIT_EXPECT_EQ(test, f->st[0].close_ocbs, 1);
}

/* resmgr_msgread() reads the data after the header; past the end gives 0. */
static void resmgr_call_msgread(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct resmgr_binding *b;

	rt_attach(test, 0, "/kunit/msgread", 0, &rt_io, NULL);
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/msgread", O_RDWR, &b), 0);
	KUNIT_EXPECT_EQ(test, rt_do_write(b, "hello world", 11), 11);
	KUNIT_EXPECT_EQ(test, f->st[0].msgread_ret, 5);
	KUNIT_EXPECT_EQ(test, memcmp(f->st[0].msgread, "world", 5), 0);
	KUNIT_EXPECT_EQ(test, rt_do_write(b, "hi", 2), 2);
	KUNIT_EXPECT_EQ(test, f->st[0].msgread_ret, 0);
	resmgr_release(b);
}

/*
 * Receive ids: many calls in flight at once (more than a chunk of
 * slots) get distinct positive ids, each finds its own call, and none
 * is found after the call left; a slot used again gives a new id, so
 * an old id never names the new call.
 */
#define RT_RCVID_CALLS	(RESMGR_RCVID_CHUNK * 2 + 17)

struct rt_scan {
	struct resmgr_call	*calls;	/* RT_RCVID_CALLS of them */
	int			seen;	/* of @calls */
	int			stop_at;	/* stop after this many; 0: never */
};

static bool rt_scan_count(struct resmgr_call *call, void *arg)
{
	struct rt_scan *q = arg;

	if (call >= q->calls && call < q->calls + RT_RCVID_CALLS)
		q->seen++;
	return q->seen == q->stop_at;
}

static void resmgr_call_rcvid_slots(struct kunit *test)
{
	struct rt_scan q = {};
	struct resmgr_call *calls;
	struct resmgr_rcvid_slot *s;
	unsigned long flags;
	int *ids, i, j, old;

	calls = kunit_kcalloc(test, RT_RCVID_CALLS, sizeof(*calls), GFP_KERNEL);
	ids = kunit_kcalloc(test, RT_RCVID_CALLS, sizeof(*ids), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, calls);
	KUNIT_ASSERT_NOT_NULL(test, ids);
	for (i = 0; i < RT_RCVID_CALLS; i++) {
		KUNIT_ASSERT_EQ(test, resmgr_rcvid_register(&calls[i]), 0);
		ids[i] = calls[i].ctp.rcvid;
		KUNIT_EXPECT_GT(test, ids[i], 0);
	}
	for (i = 0; i < RT_RCVID_CALLS; i++) {
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_NE(test, ids[i], ids[j]);
		s = resmgr_rcvid_lock(ids[i], &flags);
		KUNIT_EXPECT_PTR_EQ(test, resmgr_rcvid_find(s, ids[i]), &calls[i]);
		resmgr_rcvid_unlock(s, flags);
	}
	/* The slots are the list of calls in flight a detach looks through. */
	q.calls = calls;
	KUNIT_EXPECT_FALSE(test, resmgr_rcvid_scan(rt_scan_count, &q));
	KUNIT_EXPECT_EQ(test, q.seen, RT_RCVID_CALLS);
	q.seen = 0;
	q.stop_at = 5;
	KUNIT_EXPECT_TRUE(test, resmgr_rcvid_scan(rt_scan_count, &q));
	KUNIT_EXPECT_EQ(test, q.seen, 5);
	for (i = 0; i < RT_RCVID_CALLS; i++)
		resmgr_rcvid_unregister(&calls[i]);
	q.seen = 0;
	q.stop_at = 0;
	KUNIT_EXPECT_FALSE(test, resmgr_rcvid_scan(rt_scan_count, &q));
	KUNIT_EXPECT_EQ(test, q.seen, 0);
	for (i = 0; i < RT_RCVID_CALLS; i++) {
		s = resmgr_rcvid_lock(ids[i], &flags);
		KUNIT_EXPECT_NULL(test, resmgr_rcvid_find(s, ids[i]));
		resmgr_rcvid_unlock(s, flags);
		KUNIT_EXPECT_EQ(test, MsgReply(ids[i], 0, NULL, 0), -ESRCH);
	}
	/* A handler that overwrites ctp->rcvid leaves another call's slot alone. */
	KUNIT_ASSERT_EQ(test, resmgr_rcvid_register(&calls[0]), 0);
	KUNIT_ASSERT_EQ(test, resmgr_rcvid_register(&calls[1]), 0);
	old = calls[1].ctp.rcvid;
	calls[0].ctp.rcvid = old;
	resmgr_rcvid_unregister(&calls[0]);
	s = resmgr_rcvid_lock(old, &flags);
	KUNIT_EXPECT_PTR_EQ(test, resmgr_rcvid_find(s, old), &calls[1]);
	resmgr_rcvid_unlock(s, flags);
	resmgr_rcvid_unregister(&calls[1]);
	KUNIT_EXPECT_EQ(test, MsgReply(old, 0, NULL, 0), -ESRCH);

	/* The same call again, in all likelihood in the slot it had. */
	old = ids[0];
	KUNIT_ASSERT_EQ(test, resmgr_rcvid_register(&calls[0]), 0);
	KUNIT_EXPECT_NE(test, calls[0].ctp.rcvid, old);
	KUNIT_EXPECT_EQ(test, MsgError(old, EIO), -ESRCH);
	KUNIT_EXPECT_EQ(test, calls[0].reply.state, RESMGR_REPLY_NONE);
	resmgr_rcvid_unregister(&calls[0]);
	/* Ids no slot was ever given, and the reserved ones. */
	KUNIT_EXPECT_EQ(test, MsgReply(0, 0, NULL, 0), -ESRCH);
	KUNIT_EXPECT_EQ(test, MsgReply(-1, 0, NULL, 0), -ESRCH);
	KUNIT_EXPECT_EQ(test, MsgReply(RESMGR_RCVID_SLOTS - 1, 0, NULL, 0), -ESRCH);
	KUNIT_EXPECT_EQ(test, MsgReply(INT_MAX, 0, NULL, 0), -ESRCH);
}

struct rt_rcvid_race {
	int			rcvid;		/* the id to try, READ_ONCE */
	unsigned long		found;
};

/* Another thread looks calls up by id while they come and go. */
static int rt_rcvid_prober(void *arg)
{
	struct rt_rcvid_race *r = arg;
	struct _msg_info info;

	while (!kthread_should_stop()) {
		if (!MsgInfo(READ_ONCE(r->rcvid), &info))
			r->found++;
		cond_resched();
	}
	return 0;
}

/*
 * A call leaves its slot without the slot's lock while another thread
 * finds it by id under the lock: the leaving call waits for such a
 * holder, so the holder never touches a freed call (KASAN would say).
 */
static void resmgr_call_rcvid_race(struct kunit *test)
{
	struct rt_rcvid_race r = {};
	struct task_struct *t;
	int i;

	t = kthread_run(rt_rcvid_prober, &r, "rt_rcvid_prober");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	for (i = 0; i < 5000; i++) {
		struct resmgr_call *call = kzalloc(sizeof(*call), GFP_KERNEL);

		/* No assertion here: the prober must be stopped below. */
		if (!call || resmgr_rcvid_register(call)) {
			KUNIT_FAIL(test, "no call or no receive id at round %d", i);
			kfree(call);
			break;
		}
		WRITE_ONCE(r.rcvid, call->ctp.rcvid);
		if (!(i % 64))
			cond_resched();
		resmgr_rcvid_unregister(call);
		kfree(call);
	}
	kthread_stop(t);
	kunit_info(test, "found %lu calls by id while they ran\n", r.found);
}

static struct kunit_case resmgr_call_cases[] = {
	KUNIT_CASE_PARAM(resmgr_call_reply_conventions, rt_reply_gen_params),
	KUNIT_CASE(resmgr_call_nfuncs_rule),
	KUNIT_CASE(resmgr_call_last_close),
	KUNIT_CASE(resmgr_call_last_close_unlists),
	KUNIT_CASE(resmgr_call_msgread),
	KUNIT_CASE(resmgr_call_ten_parts),
	KUNIT_CASE(resmgr_call_unset_parts_are_empty),
	KUNIT_CASE(resmgr_call_write_data_in_message),
	KUNIT_CASE(resmgr_call_qnx_calls),
	KUNIT_CASE(resmgr_call_dispatch_bad_input),
	KUNIT_CASE(resmgr_call_fdinfo_path),
	KUNIT_CASE(resmgr_call_poll_extended),
	KUNIT_CASE(resmgr_call_poll_asks_what_is_waited_for),
	KUNIT_CASE(resmgr_call_rcvid_slots),
	KUNIT_CASE(resmgr_call_rcvid_race),
	{}
};

static struct kunit_suite resmgr_call_suite = {
	.name = "resmgr_call",
	.init = rt_init,
	.exit = rt_exit,
	.test_cases = resmgr_call_cases,
};

/* ---- resmgr_attach ---- */

/*
 * An open that bound an OCB and then failed gets close_ocb while its call
 * is still in flight, so a detach's drain waits for it: a manager may
 * free what it holds of the link once the drain returns (the user
 * channel frees its OCBs; a close after that was a list_del of a freed
 * OCB, seen on 6.1 in ipc_test).
 */
static void resmgr_attach_stray_bind_closed_in_call(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct resmgr_binding *b;

	rt_attach(test, 0, "/kunit/stray", 0, &rt_io, NULL);
	f->st[0].open_ret = EACCES;
	f->st[0].open_binds = true;
	KUNIT_EXPECT_EQ(test, resmgr_open("/kunit/stray", O_RDONLY, &b), -EACCES);
	KUNIT_EXPECT_EQ(test, f->st[0].close_ocbs, 1);
	KUNIT_EXPECT_TRUE(test, f->st[0].close_in_call);
}

/* ENOENT from the BEFORE manager sends the open on; an error that ends the walk wins. */
static void resmgr_attach_open_walks_union(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct rt_state *first = &f->st[0], *second = &f->st[1];
	struct resmgr_binding *b;

	rt_attach(test, 1, "/kunit/u", _RESMGR_FLAG_AFTER, &rt_io, NULL);
	rt_attach(test, 0, "/kunit/u", _RESMGR_FLAG_BEFORE, &rt_io, NULL);

	first->open_ret = ENOENT;
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/u", O_RDONLY, &b), 0);
	KUNIT_EXPECT_PTR_EQ(test, b->ocb, (void *)second);
	resmgr_release(b);

	first->open_ret = EACCES;
	KUNIT_EXPECT_EQ(test, resmgr_open("/kunit/u", O_RDONLY, &b), -EACCES);
	KUNIT_EXPECT_EQ(test, second->opens, 1);

	first->open_ret = ENOSYS;
	second->open_ret = ENOSYS;
	KUNIT_EXPECT_EQ(test, resmgr_open("/kunit/u", O_RDONLY, &b), -ENOSYS);

	second->open_ret = EROFS;
	KUNIT_EXPECT_EQ(test, resmgr_open("/kunit/u", O_RDONLY, &b), -EROFS);

	first->open_ret = ENOENT;
	second->open_ret = ENOSYS;
	KUNIT_EXPECT_EQ(test, resmgr_open("/kunit/u", O_RDONLY, &b), -ENOENT);

	/* A walk ended by a manager's EACCES fails with it, not an earlier ENOENT. */
	second->open_ret = EACCES;
	KUNIT_EXPECT_EQ(test, resmgr_open("/kunit/u", O_RDONLY, &b), -EACCES);
	/* Both pass the walk on: the first error other than ENOSYS. */
	second->open_ret = EROFS;
	KUNIT_EXPECT_EQ(test, resmgr_open("/kunit/u", O_RDONLY, &b), -ENOENT);
	KUNIT_EXPECT_EQ(test, resmgr_open("/kunit/none", O_RDONLY, &b), -ENOENT);
}

/* An OCB is opaque, as on QNX: one bound as NULL serves I/O. */
static void resmgr_attach_null_ocb(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct resmgr_binding *b;
	char buf[8] = {};

	rt_attach(test, 0, "/kunit/null", 0, &rt_io, NULL);
	f->st[0].open_null = true;
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/null", O_RDONLY, &b), 0);
	KUNIT_EXPECT_EQ(test, rt_do_read(b, buf, sizeof(buf) - 1), 4);
	KUNIT_EXPECT_STREQ(test, buf, "null");
	resmgr_release(b);
}

/* Bad arguments are refused and attach nothing. */
static void resmgr_attach_rejects_bad_input(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	resmgr_attr_t attr = { .nparts_max = RESMGR_NPARTS_MAX + 1 };
	struct resmgr_binding *b;

	KUNIT_EXPECT_EQ(test, resmgr_attach(NULL, NULL, "/kunit/x", _FTYPE_ANY, 0,
					    &rt_connect, &rt_io, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, resmgr_attach(f->dpp, &attr, "/kunit/x", _FTYPE_ANY, 0,
					    &rt_connect, &rt_io, NULL), -EINVAL);
	/* A receive buffer above RESMGR_MSG_MAX_LIMIT (1 MiB). */
	attr.nparts_max = 1;
	attr.msg_max_size = SZ_1M + 1;
	KUNIT_EXPECT_EQ(test, resmgr_attach(f->dpp, &attr, "/kunit/x", _FTYPE_ANY, 0,
					    &rt_connect, &rt_io, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, resmgr_open("/kunit/x", O_RDONLY, &b), -ENOENT);
	KUNIT_EXPECT_EQ(test, resmgr_attach(f->dpp, NULL, "kunit/x", _FTYPE_ANY, 0,
					    &rt_connect, &rt_io, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, resmgr_attach(f->dpp, NULL, "/kunit/x", _FTYPE_ANY,
					    _RESMGR_FLAG_FTYPEONLY, &rt_connect, &rt_io,
					    NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, resmgr_attach(f->dpp, NULL, "/kunit/x", -2, 0,
					    &rt_connect, &rt_io, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, resmgr_attach(f->dpp, NULL, NULL, _FTYPE_ANY, 0,
					    &rt_connect, &rt_io, NULL), 0);
	KUNIT_EXPECT_EQ(test, resmgr_open("/kunit/x", O_RDONLY, &b), -ENOENT);
	KUNIT_EXPECT_EQ(test, resmgr_detach(f->dpp, 12345, 0), -ENOENT);
	KUNIT_EXPECT_EQ(test, resmgr_detach(f->dpp, 0, 0x40), -EINVAL);
}

/* _RESMGR_DETACH_ALL: I/O gets EBADF, no handler runs, close works. */
static void resmgr_attach_detach_all(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct resmgr_binding *b;
	char buf[4];

	rt_attach(test, 0, "/kunit/all", 0, &rt_io, NULL);
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/all", O_RDWR, &b), 0);
	KUNIT_EXPECT_EQ(test, resmgr_detach(f->dpp, f->st[0].id, _RESMGR_DETACH_ALL), 0);
	f->st[0].id = -1;
	KUNIT_EXPECT_EQ(test, rt_do_read(b, buf, sizeof(buf)), -EBADF);
	KUNIT_EXPECT_EQ(test, resmgr_lseek(b, 0, SEEK_SET), -EBADF);
	KUNIT_EXPECT_EQ(test, resmgr_close_dup(b, NULL, false), 0);
	resmgr_release(b);
	KUNIT_EXPECT_EQ(test, f->st[0].locks, 0);
	KUNIT_EXPECT_EQ(test, f->st[0].close_dups, 0);
	KUNIT_EXPECT_EQ(test, f->st[0].close_ocbs, 0);
	KUNIT_EXPECT_EQ(test, resmgr_open("/kunit/all", O_RDWR, &b), -ENOENT);
}

/* _RESMGR_DETACH_CLOSE: close_dup and close_ocb run once per open file. */
static void resmgr_attach_detach_close(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct resmgr_binding *b1, *b2;

	rt_attach(test, 0, "/kunit/close", 0, &rt_io, NULL);
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/close", O_RDWR, &b1), 0);
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/close", O_RDWR, &b2), 0);
	KUNIT_EXPECT_EQ(test, resmgr_detach(f->dpp, f->st[0].id,
					    _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE), 0);
	f->st[0].id = -1;
	KUNIT_EXPECT_EQ(test, f->st[0].close_dups, 2);
	KUNIT_EXPECT_EQ(test, f->st[0].close_ocbs, 2);
	resmgr_release(b1);
	resmgr_release(b2);
	KUNIT_EXPECT_EQ(test, f->st[0].close_ocbs, 2);
}

/* _RESMGR_DETACH_PATHNAME: no new opens; open files keep working. */
static void resmgr_attach_detach_pathname(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct resmgr_binding *b, *b2;
	char buf[8] = {};

	rt_attach(test, 0, "/kunit/name", 0, &rt_io, NULL);
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/name", O_RDWR, &b), 0);
	KUNIT_EXPECT_EQ(test, resmgr_detach(f->dpp, f->st[0].id, _RESMGR_DETACH_PATHNAME), 0);
	f->st[0].id = -1;
	KUNIT_EXPECT_EQ(test, resmgr_open("/kunit/name", O_RDWR, &b2), -ENOENT);
	f->st[0].mode = RT_NPARTS;
	KUNIT_EXPECT_EQ(test, rt_do_read(b, buf, sizeof(buf)), 4);
	resmgr_release(b);
	KUNIT_EXPECT_EQ(test, f->st[0].close_ocbs, 1);
}

/*
 * resmgr_link_kill(): a file _RESMGR_DETACH_PATHNAME kept fails from then
 * on (its manager is going), and runs no handler again; only such a link
 * can be killed, once.
 */
static void resmgr_attach_kill_kept_file(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct resmgr_link *link;
	struct resmgr_binding *b;
	char buf[8] = {};

	rt_attach(test, 0, "/kunit/killed", 0, &rt_io, NULL);
	link = resmgr_link_by_id(f->st[0].id);
	KUNIT_ASSERT_NOT_NULL(test, link);
	KUNIT_EXPECT_EQ(test, resmgr_link_kill(f->dpp, link), -ENOENT);
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/killed", O_RDWR, &b), 0);
	KUNIT_EXPECT_EQ(test, resmgr_detach(f->dpp, f->st[0].id, _RESMGR_DETACH_PATHNAME), 0);
	f->st[0].id = -1;
	f->st[0].mode = RT_NPARTS;
	KUNIT_EXPECT_EQ(test, rt_do_read(b, buf, sizeof(buf)), 4);
	KUNIT_EXPECT_EQ(test, resmgr_link_kill(f->dpp, link), 0);
	KUNIT_EXPECT_EQ(test, rt_do_read(b, buf, sizeof(buf)), -EBADF);
	KUNIT_EXPECT_EQ(test, resmgr_link_kill(f->dpp, link), -ENOENT);
	resmgr_release(b);
	/* A dead link runs no close_ocb (as after _RESMGR_DETACH_ALL). */
	KUNIT_EXPECT_EQ(test, f->st[0].close_ocbs, 0);
	resmgr_link_put(link);
}

/*
 * dispatch_destroy() while a file kept by _RESMGR_DETACH_PATHNAME is
 * open: the link holds the handle, so the file still reads (once a
 * use-after-free of the handle in the next read).
 */
static void resmgr_attach_destroy_with_file_open(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct resmgr_binding *b;
	dispatch_t *dpp;
	char buf[8] = {};
	int id;

	dpp = dispatch_create();
	KUNIT_ASSERT_NOT_NULL(test, dpp);
	f->st[0].dpp = dpp;
	id = resmgr_attach(dpp, NULL, "/kunit/kept", _FTYPE_ANY, 0, &rt_connect,
			   &rt_io, &f->st[0]);
	KUNIT_ASSERT_GE(test, id, 0);
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/kept", O_RDWR, &b), 0);
	KUNIT_EXPECT_EQ(test, resmgr_detach(dpp, id, _RESMGR_DETACH_PATHNAME), 0);
	KUNIT_EXPECT_EQ(test, dispatch_destroy(dpp), 0);
	f->st[0].mode = RT_NPARTS;
	KUNIT_EXPECT_EQ(test, rt_do_read(b, buf, sizeof(buf)), 4);
	resmgr_release(b);
	KUNIT_EXPECT_EQ(test, f->st[0].close_ocbs, 1);
	f->st[0].dpp = f->dpp;
}

struct rt_thread {
	struct resmgr_binding	*b;
	struct rt_fixture	*f;
	struct completion	done;
	long			ret;
};

static int rt_reader(void *data)
{
	struct rt_thread *t = data;
	char buf[4];

	t->ret = rt_do_read(t->b, buf, sizeof(buf));
	complete(&t->done);
	return 0;
}

static int rt_detacher(void *data)
{
	struct rt_thread *t = data;

	t->ret = resmgr_detach(t->f->dpp, t->f->st[0].id, _RESMGR_DETACH_ALL);
	complete(&t->done);
	return 0;
}

/* The state of an rt_detacher() thread for the fixture's first link. */
static struct rt_thread *rt_detacher_new(struct kunit *test)
{
	struct rt_thread *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, d);
	init_completion(&d->done);
	d->f = test->priv;
	return d;
}

/* Detach waits for a handler in flight; it returns only after the handler did. */
static void resmgr_attach_detach_drains(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct rt_thread *r, *d = rt_detacher_new(test);

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	init_completion(&r->done);

	rt_attach(test, 0, "/kunit/drain", 0, &rt_io, NULL);
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/drain", O_RDWR, &r->b), 0);
	f->st[0].mode = RT_BLOCK;
	KUNIT_ASSERT_FALSE(test, IS_ERR(kthread_run(rt_reader, r, "rt_reader")));
	wait_for_completion(&f->st[0].entered);
	KUNIT_ASSERT_FALSE(test, IS_ERR(kthread_run(rt_detacher, d, "rt_detacher")));
	msleep(200);
	KUNIT_EXPECT_FALSE(test, completion_done(&d->done));
	complete(&f->st[0].release);
	wait_for_completion(&d->done);
	wait_for_completion(&r->done);
	f->st[0].id = -1;
	KUNIT_EXPECT_EQ(test, d->ret, 0L);
	KUNIT_EXPECT_EQ(test, r->ret, 0L);
	resmgr_release(r->b);
}

/* A handler may detach its own link: its own call does not block the drain. */
static void resmgr_attach_detach_from_handler(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct resmgr_binding *b;
	char buf[4];

	rt_attach(test, 0, "/kunit/self", 0, &rt_io, NULL);
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/self", O_RDWR, &b), 0);
	f->st[0].mode = RT_DETACH_SELF;
	KUNIT_EXPECT_EQ(test, rt_do_read(b, buf, sizeof(buf)), 0);
	KUNIT_EXPECT_EQ(test, f->st[0].detach_ret, 0);
	f->st[0].id = -1;
	KUNIT_EXPECT_EQ(test, rt_do_read(b, buf, sizeof(buf)), -EBADF);
	resmgr_release(b);
}

static int rt_server(void *data)
{
	dispatch_context_t *ctp = data;

	while (!kthread_should_stop())
		if (dispatch_block(ctp))
			dispatch_handler(ctp);
	return 0;
}

/*
 * The same under message delivery: the handler runs in a server thread,
 * and its detach must not wait for its own call (once a hang in D state).
 */
static void resmgr_attach_detach_from_handler_in_server(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct resmgr_binding *b;
	dispatch_context_t *ctx;
	struct task_struct *srv;
	char buf[4];

	ctx = dispatch_context_alloc(f->dpp);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	srv = kthread_run(rt_server, ctx, "rt_server");
	KUNIT_ASSERT_FALSE(test, IS_ERR(srv));
	rt_attach(test, 0, "/kunit/self-srv", 0, &rt_io, NULL);
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/self-srv", O_RDWR, &b), 0);
	f->st[0].mode = RT_DETACH_SELF;
	KUNIT_EXPECT_EQ(test, rt_do_read(b, buf, sizeof(buf)), 0);
	KUNIT_EXPECT_EQ(test, f->st[0].detach_ret, 0);
	f->st[0].id = -1;
	KUNIT_EXPECT_EQ(test, rt_do_read(b, buf, sizeof(buf)), -EBADF);
	resmgr_release(b);
	kthread_stop(srv);
	dispatch_context_free(ctx);
}

/*
 * _RESMGR_DETACH_CLOSE runs close_ocb on the connection the file armed
 * its notifications on, so iofunc_notify_remove() finds their entries
 * (once it ran with coid 0 and armed poll entries stayed).
 */
static void resmgr_attach_detach_close_keeps_notify_id(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct resmgr_binding *b;

	rt_attach(test, 0, "/kunit/notify", 0, &rt_io, NULL);
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/notify", O_RDWR, &b), 0);
	resmgr_poll(b, NULL, NULL);
	KUNIT_EXPECT_NE(test, f->st[0].notify_coid, 0);
	KUNIT_EXPECT_EQ(test, resmgr_detach(f->dpp, f->st[0].id,
					    _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE), 0);
	f->st[0].id = -1;
	KUNIT_EXPECT_EQ(test, f->st[0].close_ocbs, 1);
	KUNIT_EXPECT_EQ(test, f->st[0].close_coid, f->st[0].notify_coid);
	resmgr_release(b);
	KUNIT_EXPECT_EQ(test, f->st[0].close_ocbs, 1);
}

struct rt_opener {
	struct rt_state		*st;
	struct resmgr_binding	*b[64];
	int			n;
	struct completion	done;
};

/* Open until the name is gone, keeping every file (up to 64). */
static int rt_opener_fn(void *data)
{
	struct rt_opener *o = data;

	while (o->n < ARRAY_SIZE(o->b) &&
	       !resmgr_open("/kunit/race", O_RDWR, &o->b[o->n]))
		o->n++;
	complete(&o->done);
	return 0;
}

/*
 * Opens racing _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE: when detach
 * returns, every open its manager accepted has had its close_ocb, once
 * (a binding added only after the open left its call could be missed by
 * the detach, and its close_ocb never ran). 200 rounds.
 */
static void resmgr_attach_open_races_detach_close(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct rt_opener *o;
	int round, i;

	o = kunit_kzalloc(test, sizeof(*o), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, o);
	for (round = 0; round < 200; round++) {
		memset(o, 0, sizeof(*o));
		init_completion(&o->done);
		f->st[0].opens = 0;
		f->st[0].close_ocbs = 0;
		rt_attach(test, 0, "/kunit/race", 0, &rt_io, NULL);
		KUNIT_ASSERT_FALSE(test, IS_ERR(kthread_run(rt_opener_fn, o, "rt_opener")));
		udelay(round % 50);
		KUNIT_ASSERT_EQ(test, resmgr_detach(f->dpp, f->st[0].id,
						    _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE), 0);
		f->st[0].id = -1;
		/* Every handler of the link is done: the counts are final. */
		KUNIT_EXPECT_EQ(test, f->st[0].close_ocbs, f->st[0].opens);
		wait_for_completion(&o->done);
		for (i = 0; i < o->n; i++)
			resmgr_release(o->b[i]);
		KUNIT_EXPECT_EQ(test, f->st[0].close_ocbs, f->st[0].opens);
		if (f->st[0].close_ocbs != f->st[0].opens)
			break;
	}
}

/* Wait (up to 5 s) until @dpp has a request queued for a server. */
static bool rt_wait_queued(dispatch_t *dpp)
{
	bool queued = false;
	int i;

	for (i = 0; i < 250 && !queued; i++) {
		queued = resmgr_dispatch_queued(dpp);
		if (!queued)
			msleep(20);
	}
	return queued;
}

/*
 * Requests queued on a message-delivery handle that no server takes:
 * _RESMGR_DETACH_ALL fails the link's with EBADF (@destroy false), and
 * dispatch_destroy() fails every one left (@destroy true; the name
 * detached with _RESMGR_DETACH_PATHNAME first). Once they slept for
 * good and then touched the freed handle.
 */
static void rt_queued_at_teardown(struct kunit *test, bool destroy)
{
	struct rt_fixture *f = test->priv;
	dispatch_context_t *ctx;
	struct task_struct *srv;
	struct rt_thread *r;
	dispatch_t *dpp;
	int id;

	/* Not freed if the reader never returns: it still uses it. */
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	init_completion(&r->done);
	dpp = dispatch_create();
	KUNIT_ASSERT_NOT_NULL(test, dpp);
	f->st[0].dpp = dpp;
	ctx = dispatch_context_alloc(dpp);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	srv = kthread_run(rt_server, ctx, "rt_server");
	KUNIT_ASSERT_FALSE(test, IS_ERR(srv));
	id = resmgr_attach(dpp, NULL, "/kunit/queued", _FTYPE_ANY, 0, &rt_connect,
			   &rt_io, &f->st[0]);
	KUNIT_ASSERT_GE(test, id, 0);
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/queued", O_RDWR, &r->b), 0);
	/* From here nobody serves the handle. */
	kthread_stop(srv);
	f->st[0].mode = RT_NPARTS;
	KUNIT_ASSERT_FALSE(test, IS_ERR(kthread_run(rt_reader, r, "rt_reader")));
	KUNIT_ASSERT_TRUE(test, rt_wait_queued(dpp));
	if (destroy) {
		KUNIT_EXPECT_EQ(test, resmgr_detach(dpp, id, _RESMGR_DETACH_PATHNAME), 0);
		KUNIT_EXPECT_FALSE(test, completion_done(&r->done));
		KUNIT_EXPECT_EQ(test, dispatch_destroy(dpp), 0);
	} else {
		KUNIT_EXPECT_EQ(test, resmgr_detach(dpp, id, _RESMGR_DETACH_ALL), 0);
	}
	if (!wait_for_completion_timeout(&r->done, 10 * HZ)) {
		KUNIT_FAIL(test, "the queued read still waits");
		return;
	}
	KUNIT_EXPECT_EQ(test, r->ret, (long)-EBADF);
	resmgr_release(r->b);
	if (!destroy)
		KUNIT_EXPECT_EQ(test, dispatch_destroy(dpp), 0);
	dispatch_context_free(ctx);
	kfree(r);
	f->st[0].dpp = f->dpp;
}

static void resmgr_attach_detach_fails_queued(struct kunit *test)
{
	rt_queued_at_teardown(test, false);
}

static void resmgr_attach_destroy_fails_queued(struct kunit *test)
{
	rt_queued_at_teardown(test, true);
}

static long rt_req_never(struct resmgr_request *req)
{
	return -EIO;
}

/*
 * A request whose owner a detach has marked gone is refused at the queue
 * (EBADF), not left there: the detach failed the queue before it came,
 * and nobody would serve it (its drain, and a user server's exit, would
 * wait for ever).
 */
static void resmgr_attach_deliver_refuses_gone_owner(struct kunit *test)
{
	struct resmgr_request req = { .run = rt_req_never };
	dispatch_context_t *ctp;
	dispatch_t *dpp;
	bool gone = true;

	dpp = dispatch_create();
	KUNIT_ASSERT_NOT_NULL(test, dpp);
	/* A context makes the handle deliver by message. */
	ctp = dispatch_context_alloc(dpp);
	KUNIT_ASSERT_NOT_NULL(test, ctp);
	req.ctp = &ctp->resmgr_context;
	req.gone = &gone;
	KUNIT_EXPECT_EQ(test, resmgr_dispatch_deliver(dpp, &req, true), -EBADF);
	KUNIT_EXPECT_FALSE(test, resmgr_dispatch_queued(dpp));
	dispatch_context_free(ctp);
	KUNIT_EXPECT_EQ(test, dispatch_destroy(dpp), 0);
}

struct rt_timer {
	struct timer_list	timer;
	struct completion	done;
	int			reply_ret;
	int			error_ret;
};

static void rt_timer_fn(struct timer_list *t)
{
	struct rt_timer *rt = container_of(t, struct rt_timer, timer);

	rt->reply_ret = MsgReply(0x7fffff00, 0, NULL, 0);
	rt->error_ret = MsgError(0x7fffff00, EIO);
	complete(&rt->done);
}

/*
 * MsgReply() and MsgError() keep their "any context": from a timer
 * (softirq), after a call took the same locks in process context,
 * lockdep must see irq-safe receive-id locks (once an inconsistent lock
 * state report). No call has that receive id: ESRCH.
 */
static void resmgr_attach_reply_from_timer(struct kunit *test)
{
	struct resmgr_binding *b;
	struct rt_timer rt = {};
	char buf[8];

	rt_attach(test, 0, "/kunit/timer", 0, &rt_io, NULL);
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/timer", O_RDWR, &b), 0);
	KUNIT_EXPECT_GE(test, rt_do_read(b, buf, sizeof(buf)), 0);
	init_completion(&rt.done);
	timer_setup_on_stack(&rt.timer, rt_timer_fn, 0);
	mod_timer(&rt.timer, jiffies + 1);
	wait_for_completion(&rt.done);
	del_timer_sync(&rt.timer);
	destroy_timer_on_stack(&rt.timer);
	KUNIT_EXPECT_EQ(test, rt.reply_ret, -ESRCH);
	KUNIT_EXPECT_EQ(test, rt.error_ret, -ESRCH);
	resmgr_release(b);
}

struct rt_defer {
	struct resmgr_binding	*b;
	struct completion	done;
	long			ret;
	char			buf[8];
};

static int rt_defer_reader(void *data)
{
	struct rt_defer *d = data;

	d->ret = rt_do_read(d->b, d->buf, sizeof(d->buf) - 1);
	complete(&d->done);
	return 0;
}

/* Start a read whose handler defers; return once the handler kept its rcvid. */
static struct rt_defer *rt_defer_start(struct kunit *test, const char *path)
{
	struct rt_fixture *f = test->priv;
	struct rt_defer *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, d);
	init_completion(&d->done);
	rt_attach(test, 0, path, 0, &rt_io, NULL);
	KUNIT_ASSERT_EQ(test, resmgr_open(path, O_RDWR, &d->b), 0);
	f->st[0].mode = RT_DEFER;
	KUNIT_ASSERT_FALSE(test, IS_ERR(kthread_run(rt_defer_reader, d, "rt_defer")));
	wait_for_completion(&f->st[0].entered);
	return d;
}

/* MsgReply() from another thread completes a read that returned _RESMGR_NOREPLY. */
static void resmgr_attach_deferred_reply(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct rt_defer *d = rt_defer_start(test, "/kunit/defer");

	msleep(50);
	KUNIT_EXPECT_FALSE(test, completion_done(&d->done));
	KUNIT_EXPECT_EQ(test, MsgReply(f->st[0].saved_rcvid, 3, "abc", 3), 0);
	wait_for_completion(&d->done);
	KUNIT_EXPECT_EQ(test, d->ret, 3L);
	KUNIT_EXPECT_STREQ(test, d->buf, "abc");
	/* Answered once: the id answers no more. */
	KUNIT_EXPECT_EQ(test, MsgReply(f->st[0].saved_rcvid, 3, "abc", 3), -ESRCH);
	KUNIT_EXPECT_EQ(test, MsgError(f->st[0].saved_rcvid, EIO), -ESRCH);
	resmgr_release(d->b);
}

/* MsgError() from another thread fails the waiting call with that errno. */
static void resmgr_attach_deferred_error(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct rt_defer *d = rt_defer_start(test, "/kunit/deferr");

	KUNIT_EXPECT_EQ(test, MsgError(f->st[0].saved_rcvid, EPERM), 0);
	wait_for_completion(&d->done);
	KUNIT_EXPECT_EQ(test, d->ret, (long)-EPERM);
	resmgr_release(d->b);
}

/* A detach fails a waiting call with EBADF instead of hanging. */
static void resmgr_attach_detach_wakes_waiter(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct rt_defer *d = rt_defer_start(test, "/kunit/defdet");

	KUNIT_EXPECT_EQ(test, resmgr_detach(f->dpp, f->st[0].id, _RESMGR_DETACH_ALL), 0);
	f->st[0].id = -1;
	wait_for_completion(&d->done);
	KUNIT_EXPECT_EQ(test, d->ret, (long)-EBADF);
	KUNIT_EXPECT_EQ(test, MsgReply(f->st[0].saved_rcvid, 0, NULL, 0), -ESRCH);
	resmgr_release(d->b);
}

/*
 * A detach that comes while the handler still runs, before the caller
 * waits for the deferred reply: the detach fails waiting calls and then
 * drains this one, so the caller must see the detach when it starts to
 * wait, or caller and detach wait for each other (they did, before).
 */
static void rt_detach_before_wait(struct kunit *test, bool again)
{
	struct rt_fixture *f = test->priv;
	struct rt_thread *d = rt_detacher_new(test);
	struct rt_defer *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	init_completion(&r->done);
	rt_attach(test, 0, "/kunit/deflate", 0, &rt_io, NULL);
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/deflate", O_RDWR, &r->b), 0);
	f->st[0].mode = again ? RT_DEFER : RT_DEFER_LATE;
	KUNIT_ASSERT_FALSE(test, IS_ERR(kthread_run(rt_defer_reader, r, "rt_defer")));
	wait_for_completion(&f->st[0].entered);
	if (again) {
		/* The caller waits; the handler runs again, in its thread. */
		msleep(50);
		reinit_completion(&f->st[0].entered);
		f->st[0].mode = RT_DEFER_LATE;
		KUNIT_ASSERT_EQ(test, resmgr_msg_again(NULL, f->st[0].saved_rcvid), 0);
		wait_for_completion(&f->st[0].entered);
	}
	KUNIT_ASSERT_FALSE(test, IS_ERR(kthread_run(rt_detacher, d, "rt_detacher")));
	/* The detach has failed the waiters (none yet) and drains. */
	msleep(200);
	KUNIT_EXPECT_FALSE(test, completion_done(&d->done));
	complete(&f->st[0].release);
	if (!wait_for_completion_timeout(&r->done, 10 * HZ)) {
		KUNIT_FAIL(test, "the caller still waits, and the detach for it");
		MsgError(f->st[0].saved_rcvid, EIO);
		wait_for_completion(&r->done);
	}
	wait_for_completion(&d->done);
	f->st[0].id = -1;
	KUNIT_EXPECT_EQ(test, r->ret, (long)-EBADF);
	KUNIT_EXPECT_EQ(test, d->ret, 0L);
	resmgr_release(r->b);
}

static void resmgr_attach_detach_before_wait(struct kunit *test)
{
	rt_detach_before_wait(test, false);
}

/* The same while a handler that deferred runs again (resmgr_msg_again()). */
static void resmgr_attach_detach_before_wait_again(struct kunit *test)
{
	rt_detach_before_wait(test, true);
}

/*
 * _IO_CONNECT_RET_LINK: an open goes on at the path the manager gave,
 * absolute or below its mountpoint; a readlink gets the path as the
 * target; a loop ends in ELOOP; entries (servers) are not followed.
 * Before, such an answer gave EIO with a warning.
 */
static void resmgr_attach_connect_redirects(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct rt_state *to = &f->st[0], *from = &f->st[1];
	struct resmgr_connect_req req = {
		.path = "/kunit/from",
		.subtype = _IO_CONNECT_READLINK,
		.oflag = RESMGR_O_NOACCESS,
		.file_type = _FTYPE_ANY,
	};
	struct resmgr_binding *b;
	char target[32] = {};

	rt_attach(test, 0, "/kunit/to", 0, &rt_io, NULL);
	rt_attach(test, 1, "/kunit/from", 0, &rt_io, NULL);

	from->redirect = "/kunit/to";
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/from", O_RDONLY, &b), 0);
	KUNIT_EXPECT_PTR_EQ(test, b->ocb, (void *)to);
	KUNIT_EXPECT_EQ(test, from->opens, 1);
	KUNIT_EXPECT_EQ(test, to->opens, 1);
	resmgr_release(b);

	from->redirect = "../to";
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/from", O_RDONLY, &b), 0);
	KUNIT_EXPECT_PTR_EQ(test, b->ocb, (void *)to);
	resmgr_release(b);

	req.reply = target;
	req.reply_len = sizeof(target) - 1;
	KUNIT_EXPECT_EQ(test, resmgr_connect(&req), 0);
	/* readlink() gives the target as the manager wrote it. */
	KUNIT_EXPECT_STREQ(test, target, "../to");

	from->opens = 0;
	from->redirect = "/kunit/from";	/* itself */
	KUNIT_EXPECT_EQ(test, resmgr_open("/kunit/from", O_RDONLY, &b), -ELOOP);
	KUNIT_EXPECT_EQ(test, from->opens, MAXSYMLINKS + 1);

	from->redirect = "/kunit/to";
	from->redirect_entries = 1;
	KUNIT_EXPECT_EQ(test, resmgr_open("/kunit/from", O_RDONLY, &b), -ENOSYS);
	from->redirect = NULL;
	KUNIT_ASSERT_EQ(test, resmgr_open("/kunit/from", O_RDONLY, &b), 0);
	KUNIT_EXPECT_PTR_EQ(test, b->ocb, (void *)from);
	resmgr_release(b);
}

/* Seconds under the debug kernel; KUnit wants such cases marked. */
#ifdef KUNIT_CASE_SLOW
#define RT_CASE_SLOW(name)	KUNIT_CASE_SLOW(name)
#else
#define RT_CASE_SLOW(name)	KUNIT_CASE(name)
#endif

static struct kunit_case resmgr_attach_cases[] = {
	KUNIT_CASE(resmgr_attach_deferred_reply),
	KUNIT_CASE(resmgr_attach_deferred_error),
	KUNIT_CASE(resmgr_attach_detach_wakes_waiter),
	KUNIT_CASE(resmgr_attach_detach_before_wait),
	KUNIT_CASE(resmgr_attach_detach_before_wait_again),
	KUNIT_CASE(resmgr_attach_stray_bind_closed_in_call),
	KUNIT_CASE(resmgr_attach_open_walks_union),
	KUNIT_CASE(resmgr_attach_connect_redirects),
	KUNIT_CASE(resmgr_attach_null_ocb),
	KUNIT_CASE(resmgr_attach_rejects_bad_input),
	KUNIT_CASE(resmgr_attach_detach_all),
	KUNIT_CASE(resmgr_attach_detach_close),
	KUNIT_CASE(resmgr_attach_detach_pathname),
	KUNIT_CASE(resmgr_attach_destroy_with_file_open),
	KUNIT_CASE(resmgr_attach_kill_kept_file),
	KUNIT_CASE(resmgr_attach_detach_drains),
	KUNIT_CASE(resmgr_attach_detach_from_handler),
	KUNIT_CASE(resmgr_attach_detach_from_handler_in_server),
	KUNIT_CASE(resmgr_attach_reply_from_timer),
	KUNIT_CASE(resmgr_attach_detach_close_keeps_notify_id),
	RT_CASE_SLOW(resmgr_attach_open_races_detach_close),
	KUNIT_CASE(resmgr_attach_detach_fails_queued),
	KUNIT_CASE(resmgr_attach_destroy_fails_queued),
	KUNIT_CASE(resmgr_attach_deliver_refuses_gone_owner),
	{}
};

static struct kunit_suite resmgr_attach_suite = {
	.name = "resmgr_attach",
	.init = rt_init,
	.exit = rt_exit,
	.test_cases = resmgr_attach_cases,
};

kunit_test_suites(&resmgr_call_suite, &resmgr_attach_suite);
