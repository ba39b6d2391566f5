// SPDX-License-Identifier: GPL-2.0
/*
 * Connect messages: a path is resolved through the pathname space and
 * the message is offered to each candidate manager in order, as QNX's
 * client library does: ENOENT, ENOSYS, ENXIO, ESRCH and EROFS go on to
 * the next manager; any other error ends the walk; the first manager
 * that answers EOK wins. For an open (or a combine open that a path
 * call such as stat() makes) what the winning handler bound with
 * resmgr_open_bind() becomes a binding. A directory open may collect a
 * binding from every manager of a union, as QNX's opendir() does.
 */
#include <linux/fcntl.h>
#include <linux/module.h>
#include <linux/slab.h>
#include "internal.h"

static bool resmgr_connect_falls_through(int err)
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

/*
 * QNX's ioflag: the open flags with the access mode as _IO_FLAG_RD and
 * _IO_FLAG_WR. Linux's access mode 3 gets both, so that the manager
 * checks read and write permission as the VFS does for it (the file
 * then neither reads nor writes: only ioctl); resmgr's own no-access
 * opens get neither.
 */
static u32 resmgr_ioflag(unsigned int oflag)
{
	u32 acc;

	if (oflag & RESMGR_O_NOACCESS)
		return oflag & ~(O_ACCMODE | RESMGR_O_NOACCESS);
	switch (oflag & O_ACCMODE) {
	case O_RDONLY:
		acc = _IO_FLAG_RD;
		break;
	case O_WRONLY:
		acc = _IO_FLAG_WR;
		break;
	default:
		acc = _IO_FLAG_RD | _IO_FLAG_WR;
		break;
	}
	return (oflag & ~O_ACCMODE) | acc;
}

static bool resmgr_connect_opens(unsigned int subtype)
{
	return subtype == _IO_CONNECT_OPEN || subtype == _IO_CONNECT_COMBINE ||
	       subtype == _IO_CONNECT_COMBINE_CLOSE;
}

/* A signal while a connect call waits: let it go (EINTR, or a restart). */
static long resmgr_connect_unblock(struct resmgr_call *call)
{
	return _RESMGR_DEFAULT;
}

/*
 * The connect handler for the message's subtype, in the caller's thread
 * or a server thread. The combine subtypes use the open slot, as in QNX.
 */
static long resmgr_connect_handle(struct resmgr_call *call)
{
	const resmgr_connect_funcs_t *cf = call->link->connect;
	io_open_t *msg = call->msg;
	unsigned int subtype = msg->connect.subtype;
	unsigned int slot;
	int (*fn)(resmgr_context_t *ctp, void *msg, void *handle, void *extra) = NULL;
	int ret;

	slot = subtype < _IO_CONNECT_OPEN ? 0 : subtype - _IO_CONNECT_OPEN;
	if (cf && slot < cf->nfuncs && slot < _RESMGR_CONNECT_NFUNCS)
		fn = ((void * const *)&cf->open)[slot];
	ret = fn ? fn(&call->ctp, msg, call->link->handle, call->extra) :
		   _RESMGR_DEFAULT;
	if (ret == _RESMGR_DEFAULT)
		ret = resmgr_default_func(call, msg);
	return resmgr_call_finish(call, ret);
}

/* Close what a handler bound when the binding cannot be kept. */
static void resmgr_connect_unbind(struct resmgr_link *link,
				  struct resmgr_call *call)
{
	struct resmgr_binding tmp = {
		.link = link, .ocb = call->bind_ocb, .io = call->bind_io,
		.bound = true,
	};

	if (call->bound)
		resmgr_binding_close(&tmp);
}

/* Run one manager's handler; returns an errno (0 on success). */
static int resmgr_connect_one(struct resmgr_link *link, io_open_t *msg,
			      size_t msg_len, struct resmgr_connect_req *req)
{
	bool opens = resmgr_connect_opens(msg->connect.subtype);
	struct resmgr_binding *b;
	struct resmgr_call call;
	long res;
	int err;

	if (!try_module_get(link->owner))
		return ENOENT;	/* the manager is unloading */
	resmgr_call_init(&call, link, _IO_CONNECT, msg, msg_len);
	call.connect = true;
	call.extra = (void *)req->extra;
	if (req->reply) {
		call.sink = RESMGR_SINK_KERNEL;
		call.kbuf = req->reply;
		call.kbuf_len = req->reply_len;
		call.ctp.info.dstmsglen = req->reply_len;
	}
	err = resmgr_call_enter(&call);
	if (err) {
		module_put(link->owner);
		return -err;	/* ENOENT: detached since the resolution */
	}
	res = resmgr_call_deliver_by(&call, resmgr_connect_handle, true);
	if (res == RESMGR_CALL_WAIT)
		res = resmgr_call_wait(&call, resmgr_connect_handle, resmgr_connect_unblock);

	/* Redirects (_IO_CONNECT_RET_LINK and the like) are not followed. */
	if (res >= 0 && (call.ctp.status & _IO_CONNECT_RET_FLAG) && !call.bound &&
	    msg->connect.subtype != _IO_CONNECT_READLINK)
		res = -ENOSYS;
	if (res >= 0 && !opens) {
		resmgr_call_exit(&call);
		/* Only opens bind; a stray binding is closed again. */
		resmgr_connect_unbind(link, &call);
		module_put(link->owner);
		req->copied = call.copied;
		req->served = link;
		return 0;
	}
	b = res < 0 ? NULL : kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b) {
		resmgr_call_exit(&call);
		resmgr_connect_unbind(link, &call);
		module_put(link->owner);
		return res < 0 ? -res : ENOMEM;
	}
	resmgr_link_get(link);
	init_waitqueue_head(&b->wq);
	b->link = link;
	/* The OCB is opaque, as on QNX: NULL or any value binds. */
	b->bound = call.bound;
	b->ocb = call.bound ? call.bind_ocb : NULL;
	b->io = call.bound ? call.bind_io : link->io;
	/*
	 * The binding is on the link before the call leaves it: a detach
	 * with _RESMGR_DETACH_CLOSE drains the calls in flight and then
	 * closes the bindings, so it sees this one and runs its close_ocb.
	 */
	mutex_lock(&link->bind_lock);
	list_add_tail(&b->link_node, &link->bindings);
	mutex_unlock(&link->bind_lock);
	atomic_inc(&link->nopen);
	resmgr_call_exit(&call);
	req->bindings[req->nbound++] = b;
	req->served = link;
	return 0;
}

/* Fill the connect header for candidate @rest. */
static void resmgr_connect_msg(io_open_t *msg, const struct resmgr_connect_req *req,
			       unsigned int eflag, const char *rest, size_t rlen)
{
	msg->connect.type = _IO_CONNECT;
	msg->connect.subtype = req->subtype;
	msg->connect.file_type = req->file_type;
	msg->connect.ioflag = resmgr_ioflag(req->oflag);
	msg->connect.access = msg->connect.ioflag & _IO_FLAG_MASK;
	msg->connect.mode = req->mode;
	msg->connect.sflag = SH_DENYNO;
	msg->connect.eflag = eflag;
	msg->connect.extra_type = req->extra_type;
	msg->connect.extra_len = req->extra_len;
	msg->connect.path_len = rlen + 1;
	memcpy(msg->connect.path, rest, rlen + 1);
}

/**
 * resmgr_connect() - send a connect message along a path's managers
 * @req: the request; its results are filled in
 *
 * Opens (OPEN, COMBINE, COMBINE_CLOSE) leave their bindings in
 * @req->bindings: one, or with @req->all one per manager that accepted
 * (up to @req->max). Other subtypes leave the reply bytes in @req->reply
 * (@req->copied of them). @req->served is the manager that answered
 * (the last one, with @req->all). With @req->only set, only that
 * manager is asked, and -EXDEV comes back when the path does not reach it.
 *
 * Return: 0, or a negative errno: the error that ended the walk (such
 * as EACCES); when every manager passed the walk on, the first error
 * other than ENOSYS that one gave (ENOSYS if that is all they gave); or
 * a resolution error (-ENOENT when nothing matches).
 * Context: process context, in the calling thread.
 */
int resmgr_connect(struct resmgr_connect_req *req)
{
	struct pathmgr_resolution res;
	bool asked = false;
	io_open_t *msg;
	size_t msg_len;
	unsigned int i;
	int err, first = 0;

	req->nbound = 0;
	req->copied = 0;
	req->served = NULL;
	err = pathmgr_resolve(resmgr_space, req->path,
			      req->file_type, &res);
	if (err)
		return err;
	msg_len = sizeof(msg->connect) + res.len + 1;
	msg = kmalloc(msg_len, GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out_release;
	}

	err = ENOENT;
	for (i = 0; i < res.count; i++) {
		struct resmgr_link *link = resmgr_link_of_entry(res.cand[i].entry);
		const char *rest = pathmgr_candidate_rest(&res, i);
		size_t rlen = strlen(rest);

		/* A bare pathmgr entry (a test fixture's) has no manager to ask. */
		if (!link || (req->only && link != req->only))
			continue;
		asked = true;
		memset(msg, 0, msg_len);
		resmgr_connect_msg(msg, req, res.eflag, rest, rlen);
		err = resmgr_connect_one(link, msg, sizeof(msg->connect) + rlen + 1,
					 req);
		if (!err) {
			if (req->all && req->nbound < req->max && i + 1 < res.count)
				continue;
			break;
		}
		if (!resmgr_connect_falls_through(err)) {
			/* The manager that ended the walk has the last word. */
			first = err;
			break;
		}
		if (!first && err != ENOSYS)
			first = err;
	}
	if (req->nbound)
		err = 0;
	else if (req->only && !asked)
		err = EXDEV;
	if (err)
		err = -(first ? first : err);
	kfree(msg);
out_release:
	pathmgr_resolution_release(&res);
	return err;
}

/**
 * resmgr_connect_rest() - the name a path has below one manager's mountpoint
 * @path: absolute path
 * @link: the manager
 * @buf: out: the rest (no leading '/'), at most @size bytes with the NUL
 * @size: room in @buf
 *
 * Return: 0; -EXDEV when @path does not resolve to @link; a resolution
 * error.
 * Context: process context.
 */
int resmgr_connect_rest(const char *path, struct resmgr_link *link,
			char *buf, size_t size)
{
	struct pathmgr_resolution res;
	unsigned int i;
	int err;

	err = pathmgr_resolve(resmgr_space, path, _FTYPE_ANY, &res);
	if (err)
		return err;
	err = -EXDEV;
	for (i = 0; i < res.count; i++) {
		if (resmgr_link_of_entry(res.cand[i].entry) != link)
			continue;
		err = strscpy(buf, pathmgr_candidate_rest(&res, i), size);
		err = err < 0 ? -ENAMETOOLONG : 0;
		break;
	}
	pathmgr_resolution_release(&res);
	return err;
}

/**
 * resmgr_open_path() - open a path on the managers it resolves to
 * @path: absolute path
 * @oflag: the Linux open flags of a user's open (RESMGR_O_NOACCESS is
 *	ignored: a user's open always asks for access)
 * @out: the new binding on success; it holds a reference on the link
 *	and on the manager's module until resmgr_release()
 *
 * Return: 0, or a negative errno as resmgr_connect().
 * Context: process context, in the opening thread.
 */
int resmgr_open_path(const char *path, unsigned int oflag,
		     struct resmgr_binding **out)
{
	struct resmgr_connect_req req = {
		.path = path,
		.subtype = _IO_CONNECT_OPEN,
		.oflag = oflag & ~RESMGR_O_NOACCESS,
		.file_type = _FTYPE_ANY,
		.bindings = out,
		.max = 1,
	};

	return resmgr_connect(&req);
}

RESMGR_EXPORT_FOR_TESTS(resmgr_open_path);
