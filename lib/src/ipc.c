// SPDX-License-Identifier: GPL-2.0
/*
 * QNX message passing between processes (<sys/neutrino.h>,
 * <sys/dispatch.h>) on the user channel's sends
 * (include/uapi/resmgr/channel.h): ChannelCreate(), ConnectAttach(),
 * MsgSend() and its iov kinds, MsgReceive(), name_attach() and
 * name_open(). A channel is an open /dev/resmgr; its chid is the
 * kernel's, mapped here to the descriptor. A connection is a descriptor
 * of its own, known here so that a coid never reaches another file's
 * ioctl.
 */
#include <sys/ioctl.h>
#include <sys/netmgr.h>
#include "internal.h"

#define RM_MAX_CHIDS	64

/* Channels by chid: ChannelCreate()'s and name_attach()'s. */
static pthread_mutex_t rm_ipc_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	int	chid;
	int	fd;
} rm_chids[RM_MAX_CHIDS];
static int rm_nchids;

/* Descriptors that are connections (ConnectAttach(), name_open()). */
#define RM_CONN_FDS	65536
static unsigned char rm_conn_fds[RM_CONN_FDS];

/* A channel for the calls that need one (CONNECT, NAME_OPEN), opened once. */
static int rm_ctl_fd = -1;

static int rm_ctl(void)
{
	int fd;

	pthread_mutex_lock(&rm_ipc_lock);
	if (rm_ctl_fd < 0)
		rm_ctl_fd = open(RESMGR_CHAN_DEVICE, O_RDWR | O_CLOEXEC);
	fd = rm_ctl_fd;
	pthread_mutex_unlock(&rm_ipc_lock);
	return fd;
}

static int rm_chid_fd(int chid)
{
	int i, fd = -1;

	pthread_mutex_lock(&rm_ipc_lock);
	for (i = 0; i < rm_nchids; i++) {
		if (rm_chids[i].chid == chid) {
			fd = rm_chids[i].fd;
			break;
		}
	}
	pthread_mutex_unlock(&rm_ipc_lock);
	if (fd < 0)
		errno = ESRCH;
	return fd;
}

/* Make @fd's channel reachable by id, with @flags; its chid or -1. */
int rm_chid_bind(int fd, unsigned int flags)
{
	struct resmgr_chan_channel c = { .flags = flags & RESMGR_CHAN_CHF_MASK };
	int i, ret = -1;

	if (ioctl(fd, RESMGR_CHAN_CHANNEL, &c) < 0)
		return -1;
	pthread_mutex_lock(&rm_ipc_lock);
	for (i = 0; i < rm_nchids && rm_chids[i].fd != fd; i++)
		;
	if (i < rm_nchids) {
		ret = c.chid;
	} else if (rm_nchids < RM_MAX_CHIDS) {
		rm_chids[rm_nchids].chid = c.chid;
		rm_chids[rm_nchids++].fd = fd;
		ret = c.chid;
	}
	pthread_mutex_unlock(&rm_ipc_lock);
	if (ret < 0)
		errno = EAGAIN;
	return ret;
}

/* Forget @fd's chid (its channel is being closed). */
void rm_chid_unbind(int fd)
{
	int i;

	pthread_mutex_lock(&rm_ipc_lock);
	for (i = 0; i < rm_nchids; i++) {
		if (rm_chids[i].fd == fd) {
			rm_chids[i] = rm_chids[--rm_nchids];
			break;
		}
	}
	pthread_mutex_unlock(&rm_ipc_lock);
}

/* rm_conn_fds[]: 0 none, else a connection (RM_CONN_SIDE: a side channel's). */
#define RM_CONN_SIDE	2

/* The coid ConnectAttach() gave for @fd (a COIDDEATH pulse's value). */
int rm_conn_coid(int fd)
{
	if (fd >= 0 && fd < RM_CONN_FDS &&
	    __atomic_load_n(&rm_conn_fds[fd], __ATOMIC_ACQUIRE) == RM_CONN_SIDE)
		return fd | _NTO_SIDE_CHANNEL;
	return fd;
}

static bool rm_conn_known(int fd)
{
	return fd >= 0 && fd < RM_CONN_FDS && __atomic_load_n(&rm_conn_fds[fd], __ATOMIC_ACQUIRE);
}

/*
 * Is @fd the library's own, one that procmgr_daemon() keeps: the channel
 * for connecting, or a side channel's connection (on QNX no descriptor)?
 */
bool rm_ipc_keeps(int fd)
{
	bool keep;

	pthread_mutex_lock(&rm_ipc_lock);
	keep = fd == rm_ctl_fd;
	pthread_mutex_unlock(&rm_ipc_lock);
	return keep || (fd >= 0 && fd < RM_CONN_FDS &&
			__atomic_load_n(&rm_conn_fds[fd], __ATOMIC_ACQUIRE) == RM_CONN_SIDE);
}

/* A new connection descriptor; closed again if it cannot be known. */
static int rm_conn_add(int fd)
{
	if (fd < 0)
		return -1;
	if (fd >= RM_CONN_FDS) {
		close(fd);
		errno = EMFILE;
		return -1;
	}
	__atomic_store_n(&rm_conn_fds[fd], 1, __ATOMIC_RELEASE);
	return fd;
}

int ChannelCreate(unsigned int flags)
{
	int fd, chid;

	fd = open(RESMGR_CHAN_DEVICE, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (rm_chan_add(fd))
		goto err_close;
	chid = rm_chid_bind(fd, flags);
	if (chid < 0)
		goto err_del;
	return chid;

err_del:
	rm_chan_del(fd);
err_close:
	close(fd);
	return -1;
}

int ChannelDestroy(int chid)
{
	int fd = rm_chid_fd(chid);

	if (fd < 0) {
		errno = EINVAL;
		return -1;
	}
	rm_chid_unbind(fd);
	rm_chan_del(fd);
	return close(fd);
}

int ConnectAttach(u32 nd, pid_t pid, int chid, unsigned int index, int flags)
{
	struct resmgr_chan_connect c = {
		.pid = pid,
		.chid = chid,
		.flags = (flags & _NTO_COF_CLOEXEC) ? O_CLOEXEC : 0,
	};
	int ctl = rm_ctl(), fd;

	if (nd != ND_LOCAL_NODE) {
		errno = ESRCH;	/* no other node: there is no Qnet */
		return -1;
	}
	if (ctl < 0)
		return -1;
	fd = rm_conn_add(ioctl(ctl, RESMGR_CHAN_CONNECT, &c));
	if (fd < 0)
		return -1;
	if (!(index & _NTO_SIDE_CHANNEL))
		return fd;
	__atomic_store_n(&rm_conn_fds[fd], RM_CONN_SIDE, __ATOMIC_RELEASE);
	return fd | _NTO_SIDE_CHANNEL;
}

int ConnectDetach(int coid)
{
	int fd = coid & ~_NTO_SIDE_CHANNEL;

	if (rm_conn_known(fd)) {
		__atomic_store_n(&rm_conn_fds[fd], 0, __ATOMIC_RELEASE);
		return close(fd);
	}
	/* A server's connection id (a disconnect pulse's scoid): nothing is held here. */
	if (coid >= RESMGR_CHAN_COID_MIN && coid <= RESMGR_CHAN_COID_MAX)
		return 0;
	errno = EINVAL;
	return -1;
}

/* iov_t to the kernel's parts; -1 with E2BIG past RESMGR_CHAN_IOV_MAX. */
static int rm_iov(struct resmgr_chan_iov *out, const iov_t *iov, int parts)
{
	int i;

	if (parts < 0 || parts > RESMGR_CHAN_IOV_MAX) {
		errno = parts < 0 ? EINVAL : E2BIG;
		return -1;
	}
	for (i = 0; i < parts; i++) {
		out[i].base = (uintptr_t)iov[i].iov_base;
		out[i].len = iov[i].iov_len;
	}
	return 0;
}

long MsgSendv(int coid, const iov_t *siov, int sparts, const iov_t *riov, int rparts)
{
	struct resmgr_chan_iov s[RESMGR_CHAN_IOV_MAX], r[RESMGR_CHAN_IOV_MAX];
	struct resmgr_chan_fd_send f = { .fd = coid & ~_NTO_SIDE_CHANNEL };
	struct resmgr_chan_send *a = &f.send;
	int ctl;

	if (rm_iov(s, siov, sparts) || rm_iov(r, riov, rparts))
		return -1;
	a->smsg = (uintptr_t)s;
	a->sparts = sparts;
	a->rmsg = (uintptr_t)r;
	a->rparts = rparts;
	if (rm_conn_known(f.fd))
		return ioctl(f.fd, RESMGR_CHAN_SEND, a);
	/* A file opened through a path: the kernel checks that it is resmgr's. */
	ctl = rm_ctl();
	if (ctl < 0)
		return -1;
	return ioctl(ctl, RESMGR_CHAN_FD_SEND, &f);
}

long MsgSendvnc(int coid, const iov_t *siov, int sparts, const iov_t *riov, int rparts)
{
	return MsgSendv(coid, siov, sparts, riov, rparts);
}

long MsgSend(int coid, const void *smsg, size_t sbytes, void *rmsg, size_t rbytes)
{
	iov_t s, r;

	SETIOV(&s, smsg, sbytes);
	SETIOV(&r, rmsg, rbytes);
	return MsgSendv(coid, &s, 1, &r, 1);
}

long MsgSendnc(int coid, const void *smsg, size_t sbytes, void *rmsg, size_t rbytes)
{
	return MsgSend(coid, smsg, sbytes, rmsg, rbytes);
}

long MsgSendsv(int coid, const void *smsg, size_t sbytes, const iov_t *riov, int rparts)
{
	iov_t s;

	SETIOV(&s, smsg, sbytes);
	return MsgSendv(coid, &s, 1, riov, rparts);
}

long MsgSendvs(int coid, const iov_t *siov, int sparts, void *rmsg, size_t rbytes)
{
	iov_t r;

	SETIOV(&r, rmsg, rbytes);
	return MsgSendv(coid, siov, sparts, &r, 1);
}

/* A pulse on a connection; false when @coid is none. */
bool rm_conn_pulse(int coid, int code, int value, int *ret)
{
	struct resmgr_chan_pulse p = { .code = code, .value = value };
	int fd = coid & ~_NTO_SIDE_CHANNEL;

	if (!rm_conn_known(fd))
		return false;
	*ret = ioctl(fd, RESMGR_CHAN_PULSE, &p) < 0 ? -1 : 0;
	return true;
}

/* One receive on @chid into @buf; the rcvid (0: a pulse, as struct _pulse), or -1. */
static int rm_receive(int chid, void *buf, size_t bytes, struct _msg_info *info,
		      bool pulse_only)
{
	struct resmgr_chan_receive rcv;
	int fd = rm_chid_fd(chid);

	if (fd < 0)
		return -1;
	for (;;) {
		memset(&rcv, 0, sizeof(rcv));
		rcv.msg = (uintptr_t)buf;
		rcv.size = bytes > UINT32_MAX ? UINT32_MAX : bytes;
		if (ioctl(fd, RESMGR_CHAN_RECEIVE, &rcv) < 0)
			return -1;
		/* MsgReceivePulse(): a message waits for another receive (QNX: in the queue). */
		if (!pulse_only || !rcv.rcvid)
			break;
		MsgError(rcv.rcvid, EAGAIN);
	}
	if (info) {
		memset(info, 0, sizeof(*info));
		info->pid = rcv.info.pid;
		info->tid = rcv.info.tid;
		info->chid = chid;
		info->scoid = rcv.info.coid;
		info->coid = rcv.info.coid;
		info->msglen = rcv.info.msglen;
		info->srcmsglen = rcv.info.srcmsglen;
		info->dstmsglen = rcv.info.dstmsglen;
		info->priority = rcv.info.priority;
	}
	if (!rcv.rcvid) {
		struct _pulse p = {
			.type = _PULSE_TYPE,
			.subtype = _PULSE_SUBTYPE,
			.code = rcv.code,
			.scoid = rcv.info.coid,
		};

		p.value.sival_int = rcv.code == _PULSE_CODE_COIDDEATH ? rm_conn_coid(rcv.value) :
					rcv.value;
		memcpy(buf, &p, bytes < sizeof(p) ? bytes : sizeof(p));
		if (info)
			info->msglen = sizeof(p);
	}
	return rcv.rcvid;
}

int MsgReceive(int chid, void *msg, size_t bytes, struct _msg_info *info)
{
	return rm_receive(chid, msg, bytes, info, false);
}

int MsgReceivePulse(int chid, void *pulse, size_t bytes, struct _msg_info *info)
{
	return rm_receive(chid, pulse, bytes, info, true);
}

int MsgReceivev(int chid, const iov_t *iov, int parts, struct _msg_info *info)
{
	size_t total = 0, off = 0;
	char *buf;
	int i, ret;

	if (parts == 1)
		return rm_receive(chid, iov[0].iov_base, iov[0].iov_len, info, false);
	for (i = 0; i < parts; i++)
		total += iov[i].iov_len;
	buf = malloc(total ? total : 1);
	if (!buf)
		return -1;
	ret = rm_receive(chid, buf, total, info, false);
	for (i = 0; ret >= 0 && i < parts; i++) {
		memcpy(iov[i].iov_base, buf + off, iov[i].iov_len);
		off += iov[i].iov_len;
	}
	free(buf);
	return ret;
}

name_attach_t *name_attach(dispatch_t *dpp, const char *path, unsigned int flags)
{
	const char *dir = (flags & NAME_FLAG_ATTACH_GLOBAL) ? RESMGR_CHAN_NAME_GLOBAL :
							     RESMGR_CHAN_NAME_LOCAL;
	struct resmgr_chan_attach a = { .file_type = _FTYPE_NAME };
	bool own = !dpp;
	name_attach_t *na;
	char *full;

	if (!path || !*path || strchr(path, '/')) {
		errno = EINVAL;
		return NULL;
	}
	na = calloc(1, sizeof(*na));
	if (!na)
		return NULL;
	if (own) {
		dpp = dispatch_create();
		if (!dpp)
			goto err_free;
	}
	/* QNX's name channels: unblock and disconnect pulses. */
	na->chid = rm_chid_bind(dpp->fd, _NTO_CHF_UNBLOCK | _NTO_CHF_DISCONNECT);
	if (na->chid < 0)
		goto err_dpp;
	if (asprintf(&full, "%s%s", dir, path) < 0)
		goto err_dpp;
	a.path = (uintptr_t)full;
	if (ioctl(dpp->fd, RESMGR_CHAN_ATTACH, &a) < 0) {
		free(full);
		goto err_dpp;
	}
	free(full);
	na->dpp = dpp;
	na->mntid = a.id;
	return na;

err_dpp:
	if (own) {
		int err = errno;

		dispatch_destroy(dpp);
		errno = err;
	}
err_free:
	free(na);
	return NULL;
}

int name_detach(name_attach_t *attach, unsigned int flags)
{
	struct resmgr_chan_detach d;
	int ret;

	if (!attach) {
		errno = EINVAL;
		return -1;
	}
	d.id = attach->mntid;
	d.flags = 0;
	ret = ioctl(attach->dpp->fd, RESMGR_CHAN_DETACH, &d) < 0 ? -1 : 0;
	if (!(flags & NAME_FLAG_DETACH_SAVEDPP))
		dispatch_destroy(attach->dpp);
	free(attach);
	return ret;
}

static int rm_name_open(const char *dir, const char *name, int flags)
{
	struct resmgr_chan_name_open o = { .flags = O_CLOEXEC };
	int ctl = rm_ctl(), ret;
	char *full;

	if (ctl < 0)
		return -1;
	if (asprintf(&full, "%s%s", dir, name) < 0)
		return -1;
	o.path = (uintptr_t)full;
	ret = ioctl(ctl, RESMGR_CHAN_NAME_OPEN, &o);
	free(full);
	return rm_conn_add(ret);
}

int name_open(const char *name, int flags)
{
	int fd;

	if (!name || !*name || strchr(name, '/')) {
		errno = EINVAL;
		return -1;
	}
	/* A local name first, as QNX looks; then a global one. */
	fd = rm_name_open(RESMGR_CHAN_NAME_LOCAL, name, flags);
	if (fd < 0 && errno == ENOENT)
		fd = rm_name_open(RESMGR_CHAN_NAME_GLOBAL, name, flags);
	return fd;
}

int name_close(int coid)
{
	return ConnectDetach(coid);
}
