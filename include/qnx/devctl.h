/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QNX <devctl.h>: lets ported sources keep their #include line, and
 * gives clients devctl() and posix_devctl() (libresmgr has them: EOK or
 * an errno value, as on QNX; tools/devctl/devctl.c).
 */
#ifndef _QNX_DEVCTL_H
#define _QNX_DEVCTL_H
#include <stddef.h>
#include <resmgr/devctl.h>

int devctl(int fd, int dcmd, void *dev_data_ptr, size_t n_bytes, int *dev_info_ptr);
int posix_devctl(int fd, int dcmd, void *dev_data_ptr, size_t n_bytes, int *dev_info_ptr);
#endif
