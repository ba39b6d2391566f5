// SPDX-License-Identifier: GPL-2.0
/*
 * Opening a path: resolve it through the pathname space and offer the
 * open to each candidate manager in order, as QNX's client library does:
 * ENOENT, ENOSYS, ENXIO, ESRCH and EROFS go on to the next manager; any
 * other error ends the walk. The first manager that answers EOK wins,
 * and what its handler bound with resmgr_open_bind() becomes the file's
 * binding.
 */
#include <linux/fcntl.h>
#include <linux/module.h>
#include <linux/slab.h>
#include "internal.h"

static bool resmgr_open_falls_through(int err)
{
	switch (err) {
	case ENOENT:
	case ENOSYS:
	case ENXIO:
	case ESRCH:
	case EROFS:
		return true;
	}
	return false;
}

/* QNX's ioflag: the open flags with the access mode plus one. */
static u32 resmgr_ioflag(unsigned int oflag)
{
	return (oflag & ~O_ACCMODE) | ((oflag + 1) & O_ACCMODE);
}

/* A signal while an open waits: let it go (EINTR, or a restart). */
static long resmgr_open_unblock(struct resmgr_call *call)
{
	return _RESMGR_DEFAULT;
}

/* The open handler, in the caller's thread or a server thread. */
static long resmgr_open_handle(struct resmgr_call *call)
{
	int (*open)(resmgr_context_t *ctp, io_open_t *msg, void *handle,
		    void *extra) = NULL;
	const resmgr_connect_funcs_t *cf = call->link->connect;
	int ret;

	if (cf && cf->nfuncs >= 1)
		open = (void *)cf->open;
	ret = open ? open(&call->ctp, call->msg, call->link->handle, NULL) :
		     _RESMGR_DEFAULT;
	if (ret == _RESMGR_DEFAULT)
		ret = resmgr_default_func(call, call->msg);
	return resmgr_call_finish(call, ret);
}

/* Run one manager's open handler; returns an errno (0 on success). */
static int resmgr_open_one(struct resmgr_link *link, io_open_t *msg,
			   size_t msg_len, struct resmgr_binding **out)
{
	struct resmgr_binding *b;
	struct resmgr_call call;
	long res;

	if (!try_module_get(link->owner))
		return ENOENT;	/* the manager is unloading */
	resmgr_call_init(&call, link, _IO_CONNECT, msg, msg_len);
	call.connect = true;
	if (!resmgr_call_enter(&call)) {
		module_put(link->owner);
		return ENOENT;	/* detached since the resolution */
	}
	res = resmgr_call_deliver_by(&call, resmgr_open_handle, true);
	if (res == RESMGR_CALL_WAIT)
		res = resmgr_call_wait(&call, resmgr_open_unblock);
	resmgr_call_exit(&call);

	if (res >= 0 && (call.ctp.status & _IO_CONNECT_RET_FLAG) && !call.bound) {
		/* Redirects and symlink replies need resmgrfs. */
		res = -ENOSYS;
	}
	if (res < 0) {
		if (call.bound) {
			/* The handler bound and then failed: undo the OCB. */
			struct resmgr_binding tmp = {
				.link = link, .ocb = call.bind_ocb, .io = call.bind_io,
			};

			resmgr_binding_close(&tmp);
		}
		module_put(link->owner);
		return -res;
	}

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b) {
		if (call.bound) {
			struct resmgr_binding tmp = {
				.link = link, .ocb = call.bind_ocb, .io = call.bind_io,
			};

			resmgr_binding_close(&tmp);
		}
		module_put(link->owner);
		return ENOMEM;
	}
	resmgr_link_get(link);
	init_waitqueue_head(&b->wq);
	b->link = link;
	b->ocb = call.bound ? call.bind_ocb : NULL;
	b->io = call.bound ? call.bind_io : link->io;
	mutex_lock(&link->bind_lock);
	list_add_tail(&b->link_node, &link->bindings);
	mutex_unlock(&link->bind_lock);
	*out = b;
	return 0;
}

/**
 * resmgr_open_path() - open a path on the managers it resolves to
 * @path: absolute path
 * @oflag: the Linux open flags
 * @out: the new binding on success; it holds a reference on the link
 *	and on the manager's module until resmgr_release()
 *
 * Return: 0, or a negative errno: the first error other than ENOSYS
 * that a manager gave (ENOSYS if that is all they gave), an error that
 * ended the walk, or a resolution error (-ENOENT when nothing matches).
 * Context: process context, in the opening thread.
 */
int resmgr_open_path(const char *path, unsigned int oflag,
		     struct resmgr_binding **out)
{
	struct pathmgr_resolution res;
	io_open_t *msg;
	size_t msg_len;
	unsigned int i;
	int err, first = 0;

	err = pathmgr_resolve(resmgr_space, path, _FTYPE_ANY, &res);
	if (err)
		return err;
	msg_len = sizeof(msg->connect) + res.len + 1;
	msg = kzalloc(msg_len, GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out_release;
	}

	err = ENOENT;
	for (i = 0; i < res.count; i++) {
		const char *rest = pathmgr_candidate_rest(&res, i);
		size_t rlen = strlen(rest);

		memset(msg, 0, msg_len);
		msg->connect.type = _IO_CONNECT;
		msg->connect.subtype = _IO_CONNECT_OPEN;
		msg->connect.file_type = _FTYPE_ANY;
		msg->connect.ioflag = resmgr_ioflag(oflag);
		msg->connect.access = msg->connect.ioflag & _IO_FLAG_MASK;
		msg->connect.sflag = SH_DENYNO;
		msg->connect.eflag = res.eflag;
		msg->connect.path_len = rlen + 1;
		memcpy(msg->connect.path, rest, rlen + 1);

		err = resmgr_open_one(resmgr_link_of(res.cand[i].entry), msg,
				      sizeof(msg->connect) + rlen + 1, out);
		if (!err)
			break;
		if (!first && err != ENOSYS)
			first = err;
		if (!resmgr_open_falls_through(err))
			break;
	}
	if (err)
		err = -(first ? first : err);
	kfree(msg);
out_release:
	pathmgr_resolution_release(&res);
	return err;
}

RESMGR_EXPORT_FOR_TESTS(resmgr_open_path);
