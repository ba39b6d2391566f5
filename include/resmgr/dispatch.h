/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dispatch layer (QNX <sys/dispatch.h>). A dispatch handle groups a
 * manager's attachments and chooses how their messages are delivered:
 *
 *  - directly (the default): a handler runs in the calling thread;
 *  - by message, once a context was allocated on the handle with
 *    dispatch_context_alloc() (a thread pool does that): the caller's
 *    request is queued on the handle, a kernel thread blocked in
 *    dispatch_block() takes it, dispatch_handler() runs the handler there
 *    (with the caller's credentials and address space), and the caller
 *    sleeps until the answer. Ported QNX main loops work unchanged.
 */
#ifndef _RESMGR_DISPATCH_H
#define _RESMGR_DISPATCH_H

#include <linux/time64.h>
#include <resmgr/resmgr.h>

struct resmgr_request;

/* A message handler's context: the same layout as a resmgr context. */
typedef resmgr_context_t message_context_t;

/*
 * message_attach(), pulse_attach() and message_connect() flags: QNX's
 * names; the values are this project's (a port uses the names).
 */
#define MSG_FLAG_TYPE_PULSE	0x00000001u
#define MSG_FLAG_ALLOC_PULSE	0x00000004u
#define MSG_FLAG_SIDE_CHANNEL	0x00000010u
#define MSG_FLAG_DEFAULT_FUNC	0x00000100u
#define MSG_FLAG_TIMEOUT_FUNC	0x00000400u
#define _PULSE_CODE_MINAVAIL	0
#define _PULSE_CODE_MAXAVAIL	127

/**
 * struct _message_attr - message_attach() attributes (message_attr_t)
 * @flags: MSG_FLAG_*
 * @nparts_max: unused (a message handler replies with MsgReply())
 * @msg_max_size: unused
 * @reserved: zero
 */
typedef struct _message_attr {
	unsigned int	flags;
	unsigned int	nparts_max;
	unsigned int	msg_max_size;
	unsigned int	reserved[4];
} message_attr_t;

#if defined(__KERNEL__) && !defined(_STRUCT_TIMESPEC)
#define _STRUCT_TIMESPEC
/*
 * QNX's <time.h> type for dispatch_timeout(): the kernel itself has only
 * timespec64, so a port's "struct timespec" comes from here.
 */
struct timespec {
	time64_t	tv_sec;
	long		tv_nsec;
};
#endif

/**
 * union _dispatch_context - a server thread's context (dispatch_context_t)
 * @resmgr_context: what QNX code passes around as the context
 * @message_context: the same, as message handlers see it (QNX code tests
 *	ctp->message_context.rcvid == -1 after a timeout)
 * @priv: resmgr's own: the handle, the request being served, whether
 *	dispatch_unblock() was called and whether the last block timed out
 */
typedef union _dispatch_context {
	resmgr_context_t	resmgr_context;
	message_context_t	message_context;
	struct {
		resmgr_context_t	ctp;
		dispatch_t		*dpp;
		struct resmgr_request	*req;
		bool			unblocked;
		bool			timedout;
	} priv;
} dispatch_context_t;

dispatch_t *__dispatch_create(struct module *owner);
int dispatch_destroy(dispatch_t *dpp);
dispatch_context_t *dispatch_context_alloc(dispatch_t *dpp);
void dispatch_context_free(dispatch_context_t *ctp);
dispatch_context_t *dispatch_block(dispatch_context_t *ctp);
int dispatch_handler(dispatch_context_t *ctp);
void dispatch_unblock(dispatch_context_t *ctp);
int dispatch_timeout(dispatch_t *dpp, struct timespec *reltime);

/*
 * The older receive loop (QNX's resmgr_context_alloc(), resmgr_block(),
 * resmgr_handler()): the same contexts, seen as resmgr contexts. A
 * resmgr context from resmgr_context_alloc() is the first member of a
 * dispatch context, as on QNX.
 */
static inline resmgr_context_t *resmgr_context_alloc(dispatch_t *dpp)
{
	dispatch_context_t *ctp = dispatch_context_alloc(dpp);

	return ctp ? &ctp->resmgr_context : NULL;
}

static inline void resmgr_context_free(resmgr_context_t *ctp)
{
	dispatch_context_free((dispatch_context_t *)ctp);
}

static inline resmgr_context_t *resmgr_block(resmgr_context_t *ctp)
{
	dispatch_context_t *d = dispatch_block((dispatch_context_t *)ctp);

	return d ? &d->resmgr_context : NULL;
}

static inline int resmgr_handler(resmgr_context_t *ctp)
{
	return dispatch_handler((dispatch_context_t *)ctp);
}

static inline void resmgr_unblock(resmgr_context_t *ctp)
{
	dispatch_unblock((dispatch_context_t *)ctp);
}

int pulse_attach(dispatch_t *dpp, int flags, int code,
		 int (*func)(message_context_t *ctp, int code, unsigned int flags,
			     void *handle),
		 void *handle);
int pulse_detach(dispatch_t *dpp, int code, int flags);
int message_attach(dispatch_t *dpp, message_attr_t *attr, int low, int high,
		   int (*func)(message_context_t *ctp, int code, unsigned int flags,
			       void *handle),
		   void *handle);
int message_detach(dispatch_t *dpp, int low, int high, int flags);
int message_connect(dispatch_t *dpp, int flags);
int MsgSendPulse(int coid, int priority, int code, int value);

#ifndef __KERNEL__
/*
 * select_attach() (libresmgr): a handler runs in a server thread when a
 * file descriptor of the server's is ready, as QNX's does.
 */
#define SELECT_FLAG_READ	_NOTIFY_COND_INPUT
#define SELECT_FLAG_WRITE	_NOTIFY_COND_OUTPUT
#define SELECT_FLAG_EXCEPT	_NOTIFY_COND_OBAND
#define SELECT_FLAG_REARM	0x0001	/* armed again after the handler (the default) */
#define SELECT_FLAG_SRVEXCEPT	0x0002
#define SELECT_FLAG_NOREARM	0x0004	/* once; select_rearm() arms it again */

typedef resmgr_context_t select_context_t;

/**
 * struct _select_attr - select_attach()'s attributes (select_attr_t)
 * @flags: none yet
 * @reserved: zero
 */
typedef struct _select_attr {
	unsigned int	flags;
	unsigned int	reserved[3];
} select_attr_t;

int select_attach(void *dpp, select_attr_t *attr, int fd, unsigned int flags,
		  int (*func)(select_context_t *ctp, int fd, unsigned int flags, void *handle),
		  void *handle);
int select_detach(void *dpp, int fd);
int select_rearm(void *dpp, int fd);

/*
 * Names (libresmgr): name_attach() puts "/dev/name/local/NAME" (or
 * global) into the pathname space, any process may; name_open() gives a
 * connection to its channel, after the server answered an _IO_CONNECT
 * message.
 */
#define NAME_FLAG_ATTACH_GLOBAL		0x00000002
#define NAME_FLAG_DETACH_SAVEDPP	0x00000001

/**
 * struct _name_attach - what name_attach() gives (name_attach_t)
 * @dpp: the dispatch handle
 * @chid: its channel, for MsgReceive()
 * @mntid: the name's link id
 * @zero: zero
 */
typedef struct _name_attach {
	dispatch_t	*dpp;
	int		chid;
	int		mntid;
	int		zero[2];
} name_attach_t;

name_attach_t *name_attach(dispatch_t *dpp, const char *path, unsigned int flags);
int name_detach(name_attach_t *attach, unsigned int flags);
int name_open(const char *name, int flags);
int name_close(int coid);
#endif /* !__KERNEL__ */

/*
 * dispatch_create() - QNX's call; the calling module owns the handle, and
 * what it leaves when it unloads is destroyed for it.
 */
#define dispatch_create()	__dispatch_create(THIS_MODULE)

/* dispatch_create_channel() flags */
#define DISPATCH_FLAG_NOLOCK	0x00000001u

/*
 * dispatch_create_channel() - QNX's call with a channel: -1 asks for a new
 * one, which is what a dispatch handle here is; an existing QNX channel
 * cannot be named (there are none), so any other @chid gives NULL.
 * DISPATCH_FLAG_NOLOCK is accepted: the handle's locks cost nothing a
 * single-threaded server would save.
 */
static inline dispatch_t *__dispatch_create_channel(struct module *owner, int chid,
						    unsigned int flags)
{
	return chid == -1 ? __dispatch_create(owner) : NULL;
}

#define dispatch_create_channel(chid, flags) \
	__dispatch_create_channel(THIS_MODULE, chid, flags)

/* ---- thread pools (QNX <sys/dispatch.h>) ---- */

#ifndef THREAD_POOL_PARAM_T
#define THREAD_POOL_PARAM_T	dispatch_context_t
#endif
#ifndef THREAD_POOL_HANDLE_T
#define THREAD_POOL_HANDLE_T	dispatch_t
#endif

#define POOL_FLAG_EXIT_SELF	0x00000001u
#define POOL_FLAG_USE_SELF	0x00000002u

typedef struct _thread_pool thread_pool_t;

/**
 * struct _thread_pool_attr - how a pool runs (thread_pool_attr_t)
 * @handle: given to @context_alloc (the dispatch handle)
 * @block_func: waits for work (dispatch_block)
 * @unblock_func: makes @block_func return (dispatch_unblock)
 * @handler_func: does the work (dispatch_handler)
 * @context_alloc: makes a thread's context (dispatch_context_alloc)
 * @context_free: frees it (dispatch_context_free)
 * @attr: unused (QNX's pthread attributes)
 * @lo_water: keep at least this many threads waiting
 * @increment: start this many at a time when fewer wait
 * @hi_water: a thread that finds this many waiting after its work exits
 * @maximum: never more threads than this
 * @reserved: zero
 */
typedef struct _thread_pool_attr {
	THREAD_POOL_HANDLE_T	*handle;

	THREAD_POOL_PARAM_T	*(*block_func)(THREAD_POOL_PARAM_T *ctp);
	void			(*unblock_func)(THREAD_POOL_PARAM_T *ctp);
	int			(*handler_func)(THREAD_POOL_PARAM_T *ctp);
	THREAD_POOL_PARAM_T	*(*context_alloc)(THREAD_POOL_HANDLE_T *handle);
	void			(*context_free)(THREAD_POOL_PARAM_T *ctp);
	void			*attr;
	unsigned short		lo_water;
	unsigned short		increment;
	unsigned short		hi_water;
	unsigned short		maximum;
	unsigned int		reserved[8];
} thread_pool_attr_t;

thread_pool_t *__thread_pool_create(thread_pool_attr_t *pool_attr, unsigned int flags,
				    struct module *owner);

/*
 * thread_pool_create() - QNX's call; the calling module owns the pool,
 * and a pool it leaves behind is stopped when it unloads.
 */
#define thread_pool_create(pool_attr, flags) \
	__thread_pool_create(pool_attr, flags, THIS_MODULE)
int thread_pool_start(void *pool);
int thread_pool_destroy(thread_pool_t *pool);

/* thread_pool_control() flags (QNX's values) */
#define THREAD_POOL_CONTROL_HIWATER	0x0001u
#define THREAD_POOL_CONTROL_LOWATER	0x0002u
#define THREAD_POOL_CONTROL_MAXIMUM	0x0004u
#define THREAD_POOL_CONTROL_INCREMENT	0x0008u
#define THREAD_POOL_CONTROL_NONBLOCK	0x4000u

int thread_pool_control(thread_pool_t *pool, thread_pool_attr_t *attr,
			u16 lower, u16 upper, unsigned int flags);
int thread_pool_limits(thread_pool_t *pool, int lowater, int hiwater, int maximum,
		       int increment, unsigned int flags);

#endif /* _RESMGR_DISPATCH_H */
