/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The message-passing calls (QNX <sys/neutrino.h>) a resource manager
 * uses to answer a message later: a handler keeps ctp->rcvid, returns
 * _RESMGR_NOREPLY, and any thread answers with these. They return 0 or
 * a negative errno (QNX: -1 and errno).
 */
#ifndef _RESMGR_NEUTRINO_H
#define _RESMGR_NEUTRINO_H

/*
 * This header stands alone (QNX's <sys/neutrino.h> does not bring in
 * <sys/resmgr.h>), so it may come before a source defines IOFUNC_ATTR_T
 * or RESMGR_OCB_T and includes <sys/iofunc.h>.
 */
#include <linux/compiler.h>
#include <linux/cred.h>
#include <linux/signal.h>
#include <linux/types.h>
#include <linux/uio.h>

#ifndef EOK
#define EOK 0
#endif

/* A reply part. QNX's iov_t; in the kernel a struct kvec. */
typedef struct kvec iov_t;
static inline void SETIOV(iov_t *iov, const void *addr, size_t len)
{
	iov->iov_base = (void *)addr;
	iov->iov_len = len;
}

#define GETIOVBASE(_iov)	((_iov)->iov_base)
#define GETIOVLEN(_iov)		((_iov)->iov_len)

/* struct _msg_info.flags (QNX's name; the value is this project's). */
#define _NTO_MI_UNBLOCK_REQ	0x0100

/**
 * struct _msg_info - who sent the message being handled
 * @nd: node descriptor (always 0: local)
 * @srcnd: source node descriptor (0)
 * @pid: caller's process id (tgid)
 * @tid: caller's thread id
 * @chid: channel id (0)
 * @scoid: server connection id (0)
 * @coid: connection id (0)
 * @msglen: bytes of the message in the receive buffer
 * @srcmsglen: total bytes the caller sent (header and data)
 * @dstmsglen: room the caller left for the reply
 * @priority: caller's priority (nice value)
 * @flags: _NTO_MI_*: _NTO_MI_UNBLOCK_REQ when the caller asks to be let
 *	go (a signal came while it waits, or is pending), as MsgInfo() says
 * @reserved: zero
 * @cred: the caller's Linux credentials, valid during the handler
 * @lock_owner: the caller's POSIX lock owner (Linux's fl_owner) for
 *	_IO_LOCK and _IO_CLOSE
 */
struct _msg_info {
	u32			nd;
	u32			srcnd;
	pid_t			pid;
	s32			tid;
	s32			chid;
	s32			scoid;
	s32			coid;
	s32			msglen;
	s32			srcmsglen;
	s32			dstmsglen;
	s16			priority;
	s16			flags;
	u32			reserved;
	const struct cred	*cred;
	void			*lock_owner;
};

/*
 * QNX's __SRCVERSION("$URL$ $Rev$") tags a source file with its version;
 * here it is a string the compiler keeps out of the module.
 */
#ifndef __SRCVERSION
#define __SRCVERSION(id)	\
	static const char __UNIQUE_ID(srcversion)[] __maybe_unused = id
#endif

/* Pulse codes the library sends itself. */
#define _PULSE_CODE_UNBLOCK	(-32)
#define _PULSE_CODE_DISCONNECT	(-33)
#define _PULSE_CODE_COIDDEATH	(-35)

int MsgReply(int rcvid, long status, const void *msg, size_t size);
int MsgReplyv(int rcvid, long status, const iov_t *iov, int parts);
int MsgError(int rcvid, int error);
int MsgDeliverEvent(int rcvid, const struct sigevent *event);
ssize_t MsgRead(int rcvid, void *msg, size_t bytes, size_t offset);
ssize_t MsgReadv(int rcvid, const iov_t *iov, int parts, size_t offset);
ssize_t MsgWrite(int rcvid, const void *msg, size_t size, size_t offset);
ssize_t MsgWritev(int rcvid, const iov_t *iov, int parts, size_t offset);
int MsgInfo(int rcvid, struct _msg_info *info);

#ifndef __KERNEL__
/*
 * Message passing between processes (libresmgr): channels, connections
 * and sends, with QNX's names, values and -1/errno results. A channel
 * is an open /dev/resmgr; a connection is a file descriptor, with
 * _NTO_SIDE_CHANNEL's bit in its coid when asked for.
 */
#define _NTO_CHF_FIXED_PRIORITY		0x0001
#define _NTO_CHF_UNBLOCK		0x0002
#define _NTO_CHF_THREAD_DEATH		0x0004
#define _NTO_CHF_DISCONNECT		0x0008
#define _NTO_CHF_NET_MSG		0x0010
#define _NTO_CHF_SENDER_LEN		0x0020
#define _NTO_CHF_COID_DISCONNECT	0x0040
#define _NTO_CHF_REPLY_LEN		0x0080

#define _NTO_SIDE_CHANNEL		0x40000000
#define _NTO_COF_CLOEXEC		0x0001

#define _PULSE_TYPE			0
#define _PULSE_SUBTYPE			0
#define _PULSE_CODE_MINAVAIL		0
#define _PULSE_CODE_MAXAVAIL		127

/* What MsgReceive() leaves in the buffer for a pulse (it returns 0). */
struct _pulse {
	u16			type;
	u16			subtype;
	s8			code;
	u8			zero[3];
	union sigval		value;
	s32			scoid;
};

int ChannelCreate(unsigned int flags);
int ChannelDestroy(int chid);
int ConnectAttach(u32 nd, pid_t pid, int chid, unsigned int index, int flags);
int ConnectDetach(int coid);
long MsgSend(int coid, const void *smsg, size_t sbytes, void *rmsg, size_t rbytes);
long MsgSendnc(int coid, const void *smsg, size_t sbytes, void *rmsg, size_t rbytes);
long MsgSendv(int coid, const iov_t *siov, int sparts, const iov_t *riov, int rparts);
long MsgSendvnc(int coid, const iov_t *siov, int sparts, const iov_t *riov, int rparts);
long MsgSendsv(int coid, const void *smsg, size_t sbytes, const iov_t *riov, int rparts);
long MsgSendvs(int coid, const iov_t *siov, int sparts, void *rmsg, size_t rbytes);
int MsgReceive(int chid, void *msg, size_t bytes, struct _msg_info *info);
int MsgReceivev(int chid, const iov_t *iov, int parts, struct _msg_info *info);
int MsgReceivePulse(int chid, void *pulse, size_t bytes, struct _msg_info *info);
#endif /* !__KERNEL__ */

#endif /* _RESMGR_NEUTRINO_H */
