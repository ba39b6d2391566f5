/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A QNX server's main(), kept whole, as a module: RESMGR_MAIN(main) after
 * it makes the module's init start main(argc, argv) on a kernel thread
 * named after the module, with argv[0] the module's name and the rest
 * the "args" module parameter split at spaces:
 *
 *	insmod my_server.ko args="-v /dev/myserver"
 *
 * Loading waits until main() is ready: it blocks for its first message
 * (dispatch_block(), resmgr_block()), hands over to a pool
 * (thread_pool_start()) or calls procmgr_daemon(); a main() that returns
 * non-zero before that fails the load. main()'s locals (the tables, the
 * attr) live as long as main() runs: thread_pool_start() with
 * POOL_FLAG_EXIT_SELF does not return until the module unloads, as the
 * QNX thread it replaces does not go on. Unloading ends every
 * dispatch_block() of the module's handles with NULL, so main()'s loop
 * ends as on a failed receive, waits for main() to return, then detaches
 * and destroys what it left, as QNX does when a process exits.
 */
#ifndef _RESMGR_MAIN_H
#define _RESMGR_MAIN_H

#include <linux/err.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

struct resmgr_main;

struct resmgr_main *__resmgr_main_start(int (*fn)(int argc, char *argv[]),
					struct module *owner, const char *name,
					const char *args);
void __resmgr_main_stop(struct resmgr_main *m);

#ifndef RESMGR_MAIN_NO_PROTOTYPE
int main(int argc, char *argv[]);
#endif

#define RESMGR_MAIN(fn)							\
	static char *resmgr_args_##fn;					\
	module_param_named(args, resmgr_args_##fn, charp, 0444);	\
	MODULE_PARM_DESC(args, "the arguments of " #fn "(), split at spaces"); \
	static struct resmgr_main *resmgr_self_##fn;			\
	static int __init resmgr_init_##fn(void)			\
	{								\
		resmgr_self_##fn = __resmgr_main_start(fn, THIS_MODULE,	\
						       KBUILD_MODNAME,	\
						       resmgr_args_##fn); \
		return PTR_ERR_OR_ZERO(resmgr_self_##fn);		\
	}								\
	static void __exit resmgr_exit_##fn(void)			\
	{								\
		__resmgr_main_stop(resmgr_self_##fn);			\
	}								\
	module_init(resmgr_init_##fn);					\
	module_exit(resmgr_exit_##fn)

#endif /* _RESMGR_MAIN_H */
