/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QNX <sys/slog.h> and <sys/slogcodes.h>: the system log. slogf() goes to
 * the kernel log at the matching level, tagged with the code's major and
 * minor numbers; there is no slogger to read codes back.
 */
#ifndef _RESMGR_SLOG_H
#define _RESMGR_SLOG_H

#include <linux/compiler.h>
#include <linux/stdarg.h>

/* Severities, most severe first; each becomes a printk level. */
#define _SLOG_SHUTDOWN	0	/* KERN_EMERG */
#define _SLOG_CRITICAL	1	/* KERN_CRIT */
#define _SLOG_ERROR	2	/* KERN_ERR */
#define _SLOG_WARNING	3	/* KERN_WARNING */
#define _SLOG_NOTICE	4	/* KERN_NOTICE */
#define _SLOG_INFO	5	/* KERN_INFO */
#define _SLOG_DEBUG1	6	/* KERN_DEBUG */
#define _SLOG_DEBUG2	7	/* KERN_DEBUG */

/* An opcode: a major (who) and a minor (what) number. */
#define _SLOG_SETCODE(major, minor)	(((major) << 8) | ((minor) & 0xff))
#define _SLOG_GETMAJOR(code)		((code) >> 8)
#define _SLOG_GETMINOR(code)		((code) & 0xff)

int vslogf(int opcode, int severity, const char *fmt, va_list ap);
__printf(3, 4) int slogf(int opcode, int severity, const char *fmt, ...);

#endif /* _RESMGR_SLOG_H */
