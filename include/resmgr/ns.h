/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RESMGR symbol namespace. Every symbol resmgr.ko exports lives in
 * it: EXPORT_SYMBOL_NS_GPL(sym, RESMGR_NS) beside the function, and a
 * driver submodule says MODULE_IMPORT_NS(RESMGR_NS) once. This header
 * holds the one kernel-version difference involved: the namespace
 * argument is a bare identifier up to 6.12 and a string from 6.13.
 */
#ifndef _RESMGR_NS_H
#define _RESMGR_NS_H

#include <linux/export.h>
#include <linux/module.h>
#include <linux/version.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define RESMGR_NS	"RESMGR"
#else
#define RESMGR_NS	RESMGR
#endif

#endif /* _RESMGR_NS_H */
