// SPDX-License-Identifier: GPL-2.0
/*
 * The dispatch layer (<sys/dispatch.h>) in user space: a handle is a
 * /dev/resmgr channel; dispatch_block() is MsgReceive() on it (the
 * RESMGR_CHAN_RECEIVE ioctl) and dispatch_handler() runs what came. The
 * calls follow QNX's conventions: NULL or -1 with errno on failure.
 */
#include <sys/ioctl.h>
#include "internal.h"

/* QNX's resmgr_attr_t.msg_max_size when nobody asks for more. */
#define RM_MSG_MAX_MIN	2048

/* Every handle of this process, for calls that name a link by id alone. */
static pthread_mutex_t rm_dpps_lock = PTHREAD_MUTEX_INITIALIZER;
static dispatch_t *rm_dpps;

int resmgr_pathname(int id, unsigned int flags, char *path, int maxbuf)
{
	struct rm_link *l = NULL;
	int len = -1;
	dispatch_t *d;

	pthread_mutex_lock(&rm_dpps_lock);
	for (d = rm_dpps; d && !l; d = d->next) {
		pthread_mutex_lock(&d->lock);
		for (l = d->links; l && (l->id != id || l->kept); l = l->next)
			;
		if (l) {
			len = strlen(l->path);
			if (path && maxbuf > 0)
				snprintf(path, maxbuf, "%s", l->path);
		}
		pthread_mutex_unlock(&d->lock);
	}
	pthread_mutex_unlock(&rm_dpps_lock);
	if (len < 0)
		errno = ENOENT;
	return len;
}

dispatch_t *__dispatch_create(struct module *owner)
{
	dispatch_t *dpp = calloc(1, sizeof(*dpp));

	if (!dpp)
		return NULL;
	dpp->fd = open(RESMGR_CHAN_DEVICE, O_RDWR | O_CLOEXEC);
	if (dpp->fd < 0)
		goto err_free;
	if (rm_chan_add(dpp->fd))
		goto err_close;
	pthread_mutex_init(&dpp->lock, NULL);
	dpp->msg_max_size = RM_MSG_MAX_MIN;
	pthread_mutex_lock(&rm_dpps_lock);
	dpp->next = rm_dpps;
	rm_dpps = dpp;
	pthread_mutex_unlock(&rm_dpps_lock);
	return dpp;

err_close:
	close(dpp->fd);
err_free:
	free(dpp);
	return NULL;
}

int dispatch_destroy(dispatch_t *dpp)
{
	dispatch_t **pp;
	struct rm_pulse *p;
	int i;

	if (!dpp) {
		errno = EINVAL;
		return -1;
	}
	rm_select_stop(dpp);
	pthread_mutex_lock(&rm_dpps_lock);
	for (pp = &rm_dpps; *pp; pp = &(*pp)->next) {
		if (*pp == dpp) {
			*pp = dpp->next;
			break;
		}
	}
	pthread_mutex_unlock(&rm_dpps_lock);
	/* The channel's end detaches what is left (the kernel fails its callers). */
	rm_chid_unbind(dpp->fd);
	rm_chan_del(dpp->fd);
	rm_ring_unmap(dpp);
	close(dpp->fd);
	while (dpp->links) {
		struct rm_link *l = dpp->links;

		dpp->links = l->next;
		free(l->path);
		free(l);
	}
	while ((p = dpp->pulses)) {
		dpp->pulses = p->next;
		free(p);
	}
	for (i = 0; i < RM_OCB_BUCKETS; i++) {
		while (dpp->ocbs[i]) {
			struct rm_ocb *o = dpp->ocbs[i];

			dpp->ocbs[i] = o->next;
			free(o);
		}
	}
	free(dpp);
	return 0;
}

dispatch_context_t *dispatch_context_alloc(dispatch_t *dpp)
{
	unsigned int nparts = 1, size;
	struct rm_link *l;
	struct rm_ctx *c;

	if (!dpp) {
		errno = EINVAL;
		return NULL;
	}
	pthread_mutex_lock(&dpp->lock);
	size = dpp->msg_max_size;
	for (l = dpp->links; l; l = l->next)
		if (l->attr.nparts_max > nparts)
			nparts = l->attr.nparts_max;
	pthread_mutex_unlock(&dpp->lock);
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->buf = malloc(size);
	c->iov = calloc(nparts, sizeof(iov_t));
	if (!c->buf || !c->iov) {
		free(c->buf);
		free(c->iov);
		free(c);
		errno = ENOMEM;
		return NULL;
	}
	c->dpp = dpp;
	c->bufsize = size;
	c->ctx.resmgr_context.dpp = dpp;
	c->ctx.resmgr_context.msg_max_size = size;
	c->ctx.resmgr_context.msg = c->buf;
	c->ctx.resmgr_context.iov = c->iov;
	return &c->ctx;
}

/* Send a reply that waits for the next receive, now. */
int rm_flush_pending(struct rm_ctx *c)
{
	if (!c->pending.set)
		return 0;
	c->pending.set = false;
	return ioctl(c->dpp->fd, RESMGR_CHAN_REPLY, &c->pending.reply);
}

void dispatch_context_free(dispatch_context_t *ctp)
{
	struct rm_ctx *c;

	if (!ctp)
		return;
	c = container_of(ctp, struct rm_ctx, ctx);
	rm_flush_pending(c);
	free(c->pending.buf);
	free(c->groups);
	free(c->buf);
	free(c->iov);
	free(c);
}

/*
 * The sender's credentials, as iofunc_client_info() and the checks read
 * them. Its groups and (for reads, writes and closes) its capabilities
 * are asked of the channel only when a check needs them (kshim.c).
 */
static int rm_ctx_cred(struct rm_ctx *c)
{
	const struct resmgr_chan_info *in = &c->rcv.info;
	struct cred *cred = &c->cred;

	cred->uid = in->ruid;
	cred->euid = in->uid;
	cred->suid = in->suid;
	cred->fsuid = in->uid;
	cred->gid = in->rgid;
	cred->egid = in->gid;
	cred->sgid = in->sgid;
	cred->fsgid = in->gid;
	cred->caps = in->caps;
	cred->caps_rcvid = in->flags & RESMGR_CHAN_INFO_NOCAPS ? c->rcv.rcvid : 0;
	cred->group_info = NULL;
	cred->groups_rcvid = 0;
	if (!in->ngroups)
		return 0;
	if (!c->groups || c->groups_room < in->ngroups) {
		struct group_info *g = realloc(c->groups, sizeof(*g) +
					       in->ngroups * sizeof(kgid_t));

		if (!g)
			return -1;
		c->groups = g;
		c->groups_room = in->ngroups;
	}
	c->groups->ngroups = in->ngroups;
	cred->group_info = c->groups;
	cred->groups_rcvid = c->rcv.rcvid;
	return 0;
}

dispatch_context_t *dispatch_block(dispatch_context_t *ctp)
{
	resmgr_context_t *r;
	struct rm_ctx *c;

	if (!ctp) {
		errno = EINVAL;
		return NULL;
	}
	c = container_of(ctp, struct rm_ctx, ctx);
	r = &ctp->resmgr_context;
	for (;;) {
		struct resmgr_chan_reply_receive rr;
		int ret;

		if (c->dpp->ring) {
			ret = rm_ring_receive(c);
			goto received;
		}
		memset(&c->rcv, 0, sizeof(c->rcv));
		c->rcv.msg = (uintptr_t)c->buf;
		c->rcv.size = c->bufsize;
		if (c->pending.set) {
			/* The last message's answer and the next receive: one call. */
			rr.reply = c->pending.reply;
			rr.reply_error = 0;
			rr.reserved = 0;
			rr.receive = c->rcv;
			c->pending.set = false;
			ret = ioctl(c->dpp->fd, RESMGR_CHAN_REPLY_RECEIVE, &rr);
			c->rcv = rr.receive;
		} else {
			ret = ioctl(c->dpp->fd, RESMGR_CHAN_RECEIVE, &c->rcv);
		}
received:
		if (ret < 0 && errno == ETIMEDOUT) {
			/* dispatch_timeout(): dispatch_handler() runs the timeout handler. */
			c->timedout = true;
			memset(&c->rcv, 0, sizeof(c->rcv));
			c->rcv.rcvid = -1;
			break;
		}
		if (ret < 0)
			return NULL;
		/* No memory for the caller's groups: it gets ENOMEM, we go on. */
		if (c->rcv.rcvid > 0 && rm_ctx_cred(c)) {
			MsgError(c->rcv.rcvid, ENOMEM);
			continue;
		}
		break;
	}
	memset(&r->info, 0, sizeof(r->info));
	r->rcvid = c->rcv.rcvid;
	r->info.pid = c->rcv.info.pid;
	r->info.tid = c->rcv.info.tid;
	r->info.coid = c->rcv.info.coid;
	r->info.scoid = c->rcv.info.coid;
	r->info.msglen = c->rcv.info.msglen;
	r->info.srcmsglen = c->rcv.info.srcmsglen;
	r->info.dstmsglen = c->rcv.info.dstmsglen;
	r->info.priority = c->rcv.info.priority;
	r->info.cred = c->rcv.rcvid > 0 ? &c->cred : NULL;
	r->msg = c->buf;
	r->dpp = c->dpp;
	r->id = c->rcv.info.id;
	r->msg_max_size = c->bufsize;
	r->status = 0;
	r->offset = 0;
	r->size = c->rcv.info.msglen;
	r->iov = c->iov;
	if (c->rcv.rcvid == 0) {
		/* A pulse: the buffer shows it as QNX's struct _pulse. */
		io_pulse_t *p = c->buf;

		memset(p, 0, sizeof(*p));
		p->i.code = c->rcv.code;
		p->i.value = c->rcv.code == _PULSE_CODE_COIDDEATH ? rm_conn_coid(c->rcv.value) :
				c->rcv.value;
		p->i.scoid = c->rcv.info.coid;
		r->info.msglen = sizeof(*p);
		r->size = sizeof(*p);
	}
	return ctp;
}

int dispatch_handler(dispatch_context_t *ctp)
{
	struct rm_ctx *c;

	if (!ctp) {
		errno = EINVAL;
		return -1;
	}
	c = container_of(ctp, struct rm_ctx, ctx);
	if (c->timedout) {
		c->timedout = false;
		rm_handle_timeout(c);
		return 0;
	}
	if (c->rcv.rcvid == 0) {
		rm_handle_pulse(c);
		return 0;
	}
	rm_set_cred(&c->cred);
	rm_handle_message(c);
	rm_set_cred(NULL);
	return 0;
}

/* Nothing to wake: a receive ends with a message, a pulse or a signal. */
void dispatch_unblock(dispatch_context_t *ctp)
{
}

int dispatch_timeout(dispatch_t *dpp, struct timespec *reltime)
{
	struct resmgr_chan_timeout t = { .ns = -1 };

	if (!dpp || (reltime && (reltime->tv_sec < 0 || reltime->tv_nsec < 0 ||
				 reltime->tv_nsec >= 1000000000L))) {
		errno = EINVAL;
		return -1;
	}
	if (reltime)
		t.ns = reltime->tv_sec > INT64_MAX / 1000000000 - 1 ? INT64_MAX :
		       reltime->tv_sec * 1000000000LL + reltime->tv_nsec;
	return ioctl(dpp->fd, RESMGR_CHAN_TIMEOUT, &t) < 0 ? -1 : 0;
}

int message_attach(dispatch_t *dpp, message_attr_t *attr, int low, int high,
		   int (*func)(message_context_t *ctp, int code, unsigned int flags,
			       void *handle),
		   void *handle)
{
	const unsigned int kinds = MSG_FLAG_TYPE_PULSE | MSG_FLAG_TIMEOUT_FUNC;
	struct rm_pulse *p, *pos;
	unsigned int kind;

	if (!dpp || !func || low > high) {
		errno = EINVAL;
		return -1;
	}
	/*
	 * Pulse codes, the timeout handler (one), or message types: those
	 * MsgSend() brings, outside QNX's I/O range.
	 */
	kind = attr ? attr->flags & kinds : 0;
	if (kind == kinds) {
		errno = EINVAL;
		return -1;
	}
	if (!kind && low <= _IO_MAX && high >= _IO_BASE) {
		errno = EBUSY;
		return -1;
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		return -1;
	p->flags = attr ? attr->flags : 0;
	p->low = low;
	p->high = high;
	p->func = func;
	p->handle = handle;
	pthread_mutex_lock(&dpp->lock);
	for (pos = dpp->pulses; pos; pos = pos->next) {
		if ((pos->flags & kinds) == kind &&
		    (kind == MSG_FLAG_TIMEOUT_FUNC || (pos->low <= high && low <= pos->high))) {
			pthread_mutex_unlock(&dpp->lock);
			free(p);
			errno = EBUSY;
			return -1;
		}
	}
	p->next = dpp->pulses;
	dpp->pulses = p;
	pthread_mutex_unlock(&dpp->lock);
	return 0;
}

int pulse_attach(dispatch_t *dpp, int flags, int code,
		 int (*func)(message_context_t *ctp, int code, unsigned int flags,
			     void *handle),
		 void *handle)
{
	message_attr_t attr = { .flags = MSG_FLAG_TYPE_PULSE };

	if (message_attach(dpp, &attr, code, code, func, handle))
		return -1;
	return code;
}

int message_detach(dispatch_t *dpp, int low, int high, int flags)
{
	struct rm_pulse **pp, *p;

	pthread_mutex_lock(&dpp->lock);
	for (pp = &dpp->pulses; (p = *pp); pp = &p->next) {
		if (p->low == low && p->high == high) {
			*pp = p->next;
			break;
		}
	}
	pthread_mutex_unlock(&dpp->lock);
	if (!p) {
		errno = EINVAL;
		return -1;
	}
	free(p);
	return 0;
}

int pulse_detach(dispatch_t *dpp, int code, int flags)
{
	return message_detach(dpp, code, code, flags);
}

/*
 * A connection to the handle's own channel, for MsgSendPulse(): the
 * channel's descriptor with QNX's side-channel bit (_NTO_SIDE_CHANNEL),
 * which descriptors never have.
 */
#define RM_SIDE_CHANNEL	0x40000000

int message_connect(dispatch_t *dpp, int flags)
{
	if (!dpp) {
		errno = EINVAL;
		return -1;
	}
	return dpp->fd | RM_SIDE_CHANNEL;
}

int MsgSendPulse(int coid, int priority, int code, int value)
{
	struct resmgr_chan_pulse p = { .code = code, .value = value };
	int ret;

	/* A connection to another channel (ConnectAttach(), name_open()). */
	if (rm_conn_pulse(coid, code, value, &ret))
		return ret;
	if (!(coid & RM_SIDE_CHANNEL) || !rm_chan_known(coid & ~RM_SIDE_CHANNEL)) {
		errno = EBADF;
		return -1;
	}
	return ioctl(coid & ~RM_SIDE_CHANNEL, RESMGR_CHAN_PULSE, &p) < 0 ? -1 : 0;
}
