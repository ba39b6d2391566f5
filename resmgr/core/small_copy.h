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
struct resmgr_small_u8 { u8 v; };

/*
 * The copies move the first 8-byte word, then words while more than 8
 * bytes are left, then the last 8 bytes, which may overlap the words
 * before: up to 16 bytes take two words and no loop. Shorter copies take
 * their first and last 4 or 2 bytes, or the one byte. A byte may be read
 * or written twice, never one outside [0, len).
 */
#define RESMGR_SMALL_GET(type, dst, src, label)				\
do {									\
	type __v;							\
									\
	unsafe_get_user(__v, (const type __user *)(src), label);	\
	((struct resmgr_small_##type *)(dst))->v = __v;			\
} while (0)

#define RESMGR_SMALL_PUT(type, dst, src, label)				\
	unsafe_put_user(((const struct resmgr_small_##type *)(src))->v,	\
			(type __user *)(dst), label)

/* @len bytes from @src to @dst by @move (one of the two above). */
#define RESMGR_SMALL_COPY(move, dst, src, len, label)			\
do {									\
	size_t __i;							\
									\
	if ((len) >= 8) {						\
		move(u64, (dst), (src), label);				\
		for (__i = 8; __i + 8 < (len); __i += 8)		\
			move(u64, (dst) + __i, (src) + __i, label);	\
		move(u64, (dst) + (len) - 8, (src) + (len) - 8, label);	\
	} else if ((len) >= 4) {					\
		move(u32, (dst), (src), label);				\
		move(u32, (dst) + (len) - 4, (src) + (len) - 4, label);	\
	} else if ((len) >= 2) {					\
		move(u16, (dst), (src), label);				\
		move(u16, (dst) + (len) - 2, (src) + (len) - 2, label);	\
	} else if (len) {						\
		move(u8, (dst), (src), label);				\
	}								\
} while (0)

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

	if (WARN_ON_ONCE(len > RESMGR_SMALL_COPY_MAX))
		return false;
	if (!user_read_access_begin(src, len))
		return false;
	RESMGR_SMALL_COPY(RESMGR_SMALL_GET, dst, src, len, efault);
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
	const char *src = from;
	char __user *dst = to;

	if (WARN_ON_ONCE(len > RESMGR_SMALL_COPY_MAX))
		return false;
	if (!user_write_access_begin(dst, len))
		return false;
	RESMGR_SMALL_COPY(RESMGR_SMALL_PUT, dst, src, len, efault);
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
