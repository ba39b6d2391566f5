/* SPDX-License-Identifier: GPL-2.0 */
/* QNX <devctl.h>: lets ported sources keep their #include line. */
#ifndef _QNX_DEVCTL_H
#define _QNX_DEVCTL_H
#include <resmgr/devctl.h>
#endif
