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

#endif /* _RESMGR_IOFUNC_INTERNAL_H */
