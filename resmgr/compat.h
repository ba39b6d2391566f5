/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every room of resmgr/ shares of the build: kernel-version
 * differences inside resmgr.ko (6.1 is the floor; keep every
 * LINUX_VERSION_CODE test here, and the namespace one in
 * include/resmgr/ns.h), the test-only exports and the Context
 * assertion resmgr_might_sleep(). No objects.
 */
#ifndef _RESMGR_COMPAT_H
#define _RESMGR_COMPAT_H

#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/version.h>

/*
 * Functions the KUnit suites (resmgr_test.ko) and the selftest fixtures
 * call: exported only in a build with the tests (RESMGR_TESTS=1, see
 * Kbuild), never in an installed resmgr.ko.
 */
#ifdef RESMGR_TEST_EXPORTS
#define RESMGR_EXPORT_FOR_TESTS(sym)	EXPORT_SYMBOL_NS_GPL(sym, RESMGR_NS)
#else
#define RESMGR_EXPORT_FOR_TESTS(sym)	static_assert(1, #sym)
#endif

/* struct device_type.devnode takes a const device from 6.2. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define RESMGR_DEVNODE_CONST const
#else
#define RESMGR_DEVNODE_CONST
#endif

/*
 * Files whose f_pos may be negative: FMODE_UNSIGNED_OFFSET in f_mode up
 * to 6.11, FOP_UNSIGNED_OFFSET in the fops' fop_flags from 6.12.
 */
#include <linux/fs.h>
#ifdef FOP_UNSIGNED_OFFSET
#define RESMGR_FOP_UNSIGNED_OFFSET	.fop_flags = FOP_UNSIGNED_OFFSET,
#define RESMGR_FMODE_UNSIGNED_OFFSET	0
#else
#define RESMGR_FOP_UNSIGNED_OFFSET
#define RESMGR_FMODE_UNSIGNED_OFFSET	FMODE_UNSIGNED_OFFSET
#endif

/* struct file_lock moved its owner, pid and type into ->c in 6.9. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
#include <linux/filelock.h>
#define RESMGR_FL_TYPE(fl)	((fl)->c.flc_type)
#define RESMGR_FL_PID(fl)	((fl)->c.flc_pid)
#define RESMGR_FL_OWNER(fl)	((fl)->c.flc_owner)
#else
#define RESMGR_FL_TYPE(fl)	((fl)->fl_type)
#define RESMGR_FL_PID(fl)	((fl)->fl_pid)
#define RESMGR_FL_OWNER(fl)	((fl)->fl_owner)
#endif

/* Inode operations take a struct mnt_idmap from 6.3, a user namespace before. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define RESMGR_IDMAP_T	struct mnt_idmap
#define RESMGR_NOP_IDMAP	(&nop_mnt_idmap)
#else
#define RESMGR_IDMAP_T	struct user_namespace
#define RESMGR_NOP_IDMAP	(&init_user_ns)
#endif

/*
 * splice_read through ->read_iter: copy_splice_read() from 6.5; before,
 * generic_file_splice_read() did the same with a pipe iterator.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#define RESMGR_SPLICE_READ	copy_splice_read
#else
#define RESMGR_SPLICE_READ	generic_file_splice_read
#endif

/*
 * resmgr_might_sleep() - assert a function's "may sleep" Context: might_sleep() in a
 * kernel built with DEBUG_ATOMIC_SLEEP (the debug kernel, where bugs
 * are found), nothing elsewhere, so the hot paths pay neither the check
 * nor might_sleep()'s voluntary preemption point.
 */
#define resmgr_might_sleep()						\
	do {								\
		if (IS_ENABLED(CONFIG_DEBUG_ATOMIC_SLEEP))		\
			might_sleep();					\
	} while (0)

#endif /* _RESMGR_COMPAT_H */
