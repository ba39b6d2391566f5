/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The /dev front end's door: its module init and exit. Everything else
 * it does, it does through the hooks it registers with the core.
 */
#ifndef _RESMGR_DEVFS_H
#define _RESMGR_DEVFS_H

int resmgr_devfs_init(void);
void resmgr_devfs_exit(void);

#endif /* _RESMGR_DEVFS_H */
