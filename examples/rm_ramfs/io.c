// SPDX-License-Identifier: GPL-2.0
/*
 * rm_ramfs: I/O on open files. Regular files keep their data in pages
 * (holes read as zeros); a directory's read replies struct dirent
 * records, ocb->offset being the cookie of the next entry (lseek to 0
 * rewinds); a symlink's target is read by readlink (connect.c).
 * Every handler runs under lock_ocb, the instance lock. statvfs() reaches
 * devctl as DCMD_FSYS_STATVFS.
 */
#include <linux/highmem.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <sys/dcmd_blk.h>
#include "ramfs.h"

/**
 * ramfs_resize() - set a regular file's size, freeing pages past it
 * @node: the file
 * @size: the new size
 *
 * Growing charges nothing: pages come with writes (holes are zeros).
 *
 * Return: EOK or EFBIG.
 */
int ramfs_resize(struct ramfs_node *node, u64 size)
{
	unsigned long first = DIV_ROUND_UP(size, PAGE_SIZE), index;
	struct page *page;

	if (size > MAX_LFS_FILESIZE)
		return EFBIG;
	xa_for_each_start(&node->pages, index, page, first) {
		xa_erase(&node->pages, index);
		__free_page(page);
		ramfs_uncharge(node->fs, PAGE_SIZE);
	}
	/* The part of the last page past the end must read as zeros later. */
	if (size % PAGE_SIZE) {
		page = xa_load(&node->pages, size / PAGE_SIZE);
		if (page)
			memzero_page(page, size % PAGE_SIZE,
				     PAGE_SIZE - size % PAGE_SIZE);
	}
	node->attr.nbytes = size;
	node->attr.flags |= IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME |
			    IOFUNC_ATTR_DIRTY_SIZE;
	return EOK;
}

/* The page at @index of a file, made (zeroed and charged) when missing. */
static int ramfs_get_page(struct ramfs_node *node, unsigned long index,
			  struct page **out)
{
	struct page *page = xa_load(&node->pages, index);
	int st;

	if (page)
		goto out;
	st = ramfs_charge(node->fs, PAGE_SIZE);
	if (st != EOK)
		return st;
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!page)
		goto err_uncharge;
	if (xa_is_err(xa_store(&node->pages, index, page, GFP_KERNEL)))
		goto err_free;
out:
	*out = page;
	return EOK;

err_free:
	__free_page(page);
err_uncharge:
	ramfs_uncharge(node->fs, PAGE_SIZE);
	return ENOMEM;
}

/**
 * ramfs_fill() - give a new, empty regular file its contents
 * @node: the file
 * @buf: the bytes
 * @len: how many
 *
 * Return: EOK, ENOSPC or ENOMEM.
 */
int ramfs_fill(struct ramfs_node *node, const void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		size_t n = min_t(size_t, PAGE_SIZE, len - done);
		struct page *page;
		int st;

		st = ramfs_get_page(node, done / PAGE_SIZE, &page);
		if (st != EOK)
			return st;
		memcpy_to_page(page, 0, buf + done, n);
		done += n;
		node->attr.nbytes = done;
	}
	return EOK;
}

/* Reply a directory's entries from cookie ocb->offset on. */
static int ramfs_read_dir(resmgr_context_t *ctp, io_read_t *msg,
			  iofunc_ocb_t *ocb)
{
	struct ramfs_node *dir = ocb->attr;
	size_t room = min_t(size_t, msg->i.nbytes, PAGE_SIZE), used = 0;
	struct ramfs_dirent *de;
	bool more = false;
	char *buf;
	ssize_t n;

	buf = kzalloc(room, GFP_KERNEL);
	if (!buf)
		return ENOMEM;
	list_for_each_entry(de, &dir->children, sibling) {
		size_t reclen = RESMGR_DIRENT_RECLEN(de->len);
		struct dirent *d = (struct dirent *)(buf + used);

		if (de->cookie < ocb->offset)
			continue;
		if (used + reclen > room) {
			more = true;
			break;
		}
		d->d_ino = de->node->attr.inode;
		d->d_offset = de->cookie;
		d->d_reclen = reclen;
		d->d_namelen = de->len;
		memcpy(d->d_name, de->name, de->len + 1);
		used += reclen;
		ocb->offset = de->cookie + 1;
	}
	if (!used && more)
		n = -EINVAL;	/* a name longer than the buffer */
	else
		n = used ? resmgr_msgwrite(ctp, buf, used, 0) : 0;
	kfree(buf);
	if (n < 0)
		return -n;
	ocb->attr->attr.flags |= IOFUNC_ATTR_ATIME;
	_IO_SET_READ_NBYTES(ctp, n);
	return EOK;
}

static int ramfs_read(resmgr_context_t *ctp, io_read_t *msg, iofunc_ocb_t *ocb)
{
	struct ramfs_node *node = ocb->attr;
	bool has_pos = (msg->i.xtype & _IO_XTYPE_MASK) == _IO_XTYPE_OFFSET;
	u64 pos = ocb->offset, size = node->attr.nbytes, done = 0, count;
	int st;

	st = iofunc_read_verify(ctp, msg, ocb, NULL);
	if (st != EOK)
		return st;
	if (S_ISDIR(node->attr.mode))
		return ramfs_read_dir(ctp, msg, ocb);
	if (has_pos) {
		struct _xtype_offset off;

		if (resmgr_msgread(ctp, &off, sizeof(off), sizeof(msg->i)) != sizeof(off))
			return EINVAL;
		if (off.offset < 0)
			return EINVAL;
		pos = off.offset;
	} else if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE) {
		return ENOSYS;
	}
	if (!S_ISREG(node->attr.mode))
		return EINVAL;
	count = pos < size ? min_t(u64, size - pos, msg->i.nbytes) : 0;
	while (done < count) {
		u64 at = pos + done;
		size_t off = at % PAGE_SIZE;
		size_t n = min_t(u64, PAGE_SIZE - off, count - done);
		struct page *page = xa_load(&node->pages, at / PAGE_SIZE);
		ssize_t w;

		if (page) {
			void *k = kmap_local_page(page);

			w = resmgr_msgwrite(ctp, k + off, n, done);
			kunmap_local(k);
		} else {
			w = resmgr_msgwrite(ctp, page_address(ZERO_PAGE(0)), n, done);
		}
		if (w < 0)
			return -w;
		if (w < n)
			break;
		done += n;
	}
	if (!has_pos)
		ocb->offset = pos + done;
	node->attr.flags |= IOFUNC_ATTR_ATIME;
	_IO_SET_READ_NBYTES(ctp, done);
	return EOK;
}

static int ramfs_write(resmgr_context_t *ctp, io_write_t *msg, iofunc_ocb_t *ocb)
{
	struct ramfs_node *node = ocb->attr;
	bool has_pos = (msg->i.xtype & _IO_XTYPE_MASK) == _IO_XTYPE_OFFSET;
	size_t hdr = sizeof(msg->i);
	u64 pos, done = 0, count = msg->i.nbytes;
	int st;

	st = iofunc_write_verify(ctp, msg, ocb, NULL);
	if (st != EOK)
		return st;
	if (!S_ISREG(node->attr.mode))
		return EINVAL;
	pos = ocb->offset;	/* O_APPEND: write_verify moved it to the end */
	if (has_pos) {
		struct _xtype_offset off;

		if (resmgr_msgread(ctp, &off, sizeof(off), hdr) != sizeof(off))
			return EINVAL;
		if (off.offset < 0)
			return EINVAL;
		pos = off.offset;
		hdr += sizeof(off);
	} else if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE) {
		return ENOSYS;
	}
	if (pos > MAX_LFS_FILESIZE || count > MAX_LFS_FILESIZE - pos)
		return EFBIG;
	while (done < count) {
		u64 at = pos + done;
		size_t off = at % PAGE_SIZE;
		size_t n = min_t(u64, PAGE_SIZE - off, count - done);
		struct page *page;
		ssize_t r;
		void *k;

		st = ramfs_get_page(node, at / PAGE_SIZE, &page);
		if (st != EOK)
			break;
		k = kmap_local_page(page);
		r = resmgr_msgread(ctp, k + off, n, hdr + done);
		kunmap_local(k);
		if (r < 0) {
			st = -r;
			break;
		}
		done += r;
		if (r < n)
			break;
	}
	/* Some bytes written: report them; the error comes with the next write. */
	if (!done && st != EOK)
		return st;
	if (pos + done > node->attr.nbytes)
		node->attr.nbytes = pos + done;
	if (!has_pos)
		ocb->offset = pos + done;
	if (done)
		node->attr.flags |= IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME |
				    IOFUNC_ATTR_DIRTY_SIZE;
	_IO_SET_WRITE_NBYTES(ctp, done);
	return EOK;
}

/* F_ALLOCSP: the pages of [start, end) made now, so later writes find room. */
static int ramfs_allocate(struct ramfs_node *node, u64 start, u64 end)
{
	unsigned long index;
	struct page *page;
	int st;

	if (end > MAX_LFS_FILESIZE)
		return EFBIG;
	for (index = start / PAGE_SIZE; index < DIV_ROUND_UP(end, PAGE_SIZE); index++) {
		st = ramfs_get_page(node, index, &page);
		if (st != EOK)
			goto err_free_past_end;
		cond_resched();
	}
	if (end > node->attr.nbytes) {
		node->attr.nbytes = end;
		node->attr.flags |= IOFUNC_ATTR_DIRTY_SIZE;
	}
	node->attr.flags |= IOFUNC_ATTR_CTIME;
	return EOK;

err_free_past_end:
	/* Holes filled below the end stay (they read as zeros all the same). */
	xa_for_each_start(&node->pages, index, page, DIV_ROUND_UP(node->attr.nbytes, PAGE_SIZE)) {
		xa_erase(&node->pages, index);
		__free_page(page);
		ramfs_uncharge(node->fs, PAGE_SIZE);
	}
	return st;
}

/* F_FREESP of a range: its bytes read as zeros; whole pages go; the size stays. */
static void ramfs_punch(struct ramfs_node *node, u64 start, u64 end)
{
	unsigned long index;
	struct page *page;

	end = min_t(u64, end, node->attr.nbytes);
	while (start < end) {
		size_t off = start % PAGE_SIZE;
		size_t n = min_t(u64, PAGE_SIZE - off, end - start);

		index = start / PAGE_SIZE;
		page = xa_load(&node->pages, index);
		if (page && n == PAGE_SIZE) {
			xa_erase(&node->pages, index);
			__free_page(page);
			ramfs_uncharge(node->fs, PAGE_SIZE);
		} else if (page) {
			memzero_page(page, off, n);
		}
		start += n;
		cond_resched();
	}
	node->attr.flags |= IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME;
}

static int ramfs_space(resmgr_context_t *ctp, io_space_t *msg, iofunc_ocb_t *ocb)
{
	struct ramfs_node *node = ocb->attr;
	u64 start, len;
	int st;

	st = iofunc_space_verify(ctp, msg, ocb, NULL);
	if (st != EOK)
		return st;
	if (!S_ISREG(node->attr.mode))
		return EINVAL;
	start = msg->i.start;
	len = msg->i.len;
	if (len > MAX_LFS_FILESIZE || start > MAX_LFS_FILESIZE - len)
		return EFBIG;
	switch (msg->i.subtype) {
	case F_FREESP:
		if (len)
			ramfs_punch(node, start, start + len);
		else
			st = ramfs_resize(node, start);
		break;
	case F_ALLOCSP:
		st = ramfs_allocate(node, start, start + len);
		break;
	default:
		return EINVAL;
	}
	iofunc_time_update(node);
	if (st != EOK)
		return st;
	msg->o = node->attr.nbytes;
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o));
}

/* The last close of an unlinked file frees it. */
static int ramfs_close_ocb(resmgr_context_t *ctp, void *reserved,
			   iofunc_ocb_t *ocb)
{
	struct ramfs_node *node = ocb->attr;
	struct ramfs *fs = node->fs;

	ramfs_lock(fs);
	iofunc_close_ocb_default(ctp, reserved, ocb);
	ramfs_node_put(node);
	ramfs_unlock(fs);
	return EOK;
}

/* DCMD_FSYS_STATVFS: the memory limit and what is charged against it. */
static int ramfs_devctl(resmgr_context_t *ctp, io_devctl_t *msg, iofunc_ocb_t *ocb)
{
	struct ramfs *fs = ocb->attr->fs;
	struct statvfs *st = _DEVCTL_DATA(msg->o);
	int ret;

	ret = iofunc_devctl_default(ctp, msg, ocb);
	if (ret != _RESMGR_DEFAULT)
		return ret;
	if (msg->i.dcmd != DCMD_FSYS_STATVFS)
		return ENOSYS;
	memset(st, 0, sizeof(*st));
	st->f_bsize = PAGE_SIZE;
	st->f_frsize = PAGE_SIZE;
	st->f_blocks = fs->max / PAGE_SIZE;
	st->f_bfree = (fs->max - fs->used) / PAGE_SIZE;
	st->f_bavail = st->f_bfree;
	/* Every node costs its struct: that bounds the file count. */
	st->f_files = fs->max / sizeof(struct ramfs_node);
	st->f_ffree = (fs->max - fs->used) / sizeof(struct ramfs_node);
	st->f_favail = st->f_ffree;
	strscpy(st->f_basetype, "rm_ramfs", sizeof(st->f_basetype));
	st->f_flag = (fs->mount.flags & _MOUNT_READONLY) ? ST_RDONLY : 0;
	st->f_namemax = NAME_MAX;
	memset(&msg->o, 0, sizeof(msg->o));
	msg->o.nbytes = sizeof(*st);
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o) + sizeof(*st));
}

void ramfs_io_init(resmgr_io_funcs_t *io)
{
	io->devctl = ramfs_devctl;
	io->read = ramfs_read;
	io->write = ramfs_write;
	io->space = ramfs_space;
	io->close_ocb = ramfs_close_ocb;
}
