/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pathmgr: the pathname space. This is the interface the resmgr layer
 * (and the KUnit suite) uses; the tree itself is private (internal.h).
 *
 * A space is a prefix tree of mountpoints. Each mountpoint keeps the
 * managers attached there in QNX union order. A resolution turns a path
 * into the ordered list of candidate managers, longest prefix first,
 * each with a reference held, so that a detach racing the resolve is
 * safe.
 *
 * Entries are embedded by the caller (the resmgr attachment) and
 * reference counted. Lifetime: pathmgr_entry_init() gives one reference,
 * which pathmgr_attach() takes over as "attached"; pathmgr_detach()
 * unlinks the entry and hands that reference back to the caller, who
 * drains its users and then drops it with pathmgr_entry_put(). The
 * release callback runs after an RCU grace period.
 */
#ifndef _RESMGR_PATHMGR_H
#define _RESMGR_PATHMGR_H

#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/types.h>
#include <resmgr/pathname.h>

struct module;
struct seq_file;
struct pathmgr_node;
struct pathmgr_space;

/*
 * pathmgr's calls are resmgr.ko's own; only a build with the tests
 * exports them, for the KUnit suite (RESMGR_TEST_EXPORTS, see Kbuild).
 */
#ifdef RESMGR_TEST_EXPORTS
#define PATHMGR_EXPORT_FOR_TESTS(sym)	EXPORT_SYMBOL_NS_GPL(sym, RESMGR_NS)
#else
#define PATHMGR_EXPORT_FOR_TESTS(sym)	static_assert(1, #sym)
#endif

#define PATHMGR_FLAG_BEFORE	_RESMGR_FLAG_BEFORE
#define PATHMGR_FLAG_AFTER	_RESMGR_FLAG_AFTER
#define PATHMGR_FLAG_OPAQUE	_RESMGR_FLAG_OPAQUE
#define PATHMGR_FLAG_FTYPEONLY	_RESMGR_FLAG_FTYPEONLY
#define PATHMGR_FLAG_FTYPEALL	_RESMGR_FLAG_FTYPEALL
#define PATHMGR_FLAG_DIR	_RESMGR_FLAG_DIR
#define PATHMGR_FLAG_SELF	_RESMGR_FLAG_SELF
#define PATHMGR_FLAG_MASK	_RESMGR_FLAG_MASK

/* Candidates kept in the resolution itself; more are allocated. */
#define PATHMGR_INLINE_CANDIDATES	8
/* Paths this long or shorter (with their NUL) need no allocation. */
#define PATHMGR_INLINE_PATH		64
/* At most this many candidates (QNX: ENAMETOOLONG when its reply fills). */
#define PATHMGR_MAX_CANDIDATES		256

/**
 * struct pathmgr_entry - one attachment of a manager at a mountpoint
 * @ref: held by the attachment itself and by each resolution candidate
 * @id: the link id, >= 0 once attached; kept after detach for messages
 * @flags: PATHMGR_FLAG_* as given to pathmgr_attach()
 * @file_type: the registered type (_FTYPE_ALL under FTYPEALL)
 * @owner: module that owns the attachment (shown in the listing)
 * @release: frees the embedding object; runs after an RCU grace period
 * @node: mountpoint, protected by the space lock; NULL once detached
 * @link: in the mountpoint's union list (RCU for readers)
 * @rcu: defers @release past readers of the union list
 */
struct pathmgr_entry {
	refcount_t ref;
	int id;
	unsigned int flags;
	int file_type;
	struct module *owner;
	void (*release)(struct pathmgr_entry *entry);
	struct pathmgr_node *node;
	struct list_head link;
	struct rcu_head rcu;
};

/**
 * struct pathmgr_candidate - one manager a path resolved to
 * @entry: the attachment, referenced (dropped by pathmgr_resolution_release())
 * @prefix_len: bytes of the normalized path taken by the mountpoint
 */
struct pathmgr_candidate {
	struct pathmgr_entry *entry;
	unsigned int prefix_len;
};

/**
 * struct pathmgr_resolution - the ordered candidates for one path
 * @path: the normalized path ("/a/b"; "/" for the root)
 * @len: strlen(@path)
 * @eflag: _IO_CONNECT_EFLAG_* seen while normalizing
 * @count: number of candidates in @cand
 * @cap: room in @cand
 * @cand: candidates, longest prefix first, each mountpoint in union order
 * @inline_cand: storage for the common case
 * @inline_path: storage for @path when it is short
 */
struct pathmgr_resolution {
	char *path;
	unsigned int len;
	unsigned int eflag;
	unsigned int count;
	unsigned int cap;
	struct pathmgr_candidate *cand;
	struct pathmgr_candidate inline_cand[PATHMGR_INLINE_CANDIDATES];
	char inline_path[PATHMGR_INLINE_PATH];
};

struct pathmgr_space *pathmgr_space_create(void);
void pathmgr_space_destroy(struct pathmgr_space *space);
u64 pathmgr_generation(struct pathmgr_space *space);
void pathmgr_changed(struct pathmgr_space *space);

int pathmgr_normalize(const char *in, char *out, size_t size,
		      unsigned int *eflag);

void pathmgr_entry_init(struct pathmgr_entry *entry,
			void (*release)(struct pathmgr_entry *entry));
void pathmgr_entry_put(struct pathmgr_entry *entry);
int pathmgr_attach(struct pathmgr_space *space, struct pathmgr_entry *entry,
		   const char *path, unsigned int flags, int file_type,
		   struct module *owner);
struct pathmgr_entry *pathmgr_detach(struct pathmgr_space *space, int id);
struct pathmgr_entry *pathmgr_entry_get(struct pathmgr_space *space, int id);

int pathmgr_resolve(struct pathmgr_space *space, const char *path,
		    int file_type, struct pathmgr_resolution *res);
int pathmgr_resolve_normal(struct pathmgr_space *space, const char *path,
			   size_t len, int file_type, struct pathmgr_resolution *res);
void pathmgr_resolution_release(struct pathmgr_resolution *res);

/**
 * pathmgr_candidate_rest() - what the manager of candidate @i sees
 * @res: a resolution filled by pathmgr_resolve()
 * @i: candidate index, below @res->count
 *
 * Return: the path below the mountpoint, without a leading '/'; "" for
 * the mountpoint itself.
 * Context: any.
 */
static inline const char *
pathmgr_candidate_rest(const struct pathmgr_resolution *res, unsigned int i)
{
	const char *p = res->path + res->cand[i].prefix_len;

	return *p == '/' ? p + 1 : p;
}

int pathmgr_children(struct pathmgr_space *space, const char *path,
		     int (*emit)(void *arg, const char *name, unsigned int len),
		     void *arg);

/**
 * struct pathmgr_show_ops - how pathmgr_show()'s caller prints its columns
 * @tail_header: the names of the last columns ("OPENS" if NULL)
 * @tail: prints an entry's last columns, tab-separated, no newline, or
 *	NULL ("-")
 * @owner: prints an entry's OWNER column, no tab, or NULL (the module's
 *	name)
 *
 * Both are called under the space lock and must not sleep.
 */
struct pathmgr_show_ops {
	const char	*tail_header;
	void		(*tail)(struct seq_file *m, const struct pathmgr_entry *entry);
	void		(*owner)(struct seq_file *m, const struct pathmgr_entry *entry);
};

int pathmgr_show(struct pathmgr_space *space, struct seq_file *m,
		 const struct pathmgr_show_ops *ops);

#endif /* _RESMGR_PATHMGR_H */
