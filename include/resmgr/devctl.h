/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QNX device control (<devctl.h>, <sys/dcmd_all.h>): the dcmd encoding,
 * the command classes and the DCMD_ALL_* commands iofunc_devctl_default()
 * handles. They are user ABI too, so they live in the uapi header, with
 * how Linux programs reach a driver's devctl handler.
 */
#ifndef _RESMGR_DEVCTL_H
#define _RESMGR_DEVCTL_H

#include <uapi/resmgr/devctl.h>

#endif /* _RESMGR_DEVCTL_H */
