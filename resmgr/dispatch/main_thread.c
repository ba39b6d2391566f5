// SPDX-License-Identifier: GPL-2.0
/*
 * A QNX server's main() on a kernel thread (<resmgr/main.h>).
 *
 * __resmgr_main_start() splits the arguments, starts the thread and
 * waits until main() is ready (its first dispatch_block(), a
 * thread_pool_start() or procmgr_daemon()) or has returned.
 * __resmgr_main_stop() first detaches the module's names (their handlers
 * drained, their open files closed) while main()'s locals, which the
 * handlers use, are still there; then makes every dispatch_block() of
 * the module's handles return NULL and unparks a main() sitting in
 * thread_pool_start(POOL_FLAG_EXIT_SELF), waits for main() to return,
 * and cleans up what is left as the process manager would. The thread is
 * known by its thread function: kthread_data() is its struct
 * resmgr_main, which lives until the module's exit has waited for it.
 */
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/wait.h>
#include <resmgr/main.h>
#include <resmgr/ns.h>
#include "../core/core.h"
#include "internal.h"

struct resmgr_main {
	int			(*fn)(int argc, char *argv[]);
	struct module		*owner;
	int			argc;
	char			**argv;
	char			*args;		/* argv[1..] point into it */
	char			*name;		/* argv[0] */
	bool			ready;		/* @ready completed; main thread only */
	struct completion	ready_done;	/* ready, or returned */
	struct completion	done;		/* main() returned */
	int			ret;		/* its value, once @done */
	bool			stopping;	/* WRITE_ONCE; @park waits for it */
	wait_queue_head_t	park;
};

static int resmgr_main_thread(void *data);

/* The struct resmgr_main of the current thread, or NULL. */
static struct resmgr_main *resmgr_main_current(void)
{
	if (!(current->flags & PF_KTHREAD) || kthread_func(current) != resmgr_main_thread)
		return NULL;
	return kthread_data(current);
}

/**
 * resmgr_main_ready() - a server's main() is about to serve
 *
 * Lets the module's init return. Called by dispatch_block(),
 * thread_pool_start() and procmgr_daemon(); nothing in other threads.
 *
 * Context: process context.
 */
void resmgr_main_ready(void)
{
	struct resmgr_main *m = resmgr_main_current();

	resmgr_might_sleep();
	if (m && !m->ready) {
		m->ready = true;
		complete(&m->ready_done);
	}
}
EXPORT_SYMBOL_NS_GPL(resmgr_main_ready, RESMGR_NS);

/**
 * resmgr_main_park() - keep a main() whose thread QNX would end
 *
 * thread_pool_start(POOL_FLAG_EXIT_SELF) ends the calling thread on
 * QNX, so main() never returns and its locals stay. A main() thread here
 * waits until its module unloads instead.
 *
 * Return: true if the caller is a main() thread and waited.
 * Context: process context; sleeps.
 */
bool resmgr_main_park(void)
{
	struct resmgr_main *m = resmgr_main_current();

	resmgr_might_sleep();
	if (!m)
		return false;
	resmgr_main_ready();
	wait_event(m->park, READ_ONCE(m->stopping));
	return true;
}

static int resmgr_main_thread(void *data)
{
	struct resmgr_main *m = data;

	m->ret = m->fn(m->argc, m->argv);
	if (m->ret)
		pr_info("resmgr: %s: main() returned %d\n", m->name, m->ret);
	complete(&m->ready_done);
	/* Core code from here: the module may go once we are done. */
	kthread_complete_and_exit(&m->done, 0);
}

/* argv from "args", split at runs of spaces; argv[0] is @name. */
static int resmgr_main_args(struct resmgr_main *m, const char *name, const char *args)
{
	char *p, *word;
	int n = 1;

	m->name = kstrdup(name, GFP_KERNEL);
	m->args = kstrdup(args ? args : "", GFP_KERNEL);
	if (!m->name || !m->args)
		return -ENOMEM;
	for (p = m->args; *p; p++)
		if (*p != ' ' && (p == m->args || p[-1] == ' '))
			n++;
	m->argv = kcalloc(n + 1, sizeof(*m->argv), GFP_KERNEL);
	if (!m->argv)
		return -ENOMEM;
	m->argv[m->argc++] = m->name;
	p = m->args;
	while ((word = strsep(&p, " ")))
		if (*word)
			m->argv[m->argc++] = word;
	return 0;
}

static void resmgr_main_free(struct resmgr_main *m)
{
	kfree(m->argv);
	kfree(m->args);
	kfree(m->name);
	kfree(m);
}

/**
 * __resmgr_main_start() - run a QNX server's main() on a kernel thread
 * @fn: main()
 * @owner: the module (RESMGR_MAIN() passes THIS_MODULE)
 * @name: the module's name: the thread's name and argv[0]
 * @args: the rest of argv, split at spaces; NULL for none
 *
 * Return: the server, once main() is ready or returned 0; ERR_PTR:
 * -EINVAL when main() returned non-zero before serving (what it left is
 * cleaned up), -EINTR when the loading process was killed while main()
 * was starting (main() is stopped), -ENOMEM, or kthread_run()'s error.
 * Context: process context (module init); sleeps.
 */
struct resmgr_main *__resmgr_main_start(int (*fn)(int argc, char *argv[]),
					struct module *owner, const char *name,
					const char *args)
{
	struct task_struct *task;
	struct resmgr_main *m;
	int err;

	resmgr_might_sleep();
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return ERR_PTR(-ENOMEM);
	m->fn = fn;
	m->owner = owner;
	init_completion(&m->ready_done);
	init_completion(&m->done);
	init_waitqueue_head(&m->park);
	err = resmgr_main_args(m, name, args);
	if (err)
		goto err_free;
	task = kthread_run(resmgr_main_thread, m, "%s", m->name);
	if (IS_ERR(task)) {
		err = PTR_ERR(task);
		goto err_free;
	}
	if (wait_for_completion_killable(&m->ready_done)) {
		__resmgr_main_stop(m);
		return ERR_PTR(-EINTR);
	}
	if (!m->ready) {
		/* main() returned before serving. */
		wait_for_completion(&m->done);
		if (m->ret) {
			pr_warn("resmgr: %s: main() returned %d before serving; not loaded\n",
				m->name, m->ret);
			resmgr_module_cleanup(owner, true);
			err = -EINVAL;
			goto err_free;
		}
	}
	return m;

err_free:
	resmgr_main_free(m);
	return ERR_PTR(err);
}
EXPORT_SYMBOL_NS_GPL(__resmgr_main_start, RESMGR_NS);

/**
 * __resmgr_main_stop() - stop a server started by __resmgr_main_start()
 * @m: the server
 *
 * Detaches the module's names (closing their files), ends its receive
 * loops (dispatch_block() returns NULL), lets a parked main() go on,
 * waits for main() to return, then destroys the handles and pools it
 * left, without the warnings an unload with leftovers gets: a server's
 * exit is how QNX cleans up.
 *
 * Context: process context (module exit); sleeps.
 */
void __resmgr_main_stop(struct resmgr_main *m)
{
	resmgr_might_sleep();
	resmgr_module_detach(m->owner, true);
	resmgr_dispatch_module_stop(m->owner);
	WRITE_ONCE(m->stopping, true);
	wake_up_all(&m->park);
	wait_for_completion(&m->done);
	resmgr_module_cleanup(m->owner, true);
	resmgr_main_free(m);
}
EXPORT_SYMBOL_NS_GPL(__resmgr_main_stop, RESMGR_NS);
