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

	size = strnlen(path, PATH_MAX) + 2;
	norm = kmalloc(size, GFP_KERNEL);
	if (!norm)
		return -ENOMEM;
	err = pathmgr_normalize(path, norm, size, &eflag);
	if (err < 0)
		goto out_free;

	if (!emit) {
		rcu_read_lock();
		node = pathmgr_exact(space, norm);
		err = node ? READ_ONCE(node->nchildren) : 0;
		rcu_read_unlock();
		goto out_free;
	}
	mutex_lock(&space->lock);
	/* The lock keeps the node; the hash lookup itself wants RCU. */
	rcu_read_lock();
	node = pathmgr_exact(space, norm);
	rcu_read_unlock();
	err = 0;
	if (node) {
		list_for_each_entry(child, &node->children, sibling) {
			int ret = emit(arg, child->name, child->len);

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
EXPORT_SYMBOL_NS_GPL(pathmgr_children, RESMGR_NS);
