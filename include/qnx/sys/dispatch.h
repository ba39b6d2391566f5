/* SPDX-License-Identifier: GPL-2.0 */
/* QNX <sys/dispatch.h>: lets ported sources keep their #include line. */
#ifndef _QNX_SYS_DISPATCH_H
#define _QNX_SYS_DISPATCH_H
#include <resmgr/dispatch.h>
#endif
