/* SPDX-License-Identifier: GPL-2.0 */
/* resmgr layer private declarations. Only resmgr sources include it. */
#ifndef _RESMGR_INTERNAL_H
#define _RESMGR_INTERNAL_H

struct pathmgr_space;

/* The system's pathname space; lives from module init to module exit. */
extern struct pathmgr_space *resmgr_space;

/* The same, exported for in-tree test fixtures below the resmgr API. */
struct pathmgr_space *resmgr_pathspace(void);

int resmgr_listing_init(void);
void resmgr_listing_exit(void);

#endif /* _RESMGR_INTERNAL_H */
