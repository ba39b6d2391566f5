// SPDX-License-Identifier: GPL-2.0
/*
 * The listing of a pathname space: one line per attachment, in tree
 * order (parents before children, siblings in creation order) and, at
 * each mountpoint, in union order. The resmgr layer publishes it as
 * /proc/resmgr.
 *
 * Format (tab-separated, first line a header):
 *   PATH  ID  POS  FLAGS  FTYPE  OWNER  <the caller's columns>
 * POS is "n/m": n-th of the m managers at that mountpoint. FLAGS is
 * "DIR|BEFORE|..." or "-". Whitespace and '\' in a path are escaped as
 * octal (\040), as /proc/mounts does. The caller names and prints the
 * last columns (the resmgr layer: OPENS and NODE); without a callback
 * there is one, OPENS, and it is "-".
 */
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <resmgr/ns.h>
#include "internal.h"

static const char *const pathmgr_flag_names[] = {
	"BEFORE", "AFTER", "OPAQUE", "FTYPEONLY", "FTYPEALL",
	NULL, NULL, NULL, "DIR", "SELF",
};

static const char *const pathmgr_ftype_names[] = {
	"ANY", "FILE", "LINK", "SYMLINK", "PIPE", "SHMEM", "MQUEUE", "SOCKET",
	"SEM", "PHOTON", "DUMPER", "MOUNT", "NAME", "TYMEM", "MQ",
};

static void pathmgr_show_flags(struct seq_file *m, unsigned int flags)
{
	bool first = true;
	unsigned int bit;

	/* DIR first: it says what kind of mountpoint this is. */
	if (flags & PATHMGR_FLAG_DIR) {
		seq_puts(m, "DIR");
		first = false;
	}
	for (bit = 0; bit < ARRAY_SIZE(pathmgr_flag_names); bit++) {
		if (!(flags & BIT(bit)) || BIT(bit) == PATHMGR_FLAG_DIR ||
		    !pathmgr_flag_names[bit])
			continue;
		seq_printf(m, "%s%s", first ? "" : "|", pathmgr_flag_names[bit]);
		first = false;
	}
	if (first)
		seq_putc(m, '-');
}

static void pathmgr_show_ftype(struct seq_file *m, int file_type)
{
	if (file_type == _FTYPE_ALL)
		seq_puts(m, "ALL");
	else if (file_type >= 0 && file_type < ARRAY_SIZE(pathmgr_ftype_names))
		seq_puts(m, pathmgr_ftype_names[file_type]);
	else
		seq_printf(m, "%d", file_type);
}

/* Write the full path of @node into the end of @buf; return its start. */
static char *pathmgr_node_path(struct pathmgr_node *node, char *buf,
			       size_t size)
{
	char *p = buf + size - 1;

	*p = '\0';
	if (!node->parent) {
		*--p = '/';
		return p;
	}
	for (; node->parent; node = node->parent) {
		p -= node->len;
		memcpy(p, node->name, node->len);
		*--p = '/';
	}
	return p;
}

static void pathmgr_show_node(struct seq_file *m, struct pathmgr_node *node,
			      char *buf, const struct pathmgr_show_ops *ops)
{
	struct pathmgr_entry *entry;
	unsigned int pos = 0;
	char *path;

	if (!node->nentries)
		return;
	path = pathmgr_node_path(node, buf, PATH_MAX + 1);
	list_for_each_entry(entry, &node->entries, link) {
		seq_escape(m, path, " \t\n\\");
		seq_printf(m, "\t%d\t%u/%u\t", entry->id, ++pos, node->nentries);
		pathmgr_show_flags(m, entry->flags);
		seq_putc(m, '\t');
		pathmgr_show_ftype(m, entry->file_type);
		seq_putc(m, '\t');
		if (ops && ops->owner)
			ops->owner(m, entry);
		else
			seq_puts(m, entry->owner ? module_name(entry->owner) : "kernel");
		seq_putc(m, '\t');
		if (ops && ops->tail)
			ops->tail(m, entry);
		else
			seq_putc(m, '-');
		seq_putc(m, '\n');
	}
}

/* Depth-first successor of @node, without recursion. */
static struct pathmgr_node *pathmgr_next_node(struct pathmgr_node *node)
{
	if (!list_empty(&node->children))
		return list_first_entry(&node->children, struct pathmgr_node,
					sibling);
	for (; node->parent; node = node->parent) {
		if (!list_is_last(&node->sibling, &node->parent->children))
			return list_next_entry(node, sibling);
	}
	return NULL;
}

/**
 * pathmgr_show() - print the listing of a pathname space
 * @space: the pathname space
 * @m: the seq_file to print to
 * @ops: how the caller prints its columns, or NULL (see
 *	struct pathmgr_show_ops)
 *
 * Return: 0, or -ENOMEM.
 * Context: process context; takes space->lock.
 */
int pathmgr_show(struct pathmgr_space *space, struct seq_file *m,
		 const struct pathmgr_show_ops *ops)
{
	struct pathmgr_node *node;
	char *buf;

	pathmgr_might_sleep();
	buf = kmalloc(PATH_MAX + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	seq_printf(m, "PATH\tID\tPOS\tFLAGS\tFTYPE\tOWNER\t%s\n",
		   ops && ops->tail_header ? ops->tail_header : "OPENS");
	mutex_lock(&space->lock);
	for (node = &space->root; node; node = pathmgr_next_node(node))
		pathmgr_show_node(m, node, buf, ops);
	mutex_unlock(&space->lock);
	kfree(buf);
	return 0;
}

PATHMGR_EXPORT_FOR_TESTS(pathmgr_show);
