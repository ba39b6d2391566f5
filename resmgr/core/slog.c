// SPDX-License-Identifier: GPL-2.0
/*
 * slogf(): QNX's system log call, to the kernel log (<resmgr/slog.h>).
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <resmgr/ns.h>
#include <resmgr/slog.h>

/**
 * vslogf() - slogf() with a va_list
 * @opcode: _SLOG_SETCODE(major, minor), printed as a tag
 * @severity: _SLOG_SHUTDOWN ... _SLOG_DEBUG2 (others log as debug)
 * @fmt: printk format
 * @ap: its arguments
 *
 * Return: the number of characters logged (0 for the debug levels).
 * Context: any (printk's).
 */
int vslogf(int opcode, int severity, const char *fmt, va_list ap)
{
	int major = _SLOG_GETMAJOR(opcode), minor = _SLOG_GETMINOR(opcode);
	struct va_format vaf;
	va_list aq;
	int ret;

	va_copy(aq, ap);
	vaf.fmt = fmt;
	vaf.va = &aq;
	switch (severity) {
	case _SLOG_SHUTDOWN:
		ret = pr_emerg("slog %d.%d: %pV\n", major, minor, &vaf);
		break;
	case _SLOG_CRITICAL:
		ret = pr_crit("slog %d.%d: %pV\n", major, minor, &vaf);
		break;
	case _SLOG_ERROR:
		ret = pr_err("slog %d.%d: %pV\n", major, minor, &vaf);
		break;
	case _SLOG_WARNING:
		ret = pr_warn("slog %d.%d: %pV\n", major, minor, &vaf);
		break;
	case _SLOG_NOTICE:
		ret = pr_notice("slog %d.%d: %pV\n", major, minor, &vaf);
		break;
	case _SLOG_INFO:
		ret = pr_info("slog %d.%d: %pV\n", major, minor, &vaf);
		break;
	default:
		/* Debug levels are dynamic debug's, off until asked for. */
		pr_debug("slog %d.%d: %pV\n", major, minor, &vaf);
		ret = 0;
		break;
	}
	va_end(aq);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(vslogf, RESMGR_NS);

/**
 * slogf() - log a formatted message, as QNX's slogf()
 * @opcode: _SLOG_SETCODE(major, minor)
 * @severity: _SLOG_SHUTDOWN ... _SLOG_DEBUG2
 * @fmt: printk format
 *
 * Return: the number of characters logged.
 * Context: any (printk's).
 */
int slogf(int opcode, int severity, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vslogf(opcode, severity, fmt, ap);
	va_end(ap);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(slogf, RESMGR_NS);
