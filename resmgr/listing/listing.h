/* SPDX-License-Identifier: GPL-2.0 */
/* The listing's door: /proc/resmgr comes and goes with the module. */
#ifndef _RESMGR_LISTING_H
#define _RESMGR_LISTING_H

int resmgr_listing_init(void);
void resmgr_listing_exit(void);

#endif /* _RESMGR_LISTING_H */
