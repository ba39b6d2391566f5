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

#include <resmgr/resmgr.h>

struct resmgr_call;

/**
 * union _dispatch_context - a server thread's context (dispatch_context_t)
 * @resmgr_context: what QNX code passes around as the context
 * @priv: resmgr's own: the handle and the request being served
 */
typedef union _dispatch_context {
	resmgr_context_t	resmgr_context;
	struct {
		resmgr_context_t	ctp;
		dispatch_t		*dpp;
		struct resmgr_call	*call;
		bool			unblocked;
	} priv;
} dispatch_context_t;

dispatch_t *__dispatch_create(struct module *owner);
int dispatch_destroy(dispatch_t *dpp);
dispatch_context_t *dispatch_context_alloc(dispatch_t *dpp);
void dispatch_context_free(dispatch_context_t *ctp);
dispatch_context_t *dispatch_block(dispatch_context_t *ctp);
int dispatch_handler(dispatch_context_t *ctp);
void dispatch_unblock(dispatch_context_t *ctp);

/*
 * dispatch_create() - QNX's call; the calling module owns the handle, and
 * what it leaves when it unloads is destroyed for it.
 */
#define dispatch_create()	__dispatch_create(THIS_MODULE)

#endif /* _RESMGR_DISPATCH_H */
