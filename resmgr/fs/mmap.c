// SPDX-License-Identifier: GPL-2.0
/*
 * resmgrfs mmap(): regular files mapped through the page cache.
 *
 * As on QNX, mapping a file asks its manager first (_IO_MMAP: the mmap
 * handler, iofunc_mmap_default() checking access); the pages then come
 * from the manager's read handler and go back through its write handler,
 * at offsets (_IO_XTYPE_OFFSET), on the files that mapped the inode.
 * Nothing else is cached: read() and write() still go to the manager,
 * so around them the cache is made to agree (resmgrfs_cache_*): dirty
 * pages are written back before, pages are dropped after a write. An
 * inode that a file maps is found again by every walk to that file
 * (fs.c keys regular files by st_dev and st_ino), so all mappings and
 * all descriptors of a file see one cache.
 *
 * Locking: ri->map_sem protects ri->maps (the bindings of the files that
 * mapped the inode) and keeps the binding it gives out open while it is
 * held for reading. It nests inside the folio lock and mmap_lock, never
 * the other way round: writeback and read_folio take it for one message.
 */
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/pagemap.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <linux/writeback.h>
#include "internal.h"

/* A file that mapped the inode, until its release. */
struct resmgrfs_map {
	struct list_head	node;
	struct resmgr_binding	*b;
	bool			write;	/* open for writing: can take writeback */
};

/* One page between the cache and the manager; @b is open for the call. */
static ssize_t resmgrfs_page_io(struct resmgr_binding *b, struct page *page,
				size_t len, loff_t pos, bool write)
{
	struct kvec kv = { .iov_base = kmap_local_page(page), .iov_len = len };
	struct iov_iter iter;
	ssize_t n;

	iov_iter_kvec(&iter, write ? ITER_SOURCE : ITER_DEST, &kv, 1, len);
	if (write)
		n = resmgr_write(b, &iter, pos, true, false);
	else
		n = resmgr_read(b, &iter, pos, true, false);
	if (!write && n >= 0 && n < PAGE_SIZE)
		memset(kv.iov_base + n, 0, PAGE_SIZE - n);
	kunmap_local(kv.iov_base);
	return n;
}

/*
 * A binding of a file that maps the inode (open for writing if @write),
 * with map_sem held for reading; NULL (and not held) when there is none.
 */
static struct resmgr_binding *resmgrfs_map_get(struct resmgrfs_inode *ri, bool write)
{
	struct resmgrfs_map *m;

	down_read(&ri->map_sem);
	list_for_each_entry(m, &ri->maps, node)
		if (m->write || !write)
			return m->b;
	up_read(&ri->map_sem);
	return NULL;
}

static void resmgrfs_map_put(struct resmgrfs_inode *ri)
{
	up_read(&ri->map_sem);
}

static int resmgrfs_read_folio(struct file *file, struct folio *folio)
{
	struct inode *inode = folio->mapping->host;
	struct resmgrfs_inode *ri = RESMGRFS_I(inode);
	struct resmgr_binding *b;
	ssize_t n;

	if (file) {
		n = resmgrfs_page_io(file->private_data, &folio->page, PAGE_SIZE,
				     folio_pos(folio), false);
	} else {
		b = resmgrfs_map_get(ri, false);
		n = b ? resmgrfs_page_io(b, &folio->page, PAGE_SIZE,
					 folio_pos(folio), false) : -EIO;
		if (b)
			resmgrfs_map_put(ri);
	}
	if (n >= 0)
		folio_mark_uptodate(folio);
	folio_unlock(folio);
	return n < 0 ? n : 0;
}

/*
 * Write one dirty page back: the bytes of it below i_size, at its offset.
 * Reclaim does not wait for a manager: the page stays dirty for the
 * flusher.
 */
static int resmgrfs_writepage(struct page *page, struct writeback_control *wbc)
{
	struct folio *folio = page_folio(page);
	struct inode *inode = folio->mapping->host;
	struct resmgrfs_inode *ri = RESMGRFS_I(inode);
	loff_t pos = folio_pos(folio), size = i_size_read(inode);
	struct resmgr_binding *b;
	size_t len;
	ssize_t n;

	if (wbc->sync_mode != WB_SYNC_ALL && (current->flags & PF_MEMALLOC))
		goto redirty;
	if (pos >= size) {
		/* Past the end (a truncate raced): nothing to keep. */
		folio_unlock(folio);
		return 0;
	}
	len = min_t(loff_t, PAGE_SIZE, size - pos);
	b = resmgrfs_map_get(ri, true);
	if (!b)
		goto redirty;
	folio_start_writeback(folio);
	folio_unlock(folio);
	n = resmgrfs_page_io(b, page, len, pos, true);
	resmgrfs_map_put(ri);
	if (n >= 0 && n < len)
		n = -EIO;
	if (n < 0)
		mapping_set_error(folio->mapping, n);
	folio_end_writeback(folio);
	return n < 0 ? n : 0;

redirty:
	folio_redirty_for_writepage(wbc, folio);
	folio_unlock(folio);
	return 0;
}

/* invalidate_inode_pages2() meeting a dirty page: write it first. */
static int resmgrfs_launder_folio(struct folio *folio)
{
	struct writeback_control wbc = {
		.sync_mode = WB_SYNC_ALL,
		.nr_to_write = 1,
	};
	int err = 0;

	if (folio_clear_dirty_for_io(folio)) {
		err = resmgrfs_writepage(&folio->page, &wbc);
		folio_lock(folio);
		folio_wait_writeback(folio);
	}
	return err;
}

const struct address_space_operations resmgrfs_aops = {
	.read_folio	= resmgrfs_read_folio,
	.writepage	= resmgrfs_writepage,
	.dirty_folio	= filemap_dirty_folio,
	.launder_folio	= resmgrfs_launder_folio,
};

/* A shared page about to be written through a mapping: dirty it, locked. */
static vm_fault_t resmgrfs_page_mkwrite(struct vm_fault *vmf)
{
	struct folio *folio = page_folio(vmf->page);
	struct inode *inode = file_inode(vmf->vma->vm_file);

	file_update_time(vmf->vma->vm_file);
	folio_lock(folio);
	if (folio->mapping != inode->i_mapping) {
		folio_unlock(folio);
		return VM_FAULT_NOPAGE;
	}
	folio_mark_dirty(folio);
	folio_wait_stable(folio);
	return VM_FAULT_LOCKED;
}

static const struct vm_operations_struct resmgrfs_vm_ops = {
	.fault		= filemap_fault,
	.map_pages	= filemap_map_pages,
	.page_mkwrite	= resmgrfs_page_mkwrite,
};

/**
 * resmgrfs_file_mmap() - mmap() of a resmgrfs regular file
 * @file: the file
 * @vma: the new mapping
 *
 * Return: 0; -ENODEV when the manager does not let the file be mapped
 * (no mmap handler, or not a regular file), -EACCES or -EROFS from its
 * mmap handler, -ENOMEM.
 * Context: process context, mmap_lock held for writing.
 */
int resmgrfs_file_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct inode *inode = file_inode(file);
	struct resmgrfs_inode *ri = RESMGRFS_I(inode);
	struct resmgr_binding *b = file->private_data;
	bool shared_write = (vma->vm_flags & VM_SHARED) && (vma->vm_flags & VM_MAYWRITE);
	struct resmgrfs_map *m, *new;
	u32 prot = 0;
	int err;

	resmgr_might_sleep();
	mmap_assert_write_locked(vma->vm_mm);
	if (!S_ISREG(inode->i_mode))
		return -ENODEV;
	if (vma->vm_flags & VM_READ)
		prot |= PROT_READ;
	if (vma->vm_flags & VM_EXEC)
		prot |= PROT_EXEC;
	if (shared_write)
		prot |= PROT_WRITE;
	err = resmgr_mmap(b, prot);
	if (err)
		return err;

	new = kzalloc(sizeof(*new), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	new->b = b;
	new->write = file->f_mode & FMODE_WRITE;
	down_write(&ri->map_sem);
	list_for_each_entry(m, &ri->maps, node) {
		if (m->b == b) {
			kfree(new);
			new = NULL;
			break;
		}
	}
	if (new)
		list_add_tail(&new->node, &ri->maps);
	up_write(&ri->map_sem);

	file_accessed(file);
	vma->vm_ops = &resmgrfs_vm_ops;
	return 0;
}

/**
 * resmgrfs_map_release() - a file that may have mapped @inode closes
 * @inode: the inode
 * @b: the file's binding
 *
 * Writes back what its mappings dirtied (through it, if it is the only
 * mapper left) and forgets it.
 *
 * Context: process context, before @b is released.
 */
void resmgrfs_map_release(struct inode *inode, struct resmgr_binding *b)
{
	struct resmgrfs_inode *ri = RESMGRFS_I(inode);
	struct resmgrfs_map *m, *found = NULL;

	resmgr_might_sleep();
	if (!S_ISREG(inode->i_mode) || list_empty_careful(&ri->maps))
		return;
	filemap_write_and_wait(inode->i_mapping);
	down_write(&ri->map_sem);
	list_for_each_entry(m, &ri->maps, node) {
		if (m->b == b) {
			found = m;
			list_del(&m->node);
			break;
		}
	}
	up_write(&ri->map_sem);
	kfree(found);
}

/**
 * resmgrfs_cache_before_io() - make the manager see what mappings wrote
 * @inode: the inode of a read, write, truncate or sync about to go to
 *	the manager
 *
 * Return: 0 or the writeback's error.
 * Context: process context.
 */
int resmgrfs_cache_before_io(struct inode *inode)
{
	resmgr_might_sleep();
	if (!inode->i_mapping->nrpages)
		return 0;
	return filemap_write_and_wait(inode->i_mapping);
}

/**
 * resmgrfs_cache_after_write() - make mappings see what a write changed
 * @inode: the inode
 * @b: the file that wrote, to ask the new size
 *
 * Context: process context.
 */
void resmgrfs_cache_after_write(struct inode *inode, struct resmgr_binding *b)
{
	struct stat st;

	resmgr_might_sleep();
	if (!inode->i_mapping->nrpages && !mapping_mapped(inode->i_mapping))
		return;
	invalidate_inode_pages2(inode->i_mapping);
	if (!resmgr_stat(b, &st))
		i_size_write(inode, st.st_size);
}
