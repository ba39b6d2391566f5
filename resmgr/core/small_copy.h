/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copies of a few bytes between user memory and a buffer on the caller's
 * stack, for the direct paths of io.c (a small read, write or devctl).
 *
 * Each is one user-access section with the copy inline, as filldir()
 * and strncpy_from_user() do: no out-of-line copy routine, and no
 * hardened-usercopy walk of the stack frames. That walk checks a size
 * the compiler cannot see against the object; here every caller bounds
 * the size by the buffer's own, with a compile-time check of the bound
 * (RESMGR_SMALL_COPY_MAX), so the walk has nothing to catch.
 * Documentation/performance.rst has what it saves.
 */
#ifndef _RESMGR_CORE_SMALL_COPY_H
#define _RESMGR_CORE_SMALL_COPY_H

#include <linux/types.h>
#include <linux/uaccess.h>

/* The largest copy: a bounce buffer (io.c's small read and write). */
#define RESMGR_SMALL_COPY_MAX	256

/*
 * Unaligned stores of what a user access section read, as put_unaligned()
 * makes them (its header moved in 6.12), without a call to a fortified
 * memcpy() inside the section.
 */
struct resmgr_small_u64 { u64 v; } __packed;
struct resmgr_small_u32 { u32 v; } __packed;
struct resmgr_small_u16 { u16 v; } __packed;

/*
 * Copy @len bytes (at most RESMGR_SMALL_COPY_MAX, the size of @to's
 * buffer or less) from user memory at @from to @to.
 * Return: true, or false for a bad user address (some bytes may have
 * been copied).
 */
static __always_inline bool resmgr_small_from_user(void *to, const void __user *from,
						   size_t len)
{
	const char __user *src = from;
	char *dst = to;
	u64 q;
	u32 l;
	u16 w;
	u8 b;

	if (WARN_ON_ONCE(len > RESMGR_SMALL_COPY_MAX))
		return false;
	if (!user_read_access_begin(src, len))
		return false;
	for (; len >= 8; len -= 8, src += 8, dst += 8) {
		unsafe_get_user(q, (const u64 __user *)src, efault);
		((struct resmgr_small_u64 *)dst)->v = q;
	}
	if (len >= 4) {
		unsafe_get_user(l, (const u32 __user *)src, efault);
		((struct resmgr_small_u32 *)dst)->v = l;
		len -= 4, src += 4, dst += 4;
	}
	if (len >= 2) {
		unsafe_get_user(w, (const u16 __user *)src, efault);
		((struct resmgr_small_u16 *)dst)->v = w;
		len -= 2, src += 2, dst += 2;
	}
	if (len) {
		unsafe_get_user(b, (const u8 __user *)src, efault);
		*dst = b;
	}
	user_read_access_end();
	return true;
efault:
	user_read_access_end();
	return false;
}

/*
 * Copy @len bytes (at most RESMGR_SMALL_COPY_MAX, within @from's buffer)
 * from @from to user memory at @to.
 * Return: true, or false for a bad user address (some bytes may have
 * been copied).
 */
static __always_inline bool resmgr_small_to_user(void __user *to, const void *from,
						 size_t len)
{
	if (WARN_ON_ONCE(len > RESMGR_SMALL_COPY_MAX))
		return false;
	if (!user_write_access_begin(to, len))
		return false;
	unsafe_copy_to_user(to, from, len, efault);
	user_write_access_end();
	return true;
efault:
	user_write_access_end();
	return false;
}

/*
 * Can the first and last of @count bytes at @p (at most two pages) be
 * read? A bad buffer then fails before a handler runs.
 * Return: true when both can (or @count is 0).
 */
static __always_inline bool resmgr_small_probe(const void __user *p, size_t count)
{
	const char __user *first = p;
	char c __maybe_unused;

	if (!count)
		return true;
	if (!user_read_access_begin(first, count))
		return false;
	unsafe_get_user(c, first, efault);
	unsafe_get_user(c, first + count - 1, efault);
	user_read_access_end();
	return true;
efault:
	user_read_access_end();
	return false;
}

#endif /* _RESMGR_CORE_SMALL_COPY_H */
