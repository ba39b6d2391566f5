/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QNX <sys/dcmd_chr.h>: the character-device devctl commands, with the
 * class, number and data type each one's page in QNX's "Devctl and Ioctl
 * Commands" reference gives in its synopsis. Where QNX has a matching
 * ioctl the command is in the tty class ('t') with the ioctl's number.
 *
 * The data is what the kernel has under the same name: struct termios is
 * Linux's, so the size encoded in a DCMD_CHR_TC*ATTR command is Linux's
 * too. A manager answers these from its devctl handler; Linux programs
 * send them with devctl() (tools/devctl), not with the tty ioctls of the
 * same numbers, which Linux encodes differently. The _CTL_*, _SERCTL_*
 * and _LINESTATUS_* bits are absent: QNX documents their names only.
 */
#ifndef _RESMGR_DCMD_CHR_H
#define _RESMGR_DCMD_CHR_H

#include <linux/termios.h>
#include <resmgr/devctl.h>

/* The class of the commands that match a tty ioctl. */
#define _CMD_IOCTL_TTY		't'

#define DCMD_CHR_TCFLUSH	__DIOT(_CMD_IOCTL_TTY, 16, int)
#define DCMD_CHR_TCGETATTR	__DIOF(_CMD_IOCTL_TTY, 19, struct termios)
#define DCMD_CHR_TCSETATTR	__DIOT(_CMD_IOCTL_TTY, 20, struct termios)
#define DCMD_CHR_TCSETATTRD	__DIOT(_CMD_IOCTL_TTY, 21, struct termios)
#define DCMD_CHR_TCSETATTRF	__DIOT(_CMD_IOCTL_TTY, 22, struct termios)
#define DCMD_CHR_TCDRAIN	__DION(_CMD_IOCTL_TTY, 94)
#define DCMD_CHR_LINESTATUS	__DIOF(_CMD_IOCTL_TTY, 106, int)
#define DCMD_CHR_OSCHARS	__DIOF(_CMD_IOCTL_TTY, 115, unsigned int)
#define DCMD_CHR_ISCHARS	__DIOF('f', 127, unsigned int)
#define DCMD_CHR_SERCTL		__DIOT(_DCMD_CHR, 20, int)
#define DCMD_CHR_ISATTY		__DION(_DCMD_CHR, 24)
#define DCMD_CHR_OSSIZE		__DIOF(_DCMD_CHR, 28, unsigned int)

#endif /* _RESMGR_DCMD_CHR_H */
