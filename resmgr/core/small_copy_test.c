// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: small_copy.h's copies between user memory and the kernel move
 * exactly the bytes asked for, at every length they take, and touch
 * nothing beside them, even where the user buffer ends at an unmapped
 * page (the copies read and write their last word overlapping the ones
 * before it).
 */
#include <kunit/test.h>
#include <linux/mman.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "small_copy.h"

/* Bytes around the kernel side of a copy, which it must leave alone. */
#define SC_GUARD	8
#define SC_KBUF		(SC_GUARD + RESMGR_SMALL_COPY_MAX + SC_GUARD)

struct sc_fixture {
	char __user *page;	/* one user page, the page after it unmapped */
	u8 *pattern;		/* PAGE_SIZE bytes, none of them the fills */
	u8 *kbuf;
};

static int sc_init(struct kunit *test)
{
	struct sc_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	unsigned long addr;
	unsigned int i;

	if (!f)
		return -ENOMEM;
	f->pattern = kunit_kmalloc(test, PAGE_SIZE, GFP_KERNEL);
	f->kbuf = kunit_kmalloc(test, PAGE_SIZE, GFP_KERNEL);
	if (!f->pattern || !f->kbuf)
		return -ENOMEM;
	for (i = 0; i < PAGE_SIZE; i++)
		f->pattern[i] = 1 + i % 251;
	addr = kunit_vm_mmap(test, NULL, 0, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
			     MAP_ANONYMOUS | MAP_PRIVATE, 0);
	if (IS_ERR_VALUE(addr) || !addr)
		return -ENOMEM;
	if (vm_munmap(addr + PAGE_SIZE, PAGE_SIZE))
		return -ENOMEM;
	f->page = (char __user *)addr;
	test->priv = f;
	return 0;
}

/* Where a copy of @len bytes starts: the page's start, odd, its very end. */
static unsigned long sc_offset(unsigned int where, size_t len)
{
	switch (where) {
	case 0:
		return 0;
	case 1:
		return 3;
	default:
		return PAGE_SIZE - len;
	}
}

static void resmgr_small_copy_from_user_exact(struct kunit *test)
{
	struct sc_fixture *f = test->priv;
	unsigned int where;
	size_t len, i;

	KUNIT_ASSERT_EQ(test, copy_to_user(f->page, f->pattern, PAGE_SIZE), 0);
	for (where = 0; where < 3; where++) {
		for (len = 0; len <= RESMGR_SMALL_COPY_MAX; len++) {
			unsigned long off = sc_offset(where, len);

			memset(f->kbuf, 0xee, SC_KBUF);
			KUNIT_ASSERT_TRUE_MSG(test, resmgr_small_from_user(f->kbuf + SC_GUARD,
									   f->page + off, len),
					      "len %zu at %lu", len, off);
			for (i = 0; i < SC_KBUF; i++) {
				bool in = i >= SC_GUARD && i < SC_GUARD + len;
				u8 want = in ? f->pattern[off + i - SC_GUARD] : 0xee;

				KUNIT_ASSERT_EQ_MSG(test, f->kbuf[i], want,
						    "len %zu at %lu: byte %zu", len, off, i);
			}
		}
	}
}

static void resmgr_small_copy_to_user_exact(struct kunit *test)
{
	struct sc_fixture *f = test->priv;
	unsigned int where;
	size_t len, i;

	for (where = 0; where < 3; where++) {
		for (len = 0; len <= RESMGR_SMALL_COPY_MAX; len++) {
			unsigned long off = sc_offset(where, len);

			KUNIT_ASSERT_EQ(test, clear_user(f->page, PAGE_SIZE), 0);
			KUNIT_ASSERT_TRUE_MSG(test, resmgr_small_to_user(f->page + off,
									 f->pattern, len),
					      "len %zu at %lu", len, off);
			KUNIT_ASSERT_EQ(test, copy_from_user(f->kbuf, f->page, PAGE_SIZE), 0);
			for (i = 0; i < PAGE_SIZE; i++) {
				bool in = i >= off && i < off + len;
				u8 want = in ? f->pattern[i - off] : 0;

				KUNIT_ASSERT_EQ_MSG(test, f->kbuf[i], want,
						    "len %zu at %lu: byte %zu", len, off, i);
			}
		}
	}
}

/* Past the mapping, or a kernel address: false, and no oops. */
static void resmgr_small_copy_bad_addresses(struct kunit *test)
{
	struct sc_fixture *f = test->priv;
	char __user *end = f->page + PAGE_SIZE;
	static const size_t lens[] = { 1, 2, 3, 4, 7, 8, 9, 16, 17, 64, 256 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		size_t len = lens[i];

		/* Wholly in the unmapped page, and straddling into it. */
		KUNIT_EXPECT_FALSE(test, resmgr_small_from_user(f->kbuf, end, len));
		KUNIT_EXPECT_FALSE(test, resmgr_small_to_user(end, f->pattern, len));
		KUNIT_EXPECT_FALSE(test, resmgr_small_probe(end, len));
		if (len > 1) {
			KUNIT_EXPECT_FALSE(test, resmgr_small_from_user(f->kbuf,
									end - len + 1, len));
			KUNIT_EXPECT_FALSE(test, resmgr_small_to_user(end - len + 1,
								      f->pattern, len));
			KUNIT_EXPECT_FALSE(test, resmgr_small_probe(end - len + 1, len));
		}
		KUNIT_EXPECT_TRUE(test, resmgr_small_probe(end - len, len));
		KUNIT_EXPECT_FALSE(test, resmgr_small_from_user(f->kbuf,
								(const void __user *)f->pattern,
								len));
		KUNIT_EXPECT_FALSE(test, resmgr_small_to_user((void __user *)f->kbuf,
							      f->pattern, len));
	}
}

static struct kunit_case resmgr_small_copy_cases[] = {
	KUNIT_CASE(resmgr_small_copy_from_user_exact),
	KUNIT_CASE(resmgr_small_copy_to_user_exact),
	KUNIT_CASE(resmgr_small_copy_bad_addresses),
	{}
};

static struct kunit_suite resmgr_small_copy_suite = {
	.name = "resmgr_small_copy",
	.init = sc_init,
	.test_cases = resmgr_small_copy_cases,
};

kunit_test_suites(&resmgr_small_copy_suite);
