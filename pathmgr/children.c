// SPDX-License-Identifier: GPL-2.0
/*
 * The children of a node: what a synthesized directory lists. QNX's
 * process manager shows the parent directories of every mountpoint, so
 * that "ls /dev" lists the names attached below /dev; resmgrfs asks
 * this for those names and to know whether a path is such a directory.
 */
#include <linux/rculist.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <resmgr/ns.h>
#include "internal.h"

/* The node for exactly @path (normalized), or NULL. Under RCU. */
static struct pathmgr_node *pathmgr_exact(struct pathmgr_space *space,
					  const char *path)
{
	struct pathmgr_node *node = &space->root;
	const char *p = path;

	while (*p == '/' && p[1]) {
		struct pathmgr_key key = { .parent = node };

		key.name = ++p;
		while (*p && *p != '/')
			p++;
		key.len = p - key.name;
		node = rhashtable_lookup(&space->names, &key, pathmgr_names_params);
		if (!node)
			return NULL;
	}
	return node;
}

/*
 * Is @child a name a plain open can reach: something below it, or a
 * manager that takes _FTYPE_ANY requests? A node whose only managers
 * are FTYPEONLY of another type (an mqueue server, say) is not listed:
 * looking it up would say ENOENT. Under RCU or the space lock.
 */
static bool pathmgr_child_visible(const struct pathmgr_node *child)
{
	const struct pathmgr_entry *entry;

	if (READ_ONCE(child->nchildren))
		return true;
	list_for_each_entry_rcu(entry, &child->entries, link)
		if (!(entry->flags & PATHMGR_FLAG_FTYPEONLY) ||
		    entry->file_type == _FTYPE_ANY)
			return true;
	return false;
}

/**
 * pathmgr_children() - the names one level below a path
 * @space: the pathname space
 * @path: absolute path (normalized here)
 * @emit: called with each child's name (not NUL-terminated) and length,
 *	in creation order, under the space lock; may sleep; a non-zero
 *	return stops the listing and is returned. NULL only counts.
 * @arg: passed to @emit
 *
 * A path has children when something is attached below it: it is then a
 * directory of the pathname space, whether or not a manager serves it.
 * A child reached only by typed requests (its managers are all
 * FTYPEONLY of a type other than _FTYPE_ANY, nothing below it) is left
 * out, as a plain open cannot reach it.
 *
 * Return: the number of children (0 when the path is a mountpoint with
 * nothing below it, or not in the tree at all), an @emit error, or a
 * pathmgr_normalize() error.
 * Context: process context; takes the space lock (@emit must not attach
 * or detach).
 */
int pathmgr_children(struct pathmgr_space *space, const char *path,
		     int (*emit)(void *arg, const char *name, unsigned int len),
		     void *arg)
{
	struct pathmgr_node *node, *child;
	unsigned int eflag;
	size_t size;
	char *norm;
	int err;

	pathmgr_might_sleep();
	size = strnlen(path, PATH_MAX) + 2;
	norm = kmalloc(size, GFP_KERNEL);
	if (!norm)
		return -ENOMEM;
	err = pathmgr_normalize(path, norm, size, &eflag);
	if (err < 0)
		goto out_free;

	if (!emit) {
		err = 0;
		rcu_read_lock();
		node = pathmgr_exact(space, norm);
		if (node)
			list_for_each_entry_rcu(child, &node->children, sibling)
				err += pathmgr_child_visible(child);
		rcu_read_unlock();
		goto out_free;
	}
	mutex_lock(&space->lock);
	/*
	 * The lock keeps the nodes; the hash lookup and the entry lists
	 * want RCU too, and @emit may sleep, so only around those.
	 */
	rcu_read_lock();
	node = pathmgr_exact(space, norm);
	rcu_read_unlock();
	err = 0;
	if (node) {
		list_for_each_entry(child, &node->children, sibling) {
			bool visible;
			int ret;

			rcu_read_lock();
			visible = pathmgr_child_visible(child);
			rcu_read_unlock();
			if (!visible)
				continue;
			ret = emit(arg, child->name, child->len);
			if (ret) {
				err = ret;
				break;
			}
			err++;
		}
	}
	mutex_unlock(&space->lock);
out_free:
	kfree(norm);
	return err;
}

PATHMGR_EXPORT_FOR_TESTS(pathmgr_children);
