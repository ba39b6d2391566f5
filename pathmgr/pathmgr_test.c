// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite resmgr_pathmgr: path validation, QNX union order,
 * resolution (prefix order, discrete vs DIR, OPAQUE, file types,
 * ENOTDIR), detach and reference lifetime, scale, and attach/detach
 * racing resolution. Every case works on a private space.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/limits.h>
#include <linux/random.h>
#include <linux/slab.h>
#include "pathmgr.h"

struct pm_test_entry {
	struct pathmgr_entry entry;
	int tag;
	atomic_t *released;
};

static void pm_test_release(struct pathmgr_entry *entry)
{
	struct pm_test_entry *te = container_of(entry, struct pm_test_entry, entry);

	if (te->released)
		atomic_inc(te->released);
	kfree(te);
}

static int pm_tag(const struct pathmgr_resolution *res, unsigned int i)
{
	return container_of(res->cand[i].entry, struct pm_test_entry, entry)->tag;
}

/* Attach a test entry tagged @tag; returns the id or a negative errno. */
static int pm_attach(struct pathmgr_space *space, const char *path,
		     unsigned int flags, int ftype, int tag, atomic_t *released)
{
	struct pm_test_entry *te;
	int id;

	te = kzalloc(sizeof(*te), GFP_KERNEL);
	if (!te)
		return -ENOMEM;
	pathmgr_entry_init(&te->entry, pm_test_release);
	te->tag = tag;
	te->released = released;
	id = pathmgr_attach(space, &te->entry, path, flags, ftype, NULL);
	if (id < 0)
		kfree(te);
	return id;
}

static void pm_detach(struct pathmgr_space *space, int id)
{
	struct pathmgr_entry *entry = pathmgr_detach(space, id);

	if (!IS_ERR(entry))
		pathmgr_entry_put(entry);
}

struct pm_fixture {
	struct pathmgr_space *space;
	int ids[64];
	int nids;
};

static int pm_test_init(struct kunit *test)
{
	struct pm_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->space = pathmgr_space_create();
	KUNIT_ASSERT_NOT_NULL(test, f->space);
	test->priv = f;
	return 0;
}

static void pm_test_exit(struct kunit *test)
{
	struct pm_fixture *f = test->priv;
	int i;

	for (i = 0; i < f->nids; i++)
		pm_detach(f->space, f->ids[i]);
	pathmgr_space_destroy(f->space);
}

/* Attach within the fixture, remembering the id for teardown. */
static int pm_fattach(struct kunit *test, const char *path, unsigned int flags,
		      int ftype, int tag)
{
	struct pm_fixture *f = test->priv;
	int id = pm_attach(f->space, path, flags, ftype, tag, NULL);

	KUNIT_ASSERT_GE_MSG(test, id, 0, "attach %s", path);
	KUNIT_ASSERT_LT(test, f->nids, (int)ARRAY_SIZE(f->ids));
	f->ids[f->nids++] = id;
	return id;
}

/* ---- path validation ---- */

struct pm_norm_case {
	const char *in;
	const char *out;	/* NULL when an error is expected */
	int err;
	unsigned int eflag;
};

static const struct pm_norm_case pm_norm_cases[] = {
	{ "/", "/", 0, _IO_CONNECT_EFLAG_DIR },
	{ "/dev/null", "/dev/null", 0, 0 },
	{ "//dev///null", "/dev/null", 0, 0 },
	{ "/dev/./null", "/dev/null", 0, 0 },
	{ "/dev/", "/dev", 0, _IO_CONNECT_EFLAG_DIR },
	{ "/dev/.", "/dev", 0, _IO_CONNECT_EFLAG_DIR | _IO_CONNECT_EFLAG_DOT },
	{ "/./.", "/", 0, _IO_CONNECT_EFLAG_DIR | _IO_CONNECT_EFLAG_DOT },
	{ "/.hidden/..x", "/.hidden/..x", 0, 0 },
	{ "", NULL, -ENOENT, 0 },
	{ "dev/null", NULL, -EINVAL, 0 },
	{ "/dev/../etc", NULL, -EINVAL, 0 },
	{ "/..", NULL, -EINVAL, 0 },
};

static void pm_norm_desc(const struct pm_norm_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "\"%s\"", c->in);
}

KUNIT_ARRAY_PARAM(pm_norm, pm_norm_cases, pm_norm_desc);

/* pathmgr_normalize() collapses '//', drops '.', refuses '..' and relative paths. */
static void pathmgr_normalize_cases(struct kunit *test)
{
	const struct pm_norm_case *c = test->param_value;
	unsigned int eflag = 0xff;
	char out[64];
	int ret;

	ret = pathmgr_normalize(c->in, out, sizeof(out), &eflag);
	if (!c->out) {
		KUNIT_EXPECT_EQ(test, ret, c->err);
		return;
	}
	KUNIT_ASSERT_EQ(test, ret, (int)strlen(c->out));
	KUNIT_EXPECT_STREQ(test, out, c->out);
	KUNIT_EXPECT_EQ(test, eflag, c->eflag);
}

/* A component of NAME_MAX bytes is fine; one more is ENAMETOOLONG. */
static void pathmgr_normalize_name_max(struct kunit *test)
{
	char *in = kunit_kzalloc(test, NAME_MAX + 3, GFP_KERNEL);
	char *out = kunit_kzalloc(test, NAME_MAX + 3, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_ASSERT_NOT_NULL(test, out);
	in[0] = '/';
	memset(in + 1, 'a', NAME_MAX);
	KUNIT_EXPECT_EQ(test, pathmgr_normalize(in, out, NAME_MAX + 3, NULL),
			NAME_MAX + 1);
	in[NAME_MAX + 1] = 'a';
	KUNIT_EXPECT_EQ(test, pathmgr_normalize(in, out, NAME_MAX + 3, NULL),
			-ENAMETOOLONG);
}

/* A path of PATH_MAX bytes (no room for the NUL) is ENAMETOOLONG. */
static void pathmgr_normalize_path_max(struct kunit *test)
{
	char *in = kunit_kzalloc(test, PATH_MAX + 1, GFP_KERNEL);
	char *out = kunit_kzalloc(test, PATH_MAX + 1, GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_ASSERT_NOT_NULL(test, out);
	for (i = 0; i < PATH_MAX - 1; i++)
		in[i] = (i % 100) ? 'a' : '/';
	KUNIT_EXPECT_GT(test, pathmgr_normalize(in, out, PATH_MAX + 1, NULL), 0);
	in[PATH_MAX - 1] = 'a';
	KUNIT_EXPECT_EQ(test, pathmgr_normalize(in, out, PATH_MAX + 1, NULL),
			-ENAMETOOLONG);
}

/* ---- union order ---- */

#define B PATHMGR_FLAG_BEFORE
#define A PATHMGR_FLAG_AFTER

struct pm_order_case {
	const char *name;
	unsigned int flags[8];
	int n;
	int order[8];
};

static const struct pm_order_case pm_order_cases[] = {
	/* The seed's table (001_*): 1 BEFORE, 2 AFTER, 3 -, 4 BEFORE, 5 AFTER, 6 -. */
	{ "seed", { B, A, 0, B, A, 0 }, 6, { 1, 4, 6, 3, 5, 2 } },
	{ "befores_keep_order", { B, B, B }, 3, { 1, 2, 3 } },
	{ "unflagged_newest_first", { 0, 0, 0 }, 3, { 3, 2, 1 } },
	{ "afters_first_stays_last", { A, A, A }, 3, { 3, 2, 1 } },
	{ "middle_before_after", { 0, B, A, 0 }, 4, { 2, 4, 1, 3 } },
	{ "after_then_before", { A, B }, 2, { 2, 1 } },
	{ "single", { 0 }, 1, { 1 } },
};

static void pm_order_desc(const struct pm_order_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(pm_order, pm_order_cases, pm_order_desc);

/* Attaching with BEFORE/AFTER/none at one mountpoint gives QNX's union order. */
static void pathmgr_attach_union_order(struct kunit *test)
{
	const struct pm_order_case *c = test->param_value;
	struct pm_fixture *f = test->priv;
	struct pathmgr_resolution res;
	int i;

	for (i = 0; i < c->n; i++)
		pm_fattach(test, "/dev/ser1", c->flags[i], _FTYPE_ANY, i + 1);
	KUNIT_ASSERT_EQ(test, pathmgr_resolve(f->space, "/dev/ser1", _FTYPE_ANY, &res), 0);
	KUNIT_EXPECT_EQ(test, res.count, (unsigned int)c->n);
	for (i = 0; i < c->n && i < res.count; i++)
		KUNIT_EXPECT_EQ_MSG(test, pm_tag(&res, i), c->order[i], "position %d", i);
	pathmgr_resolution_release(&res);
}

#undef A
#undef B

/* ---- resolution ---- */

/* Longest prefix first; each DIR mountpoint sees the rest without a leading '/'. */
static void pathmgr_resolve_longest_prefix_first(struct kunit *test)
{
	struct pm_fixture *f = test->priv;
	struct pathmgr_resolution res;

	pm_fattach(test, "/", PATHMGR_FLAG_DIR, _FTYPE_ANY, 1);
	pm_fattach(test, "/dev", PATHMGR_FLAG_DIR, _FTYPE_ANY, 2);
	pm_fattach(test, "/dev/ser1", 0, _FTYPE_ANY, 3);

	KUNIT_ASSERT_EQ(test, pathmgr_resolve(f->space, "/dev//ser1", _FTYPE_ANY, &res), 0);
	KUNIT_ASSERT_EQ(test, res.count, 3U);
	KUNIT_EXPECT_EQ(test, pm_tag(&res, 0), 3);
	KUNIT_EXPECT_STREQ(test, pathmgr_candidate_rest(&res, 0), "");
	KUNIT_EXPECT_EQ(test, pm_tag(&res, 1), 2);
	KUNIT_EXPECT_STREQ(test, pathmgr_candidate_rest(&res, 1), "ser1");
	KUNIT_EXPECT_EQ(test, pm_tag(&res, 2), 1);
	KUNIT_EXPECT_STREQ(test, pathmgr_candidate_rest(&res, 2), "dev/ser1");
	pathmgr_resolution_release(&res);

	/* The DIR mountpoint itself: rest is "". */
	KUNIT_ASSERT_EQ(test, pathmgr_resolve(f->space, "/dev", _FTYPE_ANY, &res), 0);
	KUNIT_ASSERT_EQ(test, res.count, 2U);
	KUNIT_EXPECT_EQ(test, pm_tag(&res, 0), 2);
	KUNIT_EXPECT_STREQ(test, pathmgr_candidate_rest(&res, 0), "");
	pathmgr_resolution_release(&res);

	/* "/" reaches only the root manager, with rest "". */
	KUNIT_ASSERT_EQ(test, pathmgr_resolve(f->space, "/", _FTYPE_ANY, &res), 0);
	KUNIT_ASSERT_EQ(test, res.count, 1U);
	KUNIT_EXPECT_EQ(test, pm_tag(&res, 0), 1);
	KUNIT_EXPECT_STREQ(test, pathmgr_candidate_rest(&res, 0), "");
	pathmgr_resolution_release(&res);
}

/* A discrete mountpoint matches only exactly; /dev/ser1/x and /dev/ser go elsewhere. */
static void pathmgr_resolve_discrete_exact_only(struct kunit *test)
{
	struct pm_fixture *f = test->priv;
	struct pathmgr_resolution res;

	pm_fattach(test, "/", PATHMGR_FLAG_DIR, _FTYPE_ANY, 1);
	pm_fattach(test, "/dev/ser1", 0, _FTYPE_ANY, 2);

	KUNIT_ASSERT_EQ(test, pathmgr_resolve(f->space, "/dev/ser1/x", _FTYPE_ANY, &res), 0);
	KUNIT_ASSERT_EQ(test, res.count, 1U);
	KUNIT_EXPECT_EQ(test, pm_tag(&res, 0), 1);
	KUNIT_EXPECT_STREQ(test, pathmgr_candidate_rest(&res, 0), "dev/ser1/x");
	pathmgr_resolution_release(&res);

	KUNIT_ASSERT_EQ(test, pathmgr_resolve(f->space, "/dev/ser", _FTYPE_ANY, &res), 0);
	KUNIT_ASSERT_EQ(test, res.count, 1U);
	KUNIT_EXPECT_EQ(test, pm_tag(&res, 0), 1);
	pathmgr_resolution_release(&res);

	/* Nothing at all: ENOENT. */
	pm_detach(f->space, f->ids[0]);
	f->ids[0] = -1;
	KUNIT_EXPECT_EQ(test, pathmgr_resolve(f->space, "/dev/ser", _FTYPE_ANY, &res), -ENOENT);
	KUNIT_EXPECT_EQ(test, pathmgr_resolve(f->space, "/dev", _FTYPE_ANY, &res), -ENOENT);
}

/* A trailing '/' on a path that reaches a discrete mountpoint gives ENOTDIR. */
static void pathmgr_resolve_trailing_slash_enotdir(struct kunit *test)
{
	struct pm_fixture *f = test->priv;
	struct pathmgr_resolution res;

	pm_fattach(test, "/", PATHMGR_FLAG_DIR, _FTYPE_ANY, 1);
	pm_fattach(test, "/dev/ser1", 0, _FTYPE_ANY, 2);
	pm_fattach(test, "/dev/dir", PATHMGR_FLAG_DIR, _FTYPE_ANY, 3);

	KUNIT_EXPECT_EQ(test, pathmgr_resolve(f->space, "/dev/ser1/", _FTYPE_ANY, &res), -ENOTDIR);
	KUNIT_EXPECT_EQ(test, pathmgr_resolve(f->space, "/dev/ser1/.", _FTYPE_ANY, &res), -ENOTDIR);

	KUNIT_ASSERT_EQ(test, pathmgr_resolve(f->space, "/dev/dir/", _FTYPE_ANY, &res), 0);
	KUNIT_EXPECT_EQ(test, res.eflag, _IO_CONNECT_EFLAG_DIR);
	KUNIT_EXPECT_EQ(test, res.count, 2U);
	KUNIT_EXPECT_EQ(test, pm_tag(&res, 0), 3);
	pathmgr_resolution_release(&res);

	/*
	 * A discrete typed manager at "/" (where resmgr_attach() puts an
	 * FTYPEONLY one) is no candidate for a plain request: "/" still
	 * opens as a directory.
	 */
	pm_fattach(test, "/", PATHMGR_FLAG_FTYPEONLY, _FTYPE_MQUEUE, 4);
	KUNIT_ASSERT_EQ(test, pathmgr_resolve(f->space, "/", _FTYPE_ANY, &res), 0);
	KUNIT_EXPECT_EQ(test, res.count, 1U);
	KUNIT_EXPECT_EQ(test, pm_tag(&res, 0), 1);
	pathmgr_resolution_release(&res);
	KUNIT_EXPECT_EQ(test, pathmgr_resolve(f->space, "/", _FTYPE_MQUEUE, &res), -ENOTDIR);
}

/* OPAQUE drops the rest of its own union and every shorter prefix. */
static void pathmgr_resolve_opaque(struct kunit *test)
{
	struct pm_fixture *f = test->priv;
	struct pathmgr_resolution res;

	pm_fattach(test, "/", PATHMGR_FLAG_DIR, _FTYPE_ANY, 1);
	pm_fattach(test, "/a", PATHMGR_FLAG_DIR | PATHMGR_FLAG_AFTER, _FTYPE_ANY, 2);
	pm_fattach(test, "/a", PATHMGR_FLAG_DIR | PATHMGR_FLAG_OPAQUE, _FTYPE_ANY, 3);
	pm_fattach(test, "/a/b", PATHMGR_FLAG_DIR, _FTYPE_ANY, 4);

	KUNIT_ASSERT_EQ(test, pathmgr_resolve(f->space, "/a/b/c", _FTYPE_ANY, &res), 0);
	KUNIT_ASSERT_EQ(test, res.count, 2U);
	KUNIT_EXPECT_EQ(test, pm_tag(&res, 0), 4);
	KUNIT_EXPECT_EQ(test, pm_tag(&res, 1), 3);
	pathmgr_resolution_release(&res);

	/* Outside /a the root is still reached. */
	KUNIT_ASSERT_EQ(test, pathmgr_resolve(f->space, "/x", _FTYPE_ANY, &res), 0);
	KUNIT_ASSERT_EQ(test, res.count, 1U);
	KUNIT_EXPECT_EQ(test, pm_tag(&res, 0), 1);
	pathmgr_resolution_release(&res);
}

/* FTYPEONLY needs the same request type; typed requests skip plain managers; FTYPEALL takes all. */
static void pathmgr_resolve_file_types(struct kunit *test)
{
	struct pm_fixture *f = test->priv;
	struct pathmgr_resolution res;

	pm_fattach(test, "/q", PATHMGR_FLAG_FTYPEONLY, _FTYPE_MQUEUE, 1);
	pm_fattach(test, "/q", 0, _FTYPE_ANY, 2);
	pm_fattach(test, "/q", PATHMGR_FLAG_FTYPEALL, _FTYPE_ANY, 3);

	/* Plain open: everyone but the FTYPEONLY mqueue manager. */
	KUNIT_ASSERT_EQ(test, pathmgr_resolve(f->space, "/q", _FTYPE_ANY, &res), 0);
	KUNIT_ASSERT_EQ(test, res.count, 2U);
	KUNIT_EXPECT_EQ(test, pm_tag(&res, 0), 3);
	KUNIT_EXPECT_EQ(test, pm_tag(&res, 1), 2);
	KUNIT_EXPECT_EQ(test, res.cand[0].entry->file_type, _FTYPE_ALL);
	pathmgr_resolution_release(&res);

	/* mq_open: the mqueue manager and the catch-all, not the plain one. */
	KUNIT_ASSERT_EQ(test, pathmgr_resolve(f->space, "/q", _FTYPE_MQUEUE, &res), 0);
	KUNIT_ASSERT_EQ(test, res.count, 2U);
	KUNIT_EXPECT_EQ(test, pm_tag(&res, 0), 3);
	KUNIT_EXPECT_EQ(test, pm_tag(&res, 1), 1);
	pathmgr_resolution_release(&res);

	/* Another type: only the catch-all. */
	KUNIT_ASSERT_EQ(test, pathmgr_resolve(f->space, "/q", _FTYPE_SOCKET, &res), 0);
	KUNIT_ASSERT_EQ(test, res.count, 1U);
	KUNIT_EXPECT_EQ(test, pm_tag(&res, 0), 3);
	pathmgr_resolution_release(&res);
}

/* Bad attach arguments give EINVAL (or the path's errno) and change nothing. */
static void pathmgr_attach_rejects_bad_input(struct kunit *test)
{
	struct pm_fixture *f = test->priv;
	struct pathmgr_resolution res;
	struct pm_test_entry te;
	u64 gen = pathmgr_generation(f->space);

	pathmgr_entry_init(&te.entry, pm_test_release);
	KUNIT_EXPECT_EQ(test, pathmgr_attach(f->space, &te.entry, "/x",
					     PATHMGR_FLAG_BEFORE | PATHMGR_FLAG_AFTER,
					     _FTYPE_ANY, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, pathmgr_attach(f->space, &te.entry, "/x", 0x40,
					     _FTYPE_ANY, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, pathmgr_attach(f->space, &te.entry, "/x", 0, -2, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, pathmgr_attach(f->space, &te.entry, "/x", 0,
					     _FTYPE_ALL, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, pathmgr_attach(f->space, &te.entry, "x", 0,
					     _FTYPE_ANY, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, pathmgr_attach(f->space, &te.entry, "/a/../x", 0,
					     _FTYPE_ANY, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, pathmgr_attach(f->space, &te.entry, "", 0,
					     _FTYPE_ANY, NULL), -ENOENT);
	KUNIT_EXPECT_EQ(test, pathmgr_attach(f->space, &te.entry, NULL, 0,
					     _FTYPE_ANY, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, pathmgr_resolve(f->space, "/x", _FTYPE_ANY, &res), -ENOENT);
	KUNIT_EXPECT_EQ(test, refcount_read(&te.entry.ref), 1U);
	/* Nothing changed, so caches of the space stay good. */
	KUNIT_EXPECT_EQ(test, pathmgr_generation(f->space), gen);
}

/* Detach unlinks at once, prunes empty nodes, and a second detach is ENOENT. */
static void pathmgr_detach_unlinks(struct kunit *test)
{
	struct pm_fixture *f = test->priv;
	struct pathmgr_resolution res;
	struct pathmgr_entry *entry;
	atomic_t released = ATOMIC_INIT(0);
	u64 gen = pathmgr_generation(f->space);
	int id;

	id = pm_attach(f->space, "/a/b/c", 0, _FTYPE_ANY, 1, &released);
	KUNIT_ASSERT_GE(test, id, 0);
	/* Attach and detach move the generation caches compare. */
	KUNIT_EXPECT_NE(test, pathmgr_generation(f->space), gen);
	gen = pathmgr_generation(f->space);
	KUNIT_ASSERT_EQ(test, pathmgr_resolve(f->space, "/a/b/c", _FTYPE_ANY, &res), 0);

	entry = pathmgr_detach(f->space, id);
	KUNIT_ASSERT_FALSE(test, IS_ERR(entry));
	KUNIT_EXPECT_NE(test, pathmgr_generation(f->space), gen);
	KUNIT_EXPECT_PTR_EQ(test, entry, res.cand[0].entry);
	KUNIT_EXPECT_EQ(test, PTR_ERR(pathmgr_detach(f->space, id)), (long)-ENOENT);
	KUNIT_EXPECT_EQ(test, PTR_ERR(pathmgr_detach(f->space, -1)), (long)-ENOENT);

	/* Unlinked: a new resolve misses it; the old resolution still holds it. */
	{
		struct pathmgr_resolution res2;

		KUNIT_EXPECT_EQ(test, pathmgr_resolve(f->space, "/a/b/c", _FTYPE_ANY, &res2),
				-ENOENT);
	}
	pathmgr_entry_put(entry);
	rcu_barrier();
	KUNIT_EXPECT_EQ(test, atomic_read(&released), 0);
	pathmgr_resolution_release(&res);
	rcu_barrier();
	KUNIT_EXPECT_EQ(test, atomic_read(&released), 1);

	/* The nodes were pruned: attaching again reuses nothing stale. */
	id = pm_attach(f->space, "/a/b", 0, _FTYPE_ANY, 2, NULL);
	KUNIT_ASSERT_GE(test, id, 0);
	f->ids[f->nids++] = id;
	KUNIT_EXPECT_EQ(test, pathmgr_resolve(f->space, "/a/b/c", _FTYPE_ANY, &res), -ENOENT);
}

/*
 * pathmgr_resolve_normal() of a normal path gives what pathmgr_resolve()
 * gives: the same candidates in the same order with the same rests, the
 * same path, length and flags, or the same error.
 */
static void pathmgr_resolve_normal_as_resolve(struct kunit *test)
{
	static const char * const paths[] = {
		"/", "/dev", "/dev/ser1", "/dev/ser2", "/dev/ser1/x", "/tmp/a/b",
		"/dev/a-name-long-enough-that-the-path-is-not-kept-inline/below/it",
	};
	struct pm_fixture *f = test->priv;
	struct pathmgr_resolution a, b;
	char norm[128];
	unsigned int i, j;
	int ea, eb;

	pm_fattach(test, "/dev", PATHMGR_FLAG_DIR, _FTYPE_ANY, 1);
	pm_fattach(test, "/dev/ser1", 0, _FTYPE_ANY, 2);
	pm_fattach(test, "/dev/ser1", PATHMGR_FLAG_BEFORE, _FTYPE_ANY, 3);
	pm_fattach(test, "/dev/ser1", PATHMGR_FLAG_FTYPEONLY, _FTYPE_NAME, 4);
	pm_fattach(test, "/tmp", PATHMGR_FLAG_DIR | PATHMGR_FLAG_OPAQUE, _FTYPE_ANY, 5);
	/* Nothing at "/" or /other yet: both -ENOENT. */
	KUNIT_EXPECT_EQ(test, pathmgr_resolve(f->space, "/", _FTYPE_ANY, &a), -ENOENT);
	KUNIT_EXPECT_EQ(test, pathmgr_resolve_normal(f->space, "/", 1, _FTYPE_ANY, &b), -ENOENT);
	KUNIT_EXPECT_EQ(test, pathmgr_resolve_normal(f->space, "/other", 6, _FTYPE_ANY, &b),
			-ENOENT);
	/* With a manager at "/", the root's own path has the DIR flag in both. */
	pm_fattach(test, "/", PATHMGR_FLAG_DIR, _FTYPE_ANY, 6);
	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		int len = pathmgr_normalize(paths[i], norm, sizeof(norm), NULL);

		KUNIT_ASSERT_GT(test, len, 0);
		KUNIT_ASSERT_STREQ(test, norm, paths[i]);
		ea = pathmgr_resolve(f->space, paths[i], _FTYPE_ANY, &a);
		eb = pathmgr_resolve_normal(f->space, norm, len, _FTYPE_ANY, &b);
		KUNIT_ASSERT_EQ_MSG(test, ea, eb, "%s", paths[i]);
		if (ea)
			continue;
		KUNIT_EXPECT_STREQ(test, a.path, b.path);
		KUNIT_EXPECT_EQ(test, a.len, b.len);
		KUNIT_EXPECT_EQ(test, a.eflag, b.eflag);
		KUNIT_ASSERT_EQ_MSG(test, a.count, b.count, "%s", paths[i]);
		for (j = 0; j < a.count; j++) {
			KUNIT_EXPECT_EQ(test, pm_tag(&a, j), pm_tag(&b, j));
			KUNIT_EXPECT_STREQ(test, pathmgr_candidate_rest(&a, j),
					   pathmgr_candidate_rest(&b, j));
		}
		pathmgr_resolution_release(&a);
		pathmgr_resolution_release(&b);
	}
	KUNIT_EXPECT_EQ(test, pathmgr_resolve_normal(f->space, "/x", PATH_MAX, _FTYPE_ANY, &b),
			-ENAMETOOLONG);
}

/* Thousands of attachments: every one resolves to itself. */
static void pathmgr_resolve_many_paths(struct kunit *test)
{
	struct pm_fixture *f = test->priv;
	const int n = 2000;
	int *ids, i;
	char path[48];

	ids = kunit_kmalloc_array(test, n, sizeof(*ids), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ids);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/many/d%d/n%d", i % 37, i);
		ids[i] = pm_attach(f->space, path, 0, _FTYPE_ANY, i, NULL);
		KUNIT_ASSERT_GE(test, ids[i], 0);
	}
	for (i = 0; i < n; i++) {
		struct pathmgr_resolution res;

		snprintf(path, sizeof(path), "/many/d%d/n%d", i % 37, i);
		KUNIT_ASSERT_EQ(test, pathmgr_resolve(f->space, path, _FTYPE_ANY, &res), 0);
		KUNIT_EXPECT_EQ(test, res.count, 1U);
		KUNIT_EXPECT_EQ(test, pm_tag(&res, 0), i);
		pathmgr_resolution_release(&res);
	}
	for (i = 0; i < n; i++)
		pm_detach(f->space, ids[i]);
}

/* More candidates than fit inline: the list grows, order intact. */
static void pathmgr_resolve_wide_union(struct kunit *test)
{
	struct pm_fixture *f = test->priv;
	struct pathmgr_resolution res;
	int i;

	for (i = 0; i < 3 * PATHMGR_INLINE_CANDIDATES; i++)
		pm_fattach(test, "/wide", PATHMGR_FLAG_BEFORE, _FTYPE_ANY, i);
	KUNIT_ASSERT_EQ(test, pathmgr_resolve(f->space, "/wide", _FTYPE_ANY, &res), 0);
	KUNIT_ASSERT_EQ(test, res.count, 3U * PATHMGR_INLINE_CANDIDATES);
	for (i = 0; i < res.count; i++)
		KUNIT_EXPECT_EQ(test, pm_tag(&res, i), i);
	pathmgr_resolution_release(&res);
}

/* ---- concurrency ---- */

struct pm_race {
	struct pathmgr_space *space;
	atomic_t released;
	atomic_t resolves;
	atomic_t errors;
};

static int pm_race_attacher(void *data)
{
	struct pm_race *r = data;
	char path[32];
	int ids[8], i, round = 0;

	while (!kthread_should_stop()) {
		for (i = 0; i < ARRAY_SIZE(ids); i++) {
			snprintf(path, sizeof(path), "/race/%d/x%d", i % 3, i);
			ids[i] = pm_attach(r->space, path, (i & 1) ? PATHMGR_FLAG_DIR : 0,
					   _FTYPE_ANY, i, &r->released);
			if (ids[i] < 0)
				atomic_inc(&r->errors);
		}
		for (i = 0; i < ARRAY_SIZE(ids); i++)
			if (ids[i] >= 0)
				pm_detach(r->space, ids[i]);
		if (++round % 16 == 0)
			cond_resched();
	}
	return 0;
}

static int pm_race_resolver(void *data)
{
	struct pm_race *r = data;
	char path[32];
	int i = 0;

	while (!kthread_should_stop()) {
		struct pathmgr_resolution res;
		unsigned int k;
		int err;

		snprintf(path, sizeof(path), "/race/%d/x%d/y", i % 3, i % 8);
		err = pathmgr_resolve(r->space, path, _FTYPE_ANY, &res);
		if (!err) {
			for (k = 0; k < res.count; k++)
				if (!(res.cand[k].entry->flags & PATHMGR_FLAG_DIR))
					atomic_inc(&r->errors);
			pathmgr_resolution_release(&res);
		} else if (err != -ENOENT) {
			atomic_inc(&r->errors);
		}
		atomic_inc(&r->resolves);
		if (++i % 64 == 0)
			cond_resched();
	}
	return 0;
}

/* Threads attach and detach while others resolve: no error, no leak, no splat. */
static void pathmgr_resolve_races_detach(struct kunit *test)
{
	struct pm_fixture *f = test->priv;
	struct task_struct *t[4];
	struct pm_race *r;
	int i, n;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	r->space = f->space;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		t[i] = kthread_run(i < 2 ? pm_race_attacher : pm_race_resolver, r,
				   "pm_race%d", i);
		if (IS_ERR(t[i]))
			break;
	}
	if (i == ARRAY_SIZE(t))
		msleep(1500);
	n = i;
	for (i = 0; i < n; i++)
		kthread_stop(t[i]);
	KUNIT_ASSERT_EQ(test, n, (int)ARRAY_SIZE(t));
	rcu_barrier();
	KUNIT_EXPECT_EQ(test, atomic_read(&r->errors), 0);
	KUNIT_EXPECT_GT(test, atomic_read(&r->resolves), 0);
	KUNIT_EXPECT_GT(test, atomic_read(&r->released), 0);
	kunit_info(test, "%d resolves, %d entries released",
		   atomic_read(&r->resolves), atomic_read(&r->released));
}

/* ---- synthesized directories ---- */

static int pm_children_emit(void *arg, const char *name, unsigned int len)
{
	char *out = arg;

	if (*out)
		strcat(out, " ");
	strncat(out, name, len);
	return 0;
}

static void pathmgr_children_lists(struct kunit *test)
{
	struct pm_fixture *f = test->priv;
	char out[64] = "";

	pm_fattach(test, "/a/b", 0, _FTYPE_ANY, 1);
	pm_fattach(test, "/a/c/d", PATHMGR_FLAG_DIR, _FTYPE_ANY, 2);
	pm_fattach(test, "/x", 0, _FTYPE_ANY, 3);
	KUNIT_EXPECT_EQ(test, pathmgr_children(f->space, "/", pm_children_emit, out), 2);
	KUNIT_EXPECT_STREQ(test, out, "a x");
	out[0] = '\0';
	KUNIT_EXPECT_EQ(test, pathmgr_children(f->space, "//a/", pm_children_emit, out), 2);
	KUNIT_EXPECT_STREQ(test, out, "b c");
	KUNIT_EXPECT_EQ(test, pathmgr_children(f->space, "/a", NULL, NULL), 2);
	KUNIT_EXPECT_EQ(test, pathmgr_children(f->space, "/a/c", NULL, NULL), 1);
	/* A mountpoint with nothing below it, and a path not in the tree. */
	KUNIT_EXPECT_EQ(test, pathmgr_children(f->space, "/a/b", NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, pathmgr_children(f->space, "/nope", NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, pathmgr_children(f->space, "/a/../x", NULL, NULL), -EINVAL);
	/* Only typed requests reach /a/mq: not a name a plain open sees. */
	pm_fattach(test, "/a/mq", PATHMGR_FLAG_FTYPEONLY, _FTYPE_MQUEUE, 4);
	KUNIT_EXPECT_EQ(test, pathmgr_children(f->space, "/a", NULL, NULL), 2);
	out[0] = '\0';
	KUNIT_EXPECT_EQ(test, pathmgr_children(f->space, "/a", pm_children_emit, out), 2);
	KUNIT_EXPECT_STREQ(test, out, "b c");
	/* The last detach below a node takes the node away. */
	pm_detach(f->space, f->ids[1]);
	f->ids[1] = f->ids[--f->nids];
	KUNIT_EXPECT_EQ(test, pathmgr_children(f->space, "/a", NULL, NULL), 1);
}

static struct kunit_case pathmgr_test_cases[] = {
	KUNIT_CASE_PARAM(pathmgr_normalize_cases, pm_norm_gen_params),
	KUNIT_CASE(pathmgr_normalize_name_max),
	KUNIT_CASE(pathmgr_normalize_path_max),
	KUNIT_CASE_PARAM(pathmgr_attach_union_order, pm_order_gen_params),
	KUNIT_CASE(pathmgr_resolve_longest_prefix_first),
	KUNIT_CASE(pathmgr_resolve_discrete_exact_only),
	KUNIT_CASE(pathmgr_resolve_trailing_slash_enotdir),
	KUNIT_CASE(pathmgr_resolve_opaque),
	KUNIT_CASE(pathmgr_resolve_file_types),
	KUNIT_CASE(pathmgr_attach_rejects_bad_input),
	KUNIT_CASE(pathmgr_detach_unlinks),
	KUNIT_CASE(pathmgr_resolve_normal_as_resolve),
	KUNIT_CASE(pathmgr_resolve_many_paths),
	KUNIT_CASE(pathmgr_resolve_wide_union),
	KUNIT_CASE(pathmgr_children_lists),
	KUNIT_CASE_SLOW(pathmgr_resolve_races_detach),
	{}
};

static struct kunit_suite pathmgr_test_suite = {
	.name = "resmgr_pathmgr",
	.init = pm_test_init,
	.exit = pm_test_exit,
	.test_cases = pathmgr_test_cases,
};

kunit_test_suite(pathmgr_test_suite);
