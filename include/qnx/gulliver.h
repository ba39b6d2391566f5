/* SPDX-License-Identifier: GPL-2.0 */
/* QNX <gulliver.h>: lets ported sources keep their #include line. */
#ifndef _QNX_GULLIVER_H
#define _QNX_GULLIVER_H
#include <resmgr/gulliver.h>
#endif
