/* SPDX-License-Identifier: GPL-2.0 */
/* QNX <sys/iofunc.h>: lets ported sources keep their #include line. */
#ifndef _QNX_SYS_IOFUNC_H
#define _QNX_SYS_IOFUNC_H
#include <resmgr/iofunc.h>
#endif
