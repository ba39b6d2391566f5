/* SPDX-License-Identifier: GPL-2.0 */
/* QNX <sys/procmgr.h>: lets ported sources keep their #include line. */
#ifndef _QNX_SYS_PROCMGR_H
#define _QNX_SYS_PROCMGR_H
#include <resmgr/procmgr.h>
#endif
