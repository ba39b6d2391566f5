/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dispatch layer (QNX <sys/dispatch.h>). A dispatch handle groups a
 * manager's attachments. Delivery today is direct: a handler runs in the
 * calling thread. Dispatch contexts and server threads come later.
 */
#ifndef _RESMGR_DISPATCH_H
#define _RESMGR_DISPATCH_H

#include <resmgr/resmgr.h>

dispatch_t *dispatch_create(void);
int dispatch_destroy(dispatch_t *dpp);

#endif /* _RESMGR_DISPATCH_H */
