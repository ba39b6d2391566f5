// SPDX-License-Identifier: GPL-2.0
/*
 * What resmgr/kshim.h declares: the thread as "current", and the
 * credentials the POSIX defaults decide by. While dispatch_handler()
 * runs a handler they are the client's (the channel reported them with
 * the message); elsewhere they are this process's own.
 */
#include "internal.h"

struct user_namespace {
	int	unused;
};

struct user_namespace init_user_ns;
__thread char resmgr_kshim_self;
static __thread const struct cred *rm_cred;
static __thread struct cred rm_own;

void rm_set_cred(const struct cred *cred)
{
	rm_cred = cred;
}

/* This process's own credentials: root has every capability. */
static const struct cred *rm_own_cred(void)
{
	uid_t r, e, s;
	gid_t rg, eg, sg;

	getresuid(&r, &e, &s);
	getresgid(&rg, &eg, &sg);
	rm_own.uid = r;
	rm_own.euid = e;
	rm_own.suid = s;
	rm_own.fsuid = e;
	rm_own.gid = rg;
	rm_own.egid = eg;
	rm_own.sgid = sg;
	rm_own.fsgid = eg;
	rm_own.caps = e == 0 ? RESMGR_CHAN_CAPS : 0;
	rm_own.group_info = NULL;
	return &rm_own;
}

const struct cred *resmgr_kshim_current_cred(void)
{
	return rm_cred ? rm_cred : rm_own_cred();
}

bool in_group_p(kgid_t gid)
{
	/* The thread's own copy: the groups are asked once, when first needed. */
	struct cred *cred = (struct cred *)current_cred();
	int i;

	if (cred->groups_rcvid) {
		int n = rm_chan_groups(cred->groups_rcvid, (u32 *)cred->group_info->gid,
				       cred->group_info->ngroups);

		/* A caller that went meanwhile is in no group. */
		cred->group_info->ngroups = n < 0 ? 0 : min(n, cred->group_info->ngroups);
		cred->groups_rcvid = 0;
	}

	if (cred->fsgid == gid)
		return true;
	for (i = 0; cred->group_info && i < cred->group_info->ngroups; i++)
		if (cred->group_info->gid[i] == gid)
			return true;
	return false;
}

bool ns_capable(struct user_namespace *ns, int cap)
{
	/* The thread's own copy: asked of the channel once, when first needed. */
	struct cred *cred = (struct cred *)current_cred();

	if (cred->caps_rcvid) {
		cred->caps = rm_chan_caps(cred->caps_rcvid);
		cred->caps_rcvid = 0;
	}
	return cap >= 0 && cap < 64 && (cred->caps & (1ull << cap));
}
