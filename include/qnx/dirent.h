/* SPDX-License-Identifier: GPL-2.0 */
/* QNX <dirent.h>: lets ported sources keep their #include line. */
#ifndef _QNX_DIRENT_H
#define _QNX_DIRENT_H
#include <resmgr/dirent.h>
#endif
