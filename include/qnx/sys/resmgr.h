/* SPDX-License-Identifier: GPL-2.0 */
/* QNX <sys/resmgr.h>: lets ported sources keep their #include line. */
#ifndef _QNX_SYS_RESMGR_H
#define _QNX_SYS_RESMGR_H
#include <resmgr/resmgr.h>
#endif
