/* SPDX-License-Identifier: GPL-2.0 */
/* iofunc private helpers. Only iofunc sources include it. */
#ifndef _RESMGR_IOFUNC_INTERNAL_H
#define _RESMGR_IOFUNC_INTERNAL_H

#include <resmgr/iofunc.h>

bool iofunc_privileged(const iofunc_attr_t *attr, int cap);
bool iofunc_in_group(const struct _client_info *info, kgid_t gid);
bool iofunc_lock_unblock(resmgr_context_t *ctp, iofunc_attr_t *attr);
int iofunc_seek_pos(const iofunc_ocb_t *ocb, const iofunc_attr_t *attr, int whence,
		    s64 off, s64 *pos);

/*
 * The mount's override @m of iofunc_funcs_t (a typed member), or NULL:
 * no mount, no table, or the member's slot at or past the table's nfuncs
 * (QNX's rule for tables written for an older library).
 */
#define IOFUNC_MOUNT_FN(attr, m)						\
	({									\
		const iofunc_funcs_t *__f = (attr)->mount ? (attr)->mount->funcs : NULL; \
		size_t __slot = (offsetof(iofunc_funcs_t, m) -			\
				 offsetof(iofunc_funcs_t, ocb_calloc)) / sizeof(void *); \
										\
		__f && __slot < min_t(size_t, __f->nfuncs, _IOFUNC_NFUNCS) ?	\
			__f->m : NULL;						\
	})

/*
 * iofunc_might_sleep() - assert a function's "may sleep" Context: might_sleep() in a
 * kernel built with DEBUG_ATOMIC_SLEEP (the debug kernel, where bugs
 * are found), nothing elsewhere, so the hot paths pay neither the check
 * nor might_sleep()'s voluntary preemption point.
 */
#define iofunc_might_sleep()						\
	do {								\
		if (IS_ENABLED(CONFIG_DEBUG_ATOMIC_SLEEP))		\
			might_sleep();					\
	} while (0)

/*
 * iofunc_attr_lock() and iofunc_attr_unlock(), inline in them and in the
 * default lock_ocb and unlock_ocb, which every I/O call runs: one call
 * fewer each way (Documentation/performance.rst).
 */
static __always_inline int __iofunc_attr_lock(iofunc_attr_t *attr)
{
	int (*fn)(iofunc_attr_t *attr);

	iofunc_might_sleep();
	fn = IOFUNC_MOUNT_FN(attr, attr_lock);
	if (fn)
		return fn(attr);
	if (READ_ONCE(attr->lock_owner) == current) {
		attr->lock_count++;
		return EOK;
	}
	mutex_lock(&attr->lock);
	WRITE_ONCE(attr->lock_owner, current);
	attr->lock_count = 1;
	return EOK;
}

static __always_inline int __iofunc_attr_unlock(iofunc_attr_t *attr)
{
	int (*fn)(iofunc_attr_t *attr);

	iofunc_might_sleep();
	fn = IOFUNC_MOUNT_FN(attr, attr_unlock);
	if (fn)
		return fn(attr);
	if (WARN_ON_ONCE(READ_ONCE(attr->lock_owner) != current))
		return EPERM;
	if (--attr->lock_count == 0) {
		WRITE_ONCE(attr->lock_owner, NULL);
		mutex_unlock(&attr->lock);
	}
	return EOK;
}

#endif /* _RESMGR_IOFUNC_INTERNAL_H */
