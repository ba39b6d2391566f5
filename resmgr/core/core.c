// SPDX-License-Identifier: GPL-2.0
/*
 * The core's door, out of line: the pathname space the core keeps, the
 * front end that watches links, and what front ends may know of links
 * and bindings (core.h). Links and bindings stay opaque outside the
 * core, so a front end can neither reach into a link nor keep one
 * longer than the core says.
 */
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/stat.h>
#include <resmgr/iomsg.h>
#include "internal.h"

/* The system's pathname space; lives from resmgr_core_init() to resmgr_core_exit(). */
struct pathmgr_space *resmgr_space;

/*
 * The front end that keeps state per link (the /dev nodes). Set before
 * any link can be attached and cleared after the last is gone (module
 * init and exit), so readers need no lock.
 */
static const struct resmgr_frontend_ops *resmgr_frontend;

/**
 * resmgr_frontend_register() - watch links being attached and detached
 * @ops: the hooks; kept by pointer until resmgr_frontend_unregister()
 *
 * One front end keeps state per link: the /dev nodes. resmgrfs needs no
 * hooks (it compares generations).
 *
 * Return: 0, or -EBUSY when one is registered already.
 * Context: module init, before any link exists.
 */
int resmgr_frontend_register(const struct resmgr_frontend_ops *ops)
{
	resmgr_might_sleep();
	if (resmgr_frontend)
		return -EBUSY;
	WRITE_ONCE(resmgr_frontend, ops);
	return 0;
}

/**
 * resmgr_frontend_unregister() - stop watching links
 * @ops: what resmgr_frontend_register() was given
 *
 * Context: module exit, after the last link is gone.
 */
void resmgr_frontend_unregister(const struct resmgr_frontend_ops *ops)
{
	resmgr_might_sleep();
	if (!WARN_ON(resmgr_frontend != ops))
		WRITE_ONCE(resmgr_frontend, NULL);
}

/**
 * resmgr_frontend_attach() - tell the front end of a new link
 * @link: the link, reachable in the pathname space
 *
 * Context: process context, in resmgr_attach().
 */
void resmgr_frontend_attach(struct resmgr_link *link)
{
	const struct resmgr_frontend_ops *fe = READ_ONCE(resmgr_frontend);

	resmgr_might_sleep();
	if (fe && fe->attach)
		fe->attach(link);
}

/**
 * resmgr_frontend_detach() - tell the front end a link is going
 * @link: the link, unlinked from the pathname space
 *
 * Context: process context, in resmgr_detach().
 */
void resmgr_frontend_detach(struct resmgr_link *link)
{
	const struct resmgr_frontend_ops *fe = READ_ONCE(resmgr_frontend);

	resmgr_might_sleep();
	if (fe && fe->detach)
		fe->detach(link);
}

/**
 * resmgr_frontend_changed() - a link's mode or owner may have changed
 * @link: the link a chmod or chown was answered on
 *
 * Context: process context, in the caller's thread, no core lock held.
 */
void resmgr_frontend_changed(struct resmgr_link *link)
{
	const struct resmgr_frontend_ops *fe = READ_ONCE(resmgr_frontend);

	resmgr_might_sleep();
	if (fe && fe->changed)
		fe->changed(link);
}

/**
 * resmgr_frontend_state() - the front end's word on a link, for the listing
 * @link: the link
 *
 * Return: the front end's answer, or "-" without one.
 * Context: any; does not sleep.
 */
const char *resmgr_frontend_state(const struct resmgr_link *link)
{
	const struct resmgr_frontend_ops *fe = READ_ONCE(resmgr_frontend);

	return fe && fe->state ? fe->state(link) : "-";
}

/**
 * resmgr_link_path() - the mountpoint a link is attached at
 * @link: the link
 *
 * Return: its normalized path; lives as long as the link.
 * Context: any.
 */
const char *resmgr_link_path(const struct resmgr_link *link)
{
	return link->path;
}

/**
 * resmgr_link_flags() - the _RESMGR_FLAG_* a link was attached with
 * @link: the link
 *
 * Return: the flags, as pathmgr keeps them.
 * Context: any.
 */
unsigned int resmgr_link_flags(const struct resmgr_link *link)
{
	return link->entry.flags;
}

/**
 * resmgr_link_file_type() - the _FTYPE_* a link was attached with
 * @link: the link
 *
 * Return: the file type.
 * Context: any.
 */
int resmgr_link_file_type(const struct resmgr_link *link)
{
	return link->entry.file_type;
}

/**
 * resmgr_link_frontend() - the front end's data for a link
 * @link: the link
 *
 * Return: what resmgr_link_set_frontend() stored, or NULL; read with
 * acquire, so what it points to is initialised.
 * Context: any.
 */
void *resmgr_link_frontend(const struct resmgr_link *link)
{
	/* Pairs with resmgr_link_set_frontend()'s release. */
	return smp_load_acquire(&link->frontend);
}

/**
 * resmgr_link_set_frontend() - keep the front end's data for a link
 * @link: the link
 * @data: the data, initialised (stored with release), or NULL
 *
 * Context: any; the front end calls it from its ->attach and ->detach.
 */
void resmgr_link_set_frontend(struct resmgr_link *link, void *data)
{
	/* Pairs with resmgr_link_frontend()'s acquire (the listing's lockless read). */
	smp_store_release(&link->frontend, data);
}

/**
 * resmgr_link_direct() - do a link's handlers run in the caller's thread?
 * @link: the link
 *
 * Return: true while its dispatch handle delivers directly (no context
 * allocated on it yet), so a message to it from this thread cannot wait
 * for a server thread that this thread should be.
 * Context: any.
 */
bool resmgr_link_direct(const struct resmgr_link *link)
{
	return !resmgr_dispatch_has_contexts(link->dpp);
}

/**
 * resmgr_calls_direct() - run a handle's calls in the caller's thread
 * @dpp: the handle, with no link attached yet
 *
 * Calls then run their handlers in the caller's own thread even though
 * contexts were allocated on the handle (a user channel with a ring,
 * chan/ring.c); pulses still go to its server threads.
 *
 * Context: any.
 */
void resmgr_calls_direct(dispatch_t *dpp)
{
	resmgr_dispatch_calls_direct(dpp);
}

/**
 * resmgr_served_by() - name the process whose threads serve a handle
 * @dpp: the handle
 * @tgid: that process
 *
 * A close that this process's own exit makes on a file of the handle
 * then does not wait for an answer (resmgr_close_dup()).
 *
 * Return: the process named before, or NULL; the caller drops that
 * reference after a grace period (synchronize_rcu()).
 * Context: any.
 */
struct pid *resmgr_served_by(dispatch_t *dpp, struct pid *tgid)
{
	return resmgr_dispatch_served_by(dpp, tgid);
}

/**
 * resmgr_poll_window_max() - how long a thread may poll before it sleeps
 *
 * Return: the module parameter poll_ns, in ns; 0 with one CPU online.
 * Context: any.
 */
u32 resmgr_poll_window_max(void)
{
	return resmgr_poll_max();
}

/**
 * resmgr_binding_link() - the link a binding was opened through
 * @b: the binding
 *
 * Return: the link, which lives as long as @b; for comparing and for
 * resmgr_connect_req.only.
 * Context: any.
 */
struct resmgr_link *resmgr_binding_link(const struct resmgr_binding *b)
{
	return b->link;
}

/**
 * resmgr_binding_mountpoint() - the mountpoint a binding's manager is at
 * @b: the binding
 *
 * Return: the path, which lives as long as @b.
 * Context: any.
 */
const char *resmgr_binding_mountpoint(const struct resmgr_binding *b)
{
	return b->link->path;
}

/**
 * resmgr_binding_cacheable() - may answers about a binding be kept?
 * @b: the binding
 *
 * Return: true when its manager was attached RESMGR_FLAG_CACHEABLE.
 * Context: any.
 */
bool resmgr_binding_cacheable(const struct resmgr_binding *b)
{
	return b->link->attr.flags & RESMGR_FLAG_CACHEABLE;
}

/**
 * resmgr_binding_ocb() - the OCB the open bound
 * @b: the binding
 * @ocb: out: the OCB (opaque; NULL is a valid OCB)
 *
 * Return: true when the open bound one.
 * Context: any.
 */
bool resmgr_binding_ocb(const struct resmgr_binding *b, void **ocb)
{
	*ocb = b->ocb;
	return b->bound;
}

/**
 * resmgr_names_generation() - how often names came and went
 *
 * Return: the pathname space's generation (pathmgr_generation()).
 * Context: any.
 */
u64 resmgr_names_generation(void)
{
	return pathmgr_generation(resmgr_space);
}

/**
 * resmgr_children() - the names mountpoints make below a path
 * @path: a normalized absolute path
 * @emit: called with each name, or NULL to count them
 * @arg: passed to @emit
 *
 * Return: how many, or a negative errno (pathmgr_children()).
 * Context: process context.
 */
int resmgr_children(const char *path,
		    int (*emit)(void *arg, const char *name, unsigned int len),
		    void *arg)
{
	resmgr_might_sleep();
	return pathmgr_children(resmgr_space, path, emit, arg);
}

/* An entry's OPENS and NODE columns. */
static void resmgr_show_tail(struct seq_file *m, const struct pathmgr_entry *entry)
{
	const struct resmgr_link *link = resmgr_link_of_const(entry);

	seq_printf(m, "%u\t%s", atomic_read(&link->nopen), resmgr_frontend_state(link));
}

/* An entry's OWNER: its server process "comm[pid]", or its module. */
static void resmgr_show_owner(struct seq_file *m, const struct pathmgr_entry *entry)
{
	const struct resmgr_link *link = resmgr_link_of_const(entry);
	char comm[TASK_COMM_LEN] = "";
	struct task_struct *task;
	struct pid *server;
	pid_t nr;

	/* Under RCU: a channel's adopter replaces it (resmgr_link_swap_server()). */
	rcu_read_lock();
	server = READ_ONCE(link->server);
	if (!server) {
		rcu_read_unlock();
		seq_puts(m, entry->owner ? module_name(entry->owner) : "kernel");
		return;
	}
	task = pid_task(server, PIDTYPE_TGID);
	if (task)
		get_task_comm(comm, task);
	nr = pid_vnr(server);
	rcu_read_unlock();
	seq_printf(m, "%s[%d]", comm[0] ? comm : "gone", nr);
}

static const struct pathmgr_show_ops resmgr_show_ops = {
	.tail_header	= "OPENS\tNODE",
	.tail		= resmgr_show_tail,
	.owner		= resmgr_show_owner,
};

/**
 * resmgr_show() - the pathname space, one attachment per line
 * @m: where to print
 *
 * pathmgr_show()'s columns, with a user-space manager's process as the
 * owner, then how many files are open on each attachment and the front
 * end's word on it.
 *
 * Return: 0, or a negative errno.
 * Context: process context.
 */
int resmgr_show(struct seq_file *m)
{
	resmgr_might_sleep();
	return pathmgr_show(resmgr_space, m, &resmgr_show_ops);
}

/**
 * resmgr_core_init() - set up the core
 *
 * Return: 0 or a negative errno.
 * Context: module init.
 */
int resmgr_core_init(void)
{
	int err;

	resmgr_might_sleep();
	resmgr_poll_init();
	err = resmgr_ids_init();
	if (err)
		return err;
	resmgr_space = pathmgr_space_create();
	if (!resmgr_space) {
		err = -ENOMEM;
		goto err_free_ids;
	}
	err = resmgr_attach_init();
	if (err)
		goto err_destroy_space;
	return 0;

err_destroy_space:
	pathmgr_space_destroy(resmgr_space);
err_free_ids:
	resmgr_ids_exit();
	return err;
}

/**
 * resmgr_core_exit() - tear the core down
 *
 * Context: module exit, after every link is gone.
 */
void resmgr_core_exit(void)
{
	resmgr_might_sleep();
	resmgr_attach_exit();
	pathmgr_space_destroy(resmgr_space);
	resmgr_ids_exit();
}
