/* SPDX-License-Identifier: GPL-2.0 */
/* QNX <sys/slogcodes.h>: lets ported sources keep their #include line. */
#ifndef _QNX_SYS_SLOGCODES_H
#define _QNX_SYS_SLOGCODES_H
#include <resmgr/slog.h>
#endif
