/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pathmgr private structures. Only the pathmgr sources include it.
 *
 * Locking: space->lock (a mutex) serialises every change to the tree,
 * the union lists and the id table. Resolution takes no lock: it walks
 * the name hash and the union lists under RCU and takes a reference on
 * each candidate with refcount_inc_not_zero(). Nodes and entries are
 * freed only after a grace period, so a reader never touches freed
 * memory; a node's @parent never changes, and a parent outlives its
 * children.
 */
#ifndef _RESMGR_PATHMGR_INTERNAL_H
#define _RESMGR_PATHMGR_INTERNAL_H

#include <linux/idr.h>
#include <linux/mutex.h>
#include <linux/rhashtable-types.h>
#include "pathmgr.h"

/**
 * struct pathmgr_node - one path component in the prefix tree
 * @hash: in space->names, keyed by (@parent, @name)
 * @parent: the directory above; NULL for the root; never changes
 * @children: nodes below, in creation order (space->lock; RCU readers)
 * @sibling: in @parent->children
 * @entries: managers attached here, in union order (space->lock; RCU)
 * @nchildren: length of @children (space->lock)
 * @nentries: length of @entries (space->lock)
 * @prefix_len: length of this node's full path; 0 for the root
 * @len: length of @name
 * @rcu: frees the node after readers are done
 * @name: the component, not NUL-terminated
 */
struct pathmgr_node {
	struct rhash_head hash;
	struct pathmgr_node *parent;
	struct list_head children;
	struct list_head sibling;
	struct list_head entries;
	unsigned int nchildren;
	unsigned int nentries;
	unsigned int prefix_len;
	unsigned int len;
	struct rcu_head rcu;
	char name[];
};

/**
 * struct pathmgr_space - a whole pathname space
 * @lock: serialises attach, detach and the listing; protects every
 *	node's @children, @entries and counts, and @ids
 * @names: (parent, name) -> node; lookups under RCU
 * @ids: link id -> attached entry
 * @root: the node for "/", lives as long as the space
 * @gen: the generation: bumped after every attach and detach and by
 *	pathmgr_changed(); caches of what paths resolve to compare it
 */
struct pathmgr_space {
	struct mutex lock;		/* attach, detach, listing */
	struct rhashtable names;
	struct idr ids;
	struct pathmgr_node root;
	atomic64_t gen;
};

extern const struct rhashtable_params pathmgr_names_params;

/* Lookup key of space->names. */
struct pathmgr_key {
	const struct pathmgr_node *parent;
	const char *name;
	unsigned int len;
};

int pathmgr_normalize_len(const char *in, size_t inlen, char *out, size_t size,
			  unsigned int *eflag);

/*
 * pathmgr_might_sleep() - assert a function's "may sleep" Context: might_sleep() in a
 * kernel built with DEBUG_ATOMIC_SLEEP (the debug kernel, where bugs
 * are found), nothing elsewhere, so the hot paths pay neither the check
 * nor might_sleep()'s voluntary preemption point.
 */
#define pathmgr_might_sleep()						\
	do {								\
		if (IS_ENABLED(CONFIG_DEBUG_ATOMIC_SLEEP))		\
			might_sleep();					\
	} while (0)

#endif /* _RESMGR_PATHMGR_INTERNAL_H */
