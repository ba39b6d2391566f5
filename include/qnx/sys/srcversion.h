/* SPDX-License-Identifier: GPL-2.0 */
/* QNX <sys/srcversion.h>: __SRCVERSION() (in <resmgr/neutrino.h>). */
#ifndef _QNX_SYS_SRCVERSION_H
#define _QNX_SYS_SRCVERSION_H
#include <resmgr/neutrino.h>
#endif
