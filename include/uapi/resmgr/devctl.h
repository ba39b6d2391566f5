/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The resmgr user ABI for devctl.
 *
 * Two routes reach a driver's io_devctl handler:
 *
 * 1. A plain ioctl(fd, cmd, arg) whose number is Linux-encoded
 *    (_IOR/_IOW/_IOWR/_IO). QNX's dcmd and Linux's _IOC number share the
 *    layout (command 0-7, class 8-15, size 16-29, direction 30-31) and
 *    differ only in the direction bits: Linux's _IOC_WRITE (bit 30) is
 *    QNX's _POSIX_DEVDIR_TO (bit 31) and _IOC_READ (bit 31) is
 *    _POSIX_DEVDIR_FROM (bit 30). The kernel swaps them, so
 *    _IOR(_DCMD_MISC, 3, int) reaches the driver as
 *    __DIOF(_DCMD_MISC, 3, int). arg points to the data. ioctl() returns
 *    the handler's ret_val when it is not negative, else 0.
 *
 * 2. ioctl(fd, RESMGR_IOC_DEVCTL, &args) with a QNX dcmd, which is what
 *    the devctl() library in tools/devctl/ sends.
 *
 * Data goes to the driver only for TO commands and comes back only for
 * FROM commands. A dcmd that encodes a size needs exactly that many
 * bytes (else EINVAL); at most RESMGR_DEVCTL_MAX bytes (else E2BIG).
 * A handler's ENOSYS reaches the caller as ENOTTY.
 */
#ifndef _UAPI_RESMGR_DEVCTL_H
#define _UAPI_RESMGR_DEVCTL_H

#include <linux/ioctl.h>
#include <linux/posix_types.h>
#include <linux/types.h>

/* ---- QNX's dcmd encoding (<devctl.h>, <sys/dcmd_all.h>) ---- */

#define _POSIX_DEVDIR_NONE	0
#define _POSIX_DEVDIR_TO	0x80000000u
#define _POSIX_DEVDIR_FROM	0x40000000u
#define _POSIX_DEVDIR_TOFROM	(_POSIX_DEVDIR_TO | _POSIX_DEVDIR_FROM)
#define _POSIX_DEVDIR_CMD_MASK	0x0000ffffu

#define __DIOF(class, cmd, data) \
	((int)((sizeof(data) << 16) + ((class) << 8) + (cmd) + _POSIX_DEVDIR_FROM))
#define __DIOT(class, cmd, data) \
	((int)((sizeof(data) << 16) + ((class) << 8) + (cmd) + _POSIX_DEVDIR_TO))
#define __DIOTF(class, cmd, data) \
	((int)((sizeof(data) << 16) + ((class) << 8) + (cmd) + _POSIX_DEVDIR_TOFROM))
#define __DION(class, cmd)	((int)(((class) << 8) + (cmd) + _POSIX_DEVDIR_NONE))

#define get_device_command(x)	((x) & _POSIX_DEVDIR_CMD_MASK)
#define get_device_direction(x)	((x) & _POSIX_DEVDIR_TOFROM)
#define set_device_direction(x, d) \
	((x) = ((x) & ~_POSIX_DEVDIR_TOFROM) | (d))
#define get_device_size(x)	(((x) & ~_POSIX_DEVDIR_TOFROM) >> 16)

/*
 * The data of a devctl message, just past its header (msg->i or msg->o).
 * In the kernel the address is hidden from the compiler's view of the
 * header field, so that FORTIFY_SOURCE lets memcpy()/memset() reach the
 * data that follows it in the message buffer.
 */
#ifdef __KERNEL__
#include <linux/compiler.h>
#define _DEVCTL_DATA(msg)	RELOC_HIDE((void *)&(msg), sizeof(msg))
#else
#define _DEVCTL_DATA(msg)	((void *)(sizeof(msg) + (char *)(&(msg))))
#endif

/* Command classes. */
#define _DCMD_ALL	0x01
#define _DCMD_FSYS	0x02
#define _DCMD_BLK	_DCMD_FSYS
#define _DCMD_CHR	0x03
#define _DCMD_NET	0x04
#define _DCMD_MISC	0x05
#define _DCMD_IP	0x06
#define _DCMD_MIXER	0x07
#define _DCMD_PROC	0x08
#define _DCMD_MEM	0x09
#define _DCMD_INPUT	0x0a
#define _DCMD_PHOTON	0x0b
#define _DCMD_CAM	0x0c
#define _DCMD_USB	0x0d
#define _DCMD_MEDIA	0x0e
#define _DCMD_CAM_SIM	0x0f
#define _DCMD_MEMCLASS	0x10
#define _DCMD_PARTITION	0x11
#define _DCMD_FSEVMGR	0x12

/* posix_fadvise() through devctl. */
struct _fadvise {
	int	advice;
	int	spare;
	__s64	offset;
	__s64	len;
};

#define DCMD_ALL_GETFLAGS	__DIOF(_DCMD_ALL, 1, int)
#define DCMD_ALL_SETFLAGS	__DIOT(_DCMD_ALL, 2, int)
#define DCMD_ALL_GETMOUNTFLAGS	__DIOF(_DCMD_ALL, 3, int)
#define DCMD_ALL_GETOWN		__DIOF(_DCMD_ALL, 4, __kernel_pid_t)
#define DCMD_ALL_SETOWN		__DIOT(_DCMD_ALL, 5, __kernel_pid_t)
#define DCMD_ALL_FADVISE	__DIOT(_DCMD_ALL, 6, struct _fadvise)

/* ---- the resmgr ioctl ---- */

/* Most data bytes one devctl carries. */
#define RESMGR_DEVCTL_MAX	65536

/**
 * struct resmgr_devctl_args - a QNX devctl through RESMGR_IOC_DEVCTL
 * @dcmd: the QNX device command (__DIOF, __DIOT, __DIOTF, __DION)
 * @nbytes: size of the buffer at @data
 * @data: user pointer to the data, both ways
 * @ret_val: out: the handler's msg->o.ret_val
 * @flags: must be 0
 */
struct resmgr_devctl_args {
	__s32	dcmd;
	__u32	nbytes;
	__u64	data;
	__s32	ret_val;
	__u32	flags;
};

#define RESMGR_IOC_DEVCTL	_IOWR('Q', 0x01, struct resmgr_devctl_args)

/* Linux _IOC number <-> QNX dcmd: swap the two direction bits. */
static inline __u32 resmgr_dir_swap(__u32 x)
{
	return (x & 0x3fffffffu) | ((x >> 1) & 0x40000000u) | ((x << 1) & 0x80000000u);
}

#define RESMGR_IOC_TO_DCMD(cmd)	((int)resmgr_dir_swap(cmd))
#define RESMGR_DCMD_TO_IOC(dcmd)	((unsigned int)resmgr_dir_swap(dcmd))

#endif /* _UAPI_RESMGR_DEVCTL_H */
