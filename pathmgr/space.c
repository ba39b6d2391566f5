// SPDX-License-Identifier: GPL-2.0
/*
 * The pathname space: the prefix tree of mountpoints, attach and detach,
 * and QNX union order.
 *
 * Every change happens under space->lock. A node exists while it has an
 * attached entry or a child; the last detach below it prunes it. Readers
 * (pathmgr_resolve()) never lock; see internal.h for why that is safe.
 */
#include <linux/hash.h>
#include <linux/jhash.h>
#include <linux/rculist.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <resmgr/ns.h>
#include "internal.h"

static u32 pathmgr_key_hashfn(const void *data, u32 len, u32 seed)
{
	const struct pathmgr_key *key = data;

	return jhash(key->name, key->len, seed ^ hash_ptr(key->parent, 32));
}

static u32 pathmgr_node_hashfn(const void *data, u32 len, u32 seed)
{
	const struct pathmgr_node *node = data;

	return jhash(node->name, node->len, seed ^ hash_ptr(node->parent, 32));
}

static int pathmgr_node_cmpfn(struct rhashtable_compare_arg *arg,
			      const void *obj)
{
	const struct pathmgr_key *key = arg->key;
	const struct pathmgr_node *node = obj;

	return node->parent != key->parent || node->len != key->len ||
	       memcmp(node->name, key->name, key->len);
}

const struct rhashtable_params pathmgr_names_params = {
	.head_offset = offsetof(struct pathmgr_node, hash),
	.key_len = sizeof(struct pathmgr_key),
	.hashfn = pathmgr_key_hashfn,
	.obj_hashfn = pathmgr_node_hashfn,
	.obj_cmpfn = pathmgr_node_cmpfn,
	.automatic_shrinking = true,
};

static void pathmgr_node_init(struct pathmgr_node *node,
			      struct pathmgr_node *parent)
{
	node->parent = parent;
	INIT_LIST_HEAD(&node->children);
	INIT_LIST_HEAD(&node->sibling);
	INIT_LIST_HEAD(&node->entries);
}

/**
 * pathmgr_space_create() - make an empty pathname space
 *
 * Return: the space, or NULL when out of memory.
 * Context: process context; may sleep.
 */
struct pathmgr_space *pathmgr_space_create(void)
{
	struct pathmgr_space *space;

	pathmgr_might_sleep();
	space = kzalloc(sizeof(*space), GFP_KERNEL);
	if (!space)
		return NULL;
	if (rhashtable_init(&space->names, &pathmgr_names_params))
		goto err_free_space;
	mutex_init(&space->lock);
	idr_init(&space->ids);
	pathmgr_node_init(&space->root, NULL);
	return space;

err_free_space:
	kfree(space);
	return NULL;
}

PATHMGR_EXPORT_FOR_TESTS(pathmgr_space_create);

/**
 * pathmgr_generation() - the space's generation, for a cache to compare
 * @space: the pathname space
 *
 * Read it before asking what a path resolves to, and keep it with the
 * answer: the answer is still current while pathmgr_generation() gives
 * the same value (acquire: the reads of the resolution that follow
 * cannot be ordered before it).
 *
 * Return: the generation.
 * Context: any.
 */
u64 pathmgr_generation(struct pathmgr_space *space)
{
	return atomic64_read_acquire(&space->gen);
}

PATHMGR_EXPORT_FOR_TESTS(pathmgr_generation);

/**
 * pathmgr_changed() - tell caches that what paths resolve to changed
 * @space: the pathname space
 *
 * Attach and detach call it; so does the owner of the space when the
 * names below a mountpoint change (a manager made or removed one). Call
 * it after the change (the increment is fully ordered).
 *
 * Context: any.
 */
void pathmgr_changed(struct pathmgr_space *space)
{
	atomic64_inc_return(&space->gen);
}

/**
 * pathmgr_space_destroy() - free an empty pathname space
 * @space: the space; every entry must have been detached
 *
 * Waits for pending RCU frees of nodes and entries, so a module may
 * unload right after.
 *
 * Context: process context; may sleep.
 */
void pathmgr_space_destroy(struct pathmgr_space *space)
{
	pathmgr_might_sleep();
	if (!space)
		return;
	WARN_ON(!idr_is_empty(&space->ids));
	WARN_ON(!list_empty(&space->root.children));
	idr_destroy(&space->ids);
	rhashtable_destroy(&space->names);
	mutex_destroy(&space->lock);
	kfree(space);
	rcu_barrier();
}

PATHMGR_EXPORT_FOR_TESTS(pathmgr_space_destroy);

/**
 * pathmgr_entry_init() - prepare an entry embedded in the caller's object
 * @entry: the entry
 * @release: frees the embedding object once the last reference is gone
 *
 * The entry starts with one reference, which pathmgr_attach() adopts.
 *
 * Context: any.
 */
void pathmgr_entry_init(struct pathmgr_entry *entry,
			void (*release)(struct pathmgr_entry *entry))
{
	memset(entry, 0, sizeof(*entry));
	refcount_set(&entry->ref, 1);
	entry->id = -1;
	entry->release = release;
	INIT_LIST_HEAD(&entry->link);
}

PATHMGR_EXPORT_FOR_TESTS(pathmgr_entry_init);

static void pathmgr_entry_free_rcu(struct rcu_head *head)
{
	struct pathmgr_entry *entry = container_of(head, struct pathmgr_entry, rcu);

	entry->release(entry);
}

/**
 * pathmgr_entry_put() - drop a reference on an entry
 * @entry: the entry, or NULL
 *
 * The last reference schedules @entry->release after an RCU grace period.
 *
 * Context: any.
 */
void pathmgr_entry_put(struct pathmgr_entry *entry)
{
	if (entry && refcount_dec_and_test(&entry->ref))
		call_rcu(&entry->rcu, pathmgr_entry_free_rcu);
}

PATHMGR_EXPORT_FOR_TESTS(pathmgr_entry_put);

/* Remove empty nodes from @node up towards the root. */
static void pathmgr_prune(struct pathmgr_space *space,
			  struct pathmgr_node *node)
{
	lockdep_assert_held(&space->lock);

	while (node != &space->root && !node->nentries && !node->nchildren) {
		struct pathmgr_node *parent = node->parent;

		rhashtable_remove_fast(&space->names, &node->hash,
				       pathmgr_names_params);
		list_del_rcu(&node->sibling);
		parent->nchildren--;
		kfree_rcu(node, rcu);
		node = parent;
	}
}

/* Find or create the child @name of @parent. */
static struct pathmgr_node *pathmgr_child(struct pathmgr_space *space,
					  struct pathmgr_node *parent,
					  const char *name, unsigned int len)
{
	struct pathmgr_key key = { .parent = parent, .name = name, .len = len };
	struct pathmgr_node *node;
	int err;

	lockdep_assert_held(&space->lock);

	node = rhashtable_lookup_fast(&space->names, &key, pathmgr_names_params);
	if (node)
		return node;

	node = kzalloc(struct_size(node, name, len), GFP_KERNEL);
	if (!node)
		return ERR_PTR(-ENOMEM);
	pathmgr_node_init(node, parent);
	memcpy(node->name, name, len);
	node->len = len;
	node->prefix_len = parent->prefix_len + 1 + len;
	err = rhashtable_insert_fast(&space->names, &node->hash,
				     pathmgr_names_params);
	if (err) {
		kfree(node);
		return ERR_PTR(err);
	}
	list_add_tail_rcu(&node->sibling, &parent->children);
	parent->nchildren++;
	return node;
}

/* Walk @path (normalized) from the root, creating missing nodes. */
static struct pathmgr_node *pathmgr_make_nodes(struct pathmgr_space *space,
					       const char *path)
{
	struct pathmgr_node *node = &space->root;
	const char *p = path;

	while (*p == '/' && p[1]) {
		const char *c = ++p;
		struct pathmgr_node *child;

		while (*p && *p != '/')
			p++;
		child = pathmgr_child(space, node, c, p - c);
		if (IS_ERR(child)) {
			pathmgr_prune(space, node);
			return child;
		}
		node = child;
	}
	return node;
}

/*
 * QNX union order: BEFOREs and unflagged entries both go in front of the
 * first entry that is not a BEFORE (so the first BEFORE stays first and
 * the newest unflagged entry leads the middle); an AFTER goes in front of
 * the existing AFTERs (so the first AFTER stays last).
 */
static void pathmgr_insert_ordered(struct pathmgr_node *node,
				   struct pathmgr_entry *entry)
{
	struct pathmgr_entry *pos;

	list_for_each_entry(pos, &node->entries, link) {
		if (entry->flags & PATHMGR_FLAG_AFTER) {
			if (pos->flags & PATHMGR_FLAG_AFTER)
				break;
		} else if (!(pos->flags & PATHMGR_FLAG_BEFORE)) {
			break;
		}
	}
	/* Before @pos, or at the tail when the loop ran off the end. */
	list_add_tail_rcu(&entry->link, &pos->link);
}

/**
 * pathmgr_attach() - attach a manager at a mountpoint
 * @space: the pathname space
 * @entry: prepared with pathmgr_entry_init(); its reference is adopted
 * @path: absolute path of the mountpoint (normalized here)
 * @flags: PATHMGR_FLAG_* (QNX's _RESMGR_FLAG_* values)
 * @file_type: the manager's _FTYPE_*; forced to _FTYPE_ALL by FTYPEALL
 * @owner: the module owning the attachment, for the listing
 *
 * Attaching at a path that already has managers forms a union, ordered
 * by BEFORE/AFTER as QNX orders it.
 *
 * Return: the link id (>= 0), or -EINVAL for unknown flags, both BEFORE
 * and AFTER, or a file type below _FTYPE_ANY; a pathmgr_normalize()
 * error for a bad path; -ENOMEM.
 * Context: process context; takes space->lock.
 */
int pathmgr_attach(struct pathmgr_space *space, struct pathmgr_entry *entry,
		   const char *path, unsigned int flags, int file_type,
		   struct module *owner)
{
	struct pathmgr_node *node;
	size_t size;
	char *norm;
	int err, id;

	pathmgr_might_sleep();
	if (flags & ~PATHMGR_FLAG_MASK)
		return -EINVAL;
	if ((flags & PATHMGR_FLAG_BEFORE) && (flags & PATHMGR_FLAG_AFTER))
		return -EINVAL;
	if (flags & PATHMGR_FLAG_FTYPEALL)
		file_type = _FTYPE_ALL;
	else if (file_type < _FTYPE_ANY)
		return -EINVAL;
	if (!path)
		return -EINVAL;

	size = strnlen(path, PATH_MAX) + 2;
	norm = kmalloc(size, GFP_KERNEL);
	if (!norm)
		return -ENOMEM;
	err = pathmgr_normalize(path, norm, size, NULL);
	if (err < 0)
		goto out_free_norm;

	entry->flags = flags;
	entry->file_type = file_type;
	entry->owner = owner;

	mutex_lock(&space->lock);
	node = pathmgr_make_nodes(space, norm);
	if (IS_ERR(node)) {
		err = PTR_ERR(node);
		goto out_unlock;
	}
	id = idr_alloc(&space->ids, entry, 0, 0, GFP_KERNEL);
	if (id < 0) {
		err = id;
		pathmgr_prune(space, node);
		goto out_unlock;
	}
	entry->id = id;
	entry->node = node;
	pathmgr_insert_ordered(node, entry);
	node->nentries++;
	pathmgr_changed(space);
	err = id;
out_unlock:
	mutex_unlock(&space->lock);
out_free_norm:
	kfree(norm);
	return err;
}

PATHMGR_EXPORT_FOR_TESTS(pathmgr_attach);

/**
 * pathmgr_detach() - unlink an attachment from the pathname space
 * @space: the pathname space
 * @id: link id from pathmgr_attach()
 *
 * After this no new resolution finds the entry. Resolutions already made
 * keep their references. The attach reference goes back to the caller,
 * who drains its own users and then calls pathmgr_entry_put().
 *
 * Return: the unlinked entry, or ERR_PTR(-ENOENT) if @id is not attached.
 * Context: process context; takes space->lock.
 */
struct pathmgr_entry *pathmgr_detach(struct pathmgr_space *space, int id)
{
	struct pathmgr_entry *entry;
	struct pathmgr_node *node;

	pathmgr_might_sleep();
	if (id < 0)
		return ERR_PTR(-ENOENT);
	mutex_lock(&space->lock);
	entry = idr_remove(&space->ids, id);
	if (!entry) {
		mutex_unlock(&space->lock);
		return ERR_PTR(-ENOENT);
	}
	node = entry->node;
	list_del_rcu(&entry->link);
	node->nentries--;
	entry->node = NULL;
	pathmgr_prune(space, node);
	pathmgr_changed(space);
	mutex_unlock(&space->lock);
	return entry;
}

PATHMGR_EXPORT_FOR_TESTS(pathmgr_detach);

/**
 * pathmgr_entry_get() - find an attached entry by link id
 * @space: the pathname space
 * @id: the link id
 *
 * Return: the entry with a new reference (drop it with
 * pathmgr_entry_put()), or NULL when @id is not attached.
 * Context: process context; takes space->lock.
 */
struct pathmgr_entry *pathmgr_entry_get(struct pathmgr_space *space, int id)
{
	struct pathmgr_entry *entry;

	pathmgr_might_sleep();
	if (id < 0)
		return NULL;
	mutex_lock(&space->lock);
	entry = idr_find(&space->ids, id);
	if (entry)
		refcount_inc(&entry->ref);
	mutex_unlock(&space->lock);
	return entry;
}

PATHMGR_EXPORT_FOR_TESTS(pathmgr_entry_get);
