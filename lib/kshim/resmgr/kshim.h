/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel, as much of it as resmgr's shared sources and public
 * headers use, for user space: libresmgr builds the same iofunc sources
 * the kernel module builds, and a QNX server includes the same
 * resmgr headers through <sys/iofunc.h> and friends. Each linux/ header
 * here includes this file.
 *
 * What stands for what:
 *  - kuid_t and kgid_t are plain uid_t and gid_t (one user namespace:
 *    the channel's), so QNX code may assign them;
 *  - struct mutex and spinlock_t are pthread mutexes;
 *  - current is the calling thread, and current_cred() the credentials
 *    of the client whose message the thread handles (set by
 *    dispatch_handler()), or the server's own outside a handler;
 *  - kmalloc() and friends are malloc().
 */
#ifndef _RESMGR_KSHIM_H
#define _RESMGR_KSHIM_H

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include <linux/types.h>
#include <linux/limits.h>

/* ---- types ---- */
typedef uint8_t		u8;
typedef uint16_t	u16;
typedef uint32_t	u32;
typedef uint64_t	u64;
typedef int8_t		s8;
typedef int16_t		s16;
typedef int32_t		s32;
typedef int64_t		s64;
typedef int64_t		time64_t;
typedef unsigned int	gfp_t;
typedef unsigned short	umode_t;
typedef uid_t		kuid_t;
typedef gid_t		kgid_t;

struct kvec {
	void	*iov_base;
	size_t	iov_len;
};

struct timespec64 {
	time64_t	tv_sec;
	long		tv_nsec;
};

/* ---- compiler and helpers ---- */
#define __user
#define __kernel
#define __force
#define __iomem
#define __rcu
#define __must_check		__attribute__((warn_unused_result))
#define __maybe_unused		__attribute__((unused))
#define __always_unused		__attribute__((unused))
#undef __always_inline
#define __always_inline		inline __attribute__((always_inline))
#define __printf(a, b)		__attribute__((format(printf, a, b)))
#define __packed		__attribute__((packed))
#define __aligned(x)		__attribute__((aligned(x)))
#define __uninitialized
#define noinline		__attribute__((noinline))
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define __PASTE_(a, b)		a##b
#define __PASTE(a, b)		__PASTE_(a, b)
#define __UNIQUE_ID(prefix)	__PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)	(*(volatile __typeof__(x) *)&(x) = (v))
#define IS_ENABLED(option)	0
#define BIT(n)			(1UL << (n))
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define BUILD_BUG_ON(c)		static_assert(!(c), #c)
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define min(a, b)		((a) < (b) ? (a) : (b))
#define max(a, b)		((a) > (b) ? (a) : (b))
#define min_t(t, a, b)		((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b)		((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define clamp(v, lo, hi)	min(max(v, lo), hi)
#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)
#define U8_MAX			((u8)~0U)
#define U16_MAX			((u16)~0U)
#define U32_MAX			((u32)~0U)
#define U64_MAX			((u64)~0ULL)
#define S32_MAX			((s32)(U32_MAX >> 1))
#define S64_MAX			((s64)(U64_MAX >> 1))
#define NSEC_PER_SEC		1000000000L
#define might_sleep()		do { } while (0)
#define WARN_ON(c)		({ bool __w = !!(c); if (__w) \
					fprintf(stderr, "resmgr: WARN_ON(%s) at %s:%d\n", \
						#c, __FILE__, __LINE__); __w; })
#define WARN_ON_ONCE(c)		WARN_ON(c)
#define pr_err(...)		fprintf(stderr, __VA_ARGS__)
#define pr_warn(...)		fprintf(stderr, __VA_ARGS__)
#define pr_warn_ratelimited(...) fprintf(stderr, __VA_ARGS__)
#define pr_warn_once(...)	fprintf(stderr, __VA_ARGS__)
#define pr_info(...)		do { } while (0)
#define pr_debug(...)		do { } while (0)

/* ---- modules: one program, no namespaces ---- */
struct module;
#define THIS_MODULE		((struct module *)NULL)
#define EXPORT_SYMBOL(s)		extern int __resmgr_kshim_export
#define EXPORT_SYMBOL_GPL(s)		extern int __resmgr_kshim_export
#define EXPORT_SYMBOL_NS_GPL(s, ns)	extern int __resmgr_kshim_export
#define MODULE_IMPORT_NS(ns)		extern int __resmgr_kshim_export
#define MODULE_LICENSE(s)		extern int __resmgr_kshim_export
#define MODULE_DESCRIPTION(s)		extern int __resmgr_kshim_export
#define MODULE_AUTHOR(s)		extern int __resmgr_kshim_export
#define MODULE_VERSION(s)		extern int __resmgr_kshim_export

/* ---- memory ---- */
#define GFP_KERNEL		0u
#define GFP_ATOMIC		0u
#define __GFP_NOFAIL		0u
#define __GFP_ZERO		1u
static inline void *kmalloc(size_t n, gfp_t gfp)
{
	return (gfp & __GFP_ZERO) ? calloc(1, n ? n : 1) : malloc(n ? n : 1);
}

static inline void *kzalloc(size_t n, gfp_t gfp)
{
	return calloc(1, n ? n : 1);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	return calloc(n ? n : 1, size ? size : 1);
}

static inline void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return malloc(n && size ? n * size : 1);
}

static inline void *kmemdup(const void *p, size_t n, gfp_t gfp)
{
	void *q = malloc(n ? n : 1);

	if (q)
		memcpy(q, p, n);
	return q;
}

static inline char *kstrdup(const char *s, gfp_t gfp)
{
	return s ? strdup(s) : NULL;
}

static inline void kfree(const void *p)
{
	free((void *)p);
}

#define kvfree(p)		kfree(p)
#define kvmalloc(n, gfp)	kmalloc(n, gfp)

/* ---- locks ---- */
struct lock_class_key {
	char	unused;
};

struct mutex {
	pthread_mutex_t	m;
};

typedef struct {
	pthread_mutex_t	m;
} spinlock_t;

static inline void __mutex_init(struct mutex *l, const char *name, struct lock_class_key *key)
{
	pthread_mutex_init(&l->m, NULL);
}

#define mutex_init(l)		__mutex_init(l, #l, NULL)
#define mutex_lock(l)		pthread_mutex_lock(&(l)->m)
#define mutex_unlock(l)		pthread_mutex_unlock(&(l)->m)
#define mutex_trylock(l)	(pthread_mutex_trylock(&(l)->m) == 0)
#define mutex_destroy(l)	pthread_mutex_destroy(&(l)->m)
#define DEFINE_SPINLOCK(x)	spinlock_t x = { PTHREAD_MUTEX_INITIALIZER }
#define spin_lock_init(l)	pthread_mutex_init(&(l)->m, NULL)
#define spin_lock(l)		pthread_mutex_lock(&(l)->m)
#define spin_unlock(l)		pthread_mutex_unlock(&(l)->m)
#define lockdep_assert_held(l)	do { } while (0)

/* ---- lists and hash tables ---- */
struct list_head {
	struct list_head *next, *prev;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

struct hlist_head {
	struct hlist_node *first;
};

#define LIST_HEAD_INIT(name)	{ &(name), &(name) }
#define LIST_HEAD(name)		struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *l)
{
	l->next = l;
	l->prev = l;
}

static inline void __list_add(struct list_head *n, struct list_head *prev,
			      struct list_head *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	prev->next = n;
}

static inline void list_add(struct list_head *n, struct list_head *head)
{
	__list_add(n, head, head->next);
}

static inline void list_add_tail(struct list_head *n, struct list_head *head)
{
	__list_add(n, head->prev, head);
}

static inline void list_del(struct list_head *e)
{
	e->next->prev = e->prev;
	e->prev->next = e->next;
	e->next = NULL;
	e->prev = NULL;
}

static inline void list_del_init(struct list_head *e)
{
	e->next->prev = e->prev;
	e->prev->next = e->next;
	INIT_LIST_HEAD(e);
}

static inline int list_empty(const struct list_head *h)
{
	return h->next == h;
}

#define list_entry(ptr, type, member)	container_of(ptr, type, member)
#define list_first_entry(h, type, member) list_entry((h)->next, type, member)
#define list_first_entry_or_null(h, type, member) \
	(list_empty(h) ? NULL : list_first_entry(h, type, member))
#define list_next_entry(pos, member) \
	list_entry((pos)->member.next, __typeof__(*(pos)), member)
#define list_for_each_entry(pos, head, member)				\
	for (pos = list_first_entry(head, __typeof__(*pos), member);	\
	     &pos->member != (head);					\
	     pos = list_next_entry(pos, member))
#define list_for_each_entry_safe(pos, n, head, member)			\
	for (pos = list_first_entry(head, __typeof__(*pos), member),	\
	     n = list_next_entry(pos, member);				\
	     &pos->member != (head);					\
	     pos = n, n = list_next_entry(n, member))

static inline void hlist_add_head(struct hlist_node *n, struct hlist_head *h)
{
	n->next = h->first;
	if (h->first)
		h->first->pprev = &n->next;
	h->first = n;
	n->pprev = &h->first;
}

static inline void hlist_del_init(struct hlist_node *n)
{
	if (n->pprev) {
		*n->pprev = n->next;
		if (n->next)
			n->next->pprev = n->pprev;
	}
	n->next = NULL;
	n->pprev = NULL;
}

#define hlist_entry_safe(ptr, type, member) \
	({ __typeof__(ptr) ____p = (ptr); ____p ? container_of(____p, type, member) : NULL; })
#define hlist_for_each_entry(pos, head, member)				\
	for (pos = hlist_entry_safe((head)->first, __typeof__(*(pos)), member); \
	     pos;							\
	     pos = hlist_entry_safe((pos)->member.next, __typeof__(*(pos)), member))

#define DEFINE_HASHTABLE(name, bits)	struct hlist_head name[1 << (bits)]
#define hash_bucket(t, key)	(&(t)[(unsigned long)(key) * 0x9E3779B97F4A7C15ull >> \
				      (64 - __builtin_ctzl(ARRAY_SIZE(t)))])
#define hash_add(t, node, key)	hlist_add_head(node, hash_bucket(t, key))
#define hash_del(node)		hlist_del_init(node)
#define hash_for_each_possible(t, obj, member, key) \
	hlist_for_each_entry(obj, hash_bucket(t, key), member)

/* ---- threads, credentials, capabilities ---- */
struct task_struct;
struct user_namespace;
extern struct user_namespace init_user_ns;

/* This thread (a lock owner, a waiter's owner). */
extern __thread char resmgr_kshim_self;
#define current			((struct task_struct *)&resmgr_kshim_self)
#define task_session_vnr(t)	0
#define signal_pending(t)	0
#define fatal_signal_pending(t)	0

/**
 * struct group_info - a client's supplementary groups
 * @ngroups: how many
 * @gid: the groups
 */
struct group_info {
	int	ngroups;
	kgid_t	gid[];
};

/**
 * struct cred - a client's credentials, as the channel reported them
 * @uid: real user id
 * @euid: effective user id (the file-system one)
 * @suid: saved user id
 * @fsuid: file-system user id
 * @gid: real group id
 * @egid: effective group id (the file-system one)
 * @sgid: saved group id
 * @fsgid: file-system group id
 * @caps: 1 << CAP_x for the capabilities the client has
 * @group_info: its supplementary groups, or NULL for none
 * @caps_rcvid: the receive id to ask @caps of (the channel did not give
 *	them with the message), or 0
 * @groups_rcvid: the receive id to ask the groups of (@group_info has
 *	their count and room for them), or 0
 */
struct cred {
	kuid_t			uid, euid, suid, fsuid;
	kgid_t			gid, egid, sgid, fsgid;
	u64			caps;
	struct group_info	*group_info;
	int			caps_rcvid;
	int			groups_rcvid;
};

const struct cred *resmgr_kshim_current_cred(void);
#define current_cred()		resmgr_kshim_current_cred()
#define current_fsuid()		(current_cred()->fsuid)
#define current_fsgid()		(current_cred()->fsgid)
#define current_user_ns()	(&init_user_ns)
bool in_group_p(kgid_t gid);
bool ns_capable(struct user_namespace *ns, int cap);
#define capable(cap)		ns_capable(&init_user_ns, cap)

#define uid_valid(u)		((u) != (kuid_t)-1)
#define gid_valid(g)		((g) != (kgid_t)-1)
#define kuid_has_mapping(ns, u)	uid_valid(u)
#define kgid_has_mapping(ns, g)	gid_valid(g)
#define uid_eq(a, b)		((a) == (b))
#define gid_eq(a, b)		((a) == (b))
#define make_kuid(ns, u)	((kuid_t)(u))
#define make_kgid(ns, g)	((kgid_t)(g))
#define from_kuid_munged(ns, u)	((uid_t)(u))
#define from_kgid_munged(ns, g)	((gid_t)(g))
#define KUIDT_INIT(u)		((kuid_t)(u))
#define KGIDT_INIT(g)		((kgid_t)(g))
#define GLOBAL_ROOT_UID		((kuid_t)0)
#define GLOBAL_ROOT_GID		((kgid_t)0)

/* ---- time and devices ---- */
static inline void ktime_get_real_ts64(struct timespec64 *ts)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	ts->tv_sec = t.tv_sec;
	ts->tv_nsec = t.tv_nsec;
}

static inline time64_t ktime_get_real_seconds(void)
{
	return time(NULL);
}

#define new_encode_dev(d)	((u32)(d))
#define new_decode_dev(d)	((dev_t)(d))

#ifndef __O_SYNC
#define __O_SYNC		04000000
#endif
#define KERNEL_VERSION(a, b, c)	(((a) << 16) + ((b) << 8) + (c))
#define LINUX_VERSION_CODE	KERNEL_VERSION(255, 0, 0)

#ifndef PAGE_SIZE
#define PAGE_SIZE		4096UL
#endif
#ifndef MAX_ERRNO
#define MAX_ERRNO		4095
#endif

#endif /* _RESMGR_KSHIM_H */
