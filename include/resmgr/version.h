/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The resmgr release. The one place the version is written: the
 * Makefile, dkms.conf's check and the modules' MODULE_VERSION read it.
 */
#ifndef _RESMGR_VERSION_H
#define _RESMGR_VERSION_H

#define RESMGR_VERSION	"0.5.0"
#define RESMGR_AUTHOR	"The resmgr for Linux authors"

#endif /* _RESMGR_VERSION_H */
