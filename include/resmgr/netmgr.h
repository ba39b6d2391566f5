/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QNX <sys/netmgr.h>: node descriptors. Everything here is local (a
 * message's info.nd is always ND_LOCAL_NODE); there is no Qnet.
 */
#ifndef _RESMGR_NETMGR_H
#define _RESMGR_NETMGR_H

#define ND_LOCAL_NODE		0
#define ND_NODE_CMP(a, b)	((int)(a) - (int)(b))

#endif /* _RESMGR_NETMGR_H */
