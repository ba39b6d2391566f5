/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The user channel's door: its module init and exit. Everything else it
 * does, it does through its device (/dev/resmgr) and the public API.
 */
#ifndef _RESMGR_CHAN_H
#define _RESMGR_CHAN_H

int resmgr_chan_init(void);
void resmgr_chan_exit(void);

#endif /* _RESMGR_CHAN_H */
