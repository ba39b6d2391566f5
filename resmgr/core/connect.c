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
#include <linux/namei.h>
#include <linux/slab.h>
#include "internal.h"
#include "call_inline.h"

/*
 * A connect call, and what an _IO_CONNECT_RET_* reply said: its status
 * (with _IO_CONNECT_RET_FLAG) and its bytes, copied out of the handler's
 * reply parts before they go.
 */
struct resmgr_connect_call {
	struct resmgr_call	call;
	u32			ret;
	void			*reply;
	size_t			reply_len;
};

/* resmgr_connect_one(): the manager sent the request to req->redirect. */
#define RESMGR_CONNECT_REDIRECT	(MAX_ERRNO + 1)

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
 * Keep an _IO_CONNECT_RET_* answer: its status, and the bytes of its
 * @parts reply parts (the reply and a path: at most PATH_MAX past the
 * reply). Return: 0, -ENAMETOOLONG, -ENOMEM.
 */
static long resmgr_connect_ret(struct resmgr_call *call, int parts)
{
	struct resmgr_connect_call *cc = container_of(call, struct resmgr_connect_call, call);
	const iov_t *iov = call->ctp.iov;
	size_t len = 0, off = 0;
	int i;

	for (i = 0; i < parts; i++)
		len += iov[i].iov_len;
	if (len > sizeof(struct _io_connect_link_reply) + PATH_MAX)
		return -ENAMETOOLONG;
	cc->reply = kmalloc(len ?: 1, GFP_KERNEL);
	if (!cc->reply)
		return -ENOMEM;
	for (i = 0; i < parts; i++) {
		memcpy(cc->reply + off, iov[i].iov_base, iov[i].iov_len);
		off += iov[i].iov_len;
	}
	cc->reply_len = len;
	cc->ret = call->ctp.status;
	call->ctp.status = 0;
	return 0;
}

/*
 * Was @res an _IO_CONNECT_RET_* answer given by MsgReply() (from a server
 * thread, a user-space server, or during the handler)? Its status is the
 * 32-bit one QNX's managers set (_IO_SET_CONNECT_RET()), as an unsigned
 * value: a negative status never reaches a caller (resmgr_status()).
 */
static bool resmgr_connect_ret_later(const struct resmgr_call *call, long res)
{
	return res > 0 && res <= U32_MAX && (res & _IO_CONNECT_RET_FLAG) &&
	       call->reply.state == RESMGR_REPLY_LATER;
}

/*
 * Keep a MsgReply()'s _IO_CONNECT_RET_* answer as resmgr_connect_ret()
 * keeps a handler's. Return: 0, -ENAMETOOLONG, -ENOMEM.
 */
static long resmgr_connect_ret_take(struct resmgr_connect_call *cc)
{
	const struct resmgr_call *call = &cc->call;
	size_t len = call->reply.len;

	if (len > sizeof(struct _io_connect_link_reply) + PATH_MAX)
		return -ENAMETOOLONG;
	cc->reply = kmemdup(call->reply.buf, len ?: 1, GFP_KERNEL);
	if (!cc->reply)
		return -ENOMEM;
	cc->reply_len = len;
	cc->ret = call->reply.status;
	return 0;
}

/*
 * Collapse "." and ".." in an absolute path, in place, as QNX's process
 * manager does for the paths it is given (".." of the root is the root).
 * The pathname space itself takes no "..": a path from the VFS has none.
 */
static void resmgr_path_collapse(char *path)
{
	char *out = path, *in = path;

	while (*in) {
		char *c;
		size_t len;

		while (*in == '/')
			in++;
		c = in;
		while (*in && *in != '/')
			in++;
		len = in - c;
		if (!len || (len == 1 && c[0] == '.'))
			continue;
		if (len == 2 && c[0] == '.' && c[1] == '.') {
			while (out > path && *--out != '/')
				;
			continue;
		}
		*out++ = '/';
		memmove(out, c, len);
		out += len;
	}
	if (out == path)
		*out++ = '/';
	*out = '\0';
}

/*
 * The path an _IO_CONNECT_RET_LINK reply carries, as the manager wrote
 * it. Return: 0 and @path, @len; -ENOSYS for entries (a redirect to other
 * servers: nothing here is one), -EINVAL for a malformed reply,
 * -ENAMETOOLONG.
 */
static int resmgr_connect_link_raw(const struct resmgr_connect_call *cc,
				   const char **path, size_t *len)
{
	const struct _io_connect_link_reply *r = cc->reply;
	size_t room;

	if (cc->reply_len < sizeof(*r))
		return -EINVAL;
	if (r->nentries)
		return -ENOSYS;
	*path = (const char *)(r + 1);
	room = cc->reply_len - sizeof(*r);
	if (r->path_len)
		room = min_t(size_t, room, r->path_len);
	*len = strnlen(*path, room);
	if (!*len)
		return -EINVAL;
	return *len >= PATH_MAX ? -ENAMETOOLONG : 0;
}

/*
 * What an _IO_CONNECT_RET_* answer means for @req: a readlink's target
 * (into @req->reply, as the manager wrote it), or a redirect
 * (@req->redirect: absolute, a relative path being below @link's
 * mountpoint, with "." and ".." collapsed). Return: 0,
 * RESMGR_CONNECT_REDIRECT, or an errno (ENOSYS for the answers resmgr
 * does not follow: the walk goes on).
 */
static int resmgr_connect_follow(struct resmgr_link *link, const io_open_t *msg,
				 const struct resmgr_connect_call *cc,
				 struct resmgr_connect_req *req)
{
	const char *path;
	size_t len;
	char *abs;
	int err;

	if ((cc->ret & _IO_CONNECT_RET_TYPE_MASK) != _IO_CONNECT_RET_LINK)
		return ENOSYS;
	err = resmgr_connect_link_raw(cc, &path, &len);
	if (err)
		return -err;
	if (msg->connect.subtype == _IO_CONNECT_READLINK && req->reply) {
		req->copied = min(len, req->reply_len);
		memcpy(req->reply, path, req->copied);
		req->served = link;
		return 0;
	}
	if (path[0] == '/')
		abs = kstrndup(path, len, GFP_KERNEL);
	else
		abs = kasprintf(GFP_KERNEL, "%s/%.*s", link->path, (int)len, path);
	if (!abs)
		return ENOMEM;
	resmgr_path_collapse(abs);
	/* NULL: resmgr_connect() takes each redirect before the next walk. */
	req->redirect = abs;
	return RESMGR_CONNECT_REDIRECT;
}

/*
 * The connect handler for the message's subtype, in the caller's thread
 * or a server thread. The combine subtypes use the open slot, as in QNX.
 */
static long resmgr_connect_handle(struct resmgr_call *call)
{
	const resmgr_connect_funcs_t *cf = call->link->connect;
	resmgr_context_t *ctp = &call->ctp;
	io_open_t *msg = call->m.msg;
	void *handle = call->link->handle, *extra = call->m.extra;
	int ret = _RESMGR_DEFAULT;

	/* Each subtype through its own typed member, under the nfuncs rule. */
	switch (msg->connect.subtype) {
	case _IO_CONNECT_COMBINE:
	case _IO_CONNECT_COMBINE_CLOSE:
	case _IO_CONNECT_OPEN:
		if (RESMGR_CONNECT_FN(cf, open))
			ret = cf->open(ctp, msg, handle, extra);
		break;
	case _IO_CONNECT_UNLINK:
		if (RESMGR_CONNECT_FN(cf, unlink))
			ret = cf->unlink(ctp, msg, handle, extra);
		break;
	case _IO_CONNECT_RENAME:
		if (RESMGR_CONNECT_FN(cf, rename))
			ret = cf->rename(ctp, msg, handle, extra);
		break;
	case _IO_CONNECT_MKNOD:
		if (RESMGR_CONNECT_FN(cf, mknod))
			ret = cf->mknod(ctp, msg, handle, extra);
		break;
	case _IO_CONNECT_READLINK:
		if (RESMGR_CONNECT_FN(cf, readlink))
			ret = cf->readlink(ctp, msg, handle, extra);
		break;
	case _IO_CONNECT_LINK:
		if (RESMGR_CONNECT_FN(cf, link))
			ret = cf->link(ctp, msg, handle, extra);
		break;
	case _IO_CONNECT_MOUNT:
		if (RESMGR_CONNECT_FN(cf, mount))
			ret = cf->mount(ctp, msg, handle, extra);
		break;
	}
	if (ret == _RESMGR_DEFAULT)
		ret = resmgr_default_func(call, msg);
	if ((call->ctp.status & _IO_CONNECT_RET_FLAG) && ret <= 0 &&
	    ret >= -RESMGR_NPARTS_MAX && call->reply.state != RESMGR_REPLY_GIVEN)
		return resmgr_connect_ret(call, -ret);
	return __resmgr_call_finish(call, ret);
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

/*
 * Run one manager's handler; returns an errno (0 on success), or
 * RESMGR_CONNECT_REDIRECT.
 */
static int resmgr_connect_one(struct resmgr_link *link, io_open_t *msg,
			      size_t msg_len, void *extra, struct resmgr_connect_req *req)
{
	bool opens = resmgr_connect_opens(msg->connect.subtype);
	struct resmgr_connect_call cc __uninitialized;
	struct resmgr_call *call = &cc.call;
	struct resmgr_binding *b;
	unsigned int changes;
	long res;
	int err;

	if (!try_module_get(resmgr_link_owner(link)))
		return ENOENT;	/* the manager is unloading */
	__resmgr_call_init(call, link, _IO_CONNECT, msg, msg_len);
	cc.ret = 0;
	cc.reply = NULL;
	cc.reply_len = 0;
	call->connect = true;
	call->m.extra = extra;
	if (req->reply) {
		call->m.sink = RESMGR_SINK_KERNEL;
		call->m.kbuf = req->reply;
		call->m.kbuf_len = req->reply_len;
		call->ctp.info.dstmsglen = req->reply_len;
	}
	err = __resmgr_call_enter(call, true);
	if (err) {
		module_put(resmgr_link_owner(link));
		return -err;	/* ENOENT: detached since the resolution */
	}
	res = __resmgr_call_send(call, resmgr_connect_handle, true);
	if (res == RESMGR_CALL_WAIT)
		res = resmgr_call_wait(call, resmgr_connect_handle, resmgr_connect_unblock);
	if (resmgr_connect_ret_later(call, res))
		res = resmgr_connect_ret_take(&cc);
	/* After the change: what resmgrfs cached is stale (change.c). */
	changes = resmgr_connect_changes(req->subtype, req->oflag);
	if (changes && (link->attr.flags & RESMGR_FLAG_CACHEABLE))
		resmgr_changed(changes);

	/*
	 * An _IO_CONNECT_RET_* answer: a link to follow, or not followed. It
	 * opens nothing: what the handler bound is closed again.
	 */
	if (res >= 0 && cc.ret) {
		resmgr_connect_unbind(link, call);
		err = resmgr_connect_follow(link, msg, &cc, req);
		kfree(cc.reply);
		resmgr_call_exit(call);
		module_put(resmgr_link_owner(link));
		return err;
	}
	kfree(cc.reply);
	/*
	 * A stray binding is closed again while the call is still in flight:
	 * a detach's drain waits for that, and the manager may free what it
	 * still holds of the link once the drain returns (a channel does).
	 */
	if (res >= 0 && !opens) {
		/* Only opens bind. */
		resmgr_connect_unbind(link, call);
		resmgr_call_exit(call);
		module_put(resmgr_link_owner(link));
		req->copied = call->m.copied;
		req->served = link;
		return 0;
	}
	b = res < 0 ? NULL : kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b) {
		resmgr_connect_unbind(link, call);
		resmgr_call_exit(call);
		module_put(resmgr_link_owner(link));
		return res < 0 ? -res : ENOMEM;
	}
	resmgr_link_get(link);
	init_waitqueue_head(&b->wq);
	b->link = link;
	/* The OCB is opaque, as on QNX: NULL or any value binds. */
	b->bound = call->bound;
	b->ocb = call->bound ? call->bind_ocb : NULL;
	b->io = call->bound ? call->bind_io : link->io;
	b->dirty = changes;
	/*
	 * The binding is on the link before the call leaves it: a detach
	 * with _RESMGR_DETACH_CLOSE drains the calls in flight and then
	 * closes the bindings, so it sees this one and runs its close_ocb.
	 */
	mutex_lock(&link->bind_lock);
	list_add_tail(&b->link_node, &link->bindings);
	mutex_unlock(&link->bind_lock);
	atomic_inc(&link->nopen);
	__resmgr_call_exit(call);
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

/* Close the bindings a walk collected before a redirect. */
static void resmgr_connect_drop(struct resmgr_connect_req *req)
{
	while (req->nbound)
		resmgr_release(req->bindings[--req->nbound]);
}

/* A connect message with a path this long or shorter goes on the stack. */
#define RESMGR_CONNECT_STACK_PATH	64

/*
 * Where a connect message's extra data starts: after the path, at the
 * next multiple of 8 bytes (the extra of a hard link is a pointer), as
 * the message a user-space server receives lays it out (channel.h).
 */
static size_t resmgr_connect_extra_at(size_t path_len)
{
	return ALIGN(offsetof(struct _io_connect, path) + path_len, 8);
}

/*
 * One walk of @path's managers for resmgr_connect(); @path_len as
 * struct resmgr_connect_req's (0: normalize @path).
 */
static int resmgr_connect_walk(struct resmgr_connect_req *req, const char *path,
			       size_t path_len)
{
	/*
	 * Both filled before they are read (the message cleared for each
	 * candidate, the resolution by pathmgr_resolve()): the compiler's
	 * clearing of them (INIT_STACK_ALL_ZERO) cost 37 instructions an open.
	 */
	union {
		io_open_t	msg;
		u8		bytes[sizeof(io_open_t) + RESMGR_CONNECT_STACK_PATH];
	} small __aligned(8) __uninitialized;
	struct pathmgr_resolution res __uninitialized;
	bool asked = false;
	io_open_t *msg;
	size_t msg_len, len;
	u8 *buf, *extra;
	unsigned int i;
	int err, first = 0;

	req->nbound = 0;
	req->copied = 0;
	req->served = NULL;
	if (path_len)
		err = pathmgr_resolve_normal(resmgr_space, path, path_len, req->file_type, &res);
	else
		err = pathmgr_resolve(resmgr_space, path, req->file_type, &res);
	if (err)
		return err;
	msg_len = sizeof(msg->connect) + res.len + 1;
	/* The extra data goes in the message, after the path, as on QNX. */
	if (req->extra_len)
		msg_len = max(msg_len, resmgr_connect_extra_at(res.len + 1) + req->extra_len);
	buf = msg_len <= sizeof(small) ? small.bytes : kmalloc(msg_len, GFP_KERNEL);
	msg = (io_open_t *)buf;
	if (!buf) {
		err = -ENOMEM;
		goto out_release;
	}

	err = ENOENT;
	for (i = 0; i < res.count; i++) {
		struct resmgr_link *link = resmgr_link_of(res.cand[i].entry);
		const char *rest = pathmgr_candidate_rest(&res, i);
		size_t rlen = strlen(rest);

		if (req->only && link != req->only)
			continue;
		asked = true;
		if (!(link->attr.flags & RESMGR_FLAG_CACHEABLE))
			req->uncached = true;
		memset(msg, 0, msg_len);
		resmgr_connect_msg(msg, req, res.eflag, rest, rlen);
		len = sizeof(msg->connect) + rlen + 1;
		extra = (u8 *)req->extra;
		if (req->extra_len) {
			len = resmgr_connect_extra_at(rlen + 1);
			extra = buf + len;
			memcpy(extra, req->extra, req->extra_len);
			len += req->extra_len;
		}
		err = resmgr_connect_one(link, msg, len, extra, req);
		if (!err) {
			if (req->all && req->nbound < req->max && i + 1 < res.count)
				continue;
			break;
		}
		if (err == RESMGR_CONNECT_REDIRECT) {
			/* Bindings a union open collected before it go. */
			resmgr_connect_drop(req);
			first = 0;
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
	if (buf != small.bytes)
		kfree(buf);
out_release:
	pathmgr_resolution_release(&res);
	return err;
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
 * a resolution error (-ENOENT when nothing matches); -ELOOP after more
 * than MAXSYMLINKS redirects.
 * Context: process context, in the calling thread.
 */
int resmgr_connect(struct resmgr_connect_req *req)
{
	const char *path = req->path;
	size_t path_len = req->path_len;
	unsigned int hops = 0;
	char *cur = NULL;	/* the redirect being walked: it outlives its walk */
	int err;

	resmgr_might_sleep();
	req->redirect = NULL;
	req->uncached = false;
	for (;;) {
		err = resmgr_connect_walk(req, path, path_len);
		if (err != -RESMGR_CONNECT_REDIRECT)
			break;
		/* A symbolic link or a redirect: start again there. */
		if (++hops > MAXSYMLINKS) {
			err = -ELOOP;
			break;
		}
		kfree(cur);
		cur = req->redirect;
		req->redirect = NULL;
		path = cur;
		path_len = 0;	/* a manager's answer: normalized by the walk */
	}
	kfree(cur);
	kfree(req->redirect);
	req->redirect = NULL;
	return err;
}

RESMGR_EXPORT_FOR_TESTS(resmgr_connect);

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
	struct pathmgr_resolution res __uninitialized;	/* pathmgr_resolve() fills it */
	unsigned int i;
	int err;

	resmgr_might_sleep();
	err = pathmgr_resolve(resmgr_space, path, _FTYPE_ANY, &res);
	if (err)
		return err;
	err = -EXDEV;
	for (i = 0; i < res.count; i++) {
		if (resmgr_link_of(res.cand[i].entry) != link)
			continue;
		err = strscpy(buf, pathmgr_candidate_rest(&res, i), size);
		err = err < 0 ? -ENAMETOOLONG : 0;
		break;
	}
	pathmgr_resolution_release(&res);
	return err;
}

/* resmgr_open() and resmgr_open_normal(); @len as the request's path_len. */
static int resmgr_open_path(const char *path, size_t len, unsigned int oflag,
			    struct resmgr_binding **out)
{
	struct resmgr_connect_req req = {
		.path = path,
		.path_len = len,
		.subtype = _IO_CONNECT_OPEN,
		.oflag = oflag & ~RESMGR_O_NOACCESS,
		.file_type = _FTYPE_ANY,
		.bindings = out,
		.max = 1,
	};

	return resmgr_connect(&req);
}

/**
 * resmgr_open() - open a path on the managers it resolves to
 * @path: absolute path
 * @oflag: the Linux open flags of a user's open (RESMGR_O_NOACCESS is
 *	ignored: a user's open always asks for access)
 * @out: the new binding on success; it holds a reference on the link
 *	and on the manager's module until resmgr_release()
 *
 * Return: 0, or a negative errno as resmgr_connect().
 * Context: process context, in the opening thread.
 */
int resmgr_open(const char *path, unsigned int oflag,
		struct resmgr_binding **out)
{
	resmgr_might_sleep();
	return resmgr_open_path(path, 0, oflag, out);
}

RESMGR_EXPORT_FOR_TESTS(resmgr_open);

/**
 * resmgr_open_normal() - resmgr_open() of a path that is normal already
 * @path: a link's own path (resmgr_link_path()), or a copy of it
 * @len: strlen(@path)
 * @oflag: as resmgr_open()
 * @out: as resmgr_open()
 *
 * A /dev node's open: its path is its manager's mountpoint, normalized
 * when the manager attached, so it is resolved as it is.
 *
 * Return: as resmgr_open().
 * Context: process context, in the opening thread.
 */
int resmgr_open_normal(const char *path, size_t len, unsigned int oflag,
		       struct resmgr_binding **out)
{
	resmgr_might_sleep();
	return resmgr_open_path(path, len, oflag, out);
}

RESMGR_EXPORT_FOR_TESTS(resmgr_open_normal);
