/* SPDX-License-Identifier: GPL-2.0 */
/* QNX <sys/dcmd_all.h>: lets ported sources keep their #include line. */
#ifndef _QNX_SYS_DCMD_ALL_H
#define _QNX_SYS_DCMD_ALL_H
#include <resmgr/devctl.h>
#endif
