/* SPDX-License-Identifier: GPL-2.0 */
/* QNX <sys/iomsg.h>: lets ported sources keep their #include line. */
#ifndef _QNX_SYS_IOMSG_H
#define _QNX_SYS_IOMSG_H
#include <resmgr/iomsg.h>
#endif
