/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * rm_ser's device commands, for the driver and its clients (QNX devctl
 * encoding, class _DCMD_MISC).
 */
#ifndef RM_SER_H
#define RM_SER_H

#include <resmgr/devctl.h>

#define DCMD_SER_SETBAUD	__DIOT(_DCMD_MISC, 0x10, int)
#define DCMD_SER_GETBAUD	__DIOF(_DCMD_MISC, 0x11, int)
#define DCMD_SER_GETQUEUED	__DIOF(_DCMD_MISC, 0x12, int)

#define RM_SER_BUFSIZE		4096

#endif /* RM_SER_H */
