// SPDX-License-Identifier: GPL-2.0
/*
 * Dispatch handles: dispatch_create(), dispatch_destroy(), the references
 * contexts and links hold, and what a module leaves behind.
 *
 * A handle is reference counted: its creator, every context and every
 * link hold a reference, so dispatch_destroy() can wake its server
 * threads and leave the freeing to the last dispatch_context_free() or
 * the last link (a file kept open after _RESMGR_DETACH_PATHNAME). Every
 * handle is on resmgr_dispatches until it is destroyed, so an unloading
 * module's leftovers can be found.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include "internal.h"

static LIST_HEAD(resmgr_dispatches);
static DEFINE_MUTEX(resmgr_dispatches_lock);	/* resmgr_dispatches */

/**
 * __dispatch_create() - make a dispatch handle (use dispatch_create())
 * @owner: the calling module (dispatch_create() passes THIS_MODULE)
 *
 * Return: the handle, or NULL when out of memory.
 * Context: process context.
 */
dispatch_t *__dispatch_create(struct module *owner)
{
	dispatch_t *dpp;

	resmgr_might_sleep();
	dpp = kzalloc(sizeof(*dpp), GFP_KERNEL);
	if (!dpp)
		return NULL;
	mutex_init(&dpp->lock);
	dpp->owner = owner;
	kref_init(&dpp->ref);
	spin_lock_init(&dpp->qlock);
	INIT_LIST_HEAD(&dpp->queue);
	init_waitqueue_head(&dpp->qwait);
	dpp->timeout_ns = -1;
	resmgr_pulse_init(dpp);
	mutex_lock(&resmgr_dispatches_lock);
	list_add_tail(&dpp->all_node, &resmgr_dispatches);
	mutex_unlock(&resmgr_dispatches_lock);
	return dpp;
}
EXPORT_SYMBOL_NS_GPL(__dispatch_create, RESMGR_NS);

static void resmgr_dispatch_free(struct kref *ref)
{
	dispatch_t *dpp = container_of(ref, dispatch_t, ref);

	resmgr_pulse_free_handlers(dpp);
	put_pid(dpp->server);
	mutex_destroy(&dpp->lock);
	kfree(dpp);
}

/**
 * resmgr_dispatch_put() - drop a reference on a dispatch handle
 * @dpp: the handle
 *
 * Context: any (a link's last reference goes in an RCU callback).
 */
void resmgr_dispatch_put(dispatch_t *dpp)
{
	kref_put(&dpp->ref, resmgr_dispatch_free);
}

/**
 * resmgr_dispatch_link() - a link is being attached through @dpp
 * @dpp: the handle
 *
 * The link holds a reference from now on (resmgr_dispatch_put() when it
 * is freed), and dispatch_destroy() says -EBUSY until
 * resmgr_dispatch_unlink().
 *
 * Return: 0, or -EINVAL when @dpp was destroyed.
 * Context: process context.
 */
int resmgr_dispatch_link(dispatch_t *dpp)
{
	int err = 0;

	resmgr_might_sleep();
	mutex_lock(&dpp->lock);
	if (dpp->destroyed) {
		err = -EINVAL;
	} else {
		dpp->nlinks++;
		kref_get(&dpp->ref);
	}
	mutex_unlock(&dpp->lock);
	return err;
}

/**
 * resmgr_dispatch_unlink() - a link through @dpp was detached
 * @dpp: the handle; the link keeps its reference until it is freed
 *
 * Context: process context.
 */
void resmgr_dispatch_unlink(dispatch_t *dpp)
{
	resmgr_might_sleep();
	mutex_lock(&dpp->lock);
	WARN_ON(!dpp->nlinks);
	dpp->nlinks--;
	mutex_unlock(&dpp->lock);
}

/* No new link, request or pulse: written under both of its locks. */
static void resmgr_dispatch_mark_destroyed(dispatch_t *dpp)
{
	lockdep_assert_held(&dpp->lock);
	spin_lock_irq(&dpp->qlock);
	dpp->destroyed = true;
	spin_unlock_irq(&dpp->qlock);
}

/* Destroy @dpp, marked destroyed and off resmgr_dispatches. */
static void resmgr_dispatch_teardown(dispatch_t *dpp)
{
	wake_up_all(&dpp->qwait);
	/* No server takes a request any more: fail what is still queued. */
	resmgr_dispatch_fail_queued(dpp, NULL, EBADF);
	resmgr_pulse_stop(dpp);
	resmgr_dispatch_put(dpp);
}

/**
 * dispatch_destroy() - destroy a dispatch handle
 * @dpp: the handle; detach its attachments first
 *
 * Every thread blocked in dispatch_block() on it returns NULL, so a
 * module's exit can stop its server threads. The memory goes with the
 * last context (dispatch_context_free()).
 *
 * Return: 0, -EINVAL for NULL or a handle already destroyed, -EBUSY
 * while attachments remain.
 * Context: process context.
 */
int dispatch_destroy(dispatch_t *dpp)
{
	resmgr_might_sleep();
	if (!dpp)
		return -EINVAL;
	mutex_lock(&resmgr_dispatches_lock);
	mutex_lock(&dpp->lock);
	if (dpp->destroyed || dpp->nlinks) {
		int err = dpp->destroyed ? -EINVAL : -EBUSY;

		mutex_unlock(&dpp->lock);
		mutex_unlock(&resmgr_dispatches_lock);
		return err;
	}
	resmgr_dispatch_mark_destroyed(dpp);
	mutex_unlock(&dpp->lock);
	list_del(&dpp->all_node);
	mutex_unlock(&resmgr_dispatches_lock);
	resmgr_dispatch_teardown(dpp);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(dispatch_destroy, RESMGR_NS);

/**
 * resmgr_dispatch_module_stop() - end the receive loops of a module's handles
 * @mod: the module
 *
 * Every dispatch_block() on a handle @mod made returns NULL from now on,
 * as when a QNX server's receive fails: its main() leaves its loop.
 *
 * Context: process context.
 */
void resmgr_dispatch_module_stop(struct module *mod)
{
	dispatch_t *dpp;

	resmgr_might_sleep();
	mutex_lock(&resmgr_dispatches_lock);
	list_for_each_entry(dpp, &resmgr_dispatches, all_node)
		if (dpp->owner == mod)
			resmgr_dispatch_stop_blocking(dpp);
	mutex_unlock(&resmgr_dispatches_lock);
}

/**
 * resmgr_dispatch_module_gone() - destroy the handles and pools a module left
 * @mod: the module; its links are detached already
 * @quiet: a server's exit (its main() returned): no warning
 *
 * Context: process context; waits for pool threads to end.
 */
void resmgr_dispatch_module_gone(struct module *mod, bool quiet)
{
	resmgr_might_sleep();
	for (;;) {
		dispatch_t *dpp = NULL, *pos;

		mutex_lock(&resmgr_dispatches_lock);
		list_for_each_entry(pos, &resmgr_dispatches, all_node) {
			if (pos->owner == mod) {
				dpp = pos;
				list_del(&dpp->all_node);
				break;
			}
		}
		if (dpp) {
			mutex_lock(&dpp->lock);
			WARN_ON(dpp->nlinks);
			resmgr_dispatch_mark_destroyed(dpp);
			mutex_unlock(&dpp->lock);
		}
		mutex_unlock(&resmgr_dispatches_lock);
		if (!dpp)
			break;
		if (!quiet)
			pr_warn("resmgr: %s unloaded without dispatch_destroy(); destroying its handle\n",
				module_name(mod));
		resmgr_dispatch_teardown(dpp);
	}
	resmgr_pool_module_gone(mod, quiet);
}
