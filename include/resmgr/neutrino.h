/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The message-passing calls (QNX <sys/neutrino.h>) a resource manager
 * uses to answer a message later: a handler keeps ctp->rcvid, returns
 * _RESMGR_NOREPLY, and any thread answers with these. They return 0 or
 * a negative errno (QNX: -1 and errno).
 */
#ifndef _RESMGR_NEUTRINO_H
#define _RESMGR_NEUTRINO_H

#include <resmgr/resmgr.h>

/* Pulse codes the library sends itself. */
#define _PULSE_CODE_UNBLOCK	(-32)
#define _PULSE_CODE_DISCONNECT	(-33)

int MsgReply(int rcvid, long status, const void *msg, size_t size);
int MsgReplyv(int rcvid, long status, const iov_t *iov, int parts);
int MsgError(int rcvid, int error);
int MsgDeliverEvent(int rcvid, const struct sigevent *event);

#endif /* _RESMGR_NEUTRINO_H */
