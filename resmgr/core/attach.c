// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr_attach() and resmgr_detach(); what an unloading module left.
 *
 * Detach is unlink, drain, free: the name leaves the pathname space and
 * the link stops taking new calls, then detach waits for the handlers in
 * flight (except the detaching thread's own, so a handler may detach),
 * then drops the attachment's reference. Open files keep the link's
 * memory until they close.
 *
 * A driver detaches in its module_exit. What a module leaves attached
 * when it unloads is detached for it (with a warning), so no table
 * pointer ever outlives the module's code.
 */
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/wait_bit.h>
#include <resmgr/ns.h>
#include "internal.h"

/* Every attached link, for the module notifier. */
static LIST_HEAD(resmgr_links);
static DEFINE_MUTEX(resmgr_links_lock);	/* resmgr_links */
static struct kmem_cache *resmgr_link_cachep;

static void resmgr_link_release(struct pathmgr_entry *entry)
{
	struct resmgr_link *link = resmgr_link_of(entry);

	resmgr_dispatch_put(link->dpp);
	put_pid(link->server);
	kfree(link->path);
	kmem_cache_free(resmgr_link_cachep, link);
}

/**
 * resmgr_link_set_server() - name the process that serves a link
 * @dpp: the handle it was attached through
 * @id: its link id
 * @pid: the server (a thread group's pid); the link takes a reference
 *
 * The listing then shows the process, not the module, as its owner.
 *
 * Return: 0, or -ENOENT when @id is not attached through @dpp or has a
 * server already.
 * Context: process context.
 */
int resmgr_link_set_server(dispatch_t *dpp, int id, struct pid *pid)
{
	struct resmgr_link *link;
	int err = -ENOENT;

	resmgr_might_sleep();
	link = resmgr_link_by_id(id);
	if (!link)
		return -ENOENT;
	get_pid(pid);
	if (link->dpp == dpp && !cmpxchg(&link->server, NULL, pid))
		err = 0;
	else
		put_pid(pid);
	resmgr_link_put(link);
	return err;
}

/**
 * resmgr_link_swap_server() - another process serves a link now
 * @dpp: the handle it was attached through
 * @id: its link id, which has a server
 * @pid: the new server (a thread group's pid); the link takes a reference
 *
 * Return: the server before (its reference, which the caller drops after
 * a grace period: the listing reads it under RCU), or NULL when @id is
 * not attached through @dpp or had no server (nothing changed).
 * Context: process context.
 */
struct pid *resmgr_link_swap_server(dispatch_t *dpp, int id, struct pid *pid)
{
	struct resmgr_link *link;
	struct pid *old = NULL;

	resmgr_might_sleep();
	link = resmgr_link_by_id(id);
	if (!link)
		return NULL;
	if (link->dpp == dpp && READ_ONCE(link->server))
		old = xchg(&link->server, get_pid(pid));
	resmgr_link_put(link);
	return old;
}

/**
 * resmgr_link_get() - take a reference on a link
 * @link: the link; the caller already holds a reference
 *
 * Context: any.
 */
void resmgr_link_get(struct resmgr_link *link)
{
	refcount_inc(&link->entry.ref);
}

/**
 * resmgr_link_put() - drop a reference on a link
 * @link: the link, or NULL
 *
 * Context: any.
 */
void resmgr_link_put(struct resmgr_link *link)
{
	if (link)
		pathmgr_entry_put(&link->entry);
}

RESMGR_EXPORT_FOR_TESTS(resmgr_link_put);

/**
 * __resmgr_attach() - attach a manager at a path (use resmgr_attach())
 * @owner: the calling module (resmgr_attach() passes THIS_MODULE)
 * @key: lockdep's class for the link's drain (resmgr_attach() passes one
 *	per call site)
 * @dpp: from dispatch_create()
 * @attr: attributes, or NULL for all zeros
 * @path: the mountpoint. NULL or "" with _RESMGR_FLAG_FTYPEONLY attaches
 *	at "/"; NULL without it only checks the arguments and returns 0
 * @file_type: _FTYPE_* of the manager
 * @flags: _RESMGR_FLAG_*, masked with _RESMGR_FLAG_MASK
 * @connect_funcs: connect table, kept by pointer
 * @io_funcs: default I/O table, kept by pointer
 * @handle: passed to every connect handler, kept by pointer
 *
 * Several attaches at one path form a union (BEFORE/AFTER order). A
 * discrete mountpoint under /dev/ also gets a device node. May be called
 * from a handler, to create devices on the fly.
 *
 * Return: the link id (>= 0), or -EINVAL (no @dpp, a bad file type, both
 * BEFORE and AFTER, a path with FTYPEONLY, nparts_max above
 * RESMGR_NPARTS_MAX, msg_max_size above RESMGR_MSG_MAX_LIMIT, a bad
 * path), -ENOENT (empty path),
 * -ENAMETOOLONG, -ENOMEM.
 * Context: process context; may sleep.
 */
int __resmgr_attach(struct module *owner, struct lock_class_key *key, dispatch_t *dpp,
		    resmgr_attr_t *attr, const char *path,
		    enum _file_type file_type, unsigned int flags,
		    const void *connect_funcs, const void *io_funcs,
		    void *handle)
{
	struct resmgr_link *link;
	size_t size;
	int err, id;

	resmgr_might_sleep();
	if (!dpp)
		return -EINVAL;
	flags &= _RESMGR_FLAG_MASK;
	if (flags & _RESMGR_FLAG_FTYPEONLY) {
		if (path && *path)
			return -EINVAL;
		path = "/";
	} else if (!path) {
		return 0;
	}
	if (attr && (attr->nparts_max > RESMGR_NPARTS_MAX ||
		     attr->msg_max_size > RESMGR_MSG_MAX_LIMIT))
		return -EINVAL;

	link = kmem_cache_zalloc(resmgr_link_cachep, GFP_KERNEL);
	if (!link)
		return -ENOMEM;
	size = strnlen(path, PATH_MAX) + 2;
	link->path = kmalloc(size, GFP_KERNEL);
	if (!link->path) {
		err = -ENOMEM;
		goto err_free_link;
	}
	err = pathmgr_normalize(path, link->path, size, NULL);
	if (err < 0)
		goto err_free_path;

	pathmgr_entry_init(&link->entry, resmgr_link_release);
	link->dpp = dpp;
	link->connect = connect_funcs;
	link->io = io_funcs;
	link->handle = handle;
	if (attr)
		link->attr = *attr;
	/*
	 * What a call gives its handlers: at least RESMGR_NPARTS_INLINE reply
	 * parts (a call holds them anyway) and a receive buffer of at least
	 * RESMGR_MSG_MAX_MIN bytes; settled here, once, not per call.
	 */
	link->attr.nparts_max = max_t(unsigned int, link->attr.nparts_max,
				      RESMGR_NPARTS_INLINE);
	link->attr.msg_max_size = max_t(unsigned int, link->attr.msg_max_size,
					RESMGR_MSG_MAX_MIN);
	spin_lock_init(&link->lock);
	lockdep_init_map(&link->dep_map, "resmgr_link->calls", key, 0);
	mutex_init(&link->bind_lock);
	INIT_LIST_HEAD(&link->bindings);
	INIT_LIST_HEAD(&link->all_node);

	/* The link holds the handle until it is freed (resmgr_link_release()). */
	err = resmgr_dispatch_link(dpp);
	if (err)
		goto err_free_path;
	id = pathmgr_attach(resmgr_space, &link->entry, link->path, flags,
			    file_type, owner);
	if (id < 0) {
		err = id;
		goto err_unlink_dispatch;
	}
	/*
	 * From here the link is reachable and the entry's reference owns
	 * it: a file kept by _RESMGR_DETACH_PATHNAME may outlive
	 * dispatch_destroy().
	 */
	mutex_lock(&resmgr_links_lock);
	list_add_tail(&link->all_node, &resmgr_links);
	mutex_unlock(&resmgr_links_lock);
	resmgr_frontend_attach(link);
	/* pathmgr counted a change of names; attributes cached go too. */
	resmgr_changed(RESMGR_CHANGE_ATTRS);
	return id;

err_unlink_dispatch:
	resmgr_dispatch_unlink(dpp);
	resmgr_dispatch_put(dpp);
err_free_path:
	kfree(link->path);
err_free_link:
	kmem_cache_free(resmgr_link_cachep, link);
	return err;
}
EXPORT_SYMBOL_NS_GPL(__resmgr_attach, RESMGR_NS);

/* Does the current thread run @call (its caller, or its server thread)? */
static bool resmgr_call_is_current(const struct resmgr_call *call)
{
	return call->task == current || READ_ONCE(call->req.server) == current;
}

struct resmgr_link_busy {
	struct resmgr_link	*link;
	bool			mine;
	bool			connect_only;
};

static bool resmgr_link_busy_match(struct resmgr_call *call, void *arg)
{
	const struct resmgr_link_busy *q = arg;

	if (call->link != q->link)
		return false;
	return q->mine ? resmgr_call_is_current(call) :
	       !resmgr_call_is_current(call) && (!q->connect_only || call->connect);
}

/*
 * Is a call of @link in flight that matches: @mine, one the current
 * thread runs (a handler detaching its own link); else one another
 * thread runs (with @connect_only, a connect call).
 */
static bool resmgr_link_busy(struct resmgr_link *link, bool mine, bool connect_only)
{
	struct resmgr_link_busy q = {
		.link = link, .mine = mine, .connect_only = connect_only,
	};

	return resmgr_rcvid_scan(resmgr_link_busy_match, &q);
}

/*
 * Wait until no other thread runs a call of @link (with @connect_only, a
 * connect call). To lockdep a full drain takes the link's dep_map for
 * writing, which every call holds for reading: a detach under a lock
 * that some handler of the link takes is an ABBA deadlock it reports, as
 * kernfs_drain() does. A handler detaching its own link is not waited
 * for, and a pathname-only detach waits for no I/O call: neither is
 * shown to lockdep.
 */
static void resmgr_link_drain(struct resmgr_link *link, bool connect_only)
{
	bool annotate = !connect_only && !resmgr_link_busy(link, true, false);

	if (annotate)
		rwsem_acquire(&link->dep_map, 0, 0, _RET_IP_);
	wait_var_event(&link->unlinked, !resmgr_link_busy(link, false, connect_only));
	if (annotate)
		rwsem_release(&link->dep_map, _RET_IP_);
}

/*
 * @link is dead: callers waiting for a deferred reply would never get
 * one (EBADF), nor would requests still queued on @dpp; pollers wake to
 * find EPOLLERR.
 */
static void resmgr_link_fail(struct resmgr_link *link, dispatch_t *dpp)
{
	struct resmgr_binding *b;

	resmgr_link_fail_waiters(link, EBADF);
	resmgr_dispatch_fail_queued(dpp, link, EBADF);
	mutex_lock(&link->bind_lock);
	list_for_each_entry(b, &link->bindings, link_node)
		wake_up_interruptible_poll(&b->wq, EPOLLERR | EPOLLHUP);
	mutex_unlock(&link->bind_lock);
}

/*
 * _RESMGR_DETACH_CLOSE: close every file still open on @link. Each
 * binding is claimed under bind_lock and closed outside it, through a
 * copy: the file's own release may free the binding meanwhile.
 */
static void resmgr_link_close_all(struct resmgr_link *link)
{
	for (;;) {
		struct resmgr_binding *b, copy = { .link = link };
		bool found = false;

		mutex_lock(&link->bind_lock);
		list_for_each_entry(b, &link->bindings, link_node) {
			if (resmgr_binding_claim_close(b)) {
				copy.ocb = b->ocb;
				copy.io = b->io;
				copy.bound = b->bound;
				/* close_ocb removes what the file armed. */
				copy.notify_id = b->notify_id;
				found = true;
				break;
			}
		}
		mutex_unlock(&link->bind_lock);
		if (!found)
			break;
		resmgr_binding_close(&copy);
	}
}

/**
 * resmgr_detach() - remove an attachment
 * @dpp: the dispatch handle it was attached with
 * @id: its link id
 * @flags: _RESMGR_DETACH_ALL (0): open files get EBADF from every call
 *	but close; _RESMGR_DETACH_PATHNAME: only the name goes, open files
 *	keep working; _RESMGR_DETACH_CLOSE (with ALL): also run close_dup
 *	and close_ocb for every open file
 *
 * Waits until no other thread runs a handler of this link (with
 * _RESMGR_DETACH_PATHNAME, a connect handler); the caller's own handler
 * does not count, so a handler may detach. No handler of the link runs
 * after this returns, except I/O on files left open by
 * _RESMGR_DETACH_PATHNAME.
 *
 * Return: 0, -EINVAL for bad flags or no @dpp, -ENOENT if @id is not
 * attached through @dpp.
 * Context: process context; sleeps.
 */
int resmgr_detach(dispatch_t *dpp, int id, unsigned int flags)
{
	bool pathname = flags & _RESMGR_DETACH_PATHNAME;
	struct pathmgr_entry *entry;
	struct resmgr_link *link;
	bool claimed;

	resmgr_might_sleep();
	if (!dpp || (flags & ~(_RESMGR_DETACH_PATHNAME | _RESMGR_DETACH_CLOSE)))
		return -EINVAL;

	link = resmgr_link_by_id(id);
	if (!link)
		return -ENOENT;
	/* Claim it: one detach per link; no new connect call starts. */
	spin_lock(&link->lock);
	claimed = link->dpp == dpp && !link->unlinked;
	if (claimed) {
		WRITE_ONCE(link->unlinked, true);
		if (!pathname)
			WRITE_ONCE(link->dead, true);
	}
	spin_unlock(&link->lock);
	if (!claimed) {
		resmgr_link_put(link);
		return -ENOENT;
	}
	/*
	 * Calls look at unlinked and dead after taking their receive-id
	 * slots; the drain looks through the slots after this.
	 */
	smp_mb();

	/* Unlink: no resolution finds it. */
	entry = pathmgr_detach(resmgr_space, id);
	WARN_ON(entry != &link->entry);
	resmgr_dispatch_unlink(dpp);
	resmgr_changed(RESMGR_CHANGE_ATTRS);
	resmgr_frontend_detach(link);
	if (!pathname)
		resmgr_link_fail(link, dpp);

	/* Drain. */
	resmgr_link_drain(link, pathname);
	if (!pathname && (flags & _RESMGR_DETACH_CLOSE))
		resmgr_link_close_all(link);

	mutex_lock(&resmgr_links_lock);
	list_del_init(&link->all_node);
	mutex_unlock(&resmgr_links_lock);
	resmgr_link_put(link);	/* resmgr_link_by_id()'s */
	resmgr_link_put(link);	/* the attachment's */
	return 0;
}
EXPORT_SYMBOL_NS_GPL(resmgr_detach, RESMGR_NS);

/**
 * resmgr_link_kill() - end the files a _RESMGR_DETACH_PATHNAME kept
 * @dpp: the handle the link was attached through
 * @link: the link, detached with _RESMGR_DETACH_PATHNAME; the caller
 *	holds a reference (taken with resmgr_link_by_id() while it was
 *	attached)
 *
 * What resmgr_detach() without _RESMGR_DETACH_PATHNAME does to open files,
 * for a manager that goes while such files are open (a user-space
 * server's channel that closes): every call but close gets EBADF from
 * now on, waiting and queued ones too, and no handler of the link runs
 * after this returns.
 *
 * Return: 0; -ENOENT when @link is not of @dpp, still attached (use
 * resmgr_detach()) or already dead.
 * Context: process context; sleeps (drains the link).
 */
int resmgr_link_kill(dispatch_t *dpp, struct resmgr_link *link)
{
	bool kill;

	resmgr_might_sleep();
	if (!link)
		return -ENOENT;
	spin_lock(&link->lock);
	kill = link->dpp == dpp && link->unlinked && !link->dead;
	if (kill)
		WRITE_ONCE(link->dead, true);
	spin_unlock(&link->lock);
	if (!kill)
		return -ENOENT;
	/* As in resmgr_detach(): dead set before the slots are looked through. */
	smp_mb();
	resmgr_link_fail(link, dpp);
	resmgr_link_drain(link, false);
	return 0;
}

RESMGR_EXPORT_FOR_TESTS(resmgr_link_kill);

/**
 * resmgr_link_by_id() - the attachment with link id @id
 * @id: a link id
 *
 * Return: the link with a reference (resmgr_link_put() drops it), or
 * NULL when @id is not attached.
 * Context: process context.
 */
struct resmgr_link *resmgr_link_by_id(int id)
{
	struct pathmgr_entry *entry = pathmgr_entry_get(resmgr_space, id);

	resmgr_might_sleep();
	return entry ? resmgr_link_of(entry) : NULL;
}

RESMGR_EXPORT_FOR_TESTS(resmgr_link_by_id);

/**
 * resmgr_pathname() - the mountpoint a link id is attached at
 * @id: the link id (ctp->id in a handler)
 * @flags: unused (QNX's are for network paths)
 * @path: where to copy the path, or NULL to learn its length
 * @maxbuf: size of @path; the copy is truncated and NUL-terminated
 *
 * Return: the length of the path, or -ENOENT when @id is not attached.
 * Context: process context.
 */
int resmgr_pathname(int id, unsigned int flags, char *path, int maxbuf)
{
	struct resmgr_link *link = resmgr_link_by_id(id);
	int len;

	resmgr_might_sleep();
	if (!link)
		return -ENOENT;
	len = strlen(link->path);
	if (path && maxbuf > 0)
		strscpy(path, link->path, maxbuf);
	resmgr_link_put(link);
	return len;
}
EXPORT_SYMBOL_NS_GPL(resmgr_pathname, RESMGR_NS);

/**
 * resmgr_module_detach() - detach what a module left attached
 * @mod: the module
 * @quiet: a server's exit: no warning
 *
 * With _RESMGR_DETACH_CLOSE: open files get their close_ocb.
 *
 * Context: process context; waits for handlers in flight.
 */
void resmgr_module_detach(struct module *mod, bool quiet)
{
	resmgr_might_sleep();
	for (;;) {
		struct resmgr_link *link = NULL, *pos;
		dispatch_t *dpp = NULL;
		int id = -1;

		mutex_lock(&resmgr_links_lock);
		list_for_each_entry(pos, &resmgr_links, all_node) {
			if (resmgr_link_owner(pos) == mod) {
				link = pos;
				dpp = link->dpp;
				id = link->entry.id;
				break;
			}
		}
		mutex_unlock(&resmgr_links_lock);
		if (!link)
			break;
		if (!quiet)
			pr_warn("resmgr: %s unloaded with %s still attached (id %d); detaching it\n",
				module_name(mod), link->path, id);
		if (resmgr_detach(dpp, id, _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE)) {
			/* Not on its dpp: take it off the list so the loop ends. */
			mutex_lock(&resmgr_links_lock);
			list_del_init(&link->all_node);
			mutex_unlock(&resmgr_links_lock);
		}
	}
}

/**
 * resmgr_module_cleanup() - detach and destroy what a module left
 * @mod: the module
 * @quiet: a server's exit (its main() returned): no warning
 *
 * Its attachments (closing their files), then its dispatch handles, then
 * its thread pools.
 *
 * Context: process context; waits for handlers in flight.
 */
void resmgr_module_cleanup(struct module *mod, bool quiet)
{
	resmgr_might_sleep();
	resmgr_module_detach(mod, quiet);
	resmgr_dispatch_module_gone(mod, quiet);
}

/* Detach what an unloading module left attached; then its handles. */
static int resmgr_module_notify(struct notifier_block *nb,
				unsigned long action, void *data)
{
	if (action != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	resmgr_module_cleanup(data, false);
	return NOTIFY_OK;
}

static struct notifier_block resmgr_module_nb = {
	.notifier_call = resmgr_module_notify,
};

/**
 * resmgr_attach_init() - start watching module unloads
 *
 * Return: 0 or a negative errno.
 * Context: module init.
 */
int resmgr_attach_init(void)
{
	int err;

	resmgr_might_sleep();
	/* Links in a cache of their own: a kmalloc() of one rounds up to 512 bytes. */
	resmgr_link_cachep = KMEM_CACHE(resmgr_link, 0);
	if (!resmgr_link_cachep)
		return -ENOMEM;
	err = register_module_notifier(&resmgr_module_nb);
	if (err)
		kmem_cache_destroy(resmgr_link_cachep);
	return err;
}

/**
 * resmgr_attach_exit() - stop watching module unloads
 *
 * Context: module exit.
 */
void resmgr_attach_exit(void)
{
	resmgr_might_sleep();
	unregister_module_notifier(&resmgr_module_nb);
	rcu_barrier();	/* links are freed after a grace period */
	kmem_cache_destroy(resmgr_link_cachep);
}
