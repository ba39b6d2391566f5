// SPDX-License-Identifier: GPL-2.0
/*
 * The resource manager layer (<sys/resmgr.h>) in user space: attaching
 * paths to a channel, binding OCBs, and running a message through the
 * connect and I/O tables with QNX's reply conventions (EOK, an errno,
 * _RESMGR_NPARTS(), _RESMGR_NOREPLY, _RESMGR_DEFAULT). Handlers are
 * called through the tables' typed members, under the nfuncs rule.
 */
#include <sys/ioctl.h>
#include "internal.h"

int __resmgr_attach(struct module *owner, struct lock_class_key *key, dispatch_t *dpp,
		    resmgr_attr_t *attr, const char *path,
		    enum _file_type file_type, unsigned int flags,
		    const void *connect_funcs, const void *io_funcs,
		    void *handle)
{
	struct resmgr_chan_attach a = { 0 };
	struct rm_link *l;

	if (!dpp || !path) {
		errno = EINVAL;
		return -1;
	}
	l = calloc(1, sizeof(*l));
	if (!l)
		return -1;
	l->path = strdup(path);
	if (!l->path) {
		free(l);
		return -1;
	}
	if (attr)
		l->attr = *attr;
	if (!l->attr.nparts_max)
		l->attr.nparts_max = 1;
	l->connect = connect_funcs;
	l->io = io_funcs;
	l->handle = handle;
	a.path = (uintptr_t)path;
	a.flags = flags;
	a.file_type = file_type;
	a.msg_max_size = l->attr.msg_max_size;
	/* Linked first: a message may come before the ioctl returns. */
	pthread_mutex_lock(&dpp->lock);
	l->id = -1;
	l->next = dpp->links;
	dpp->links = l;
	if (l->attr.msg_max_size > dpp->msg_max_size)
		dpp->msg_max_size = l->attr.msg_max_size;
	/* The ring comes before the first link, or never (ring.c). */
	if (!l->next && rm_ring_setup(dpp, dpp->msg_max_size))
		l->id = -1;
	else if (ioctl(dpp->fd, RESMGR_CHAN_ATTACH, &a) == 0)
		l->id = a.id;
	if (l->id < 0) {
		int err = errno;

		dpp->links = l->next;
		pthread_mutex_unlock(&dpp->lock);
		free(l->path);
		free(l);
		errno = err;
		return -1;
	}
	pthread_mutex_unlock(&dpp->lock);
	return l->id;
}

int resmgr_detach(dispatch_t *dpp, int id, unsigned int flags)
{
	struct resmgr_chan_detach d = { .id = id };
	struct rm_link **pp, *l;

	if (!dpp || (flags & ~(_RESMGR_DETACH_PATHNAME | _RESMGR_DETACH_CLOSE))) {
		errno = EINVAL;
		return -1;
	}
	/* With PATHNAME, CLOSE means nothing: no file ends. */
	d.flags = flags & _RESMGR_DETACH_PATHNAME ? _RESMGR_DETACH_PATHNAME : flags;
	if (ioctl(dpp->fd, RESMGR_CHAN_DETACH, &d))
		return -1;
	pthread_mutex_lock(&dpp->lock);
	for (pp = &dpp->links; (l = *pp); pp = &l->next) {
		if (l->id == id && !l->kept)
			break;
	}
	/* Only the name went: its files' messages still come, and need it. */
	if (l && (flags & _RESMGR_DETACH_PATHNAME)) {
		l->kept = true;
		l = NULL;
	} else if (l) {
		*pp = l->next;
	}
	pthread_mutex_unlock(&dpp->lock);
	/* Its files' OCBs stay in the table; they are never reached again. */
	if (l) {
		free(l->path);
		free(l);
	}
	return 0;
}

struct rm_link *rm_link_find(dispatch_t *dpp, int id)
{
	struct rm_link *l;

	pthread_mutex_lock(&dpp->lock);
	for (l = dpp->links; l && l->id != id; l = l->next)
		;
	pthread_mutex_unlock(&dpp->lock);
	return l;
}

/* Where @coid's OCB is, or would go; under dpp->lock. */
static struct rm_ocb **rm_ocb_where(dispatch_t *dpp, int coid)
{
	struct rm_ocb **pp = &dpp->ocbs[(unsigned int)coid % RM_OCB_BUCKETS];

	while (*pp && (*pp)->coid != coid)
		pp = &(*pp)->next;
	return pp;
}

int resmgr_open_bind(resmgr_context_t *ctp, void *ocb, const void *io_funcs)
{
	struct rm_ctx *c = rm_ctx_of(ctp);
	dispatch_t *dpp = c->dpp;
	struct rm_link *l = rm_link_find(dpp, ctp->id);
	struct rm_ocb **pp, *o;

	if (*(u16 *)ctp->msg != _IO_CONNECT || !l || ctp->info.coid <= 0) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&dpp->lock);
	pp = rm_ocb_where(dpp, ctp->info.coid);
	o = *pp;
	if (!o) {
		o = calloc(1, sizeof(*o));
		if (o) {
			o->coid = ctp->info.coid;
			*pp = o;
		}
	}
	if (o) {
		o->ocb = ocb;
		o->io = io_funcs ? io_funcs : l->io;
		o->link = l;
	}
	pthread_mutex_unlock(&dpp->lock);
	if (!o) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/* The file's OCB, or false when the coid holds none. */
static bool rm_ocb_get(dispatch_t *dpp, int coid, struct rm_ocb *out)
{
	struct rm_ocb *o;

	pthread_mutex_lock(&dpp->lock);
	o = *rm_ocb_where(dpp, coid);
	if (o)
		*out = *o;
	pthread_mutex_unlock(&dpp->lock);
	return o;
}

static void rm_ocb_drop(dispatch_t *dpp, int coid)
{
	struct rm_ocb **pp, *o;

	pthread_mutex_lock(&dpp->lock);
	pp = rm_ocb_where(dpp, coid);
	o = *pp;
	if (o)
		*pp = o->next;
	pthread_mutex_unlock(&dpp->lock);
	free(o);
}

void *_resmgr_ocb(resmgr_context_t *ctp, struct _msg_info *info)
{
	struct rm_ocb o;

	return rm_ocb_get(rm_ctx_of(ctp)->dpp, ctp->info.coid, &o) ? o.ocb : NULL;
}

const resmgr_io_funcs_t *_resmgr_iofuncs(resmgr_context_t *ctp, struct _msg_info *info)
{
	struct rm_ocb o;

	return rm_ocb_get(rm_ctx_of(ctp)->dpp, ctp->info.coid, &o) ? o.io : NULL;
}

int resmgr_unbind(resmgr_context_t *ctp)
{
	rm_ocb_drop(rm_ctx_of(ctp)->dpp, ctp->info.coid);
	return 0;
}

ssize_t resmgr_msgreadv(resmgr_context_t *ctp, const iov_t *iov, int parts, size_t offset)
{
	size_t off = ctp->offset + offset, have = ctp->info.msglen, done = 0;
	int i;

	/* What the receive buffer holds is read from it; the rest from the caller. */
	for (i = 0; i < parts; i++) {
		size_t len = iov[i].iov_len, n = 0;

		if (off + done < have) {
			n = min(len, have - (off + done));
			memcpy(iov[i].iov_base, (char *)ctp->msg + off + done, n);
		}
		if (n < len) {
			ssize_t m = MsgRead(ctp->rcvid, (char *)iov[i].iov_base + n, len - n,
					    off + done + n);

			if (m < 0)
				return done + n ? (ssize_t)(done + n) : -1;
			n += m;
		}
		done += n;
		if (n < len)
			break;
	}
	return done;
}

ssize_t resmgr_msgread(resmgr_context_t *ctp, void *buf, size_t nbytes, size_t offset)
{
	iov_t iov;

	SETIOV(&iov, buf, nbytes);
	return resmgr_msgreadv(ctp, &iov, 1, offset);
}

ssize_t resmgr_msgwritev(resmgr_context_t *ctp, const iov_t *iov, int parts, size_t offset)
{
	return MsgWritev(ctp->rcvid, iov, parts, offset);
}

ssize_t resmgr_msgwrite(resmgr_context_t *ctp, const void *buf, size_t nbytes, size_t offset)
{
	return MsgWrite(ctp->rcvid, buf, nbytes, offset);
}

int resmgr_msgreplyv(resmgr_context_t *ctp, iov_t *iov, int parts)
{
	return MsgReplyv(ctp->rcvid, ctp->status, iov, parts);
}

int resmgr_msgreply(resmgr_context_t *ctp, void *buf, size_t len)
{
	return MsgReply(ctp->rcvid, ctp->status, buf, len);
}

int resmgr_msgerror(resmgr_context_t *ctp, int err)
{
	return MsgError(ctp->rcvid, err);
}

int resmgr_msg_again(resmgr_context_t *ctp, int rcvid)
{
	errno = ENOSYS;
	return -1;
}

int resmgr_devino(int id, dev_t *pdevno, ino_t *pino)
{
	*pdevno = 0;
	*pino = id + 1;
	return 0;
}

void resmgr_notify_change(unsigned int what)
{
}

/* A table's member, NULL past its nfuncs (QNX's rule for older tables). */
#define RM_FN(tab, m)								\
	((tab) && offsetof(__typeof__(*(tab)), m) / sizeof(void *) <=		\
		  (tab)->nfuncs ? (tab)->m : NULL)

/* The I/O handler for @type through its typed member, or _RESMGR_DEFAULT. */
static int rm_io_invoke(const resmgr_io_funcs_t *io, int type, resmgr_context_t *ctp,
			void *msg, void *ocb)
{
#define RM_IO_CALL(m) (RM_FN(io, m) ? io->m(ctp, msg, ocb) : _RESMGR_DEFAULT)
	switch (type) {
	case _IO_READ:
		return RM_IO_CALL(read);
	case _IO_WRITE:
		return RM_IO_CALL(write);
	case _IO_STAT:
		return RM_IO_CALL(stat);
	case _IO_NOTIFY:
		return RM_IO_CALL(notify);
	case _IO_DEVCTL:
		return RM_IO_CALL(devctl);
	case _IO_PATHCONF:
		return RM_IO_CALL(pathconf);
	case _IO_LSEEK:
		return RM_IO_CALL(lseek);
	case _IO_CHMOD:
		return RM_IO_CALL(chmod);
	case _IO_CHOWN:
		return RM_IO_CALL(chown);
	case _IO_UTIME:
		return RM_IO_CALL(utime);
	case _IO_OPENFD:
		return RM_IO_CALL(openfd);
	case _IO_FDINFO:
		return RM_IO_CALL(fdinfo);
	case _IO_LOCK:
		return RM_IO_CALL(lock);
	case _IO_SPACE:
		return RM_IO_CALL(space);
	case _IO_SHUTDOWN:
		return RM_IO_CALL(shutdown);
	case _IO_MMAP:
		return RM_IO_CALL(mmap);
	case _IO_MSG:
		return RM_IO_CALL(msg);
	case _IO_DUP:
		return RM_IO_CALL(dup);
	case _IO_CLOSE:
		return RM_FN(io, close_dup) ? io->close_dup(ctp, msg, ocb) : EOK;
	case _IO_SYNC:
		return RM_IO_CALL(sync);
	case _IO_POWER:
		return RM_IO_CALL(power);
	case _IO_ACL:
		return RM_IO_CALL(acl);
	}
#undef RM_IO_CALL
	return _RESMGR_DEFAULT;
}

/*
 * The status a reply carries: a connect message's _IO_CONNECT_RET_*
 * status (a symbolic link to follow) as the unsigned 32-bit value it is
 * (<uapi/resmgr/channel.h>); a negative one would read as an error.
 */
static long rm_status(resmgr_context_t *ctp, bool connect)
{
	if (connect && ((u32)ctp->status & _IO_CONNECT_RET_FLAG))
		return (u32)ctp->status;
	return ctp->status;
}

/*
 * Keep the answer for the context's next receive; false when it cannot
 * be kept (too many parts, no memory): then it goes at once.
 */
static bool rm_defer(struct rm_ctx *c, resmgr_context_t *ctp, int err, int parts)
{
	struct rm_pending *p = &c->pending;
	size_t len = 0;
	int i;

	for (i = 0; i < parts; i++)
		len += ctp->iov[i].iov_len;
	if (len > p->size) {
		char *buf = realloc(p->buf, len);

		if (!buf)
			return false;
		p->buf = buf;
		p->size = len;
	}
	len = 0;
	for (i = 0; i < parts; i++) {
		memcpy(p->buf + len, ctp->iov[i].iov_base, ctp->iov[i].iov_len);
		len += ctp->iov[i].iov_len;
	}
	memset(&p->reply, 0, sizeof(p->reply));
	p->reply.rcvid = ctp->rcvid;
	p->reply.error = err;
	p->reply.status = err ? 0 : ctp->status;
	p->iov.base = (uintptr_t)p->buf;
	p->iov.len = len;
	p->reply.iov = (uintptr_t)&p->iov;
	p->reply.parts = len ? 1 : 0;
	p->set = true;
	return true;
}

/*
 * Answer as the handler's return value says; true if an answer went (or
 * waits for the context's next receive, with @c).
 */
static bool rm_reply(struct rm_ctx *c, resmgr_context_t *ctp, struct rm_link *l, int ret,
		     bool connect)
{
	if (ret == _RESMGR_DEFAULT && l && l->attr.other_func)
		ret = l->attr.other_func(ctp, ctp->msg);
	if (ret == _RESMGR_DEFAULT)
		ret = ENOSYS;
	if (ret == _RESMGR_NOREPLY)
		return false;
	if (ret < 0 && ret < -(int)(l ? l->attr.nparts_max : 1))
		ret = EIO;
	if (ret > 0 && ret >= MAX_ERRNO)
		ret = EIO;
	if (c && rm_defer(c, ctp, ret > 0 ? ret : 0, ret < 0 ? -ret : 0))
		return true;
	if (ret > 0)
		return MsgError(ctp->rcvid, ret) == 0;
	if (ret < 0)
		return MsgReplyv(ctp->rcvid, rm_status(ctp, connect), ctp->iov, -ret) == 0;
	return MsgReply(ctp->rcvid, rm_status(ctp, connect), NULL, 0) == 0;
}

/*
 * The whole connect message: the one in the receive buffer, or (a long
 * path, a rename's two) one read into @heap. NULL (with @err) when it
 * cannot be had or is malformed: a path that does not end within the
 * message, extra data past its end.
 */
static io_open_t *rm_connect_msg(resmgr_context_t *ctp, void **heap, void **extra, int *err)
{
	io_open_t *msg = ctp->msg;
	size_t len = ctp->info.msglen, at;

	*heap = NULL;
	*extra = NULL;
	if (ctp->info.srcmsglen > (int)len) {
		len = ctp->info.srcmsglen;
		*heap = malloc(len);
		if (!*heap) {
			*err = ENOMEM;
			return NULL;
		}
		if (MsgRead(ctp->rcvid, *heap, len, 0) != (ssize_t)len) {
			*err = EFAULT;
			return NULL;
		}
		msg = *heap;
	}
	*err = EBADMSG;
	if (len < sizeof(msg->connect) || !msg->connect.path_len ||
	    msg->connect.path_len > len - sizeof(msg->connect) ||
	    msg->connect.path[msg->connect.path_len - 1])
		return NULL;
	if (msg->connect.extra_len) {
		/* After the path, at the next multiple of 8 (<uapi/resmgr/channel.h>). */
		at = (sizeof(msg->connect) + msg->connect.path_len + 7) & ~(size_t)7;
		if (at > len || msg->connect.extra_len > len - at)
			return NULL;
		*extra = (char *)msg + at;
	}
	return msg;
}

/*
 * A hard link's existing file comes as its coid: the handler gets that
 * file's OCB, as QNX's does. False when this process has no such file.
 */
static bool rm_link_extra(dispatch_t *dpp, io_link_t *msg, io_link_extra_t *extra)
{
	struct rm_ocb o;

	if (msg->connect.extra_type != _IO_CONNECT_EXTRA_LINK)
		return true;
	if (!extra || msg->connect.extra_len < sizeof(extra->ocb) ||
	    !rm_ocb_get(dpp, (int)(uintptr_t)extra->ocb, &o))
		return false;
	extra->ocb = o.ocb;
	return true;
}

static void rm_connect(struct rm_ctx *c, resmgr_context_t *ctp)
{
	struct rm_link *l = rm_link_find(c->dpp, ctp->id);
	const resmgr_connect_funcs_t *cf = l ? l->connect : NULL;
	int ret = _RESMGR_DEFAULT, coid = ctp->info.coid, err;
	void *heap, *extra, *rxbuf = ctp->msg;
	io_open_t *msg;
	bool opens, replied;
	struct rm_ocb o;

	if (!l) {
		MsgError(ctp->rcvid, ENOENT);
		return;
	}
	msg = rm_connect_msg(ctp, &heap, &extra, &err);
	if (!msg) {
		free(heap);
		MsgError(ctp->rcvid, err);
		return;
	}
	ctp->msg = msg;
	opens = false;
	switch (msg->connect.subtype) {
	case _IO_CONNECT_COMBINE:
	case _IO_CONNECT_COMBINE_CLOSE:
	case _IO_CONNECT_OPEN:
		opens = true;
		if (RM_FN(cf, open))
			ret = cf->open(ctp, msg, l->handle, extra);
		break;
	case _IO_CONNECT_UNLINK:
		if (RM_FN(cf, unlink))
			ret = cf->unlink(ctp, (io_unlink_t *)msg, l->handle, extra);
		break;
	case _IO_CONNECT_RENAME:
		if (RM_FN(cf, rename))
			ret = cf->rename(ctp, (io_rename_t *)msg, l->handle, extra);
		break;
	case _IO_CONNECT_MKNOD:
		if (RM_FN(cf, mknod))
			ret = cf->mknod(ctp, (io_mknod_t *)msg, l->handle, extra);
		break;
	case _IO_CONNECT_READLINK:
		if (RM_FN(cf, readlink))
			ret = cf->readlink(ctp, (io_readlink_t *)msg, l->handle, extra);
		break;
	case _IO_CONNECT_LINK:
		if (!rm_link_extra(c->dpp, (io_link_t *)msg, extra))
			ret = EXDEV;
		else if (RM_FN(cf, link))
			ret = cf->link(ctp, (io_link_t *)msg, l->handle, extra);
		break;
	}
	replied = rm_reply(NULL, ctp, l, ret, true);
	ctp->msg = rxbuf;
	free(heap);
	/* Answered with success, or deferred (the handler answers later): kept. */
	if (!opens || (replied && ret == EOK) || ret == _RESMGR_NOREPLY)
		return;
	/* Not opened after all (an error, or the caller went): forget the OCB. */
	if (rm_ocb_get(c->dpp, coid, &o) && ret == EOK && RM_FN(o.io, close_ocb))
		o.io->close_ocb(ctp, NULL, o.ocb);
	rm_ocb_drop(c->dpp, coid);
}

/*
 * A MsgSend()'s own type: its message_attach() handler answers, else
 * (@must) ENOSYS. False when no handler took it and nothing was said.
 */
static bool rm_message(struct rm_ctx *c, resmgr_context_t *ctp, int type, bool must)
{
	struct rm_pulse *p;

	pthread_mutex_lock(&c->dpp->lock);
	for (p = c->dpp->pulses; p; p = p->next)
		if (!(p->flags & (MSG_FLAG_TYPE_PULSE | MSG_FLAG_TIMEOUT_FUNC)) &&
		    type >= p->low && type <= p->high)
			break;
	pthread_mutex_unlock(&c->dpp->lock);
	if (p)
		p->func(ctp, type, p->flags, p->handle);
	else if (must)
		MsgError(ctp->rcvid, ENOSYS);
	return p || must;
}

int rm_handle_message(struct rm_ctx *c)
{
	resmgr_context_t *ctp = &c->ctx.resmgr_context;
	u16 type = *(u16 *)ctp->msg;
	struct rm_ocb o;
	int ret;

	if (c->rcv.rcvid & RESMGR_CHAN_RCVID_SEND) {
		/* name_open()'s first message: the name's channel accepts, as QNX's does. */
		if (type == _IO_CONNECT) {
			MsgReply(ctp->rcvid, EOK, NULL, 0);
			return 0;
		}
		if (type < _IO_BASE || type > _IO_MAX) {
			rm_message(c, ctp, type, true);
			return 0;
		}
	}
	/* One on a file: a message_attach() handler first, as QNX's dispatch does. */
	if ((type < _IO_BASE || type > _IO_MAX) && rm_message(c, ctp, type, false))
		return 0;
	if (type == _IO_CONNECT) {
		rm_connect(c, ctp);
		return 0;
	}
	if (!rm_ocb_get(c->dpp, ctp->info.coid, &o)) {
		MsgError(ctp->rcvid, EBADF);
		return 0;
	}
	ret = RM_FN(o.io, lock_ocb) ? o.io->lock_ocb(ctp, NULL, o.ocb) : EOK;
	if (ret != EOK) {
		rm_reply(c, ctp, o.link, ret, false);
		return 0;
	}
	ret = rm_io_invoke(o.io, type, ctp, ctp->msg, o.ocb);
	/* The answer goes with this thread's next receive. */
	rm_reply(c, ctp, o.link, ret, false);
	if (RM_FN(o.io, unlock_ocb))
		o.io->unlock_ocb(ctp, NULL, o.ocb);
	return 0;
}

/* The unblock handler of the file a signalled caller waits on; EINTR by default. */
static void rm_unblock(struct rm_ctx *c, resmgr_context_t *ctp, int rcvid, int coid)
{
	io_pulse_t *msg = ctp->msg;
	struct rm_ocb o;
	int ret = _RESMGR_DEFAULT;

	ctp->rcvid = rcvid;
	/* Under lock_ocb, as every handler of the file. */
	if (rm_ocb_get(c->dpp, coid, &o) && RM_FN(o.io, unblock)) {
		ret = RM_FN(o.io, lock_ocb) ? o.io->lock_ocb(ctp, NULL, o.ocb) : EOK;
		if (ret == EOK) {
			ret = o.io->unblock(ctp, msg, o.ocb);
			if (RM_FN(o.io, unlock_ocb))
				o.io->unlock_ocb(ctp, NULL, o.ocb);
		} else {
			ret = _RESMGR_DEFAULT;
		}
	}
	if (ret == _RESMGR_DEFAULT)
		MsgError(rcvid, EINTR);
	else if (ret != _RESMGR_NOREPLY)
		rm_reply(NULL, ctp, o.link, ret, false);
	ctp->rcvid = 0;
}

/* dispatch_timeout() expired: the MSG_FLAG_TIMEOUT_FUNC handler, with code 0. */
void rm_handle_timeout(struct rm_ctx *c)
{
	resmgr_context_t *ctp = &c->ctx.resmgr_context;
	struct rm_pulse *p;

	pthread_mutex_lock(&c->dpp->lock);
	for (p = c->dpp->pulses; p && !(p->flags & MSG_FLAG_TIMEOUT_FUNC); p = p->next)
		;
	pthread_mutex_unlock(&c->dpp->lock);
	if (p)
		p->func(ctp, 0, p->flags, p->handle);
}

void rm_handle_pulse(struct rm_ctx *c)
{
	resmgr_context_t *ctp = &c->ctx.resmgr_context;
	int code = c->rcv.code, value = c->rcv.value, coid = c->rcv.info.coid;
	struct rm_pulse *p;
	struct rm_ocb o;

	switch (code) {
	case RESMGR_CHAN_PULSE_DISCONNECT:
		/* The file's last reference went: QNX's close_ocb. */
		ctp->info.coid = coid;
		if (rm_ocb_get(c->dpp, coid, &o) && RM_FN(o.io, close_ocb))
			o.io->close_ocb(ctp, NULL, o.ocb);
		rm_ocb_drop(c->dpp, coid);
		return;
	case RESMGR_CHAN_PULSE_UNBLOCK:
		rm_unblock(c, ctp, value, coid);
		return;
	}
	pthread_mutex_lock(&c->dpp->lock);
	for (p = c->dpp->pulses; p; p = p->next)
		if ((p->flags & MSG_FLAG_TYPE_PULSE) && code >= p->low && code <= p->high)
			break;
	pthread_mutex_unlock(&c->dpp->lock);
	if (p)
		p->func(ctp, code, p->flags, p->handle);
}
