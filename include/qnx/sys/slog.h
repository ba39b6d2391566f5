/* SPDX-License-Identifier: GPL-2.0 */
/* QNX <sys/slog.h>: lets ported sources keep their #include line. */
#ifndef _QNX_SYS_SLOG_H
#define _QNX_SYS_SLOG_H
#include <resmgr/slog.h>
#endif
