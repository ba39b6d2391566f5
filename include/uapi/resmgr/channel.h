/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The user channel: how a user-space resource manager serves paths.
 *
 * A process opens RESMGR_CHAN_DEVICE; the open file is a QNX channel.
 * RESMGR_CHAN_ATTACH puts a path into the pathname space that every
 * Linux program sees (a /dev node, resmgrfs, unions with kernel
 * managers). Server threads then loop on RESMGR_CHAN_RECEIVE (QNX's
 * MsgReceive()), which blocks for the next message sent to any path of
 * the channel and copies it, QNX's own structures (io_open_t, io_read_t,
 * io_write_t, ...), into the thread's buffer, and answer each receive id
 * with RESMGR_CHAN_REPLY (MsgReply()/MsgError()), from any thread and in
 * any order. RESMGR_CHAN_MSGREAD and RESMGR_CHAN_MSGWRITE are MsgRead()
 * and MsgWrite(): the rest of a large write, the pieces of a large read.
 *
 * Who may attach: CAP_SYS_ADMIN (as QNX's PROCMGR_AID_PATHSPACE), but
 * anyone a name (see RESMGR_CHAN_NAME_LOCAL); anyone may open the
 * device. A channel answers only its own receive ids: any other gets
 * ESRCH.
 *
 * Opens: the open's io_open_t comes with info.coid, the id of the file
 * it would open. A reply of EOK (status >= 0) opens it, and every later
 * message on that file carries the same coid; the server keeps its OCB
 * under it. When the file's last reference goes, the server gets a
 * _PULSE_CODE_DISCONNECT pulse with that coid as its value (close_ocb).
 * A reply to an open that fails with ESRCH means the caller went: no
 * file was opened.
 *
 * The other connect messages (unlink, rename, mknod, readlink, link) come
 * with info.coid 0 and open nothing. Their extra data (extra_type,
 * extra_len: a rename's old name, a symlink's target, a hard link's
 * existing file) is part of the message, after the path at the next
 * multiple of 8 bytes from the message's start; a hard link's
 * io_link_extra_t.ocb holds the coid of the existing file (a file of this
 * channel, opened on the same path). A reply whose status has
 * _IO_CONNECT_RET_FLAG (a symbolic link to follow, as
 * _IO_SET_CONNECT_RET() sets it) passes that status as an unsigned 32-bit
 * value.
 *
 * When the channel's last reference goes (the server closes it, exits or
 * is killed), its paths go, new opens go on to the next manager of a
 * union, and every call waiting on it ends with EBADF.
 */
#ifndef _UAPI_RESMGR_CHANNEL_H
#define _UAPI_RESMGR_CHANNEL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define RESMGR_CHAN_DEVICE	"/dev/resmgr"

/* Pulse codes RESMGR_CHAN_RECEIVE reports (QNX's values). */
#define RESMGR_CHAN_PULSE_UNBLOCK	(-32)	/* value: the receive id */
#define RESMGR_CHAN_PULSE_DISCONNECT	(-33)	/* value: the file's coid */
#define RESMGR_CHAN_PULSE_COIDDEATH	(-35)	/* value: the connection's fd */
#define RESMGR_CHAN_PULSE_RING		(-40)	/* look at the ring's slots */

/**
 * struct resmgr_chan_attach - RESMGR_CHAN_ATTACH
 * @path: in: the path, NUL-terminated (resmgr_attach()'s rules)
 * @flags: in: _RESMGR_FLAG_* (BEFORE, AFTER, DIR, OPAQUE, FTYPEONLY)
 * @file_type: in: _FTYPE_*
 * @msg_max_size: in: receive buffer size wanted (0: the default)
 * @id: out: the link id, for RESMGR_CHAN_DETACH and info.id
 */
struct resmgr_chan_attach {
	__u64	path;
	__u32	flags;
	__u32	file_type;
	__u32	msg_max_size;
	__s32	id;
};

/**
 * struct resmgr_chan_detach - RESMGR_CHAN_DETACH
 * @id: a link id this channel attached
 * @flags: 0 (_RESMGR_DETACH_ALL), _RESMGR_DETACH_CLOSE (each open file's
 *	end comes to the server as a disconnect pulse) or
 *	_RESMGR_DETACH_PATHNAME (only the name goes; open files keep working
 *	until they close or the channel goes)
 */
struct resmgr_chan_detach {
	__s32	id;
	__u32	flags;
};

/**
 * struct resmgr_chan_info - who sent a message (QNX's struct _msg_info,
 *	with the credentials QNX's ConnectClientInfo() gives)
 * @pid: the caller's process id, as its own pid namespace sees it
 * @tid: its thread id
 * @uid: its file-system user id, the one access is decided by, in the
 *	channel's user namespace (as are the other ids)
 * @gid: its file-system group id
 * @ruid: its real user id
 * @rgid: its real group id
 * @suid: its saved user id
 * @sgid: its saved group id
 * @caps: 1 << CAP_x for each capability the caller has in the channel's
 *	user namespace, of those RESMGR_CHAN_CAPS lists; not filled in by a
 *	receive (@flags has RESMGR_CHAN_INFO_NOCAPS: working them out costs
 *	more than a check that the ids decide), RESMGR_CHAN_CAPS_OF gives
 *	them while the message is unanswered
 * @id: the link id the message came through
 * @coid: the file's id (0 for a connect message other than an open)
 * @msglen: bytes of the message copied into the buffer
 * @srcmsglen: bytes the caller sent (RESMGR_CHAN_MSGREAD reads the rest)
 * @dstmsglen: room the caller left for the reply
 * @priority: the caller's nice value
 * @flags: RESMGR_CHAN_INFO_*
 * @ngroups: how many supplementary groups it has (RESMGR_CHAN_GROUPS)
 * @reserved: zero
 */
struct resmgr_chan_info {
	__s32	pid;
	__s32	tid;
	__u32	uid;
	__u32	gid;
	__u32	ruid;
	__u32	rgid;
	__u32	suid;
	__u32	sgid;
	__u64	caps;
	__s32	id;
	__s32	coid;
	__s32	msglen;
	__s32	srcmsglen;
	__s32	dstmsglen;
	__s16	priority;
	__u16	flags;
	__u32	ngroups;
	__u32	reserved;
};

/* info.flags: @caps was not filled in. */
#define RESMGR_CHAN_INFO_NOCAPS	0x0001
/* info.flags (RESMGR_CHAN_MSGINFO): the caller was signalled and wants to go. */
#define RESMGR_CHAN_INFO_UNBLOCK_REQ	0x0002

/*
 * The capabilities info.caps reports (Linux's numbers): those the POSIX
 * defaults ask about. CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH,
 * CAP_FOWNER, CAP_FSETID, CAP_SYS_ADMIN, CAP_MKNOD.
 */
#define RESMGR_CHAN_CAPS	((1ull << 0) | (1ull << 1) | (1ull << 2) | (1ull << 3) | \
				 (1ull << 4) | (1ull << 21) | (1ull << 27))

/*
 * The ring (RESMGR_CHAN_RING, then mmap() of the channel, offset 0, the
 * size of the header and the slots rounded up to pages): messages come
 * to server threads through shared memory, without a receive call each.
 * Only before the channel's first attach, and with CAP_SYS_ADMIN (the
 * right to attach paths).
 *
 * The channel's calls then run in the caller's thread, which copies its
 * message into a free slot (state FREE -> FILLING -> READY) and waits for
 * RESMGR_CHAN_REPLY. A server thread takes a READY slot with a
 * compare-and-swap to TAKEN, copies out rcvid, info and info.msglen bytes
 * of the message, and sets the slot FREE (a release store). A message
 * longer than a slot holds comes cut (info.msglen < info.srcmsglen):
 * RESMGR_CHAN_MSGREAD reads the rest.
 *
 * What a slot cannot carry comes through RESMGR_CHAN_RECEIVE as before:
 * pulses, sends, and messages that found every slot taken. The kernel
 * adds one to hdr.work each time it queues such a thing; a thread that
 * sees work change calls RESMGR_CHAN_RECEIVE.
 *
 * Sleeping: a thread adds one to hdr.sleepers, looks at the slots once
 * more, and only then calls RESMGR_CHAN_RECEIVE (subtracting one after);
 * the kernel stores a slot READY, then reads sleepers and spinning (both
 * with full barriers between), and queues a RESMGR_CHAN_PULSE_RING for
 * the receive when some thread sleeps and none polls (spinning is the
 * number of threads polling the slots now), unless as many RING pulses
 * wait as threads sleep (at most one a slot). A RING pulse only says
 * "look at the slots". A poller that stops with a message taken and sees
 * other slots READY calls RESMGR_CHAN_RING_WAKE: their messages came
 * while it polled and woke no one; each READY slot then wakes a sleeper
 * by the same rule.
 *
 * Whatever the server writes into the ring, the kernel reads back only
 * states (with compare-and-swap), sleepers and spinning: a server that
 * scribbles on it fails no one but its own callers.
 */
struct resmgr_chan_ring {
	__u32	nslots;
	__u32	slot_size;
	__u64	reserved;
};

#define RESMGR_CHAN_RING_SLOTS_MAX	1024
#define RESMGR_CHAN_RING_SLOT_MIN	1024	/* and a multiple of 64 */
#define RESMGR_CHAN_RING_SLOT_MAX	(1u << 20)
#define RESMGR_CHAN_RING_BYTES_MAX	(16u << 20)	/* nslots * slot_size */
/* Where the first slot starts; slot i is at SLOTS + i * slot_size. */
#define RESMGR_CHAN_RING_SLOTS		64

/**
 * struct resmgr_chan_ring_hdr - the ring's first 64 bytes
 * @nslots: the kernel's: the number of slots
 * @slot_size: the kernel's: bytes a slot, its header included
 * @work: the kernel's: changes when RESMGR_CHAN_RECEIVE has something
 * @sleepers: the server's: threads about to sleep in RESMGR_CHAN_RECEIVE
 * @spinning: the server's: threads polling the slots
 * @poll_ns: the kernel's: the longest its own threads poll before they
 *	sleep (resmgr.ko's poll_ns; 0 with one CPU), which a server's
 *	polling of the slots should keep to as well
 * @woke_ns: the kernel's: when (CLOCK_MONOTONIC) the message came for
 *	which the last RESMGR_CHAN_PULSE_RING was queued, so that a thread it
 *	woke can tell how long polling would have taken
 * @reserved2: zero
 */
struct resmgr_chan_ring_hdr {
	__u32	nslots;
	__u32	slot_size;
	__u32	work;
	__u32	sleepers;
	__u32	spinning;
	__u32	poll_ns;
	__u64	woke_ns;
	__u32	reserved2[8];
};

#define RESMGR_CHAN_RING_FREE		0
#define RESMGR_CHAN_RING_FILLING	1
#define RESMGR_CHAN_RING_READY		2
#define RESMGR_CHAN_RING_TAKEN		3

/**
 * struct resmgr_chan_ring_slot - one slot's header; the message follows
 * @state: RESMGR_CHAN_RING_*
 * @rcvid: the message's receive id
 * @info: as RESMGR_CHAN_RECEIVE's
 * @msg: info.msglen bytes of the message
 */
struct resmgr_chan_ring_slot {
	__u32			state;
	__s32			rcvid;
	struct resmgr_chan_info	info;
	__u8			msg[];
};

/**
 * struct resmgr_chan_receive - RESMGR_CHAN_RECEIVE
 * @msg: in: the receive buffer
 * @size: in: its size
 * @rcvid: out: the receive id (> 0), or 0 for a pulse
 * @code: out: a pulse's code (RESMGR_CHAN_PULSE_*)
 * @value: out: a pulse's value
 * @info: out: for a message, who sent it; for a pulse, info.coid is the
 *	file it is about (an unblock's or a disconnect's), the rest zero
 */
struct resmgr_chan_receive {
	__u64			msg;
	__u32			size;
	__s32			rcvid;
	__s32			code;
	__s32			value;
	struct resmgr_chan_info	info;
};

/**
 * struct resmgr_chan_iov - one part of a reply or a copy
 * @base: the address
 * @len: the length
 */
struct resmgr_chan_iov {
	__u64	base;
	__u64	len;
};

/*
 * At most RESMGR_CHAN_IOV_MAX parts and RESMGR_CHAN_REPLY_MAX bytes go
 * with one reply (else E2BIG): a larger one is MsgWrite()n first.
 */
#define RESMGR_CHAN_IOV_MAX	64
#define RESMGR_CHAN_REPLY_MAX	(1u << 20)

/**
 * struct resmgr_chan_reply - RESMGR_CHAN_REPLY
 * @rcvid: the receive id
 * @error: non-zero: MsgError() with this errno (@status and @iov unused)
 * @status: the caller's result (read()'s count, say); never negative
 * @iov: struct resmgr_chan_iov[@parts], the reply's bytes
 * @parts: how many
 * @reserved: zero
 */
struct resmgr_chan_reply {
	__s32	rcvid;
	__s32	error;
	__s64	status;
	__u64	iov;
	__u32	parts;
	__u32	reserved;
};

/**
 * struct resmgr_chan_copy - RESMGR_CHAN_MSGREAD, RESMGR_CHAN_MSGWRITE
 * @rcvid: the receive id, not yet answered
 * @reserved: zero
 * @buf: the server's buffer
 * @size: its size (at most RESMGR_CHAN_REPLY_MAX)
 * @offset: where in the caller's message (read) or reply buffer (write)
 *
 * The ioctl returns the bytes copied.
 */
struct resmgr_chan_copy {
	__s32	rcvid;
	__u32	reserved;
	__u64	buf;
	__u64	size;
	__u64	offset;
};

/**
 * struct resmgr_chan_groups - RESMGR_CHAN_GROUPS: a waiting caller's
 *	supplementary groups (in the channel's user namespace)
 * @rcvid: the receive id, not yet answered
 * @size: room in @groups, in entries
 * @groups: __u32[@size]
 *
 * The ioctl returns how many groups the caller has; it copies as many
 * as fit.
 */
struct resmgr_chan_groups {
	__s32	rcvid;
	__u32	size;
	__u64	groups;
};

/**
 * struct resmgr_chan_reply_receive - RESMGR_CHAN_REPLY_RECEIVE: a reply,
 *	then a receive, in one call (QNX's MsgReply() then MsgReceive())
 * @reply: in: as RESMGR_CHAN_REPLY; a receive id of 0 sends no reply
 * @reply_error: out: 0, or the errno the reply alone would have given
 *	(the receive happens either way)
 * @reserved: zero
 * @receive: in and out: as RESMGR_CHAN_RECEIVE
 *
 * The ioctl fails only as RESMGR_CHAN_RECEIVE does, or with EFAULT for
 * the structure itself.
 */
struct resmgr_chan_reply_receive {
	struct resmgr_chan_reply	reply;
	__s32				reply_error;
	__u32				reserved;
	struct resmgr_chan_receive	receive;
};

/**
 * struct resmgr_chan_caps - RESMGR_CHAN_CAPS_OF: a waiting caller's
 *	capabilities, as info.caps
 * @rcvid: in: the receive id, not yet answered
 * @reserved: zero
 * @caps: out: 1 << CAP_x, of those RESMGR_CHAN_CAPS lists
 */
struct resmgr_chan_caps {
	__s32	rcvid;
	__u32	reserved;
	__u64	caps;
};

/**
 * struct resmgr_chan_pulse - RESMGR_CHAN_PULSE: a pulse to the channel
 *	itself (QNX's MsgSendPulse() on a connection message_connect() made)
 * @code: _PULSE_CODE_MINAVAIL (0) to _PULSE_CODE_MAXAVAIL (127); the
 *	negative codes are the kernel's
 * @value: its value
 *
 * At most RESMGR_CHAN_PULSES_MAX pulses wait on a channel (then EAGAIN).
 */
struct resmgr_chan_pulse {
	__s32	code;
	__s32	value;
};

#define RESMGR_CHAN_PULSES_MAX	4096

/**
 * struct resmgr_chan_msginfo - RESMGR_CHAN_MSGINFO: who waits under a
 *	receive id (QNX's MsgInfo())
 * @rcvid: in: the receive id, not yet answered
 * @reserved: zero
 * @info: out: as RECEIVE gave it, caps included, with
 *	RESMGR_CHAN_INFO_UNBLOCK_REQ when the caller was signalled; coid
 *	and msglen 0
 */
struct resmgr_chan_msginfo {
	__s32			rcvid;
	__u32			reserved;
	struct resmgr_chan_info	info;
};

/*
 * QNX message passing between processes.
 *
 * A channel (QNX's ChannelCreate()) is an open RESMGR_CHAN_DEVICE that
 * asked RESMGR_CHAN_CHANNEL for its id. Any process may connect to it by
 * the owner's process id and that id (RESMGR_CHAN_CONNECT, QNX's
 * ConnectAttach()), or by a name it attached (RESMGR_CHAN_NAME_OPEN,
 * QNX's name_open(): the server first gets an _IO_CONNECT message, and
 * its reply decides). Either gives a new file descriptor, a connection:
 * RESMGR_CHAN_SEND on it is MsgSend(), RESMGR_CHAN_PULSE MsgSendPulse().
 *
 * The server receives a send with RESMGR_CHAN_RECEIVE, as any message:
 * info.coid is the connection's server id (QNX's scoid), info.id -1.
 * Its receive id has RESMGR_CHAN_RCVID_SEND set; REPLY, MSGREAD, MSGWRITE,
 * MSGINFO, GROUPS and CAPS_OF take it as they take the others. The reply
 * (or MsgError()'s errno) ends the sender's call; the bytes the server
 * wrote go to the sender's buffers, as far as they reach.
 *
 * A sender hit by a signal before the server received its message goes
 * at once (EINTR). After that, on a channel with _NTO_CHF_UNBLOCK, the
 * server gets an unblock pulse (value: the receive id) and the sender
 * waits for the reply (a fatal signal still ends it); without the flag
 * it goes at once, and a later reply gets ESRCH. When the channel goes,
 * its senders get ESRCH, and later sends EBADF. With _NTO_CHF_DISCONNECT
 * the server hears of each connection's close: a disconnect pulse whose
 * value is its scoid.
 */

/*
 * RESMGR_CHAN_CHANNEL flags: QNX's _NTO_CHF_* of the same meaning. With
 * COID_DISCONNECT the channel hears of the end of every channel this
 * process has a connection to: a RESMGR_CHAN_PULSE_COIDDEATH pulse whose
 * value is the connection's file descriptor (the first such channel of
 * the process gets them).
 */
#define RESMGR_CHAN_CHF_UNBLOCK		0x0002
#define RESMGR_CHAN_CHF_DISCONNECT	0x0008
#define RESMGR_CHAN_CHF_COID_DISCONNECT	0x0040
#define RESMGR_CHAN_CHF_MASK		(RESMGR_CHAN_CHF_UNBLOCK | RESMGR_CHAN_CHF_DISCONNECT | \
					 RESMGR_CHAN_CHF_COID_DISCONNECT)

/*
 * Files' and connections' ids (info.coid) lie between these: above any
 * file descriptor, below QNX's _NTO_SIDE_CHANNEL bit.
 */
#define RESMGR_CHAN_COID_MIN		0x01000000
#define RESMGR_CHAN_COID_MAX		0x3fffffff

/* A receive id of a send (never one of the paths' messages). */
#define RESMGR_CHAN_RCVID_SEND		0x40000000

/**
 * struct resmgr_chan_channel - RESMGR_CHAN_CHANNEL: make the channel
 *	reachable by id
 * @flags: in: RESMGR_CHAN_CHF_*; later calls change them
 * @chid: out: its id (> 0), the same for every call on it
 */
struct resmgr_chan_channel {
	__u32	flags;
	__s32	chid;
};

/**
 * struct resmgr_chan_connect - RESMGR_CHAN_CONNECT (on any open
 *	RESMGR_CHAN_DEVICE): a connection to a channel
 * @pid: the channel's process, as the caller's pid namespace sees it;
 *	0: the caller's own
 * @chid: the channel's id
 * @flags: O_CLOEXEC or 0
 * @reserved: zero
 *
 * The ioctl returns the connection's file descriptor; ESRCH when no
 * such channel is.
 */
struct resmgr_chan_connect {
	__s32	pid;
	__s32	chid;
	__u32	flags;
	__u32	reserved;
};

/**
 * struct resmgr_chan_name_open - RESMGR_CHAN_NAME_OPEN: a connection to
 *	the channel that attached a name
 * @path: "/dev/name/local/NAME" or "/dev/name/global/NAME", as attached
 *	with _FTYPE_NAME
 * @flags: O_CLOEXEC or 0
 * @reserved: zero
 *
 * The ioctl returns the connection's file descriptor; ENOENT when no
 * channel has the name; the server's errno when it refuses.
 */
struct resmgr_chan_name_open {
	__u64	path;
	__u32	flags;
	__u32	reserved;
};

/**
 * struct resmgr_chan_send - RESMGR_CHAN_SEND (on a connection): MsgSend()
 * @smsg: struct resmgr_chan_iov[@sparts], the message
 * @rmsg: struct resmgr_chan_iov[@rparts], where the reply goes
 * @sparts: at most RESMGR_CHAN_IOV_MAX
 * @rparts: at most RESMGR_CHAN_IOV_MAX
 *
 * At most RESMGR_CHAN_REPLY_MAX bytes each way (else E2BIG). The ioctl
 * returns the reply's status, or fails with MsgError()'s errno.
 */
struct resmgr_chan_send {
	__u64	smsg;
	__u64	rmsg;
	__u32	sparts;
	__u32	rparts;
};

/**
 * struct resmgr_chan_deliver - RESMGR_CHAN_DELIVER: MsgDeliverEvent() of
 *	the event a notify message (_IO_NOTIFY, a poll) brought
 * @rcvid: the notify message's receive id (it may be answered already)
 * @value: the event's sigev_value.sival_int: it names the polled file
 *
 * Wakes the file's pollers, which then ask again; ESRCH when no file of
 * this channel's has the event (it closed, or is another's).
 */
struct resmgr_chan_deliver {
	__s32	rcvid;
	__s32	value;
};

/**
 * struct resmgr_chan_fd_send - RESMGR_CHAN_FD_SEND (on any open
 *	RESMGR_CHAN_DEVICE): MsgSend() on a file opened through a path
 * @fd: the file, a /dev node or a resmgrfs file (else EBADF)
 * @reserved: zero
 * @send: as RESMGR_CHAN_SEND
 *
 * The message is an _IO_MSG (the I/O table's msg handler answers) or of
 * a type outside QNX's I/O range (the attach's other_func answers);
 * another I/O type gets EINVAL. The ioctl returns the reply's status.
 */
struct resmgr_chan_fd_send {
	__s32			fd;
	__u32			reserved;
	struct resmgr_chan_send	send;
};

/**
 * struct resmgr_chan_timeout - RESMGR_CHAN_TIMEOUT: dispatch_timeout()
 * @ns: how long a receive waits before it fails with ETIMEDOUT;
 *	negative: for ever (the default)
 */
struct resmgr_chan_timeout {
	__s64	ns;
};

/*
 * Names a process without CAP_SYS_ADMIN may attach (QNX's name_attach()):
 * _FTYPE_NAME, one component below one of these, no flags (it is
 * attached _RESMGR_FLAG_AFTER: after any privileged manager's path), and
 * only one channel a name (EEXIST).
 */
#define RESMGR_CHAN_NAME_LOCAL	"/dev/name/local/"
#define RESMGR_CHAN_NAME_GLOBAL	"/dev/name/global/"

#define RESMGR_CHAN_ATTACH	_IOWR('Q', 0x10, struct resmgr_chan_attach)
#define RESMGR_CHAN_DETACH	_IOW('Q', 0x11, struct resmgr_chan_detach)
#define RESMGR_CHAN_RECEIVE	_IOWR('Q', 0x12, struct resmgr_chan_receive)
#define RESMGR_CHAN_REPLY	_IOW('Q', 0x13, struct resmgr_chan_reply)
#define RESMGR_CHAN_MSGREAD	_IOW('Q', 0x14, struct resmgr_chan_copy)
#define RESMGR_CHAN_MSGWRITE	_IOW('Q', 0x15, struct resmgr_chan_copy)
#define RESMGR_CHAN_GROUPS	_IOW('Q', 0x16, struct resmgr_chan_groups)
#define RESMGR_CHAN_REPLY_RECEIVE _IOWR('Q', 0x17, struct resmgr_chan_reply_receive)
#define RESMGR_CHAN_CAPS_OF	_IOWR('Q', 0x18, struct resmgr_chan_caps)
#define RESMGR_CHAN_PULSE	_IOW('Q', 0x19, struct resmgr_chan_pulse)
#define RESMGR_CHAN_MSGINFO	_IOWR('Q', 0x1a, struct resmgr_chan_msginfo)
#define RESMGR_CHAN_CHANNEL	_IOWR('Q', 0x1b, struct resmgr_chan_channel)
#define RESMGR_CHAN_CONNECT	_IOW('Q', 0x1c, struct resmgr_chan_connect)
#define RESMGR_CHAN_NAME_OPEN	_IOW('Q', 0x1d, struct resmgr_chan_name_open)
#define RESMGR_CHAN_SEND	_IOW('Q', 0x1e, struct resmgr_chan_send)
#define RESMGR_CHAN_DELIVER	_IOW('Q', 0x1f, struct resmgr_chan_deliver)
#define RESMGR_CHAN_TIMEOUT	_IOW('Q', 0x20, struct resmgr_chan_timeout)
#define RESMGR_CHAN_FD_SEND	_IOW('Q', 0x21, struct resmgr_chan_fd_send)
#define RESMGR_CHAN_RING	_IOW('Q', 0x22, struct resmgr_chan_ring)
/* RESMGR_CHAN_RECEIVE that fails with EAGAIN instead of waiting. */
#define RESMGR_CHAN_TRY_RECEIVE	_IOWR('Q', 0x23, struct resmgr_chan_receive)
/* Wake sleeping server threads for the ring's READY slots (no argument). */
#define RESMGR_CHAN_RING_WAKE	_IO('Q', 0x24)
/*
 * The calling process becomes the channel's (no argument): its exit, no
 * longer the opener's, ends the channel, and the listing names it as the
 * server of the channel's paths. procmgr_daemon()'s child calls it
 * before its parent exits. EBADF once the channel ended.
 */
#define RESMGR_CHAN_ADOPT	_IO('Q', 0x25)

#endif /* _UAPI_RESMGR_CHANNEL_H */
