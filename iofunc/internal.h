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

#endif /* _RESMGR_IOFUNC_INTERNAL_H */
