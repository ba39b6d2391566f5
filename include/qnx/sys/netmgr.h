/* SPDX-License-Identifier: GPL-2.0 */
/* QNX <sys/netmgr.h>: lets ported sources keep their #include line. */
#ifndef _QNX_SYS_NETMGR_H
#define _QNX_SYS_NETMGR_H
#include <resmgr/netmgr.h>
#endif
