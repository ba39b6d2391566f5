/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dispatch layer (QNX <sys/dispatch.h>). A dispatch handle groups a
 * manager's attachments. Delivery today is direct: a handler runs in the
 * calling thread. Dispatch contexts and server threads come later.
 */
#ifndef _RESMGR_DISPATCH_H
#define _RESMGR_DISPATCH_H

#include <resmgr/resmgr.h>

dispatch_t *__dispatch_create(struct module *owner);
int dispatch_destroy(dispatch_t *dpp);

/*
 * dispatch_create() - QNX's call; the calling module owns the handle, and
 * what it leaves when it unloads is destroyed for it.
 */
#define dispatch_create()	__dispatch_create(THIS_MODULE)

#endif /* _RESMGR_DISPATCH_H */
