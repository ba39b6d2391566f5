// SPDX-License-Identifier: GPL-2.0
/* devctl() and posix_devctl() over RESMGR_IOC_DEVCTL; see devctl.h. */
#include <errno.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include "devctl.h"

int devctl(int fd, int dcmd, void *dev_data_ptr, size_t n_bytes,
	   int *dev_info_ptr)
{
	struct resmgr_devctl_args args = {
		.dcmd = dcmd,
		.nbytes = n_bytes,
		.data = (uintptr_t)dev_data_ptr,
	};

	if (n_bytes > UINT32_MAX)
		return E2BIG;
	if (ioctl(fd, RESMGR_IOC_DEVCTL, &args) == -1)
		return errno == ENOSYS ? ENOTTY : errno;
	if (dev_info_ptr)
		*dev_info_ptr = args.ret_val;
	return EOK;
}

int posix_devctl(int fd, int dcmd, void *dev_data_ptr, size_t n_bytes,
		 int *dev_info_ptr)
{
	return devctl(fd, dcmd, dev_data_ptr, n_bytes, dev_info_ptr);
}
