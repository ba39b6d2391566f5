/* SPDX-License-Identifier: GPL-2.0 */
/* QNX <sys/neutrino.h>: lets ported sources keep their #include line. */
#ifndef _QNX_SYS_NEUTRINO_H
#define _QNX_SYS_NEUTRINO_H
#include <resmgr/neutrino.h>
#endif
