// SPDX-License-Identifier: GPL-2.0
/*
 * QNX's message calls (<sys/neutrino.h>) on the channels this process
 * opened: MsgReply(), MsgReplyv(), MsgError(), MsgRead(), MsgReadv(),
 * MsgWrite(), MsgWritev(). They return what QNX's do: -1 with errno on
 * failure. A receive id belongs to one channel; with several, each is
 * asked until one knows it (the others say ESRCH).
 */
#include <sys/ioctl.h>
#include "internal.h"

#define RM_MAX_CHANNELS	64

static pthread_mutex_t rm_chan_lock = PTHREAD_MUTEX_INITIALIZER;
static int rm_chans[RM_MAX_CHANNELS];
static int rm_nchans;

/* A channel this process serves on (dispatch_create()). */
int rm_chan_add(int fd)
{
	int ret = -1;

	pthread_mutex_lock(&rm_chan_lock);
	if (rm_nchans < RM_MAX_CHANNELS) {
		rm_chans[rm_nchans++] = fd;
		ret = 0;
	}
	pthread_mutex_unlock(&rm_chan_lock);
	if (ret)
		errno = EMFILE;
	return ret;
}

void rm_chan_del(int fd)
{
	int i;

	pthread_mutex_lock(&rm_chan_lock);
	for (i = 0; i < rm_nchans; i++) {
		if (rm_chans[i] == fd) {
			rm_chans[i] = rm_chans[--rm_nchans];
			break;
		}
	}
	pthread_mutex_unlock(&rm_chan_lock);
}

/* Is @fd a channel this process serves on? */
bool rm_chan_known(int fd)
{
	bool known = false;
	int i;

	pthread_mutex_lock(&rm_chan_lock);
	for (i = 0; i < rm_nchans && !known; i++)
		known = rm_chans[i] == fd;
	pthread_mutex_unlock(&rm_chan_lock);
	return known;
}

/* This process takes every channel it holds over (procmgr_daemon()'s child). */
int rm_chan_adopt(void)
{
	int i, ret = 0;

	pthread_mutex_lock(&rm_chan_lock);
	for (i = 0; i < rm_nchans && !ret; i++)
		ret = ioctl(rm_chans[i], RESMGR_CHAN_ADOPT);
	pthread_mutex_unlock(&rm_chan_lock);
	return ret;
}

/* Ask each channel until one knows @rcvid; -1 and errno as the ioctl's. */
static long rm_chan_ioctl(unsigned long cmd, void *arg)
{
	int fds[RM_MAX_CHANNELS], n, i;
	long ret = -1;

	pthread_mutex_lock(&rm_chan_lock);
	n = rm_nchans;
	memcpy(fds, rm_chans, n * sizeof(int));
	pthread_mutex_unlock(&rm_chan_lock);
	errno = ESRCH;
	for (i = n - 1; i >= 0; i--) {
		ret = ioctl(fds[i], cmd, arg);
		if (ret >= 0 || errno != ESRCH)
			break;
	}
	return ret;
}

int MsgReplyv(int rcvid, long status, const iov_t *iov, int parts)
{
	struct resmgr_chan_iov v[RESMGR_CHAN_IOV_MAX];
	struct resmgr_chan_reply r = { .rcvid = rcvid, .status = status };
	int i;

	if (parts < 0 || parts > RESMGR_CHAN_IOV_MAX) {
		errno = parts < 0 ? EINVAL : E2BIG;
		return -1;
	}
	for (i = 0; i < parts; i++) {
		v[i].base = (uintptr_t)iov[i].iov_base;
		v[i].len = iov[i].iov_len;
	}
	r.iov = (uintptr_t)v;
	r.parts = parts;
	return rm_chan_ioctl(RESMGR_CHAN_REPLY, &r) < 0 ? -1 : 0;
}

int MsgReply(int rcvid, long status, const void *msg, size_t size)
{
	iov_t iov;

	SETIOV(&iov, msg, size);
	return MsgReplyv(rcvid, status, &iov, msg && size ? 1 : 0);
}

int MsgError(int rcvid, int error)
{
	struct resmgr_chan_reply r = { .rcvid = rcvid, .error = error };

	if (error <= 0 || error >= MAX_ERRNO)
		r.error = EIO;
	return rm_chan_ioctl(RESMGR_CHAN_REPLY, &r) < 0 ? -1 : 0;
}

static ssize_t rm_copyv(int rcvid, const iov_t *iov, int parts, size_t offset,
			unsigned long cmd)
{
	ssize_t done = 0;
	int i;

	for (i = 0; i < parts; i++) {
		struct resmgr_chan_copy c = {
			.rcvid = rcvid, .buf = (uintptr_t)iov[i].iov_base,
			.size = iov[i].iov_len, .offset = offset + done,
		};
		long n;

		if (!c.size)
			continue;
		n = rm_chan_ioctl(cmd, &c);
		if (n < 0)
			return done ? done : -1;
		done += n;
		if ((size_t)n < iov[i].iov_len)
			break;
	}
	return done;
}

ssize_t MsgReadv(int rcvid, const iov_t *iov, int parts, size_t offset)
{
	return rm_copyv(rcvid, iov, parts, offset, RESMGR_CHAN_MSGREAD);
}

ssize_t MsgRead(int rcvid, void *msg, size_t bytes, size_t offset)
{
	iov_t iov;

	SETIOV(&iov, msg, bytes);
	return MsgReadv(rcvid, &iov, 1, offset);
}

ssize_t MsgWritev(int rcvid, const iov_t *iov, int parts, size_t offset)
{
	return rm_copyv(rcvid, iov, parts, offset, RESMGR_CHAN_MSGWRITE);
}

ssize_t MsgWrite(int rcvid, const void *msg, size_t size, size_t offset)
{
	iov_t iov;

	SETIOV(&iov, msg, size);
	return MsgWritev(rcvid, &iov, 1, offset);
}

/*
 * The event a notify message (a client's poll) brought: the kernel wakes
 * that file's pollers, who ask again.
 */
int MsgDeliverEvent(int rcvid, const struct sigevent *event)
{
	struct resmgr_chan_deliver d = {
		.rcvid = rcvid,
		.value = event->sigev_value.sival_int,
	};

	return rm_chan_ioctl(RESMGR_CHAN_DELIVER, &d) < 0 ? -1 : 0;
}

int MsgInfo(int rcvid, struct _msg_info *info)
{
	struct resmgr_chan_msginfo m = { .rcvid = rcvid };

	if (rm_chan_ioctl(RESMGR_CHAN_MSGINFO, &m) < 0)
		return -1;
	memset(info, 0, sizeof(*info));
	info->pid = m.info.pid;
	info->tid = m.info.tid;
	info->srcmsglen = m.info.srcmsglen;
	info->dstmsglen = m.info.dstmsglen;
	info->priority = m.info.priority;
	if (m.info.flags & RESMGR_CHAN_INFO_UNBLOCK_REQ)
		info->flags |= _NTO_MI_UNBLOCK_REQ;
	return 0;
}

/* The supplementary groups of the caller waiting under @rcvid. */
int rm_chan_groups(int rcvid, u32 *groups, unsigned int size)
{
	struct resmgr_chan_groups g = {
		.rcvid = rcvid, .size = size, .groups = (uintptr_t)groups,
	};

	return rm_chan_ioctl(RESMGR_CHAN_GROUPS, &g);
}

/* The capabilities of the caller waiting under @rcvid; none if unknown. */
u64 rm_chan_caps(int rcvid)
{
	struct resmgr_chan_caps c = { .rcvid = rcvid };

	return rm_chan_ioctl(RESMGR_CHAN_CAPS_OF, &c) < 0 ? 0 : c.caps;
}
