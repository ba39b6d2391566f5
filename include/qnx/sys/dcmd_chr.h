/* SPDX-License-Identifier: GPL-2.0 */
/* QNX <sys/dcmd_chr.h>: lets ported sources keep their #include line. */
#ifndef _QNX_SYS_DCMD_CHR_H
#define _QNX_SYS_DCMD_CHR_H
#include <resmgr/dcmd_chr.h>
#endif
