/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devctl() for Linux programs talking to resmgr drivers, with QNX's
 * signature and meaning: the result is EOK (0) or an errno value, never
 * -1; a driver's ENOSYS comes back as ENOTTY; *dev_info_ptr receives the
 * driver's ret_val. Data goes to the driver only for TO commands and
 * comes back only for FROM commands.
 */
#ifndef RESMGR_DEVCTL_LIB_H
#define RESMGR_DEVCTL_LIB_H

#include <stddef.h>
#include <resmgr/devctl.h>

#ifndef EOK
#define EOK 0
#endif

int devctl(int fd, int dcmd, void *dev_data_ptr, size_t n_bytes,
	   int *dev_info_ptr);
int posix_devctl(int fd, int dcmd, void *dev_data_ptr, size_t n_bytes,
		 int *dev_info_ptr);

#endif /* RESMGR_DEVCTL_LIB_H */
