/* SPDX-License-Identifier: GPL-2.0 */
/* QNX <sys/ftype.h>: lets ported sources keep their #include line. */
#ifndef _QNX_SYS_FTYPE_H
#define _QNX_SYS_FTYPE_H
#include <resmgr/pathname.h>
#endif
