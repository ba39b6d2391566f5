// SPDX-License-Identifier: GPL-2.0
/*
 * Resolution: a path to the ordered list of managers that may serve it.
 *
 * The walk goes down the prefix tree to the deepest node on the path,
 * then back up to the root; at each node it offers the attached managers
 * in union order. That gives QNX's order: longest prefix first, then
 * each mountpoint's union. The walk holds no lock (RCU), so its cost is
 * one hash lookup per path component whatever the size of the space.
 */
#include <linux/rculist.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <resmgr/ns.h>
#include "internal.h"

/* Walk down as far as the tree matches @path (normalized). */
static struct pathmgr_node *pathmgr_deepest(struct pathmgr_space *space,
					    const char *path)
{
	struct pathmgr_node *node = &space->root;
	const char *p = path;

	while (*p == '/' && p[1]) {
		struct pathmgr_key key = { .parent = node };
		struct pathmgr_node *child;

		key.name = ++p;
		while (*p && *p != '/')
			p++;
		key.len = p - key.name;
		child = rhashtable_lookup(&space->names, &key,
					  pathmgr_names_params);
		if (!child)
			break;
		node = child;
	}
	return node;
}

/* Does a request of type @want reach @entry (QNX's ftype rules)? */
static bool pathmgr_ftype_match(const struct pathmgr_entry *entry, int want)
{
	if (entry->flags & PATHMGR_FLAG_FTYPEONLY)
		return entry->file_type == want;
	if (want == _FTYPE_ANY)
		return true;
	return entry->file_type == want || entry->file_type == _FTYPE_ALL;
}

static int pathmgr_add_candidate(struct pathmgr_resolution *res,
				 struct pathmgr_entry *entry,
				 unsigned int prefix_len)
{
	if (res->count == res->cap) {
		struct pathmgr_candidate *more;
		unsigned int cap = res->cap * 2;

		if (res->cap >= PATHMGR_MAX_CANDIDATES)
			return -ENAMETOOLONG;
		cap = min_t(unsigned int, cap, PATHMGR_MAX_CANDIDATES);
		/* Under RCU: no sleeping allocation. */
		more = kmalloc_array(cap, sizeof(*more), GFP_NOWAIT | __GFP_NOWARN);
		if (!more)
			return -ENOMEM;
		memcpy(more, res->cand, res->count * sizeof(*more));
		if (res->cand != res->inline_cand)
			kfree(res->cand);
		res->cand = more;
		res->cap = cap;
	}
	if (!refcount_inc_not_zero(&entry->ref))
		return 0;	/* being freed: already detached */
	res->cand[res->count].entry = entry;
	res->cand[res->count].prefix_len = prefix_len;
	res->count++;
	return 0;
}

static int pathmgr_collect(struct pathmgr_space *space,
			   struct pathmgr_resolution *res, int file_type)
{
	struct pathmgr_node *node;

	node = pathmgr_deepest(space, res->path);
	for (; node; node = node->parent) {
		bool exact = node->prefix_len == res->len ||
			     (node == &space->root && res->len == 1);
		struct pathmgr_entry *entry;

		list_for_each_entry_rcu(entry, &node->entries, link) {
			bool dir = entry->flags & PATHMGR_FLAG_DIR;
			int err;

			/* Discrete mountpoints match only exactly. */
			if (!exact && !dir)
				continue;
			/* A manager the request cannot reach has no say. */
			if (!pathmgr_ftype_match(entry, file_type))
				continue;
			if ((res->eflag & _IO_CONNECT_EFLAG_DIR) && !dir)
				return -ENOTDIR;
			err = pathmgr_add_candidate(res, entry, node->prefix_len);
			if (err)
				return err;
			/* OPAQUE hides the rest of this node and all shorter prefixes. */
			if (entry->flags & PATHMGR_FLAG_OPAQUE)
				return 0;
		}
	}
	return 0;
}

/* Start @res with room for a path of @size bytes with its NUL. */
static int pathmgr_resolution_init(struct pathmgr_resolution *res, size_t size)
{
	res->count = 0;
	res->cap = PATHMGR_INLINE_CANDIDATES;
	res->cand = res->inline_cand;
	res->path = size <= sizeof(res->inline_path) ? res->inline_path :
		    kmalloc(size, GFP_KERNEL);
	return res->path ? 0 : -ENOMEM;
}

/* The managers of @res->path, normalized; @res released on error. */
static int pathmgr_resolution_fill(struct pathmgr_space *space, int file_type,
				   struct pathmgr_resolution *res)
{
	int err;

	rcu_read_lock();
	err = pathmgr_collect(space, res, file_type);
	rcu_read_unlock();
	if (!err && !res->count)
		err = -ENOENT;
	if (err)
		pathmgr_resolution_release(res);
	return err;
}

/**
 * pathmgr_resolve() - find the managers a path resolves to
 * @space: the pathname space
 * @path: absolute path (normalized here, see pathmgr_normalize())
 * @file_type: the request's _FTYPE_* (_FTYPE_ANY for a plain open)
 * @res: filled with the normalized path and the referenced candidates
 *
 * Order: longest matching prefix first; at each mountpoint, its union
 * order. A discrete mountpoint is offered only on an exact match, a DIR
 * mountpoint also for longer paths. An OPAQUE manager drops everything
 * after it. A request of _FTYPE_ANY reaches every manager except an
 * FTYPEONLY one of another type; a typed request reaches only managers
 * of that type or _FTYPE_ALL. A trailing '/' (or '.') on a path that
 * reaches a discrete mountpoint gives -ENOTDIR.
 *
 * On success the caller owns @res and must call
 * pathmgr_resolution_release(); on error @res holds nothing.
 *
 * Return: 0 with @res->count >= 1; -ENOENT when no manager matches;
 * -ENOTDIR; a pathmgr_normalize() error; -ENAMETOOLONG past
 * PATHMGR_MAX_CANDIDATES; -ENOMEM.
 * Context: process context (allocates a path longer than
 * PATHMGR_INLINE_PATH with GFP_KERNEL); takes no lock.
 */
int pathmgr_resolve(struct pathmgr_space *space, const char *path,
		    int file_type, struct pathmgr_resolution *res)
{
	size_t size;
	int err;

	pathmgr_might_sleep();
	size = strnlen(path, PATH_MAX) + 2;
	err = pathmgr_resolution_init(res, size);
	if (err)
		return err;
	err = pathmgr_normalize_len(path, size - 2, res->path, size, &res->eflag);
	if (err < 0) {
		pathmgr_resolution_release(res);
		return err;
	}
	res->len = err;
	return pathmgr_resolution_fill(space, file_type, res);
}

PATHMGR_EXPORT_FOR_TESTS(pathmgr_resolve);

/**
 * pathmgr_resolve_normal() - pathmgr_resolve() of a path that is normal already
 * @space: the pathname space
 * @path: what pathmgr_normalize() made of a path (an entry's own path,
 *	kept since): taken as it is, not looked at again
 * @len: strlen(@path)
 * @file_type: the request's _FTYPE_* (_FTYPE_ANY for a plain open)
 * @res: filled as pathmgr_resolve() fills it
 *
 * What pathmgr_resolve() gives for @path, without measuring and
 * normalizing it again (a /dev node's open: its path is its manager's).
 *
 * Return: as pathmgr_resolve(); -ENAMETOOLONG when @len is PATH_MAX or more.
 * Context: as pathmgr_resolve().
 */
int pathmgr_resolve_normal(struct pathmgr_space *space, const char *path,
			   size_t len, int file_type, struct pathmgr_resolution *res)
{
	int err;

	pathmgr_might_sleep();
	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	err = pathmgr_resolution_init(res, len + 1);
	if (err)
		return err;
	memcpy(res->path, path, len + 1);
	res->len = len;
	/* No trailing '/' or '.' but the root's own (pathmgr_normalize()). */
	res->eflag = len == 1 ? _IO_CONNECT_EFLAG_DIR : 0;
	return pathmgr_resolution_fill(space, file_type, res);
}

PATHMGR_EXPORT_FOR_TESTS(pathmgr_resolve_normal);

/**
 * pathmgr_resolution_release() - drop what pathmgr_resolve() gave
 * @res: the resolution
 *
 * Context: any.
 */
void pathmgr_resolution_release(struct pathmgr_resolution *res)
{
	unsigned int i;

	for (i = 0; i < res->count; i++)
		pathmgr_entry_put(res->cand[i].entry);
	if (res->cand != res->inline_cand)
		kfree(res->cand);
	if (res->path != res->inline_path)
		kfree(res->path);
	res->path = NULL;
	res->cand = res->inline_cand;
	res->count = 0;
}

PATHMGR_EXPORT_FOR_TESTS(pathmgr_resolution_release);
