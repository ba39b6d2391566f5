// SPDX-License-Identifier: GPL-2.0
/*
 * What resmgrfs may cache, and when it must ask again.
 *
 * Three generations say when cached answers went stale:
 *
 *   names	pathmgr_generation(resmgr_space): attach, detach, and any
 *		message or notice that may make, remove or rename a name
 *   modes	resmgr_mode_gen: everything above, and any message or
 *		notice that may change a mode, an owner or a link count
 *		(chmod, chown, a devctl or _IO_MSG, which may do anything):
 *		what the VFS's permission checks read
 *   attrs	resmgr_attr_gen: everything above, and any message that
 *		may change only times and sizes (a write, a read's access
 *		time, utime, truncate, the close after any of those)
 *
 * A cache reads the generation before it asks a manager and keeps the
 * answer while the generation stays the same. Only the messages of
 * managers attached with RESMGR_FLAG_CACHEABLE count: such a manager
 * promises that its names and attributes change by messages to it, or
 * that it says so with resmgr_notify_change(). Answers of any other
 * manager are cached only as long as a resmgrfs mount's entry_timeout
 * and attr_timeout allow (none by default).
 *
 * The generations are global: a change through one manager makes every
 * cached answer of its kind stale, which is always correct and costs an
 * atomic increment or three per changing message.
 */
#include <linux/atomic.h>
#include <linux/module.h>
#include "internal.h"

static atomic64_t resmgr_mode_gen = ATOMIC64_INIT(0);
static atomic64_t resmgr_attr_gen = ATOMIC64_INIT(0);

/**
 * resmgr_mode_generation() - the modes generation, read before asking
 *
 * Return: the generation (acquire: the messages that follow cannot be
 * ordered before the read).
 * Context: any.
 */
u64 resmgr_mode_generation(void)
{
	return atomic64_read_acquire(&resmgr_mode_gen);
}

/**
 * resmgr_attr_generation() - the attribute generation, read before asking
 *
 * Return: the generation (acquire: the messages that follow cannot be
 * ordered before the read).
 * Context: any.
 */
u64 resmgr_attr_generation(void)
{
	return atomic64_read_acquire(&resmgr_attr_gen);
}

/**
 * resmgr_changed() - cached answers are stale
 * @what: RESMGR_CHANGE_NAMES, RESMGR_CHANGE_ATTRS, RESMGR_CHANGE_TIMES
 *
 * Call after the change (the increments are fully ordered). Each kind
 * of change includes the ones after it: a change of names changes
 * attributes too (link counts, a directory's times), and any change of
 * attributes may change times.
 *
 * Context: any.
 */
void resmgr_changed(unsigned int what)
{
	if (what & RESMGR_CHANGE_NAMES)
		pathmgr_changed(resmgr_space);
	if (what & (RESMGR_CHANGE_NAMES | RESMGR_CHANGE_ATTRS))
		atomic64_inc_return(&resmgr_mode_gen);
	if (what)
		atomic64_inc_return(&resmgr_attr_gen);
}

/**
 * resmgr_notify_change() - a manager's names or attributes changed by itself
 * @what: RESMGR_CHANGE_NAMES (a name was made, removed or renamed) and/or
 *	RESMGR_CHANGE_ATTRS (what a stat answers changed)
 *
 * A manager attached with RESMGR_FLAG_CACHEABLE calls this for every
 * change that does not come from a message to it (a device's own state,
 * a name made by a timer): resmgrfs then asks again. Changes made by
 * messages need no call; resmgr sees them. Linux extension, in the
 * spirit of FUSE's notify_inval_entry and notify_inval_inode.
 *
 * Context: any.
 */
void resmgr_notify_change(unsigned int what)
{
	resmgr_changed(what & (RESMGR_CHANGE_NAMES | RESMGR_CHANGE_ATTRS));
}
EXPORT_SYMBOL_NS_GPL(resmgr_notify_change, RESMGR_NS);

/**
 * resmgr_connect_changes() - what a connect message may change
 * @subtype: _IO_CONNECT_*
 * @oflag: the open flags
 *
 * Return: RESMGR_CHANGE_* bits, 0 for messages that only look.
 * Context: any.
 */
unsigned int resmgr_connect_changes(unsigned int subtype, unsigned int oflag)
{
	switch (subtype) {
	case _IO_CONNECT_COMBINE:
	case _IO_CONNECT_COMBINE_CLOSE:
	case _IO_CONNECT_OPEN:
		if (oflag & O_CREAT)
			return RESMGR_CHANGE_NAMES;
		return (oflag & O_TRUNC) ? RESMGR_CHANGE_TIMES : 0;
	case _IO_CONNECT_READLINK:
		return RESMGR_CHANGE_TIMES;	/* the link's access time */
	default:
		/* unlink, rename, mknod, link, mount and what we do not know */
		return RESMGR_CHANGE_NAMES;
	}
}

/**
 * resmgr_io_changes() - what an I/O message may change
 * @type: _IO_*
 *
 * Return: RESMGR_CHANGE_TIMES (times and sizes only), RESMGR_CHANGE_ATTRS,
 * or 0 for messages that only look.
 * Context: any.
 */
unsigned int resmgr_io_changes(int type)
{
	switch (type) {
	case _IO_STAT:
	case _IO_NOTIFY:
	case _IO_NOTIFY64:
	case _IO_PATHCONF:
	case _IO_LSEEK:
	case _IO_FDINFO:
	case _IO_LOCK:
	case _IO_DUP:
	case _IO_CLOSE:
	case _IO_MMAP:
		return 0;
	case _IO_READ:
	case _IO_READ64:
	case _IO_WRITE:
	case _IO_WRITE64:
	case _IO_UTIME:
	case _IO_UTIME64:
	case _IO_SPACE:
	case _IO_SYNC:
		return RESMGR_CHANGE_TIMES;
	default:
		/* chmod, chown, devctl, msg and what we do not know */
		return RESMGR_CHANGE_ATTRS;
	}
}
