/* SPDX-License-Identifier: GPL-2.0 */
/*
 * resmgrfs's door: registering the file system type. The rest it does
 * through the core's door, as any front end.
 */
#ifndef _RESMGR_RESMGRFS_H
#define _RESMGR_RESMGRFS_H

int resmgrfs_init(void);
void resmgrfs_exit(void);

#endif /* _RESMGR_RESMGRFS_H */
