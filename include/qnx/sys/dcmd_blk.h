/* SPDX-License-Identifier: GPL-2.0 */
/* QNX <sys/dcmd_blk.h>: lets ported sources keep their #include line. */
#ifndef _QNX_SYS_DCMD_BLK_H
#define _QNX_SYS_DCMD_BLK_H
#include <resmgr/dcmd_blk.h>
#endif
