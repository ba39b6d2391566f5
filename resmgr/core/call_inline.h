/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The call's steps (call.c) as inline functions: call.c's exported
 * functions are these, and the direct paths of io.c (small reads and
 * writes, devctl, poll, close) and connect.c's open inline them, so that
 * a 1-byte call does not cross a dozen function boundaries
 * (Documentation/performance.rst). Only those three files include it.
 */
#ifndef _RESMGR_CORE_CALL_INLINE_H
#define _RESMGR_CORE_CALL_INLINE_H

#include <linux/delay.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include "internal.h"

/*
 * resmgr_call_init(), inlined where a fast path calls it. Field by field
 * rather than a memset() of the whole call and then its fields: the
 * stores the fields need anyway, and zeroes only where nothing else goes
 * (about 30 instructions fewer a call; Documentation/performance.rst).
 * Every field before @req has its line here; the BUILD_BUG_ON()s catch a
 * field added without one at either end.
 */
static __always_inline void
__resmgr_call_init(struct resmgr_call *call, struct resmgr_link *link,
		   int type, void *msg, size_t hdr_len)
{
	struct pid *tpid = task_pid(current);
	resmgr_context_t *ctp = &call->ctp;
	unsigned int i;

	BUILD_BUG_ON(offsetof(struct resmgr_call, ctp) != 0);
	BUILD_BUG_ON(offsetofend(struct resmgr_call, slot) +
		     sizeof(void *) <= offsetof(struct resmgr_call, req));
	resmgr_might_sleep();
	ctp->rcvid = 1;
	/*
	 * task_tgid_vnr() and task_pid_vnr() without their RCU sections: a
	 * running thread's own pids stay put, and its thread id in its own
	 * namespace is the last level of its pid; in the initial namespace
	 * its process id is its tgid.
	 */
	ctp->info.nd = 0;
	ctp->info.srcnd = 0;
	ctp->info.pid = tpid->level ? pid_nr_ns(task_tgid(current), ns_of_pid(tpid)) :
		current->tgid;
	ctp->info.tid = tpid->numbers[tpid->level].nr;
	ctp->info.chid = 0;
	ctp->info.scoid = 0;
	ctp->info.coid = 0;
	ctp->info.msglen = hdr_len;
	ctp->info.srcmsglen = hdr_len;
	ctp->info.dstmsglen = 0;
	ctp->info.priority = task_nice(current);
	ctp->info.flags = 0;
	ctp->info.reserved = 0;
	ctp->info.cred = current_cred();
	ctp->info.lock_owner = NULL;
	ctp->msg = msg;
	ctp->dpp = link->dpp;
	ctp->id = link->entry.id;
	ctp->tid = 0;
	ctp->msg_max_size = link->attr.msg_max_size;	/* raised at attach */
	ctp->status = 0;
	ctp->offset = 0;
	ctp->size = hdr_len;
	ctp->iov = call->iov;
	/*
	 * A handler's reply parts are what it set, or empty: a part's length
	 * is 0 until it sets the part, and nothing reads the base of an
	 * empty one (half the stores of clearing them whole).
	 */
	for (i = 0; i < RESMGR_NPARTS_INLINE; i++)
		call->iov[i].iov_len = 0;
	call->link = link;
	call->binding = NULL;
	call->task = current;
	call->connect = false;
	call->bound = false;
	call->m.type = type;
	call->m.msg = msg;
	call->m.hdr = msg;
	call->m.hdr_len = hdr_len;
	call->m.data = NULL;
	call->m.data_len = 0;
	call->m.extra = NULL;
	call->m.sink = RESMGR_SINK_NONE;
	call->m.reply_in_msg = false;
	call->m.out = NULL;
	call->m.kbuf = NULL;
	call->m.kbuf_len = 0;
	call->m.copied = 0;
	/* state and rcvid: resmgr_rcvid_give(), before anything reads them. */
	call->reply.status = 0;
	call->reply.buf = NULL;
	call->reply.len = 0;
	call->reply.at = 0;
	call->reply.server = NULL;
	call->reply.waiting = false;
	call->reply.again = false;
	call->reply.unblock_req = false;
	call->run = NULL;
	call->mm = current->mm;
	call->bind_ocb = NULL;
	call->bind_io = NULL;
	call->slot = NULL;
	/* Dispatch sets the request up when it queues it; a server is none. */
	call->req.server = NULL;
}

/*
 * resmgr_rcvid_register(), first trying this CPU's own first slot (free
 * unless a call on it sleeps or was preempted in flight), inline.
 */
static __always_inline int __resmgr_rcvid_register(struct resmgr_call *call)
{
	unsigned int idx = raw_smp_processor_id() * RESMGR_RCVID_PROBES;
	struct resmgr_rcvid_slot *s;

	if (likely(idx < RESMGR_RCVID_CHUNK)) {
		s = &resmgr_rcvid_chunks[0][idx];
		if (!READ_ONCE(s->call) && !cmpxchg(&s->call, NULL, call)) {
			resmgr_rcvid_give(call, s, idx);
			return 0;
		}
	}
	return resmgr_rcvid_register(call);
}

/* Free the reply parts resmgr_call_enter() allocated, if it did. */
static inline void resmgr_call_free_parts(struct resmgr_call *call)
{
	if (call->ctp.iov != call->iov) {
		kfree(call->ctp.iov);
		call->ctp.iov = call->iov;
	}
}

/*
 * Give up the call's receive-id slot, and wake a detach that may have
 * seen the call in it (its drain looks through the slots). The
 * unregistering's full barrier orders the slot's release before
 * unlinked is read.
 */
static inline void resmgr_call_leave(struct resmgr_call *call)
{
	struct resmgr_link *link = call->link;

	__resmgr_rcvid_unregister(call);
	if (READ_ONCE(link->unlinked))
		wake_up_var(&link->unlinked);
}

/*
 * resmgr_call_enter(), inlined where a fast path calls it; @connect is
 * call->connect, which the caller knows.
 */
static __always_inline int
__resmgr_call_enter(struct resmgr_call *call, bool connect)
{
	struct resmgr_link *link = call->link;
	unsigned int nparts = link->attr.nparts_max;
	int err;

	resmgr_might_sleep();
	if (nparts > RESMGR_NPARTS_INLINE) {
		gfp_t gfp = GFP_KERNEL | (call->m.type == _IO_CLOSE ? __GFP_NOFAIL : 0);

		/* Empty, as the inline parts are (resmgr_call_init()). */
		call->ctp.iov = kcalloc(nparts, sizeof(iov_t), gfp);
		if (!call->ctp.iov) {
			call->ctp.iov = call->iov;
			return -ENOMEM;
		}
	}
	/* A close waits for a receive id rather than fail. */
	while ((err = __resmgr_rcvid_register(call))) {
		if (call->m.type != _IO_CLOSE)
			goto err_free_parts;
		usleep_range(1000, 2000);
	}
	/*
	 * The slot taken before the link is looked at; a detach sets dead
	 * before it looks through the slots (resmgr_rcvid_scan()).
	 */
	smp_mb();
	if (READ_ONCE(link->dead) || (connect && READ_ONCE(link->unlinked))) {
		err = -ENOENT;
		goto err_unregister;
	}
	/* As a read lock of the link's drain, so lockdep sees detach wait for it. */
	rwsem_acquire_read(&link->dep_map, 0, 1, _RET_IP_);
	return 0;

err_unregister:
	/* A detach may have seen the slot taken, and wait for it. */
	resmgr_call_leave(call);
err_free_parts:
	resmgr_call_free_parts(call);
	return err;
}

/* resmgr_call_exit(), inlined where a fast path calls it. */
static __always_inline void
__resmgr_call_exit(struct resmgr_call *call)
{
	resmgr_might_sleep();
	rwsem_release(&call->link->dep_map, _RET_IP_);
	resmgr_call_leave(call);
	resmgr_call_free_parts(call);
}

/* resmgr_io_invoke(), inlined where a fast path calls it. */
static __always_inline int
__resmgr_io_invoke(const resmgr_io_funcs_t *io, int type, resmgr_context_t *ctp,
		   void *msg, void *ocb)
{
	resmgr_might_sleep();
#define RESMGR_IO_CALL(m) \
	(RESMGR_IO_FN(io, m) ? io->m(ctp, msg, ocb) : _RESMGR_DEFAULT)
	switch (type) {
	case _IO_READ:
		return RESMGR_IO_CALL(read);
	case _IO_WRITE:
		return RESMGR_IO_CALL(write);
	case _IO_RSVD_CLOSE_OCB:
		return RESMGR_IO_CALL(close_ocb);
	case _IO_STAT:
		return RESMGR_IO_CALL(stat);
	case _IO_NOTIFY:
		return RESMGR_IO_CALL(notify);
	case _IO_DEVCTL:
		return RESMGR_IO_CALL(devctl);
	case _IO_RSVD_UNBLOCK:
		return RESMGR_IO_CALL(unblock);
	case _IO_PATHCONF:
		return RESMGR_IO_CALL(pathconf);
	case _IO_LSEEK:
		return RESMGR_IO_CALL(lseek);
	case _IO_CHMOD:
		return RESMGR_IO_CALL(chmod);
	case _IO_CHOWN:
		return RESMGR_IO_CALL(chown);
	case _IO_UTIME:
		return RESMGR_IO_CALL(utime);
	case _IO_OPENFD:
		return RESMGR_IO_CALL(openfd);
	case _IO_FDINFO:
		return RESMGR_IO_CALL(fdinfo);
	case _IO_LOCK:
		return RESMGR_IO_CALL(lock);
	case _IO_SPACE:
		return RESMGR_IO_CALL(space);
	case _IO_SHUTDOWN:
		return RESMGR_IO_CALL(shutdown);
	case _IO_MMAP:
		return RESMGR_IO_CALL(mmap);
	case _IO_MSG:
		return RESMGR_IO_CALL(msg);
	case _IO_RSVD:
		return RESMGR_IO_CALL(reserved);
	case _IO_DUP:
		return RESMGR_IO_CALL(dup);
	case _IO_CLOSE:
		return RESMGR_IO_CALL(close_dup);
	case _IO_RSVD_LOCK_OCB:
		return RESMGR_IO_CALL(lock_ocb);
	case _IO_RSVD_UNLOCK_OCB:
		return RESMGR_IO_CALL(unlock_ocb);
	case _IO_SYNC:
		return RESMGR_IO_CALL(sync);
	case _IO_POWER:
		return RESMGR_IO_CALL(power);
	case _IO_ACL:
		return RESMGR_IO_CALL(acl);
	case _IO_PAUSE:
		return RESMGR_IO_CALL(pause);
	case _IO_UNPAUSE:
		return RESMGR_IO_CALL(unpause);
	case _IO_READ64:
		return RESMGR_IO_CALL(read64);
	case _IO_WRITE64:
		return RESMGR_IO_CALL(write64);
	case _IO_NOTIFY64:
		return RESMGR_IO_CALL(notify64);
	case _IO_UTIME64:
		return RESMGR_IO_CALL(utime64);
	}
#undef RESMGR_IO_CALL
	return _RESMGR_DEFAULT;
}

long resmgr_call_request_run(struct resmgr_request *req);

/* resmgr_call_send(), inlined where a fast path calls it. */
static __always_inline long
__resmgr_call_send(struct resmgr_call *call, long (*run)(struct resmgr_call *call),
		   bool interruptible)
{
	dispatch_t *dpp = call->link->dpp;

	resmgr_might_sleep();
	/* Direct delivery: no request, no indirect call more. */
	if (!resmgr_dispatch_by_message(dpp))
		return run(call);
	call->run = run;
	call->req.run = resmgr_call_request_run;
	call->req.ctp = &call->ctp;
	call->req.owner = call->link;
	/* A detach sets dead before it fails the queue (resmgr_detach()). */
	call->req.gone = &call->link->dead;
	return resmgr_dispatch_deliver(dpp, &call->req, interruptible);
}

/* resmgr_call_deliver(), inlined where a fast path calls it. */
static __always_inline int
__resmgr_call_deliver(struct resmgr_call *call, const iov_t *iov, int parts)
{
	int i;

	resmgr_might_sleep();
	for (i = 0; i < parts; i++) {
		size_t len = iov[i].iov_len;

		switch (call->m.sink) {
		case RESMGR_SINK_USER:
			len = min(len, iov_iter_count(call->m.out));
			if (len && copy_to_iter(iov[i].iov_base, len, call->m.out) != len)
				return -EFAULT;
			break;
		case RESMGR_SINK_KERNEL:
			len = min(len, call->m.kbuf_len - call->m.copied);
			memcpy(call->m.kbuf + call->m.copied, iov[i].iov_base, len);
			break;
		case RESMGR_SINK_NONE:
			len = 0;
			break;
		}
		call->m.copied += len;
	}
	return 0;
}

static inline long resmgr_errno(int err)
{
	return err > 0 && err < MAX_ERRNO ? -err : -EIO;
}

/* resmgr_call_finish(), inlined where a fast path calls it. */
static __always_inline long
__resmgr_call_finish(struct resmgr_call *call, int ret)
{
	resmgr_context_t *ctp = &call->ctp;
	/* A MsgReply() during the handler; pairs with its store-release. */
	int state = smp_load_acquire(&call->reply.state);
	int err;

	resmgr_might_sleep();
	if (unlikely(state != RESMGR_REPLY_NONE)) {
		if (state == RESMGR_REPLY_GIVEN)
			return call->reply.status;
		if (state == RESMGR_REPLY_LATER) {
			iov_t iov;

			if (call->reply.status < 0 || !call->reply.len)
				return call->reply.status;
			SETIOV(&iov, call->reply.buf, call->reply.len);
			return resmgr_call_deliver(call, &iov, 1) ?: call->reply.status;
		}
		/* Abandoned: the handler's answer goes as any other. */
	}
	/*
	 * The usual answer first: reply parts, -1 down to -nparts_max (at
	 * least the inline ones: attach), which ~ret maps to 0 up to
	 * nparts_max - 1 and every other value (EOK, an errno, the special
	 * values, too many parts) above.
	 */
	if (likely((unsigned int)~ret < call->link->attr.nparts_max)) {
		/* The reply in the caller's own message buffer stays there. */
		if (ret == -1 && call->m.reply_in_msg && ctp->iov[0].iov_base == call->m.msg &&
		    !call->m.copied) {
			call->m.kbuf = call->m.msg;
			call->m.copied = min(ctp->iov[0].iov_len, call->m.kbuf_len);
			return resmgr_status(ctp->status);
		}
		err = __resmgr_call_deliver(call, ctp->iov, -ret);
		if (err)
			return err;
		return resmgr_status(ctp->status);
	}
	if (likely(ret == EOK))
		return resmgr_status(ctp->status);
	if (ret == _RESMGR_NOREPLY) {
		if (ctp->rcvid <= 0)
			return -ENOSYS;
		/* A server thread's: the caller polls while it runs (reply.c). */
		if (current != call->task && !call->reply.server)
			call->reply.server = get_task_struct(current);
		return RESMGR_CALL_WAIT;
	}
	if (ret == _RESMGR_DEFAULT)
		return -ENOSYS;
	if (ret > 0)
		return resmgr_errno(ret);
	/* More parts than the context has. */
	pr_warn_ratelimited("resmgr: link %d replied with %d parts (max %u)\n",
			    ctp->id, -ret, call->link->attr.nparts_max);
	return -EIO;
}

#endif /* _RESMGR_CORE_CALL_INLINE_H */
