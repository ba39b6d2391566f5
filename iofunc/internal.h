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

/* The mount's override of slot @n of iofunc_funcs_t, or NULL. */
static inline void *iofunc_mount_func(const iofunc_attr_t *attr, unsigned int n)
{
	const iofunc_funcs_t *f = attr->mount ? attr->mount->funcs : NULL;

	if (!f || n >= f->nfuncs || n >= _IOFUNC_NFUNCS)
		return NULL;
	return ((void *const *)&f->ocb_calloc)[n];
}

#define IOFUNC_FUNC_OCB_CALLOC	0
#define IOFUNC_FUNC_OCB_FREE	1
#define IOFUNC_FUNC_ATTR_LOCK	2
#define IOFUNC_FUNC_ATTR_UNLOCK	3
#define IOFUNC_FUNC_ATTR_TRYLOCK 4

#endif /* _RESMGR_IOFUNC_INTERNAL_H */
