// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr_test.ko: the KUnit suites of every layer, linked into one module
 * that KUnit runs on load. Built only for kernels with KUnit.
 */
#include <linux/module.h>
#include <resmgr/version.h>
#include <resmgr/ns.h>

MODULE_DESCRIPTION("KUnit suites for resmgr");
MODULE_LICENSE("GPL");
MODULE_AUTHOR(RESMGR_AUTHOR);
MODULE_VERSION(RESMGR_VERSION);
MODULE_IMPORT_NS(RESMGR_NS);
