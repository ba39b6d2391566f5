// SPDX-License-Identifier: GPL-2.0
/*
 * resmgrfs open files and directories.
 *
 * A file opened through resmgrfs is the same resmgr file a /dev node
 * gives: one binding, the shared file operations (file.c).
 *
 * A directory is QNX's union directory: opendir() opens the path on
 * every manager that accepts it (in resolution order), and readdir()
 * reads each one's records (io_read on the directory OCB, struct dirent
 * of <resmgr/dirent.h>) in turn, then the names of mountpoints attached
 * below the path. When more than one source is involved each name is
 * given once, the first source winning, as QNX's readdir() filters.
 */
#include <linux/hashtable.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/stringhash.h>
#include <linux/uio.h>
#include <linux/falloc.h>
#include <resmgr/dirent.h>
#include "internal.h"

/* Managers a union directory reads from at most. */
#define RESMGRFS_DIR_MAX	16

/**
 * resmgrfs_open_bound() - finish an open whose binding is already made
 * @inode: the inode
 * @file: the file; ->private_data holds the binding
 *
 * Return: 0.
 * Context: process context (finish_open() of an atomic open).
 */
int resmgrfs_open_bound(struct inode *inode, struct file *file)
{
	struct resmgr_binding *b = file->private_data;

	resmgr_might_sleep();
	resmgr_file_bind(file, b);
	resmgrfs_bind_inode(inode, b);
	/*
	 * resmgrfs caches no file data: every read and write goes to the
	 * manager, which is what O_DIRECT asks for.
	 */
	file->f_mode |= FMODE_CAN_ODIRECT;
	return 0;
}

static int resmgrfs_file_open(struct inode *inode, struct file *file)
{
	struct resmgr_binding *b;
	char *buf, *path;
	int err;

	path = resmgrfs_path(file->f_path.dentry, &buf);
	if (IS_ERR(path))
		return PTR_ERR(path);
	err = resmgr_open(path, file->f_flags, &b);
	resmgrfs_path_free(buf);
	if (err)
		return err;
	file->private_data = b;
	return resmgrfs_open_bound(inode, file);
}

static int resmgrfs_file_release(struct inode *inode, struct file *file)
{
	resmgrfs_map_release(inode, file->private_data);
	resmgrfs_unbind_inode(inode, file->private_data);
	return resmgr_file_release(inode, file);
}

/* read() and write() go to the manager; the cache of mappings agrees around them. */
static ssize_t resmgrfs_file_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	int err = resmgrfs_cache_before_io(file_inode(iocb->ki_filp));

	return err ? err : resmgr_file_read_iter(iocb, to);
}

/*
 * Keep i_size with what a write made of the file: the VFS reads it for
 * copy_file_range(), splice and mmap. A write at an offset ends at a
 * known place; a plain write() goes where the manager's offset says
 * (QNX's OCB offset, O_APPEND), so the manager is asked.
 */
static void resmgrfs_size_after_write(struct inode *inode, struct resmgr_binding *b,
				      loff_t end)
{
	struct resmgrfs_inode *ri = RESMGRFS_I(inode);
	struct stat st;

	if (end < 0) {
		if (resmgr_stat(b, &st))
			return;
		end = st.st_size;
		spin_lock(&ri->lock);
		i_size_write(inode, end);
		spin_unlock(&ri->lock);
		return;
	}
	spin_lock(&ri->lock);
	if (end > i_size_read(inode))
		i_size_write(inode, end);
	spin_unlock(&ri->lock);
}

static ssize_t resmgrfs_file_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct inode *inode = file_inode(iocb->ki_filp);
	bool positional = iocb->ki_pos >= 0 && !(iocb->ki_flags & IOCB_APPEND);
	int err = resmgrfs_cache_before_io(inode);
	ssize_t n;

	if (err)
		return err;
	n = resmgr_file_write_iter(iocb, from);
	if (n > 0) {
		resmgrfs_size_after_write(inode, iocb->ki_filp->private_data,
					  positional ? iocb->ki_pos : -1);
		resmgrfs_cache_after_write(inode, iocb->ki_filp->private_data);
	}
	return n;
}

static int resmgrfs_file_fsync(struct file *file, loff_t start, loff_t end,
			       int datasync)
{
	int err = file_write_and_wait_range(file, start, end);

	return err ? err : resmgr_file_fsync(file, start, end, datasync);
}

/*
 * fallocate(): mode 0 is _IO_SPACE F_ALLOCSP (the size grows to cover
 * the range), PUNCH_HOLE|KEEP_SIZE is F_FREESP of the range; other modes
 * have no QNX message and give EOPNOTSUPP, as does a manager without a
 * space handler.
 */
static long resmgrfs_file_fallocate(struct file *file, int mode, loff_t off,
				    loff_t len)
{
	struct resmgr_binding *b = file->private_data;
	unsigned int subtype;
	int err;

	if (mode == 0)
		subtype = F_ALLOCSP64;
	else if (mode == (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE))
		subtype = F_FREESP64;
	else
		return -EOPNOTSUPP;
	err = resmgrfs_cache_before_io(file_inode(file));
	if (err)
		return err;
	err = resmgr_io_space(b, subtype, off, len);
	if (err == -ENOSYS)
		return -EOPNOTSUPP;
	if (!err)
		resmgrfs_cache_after_write(file_inode(file), b);
	return err;
}

/* The shared table (core.h), with the page cache and resmgrfs's open. */
const struct file_operations resmgrfs_file_fops = {
	RESMGR_FILE_OPS_SHARED,
	.open		= resmgrfs_file_open,
	.read_iter	= resmgrfs_file_read_iter,
	.write_iter	= resmgrfs_file_write_iter,
	.mmap		= resmgrfs_file_mmap,
	/* sendfile(), splice() and copy_file_range() through read and write. */
	.splice_read	= RESMGR_SPLICE_READ,
	.splice_write	= iter_file_splice_write,
	.fsync		= resmgrfs_file_fsync,
	.fallocate	= resmgrfs_file_fallocate,
	.release	= resmgrfs_file_release,
};

/* A name already given by this directory stream. */
struct resmgrfs_seen {
	struct hlist_node	node;
	unsigned int		len;
	char			name[];
};

/**
 * struct resmgrfs_dir - an open union directory
 * @lock: serialises readdir on the stream
 * @b: the managers' directory files, in resolution order
 * @nb: how many
 * @cur: the one being read; @nb when done with them
 * @buf: records read from @b[@cur] and not yet given out
 * @len: bytes in @buf
 * @off: the next record in @buf
 * @synth: names of mountpoints below the path, NUL-separated
 * @synth_len: bytes in @synth
 * @synth_off: the next name in @synth
 * @filter: more than one source: give each name once
 * @pos: the stream position (ctx->pos) of the next entry
 * @seen: names given out, when @filter
 */
struct resmgrfs_dir {
	struct mutex		lock;	/* the whole stream */
	struct resmgr_binding	*b[RESMGRFS_DIR_MAX];
	unsigned int		nb;
	unsigned int		cur;
	char			*buf;
	size_t			len;
	size_t			off;
	char			*synth;
	size_t			synth_len;
	size_t			synth_off;
	bool			filter;
	loff_t			pos;
	DECLARE_HASHTABLE(seen, 6);
};

static u32 resmgrfs_name_hash(const char *name, unsigned int len)
{
	return full_name_hash(NULL, name, len);
}

static bool resmgrfs_seen(struct resmgrfs_dir *d, const char *name,
			  unsigned int len)
{
	struct resmgrfs_seen *s;

	hash_for_each_possible(d->seen, s, node, resmgrfs_name_hash(name, len))
		if (s->len == len && !memcmp(s->name, name, len))
			return true;
	return false;
}

static int resmgrfs_see(struct resmgrfs_dir *d, const char *name,
			unsigned int len)
{
	struct resmgrfs_seen *s;

	s = kmalloc(struct_size(s, name, len), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	s->len = len;
	memcpy(s->name, name, len);
	hash_add(d->seen, &s->node, resmgrfs_name_hash(name, len));
	return 0;
}

static void resmgrfs_forget_seen(struct resmgrfs_dir *d)
{
	struct resmgrfs_seen *s;
	struct hlist_node *tmp;
	int bkt;

	hash_for_each_safe(d->seen, bkt, tmp, s, node) {
		hash_del(&s->node);
		kfree(s);
	}
}

/* Collect the names below the path (pathmgr_children() callback). */
struct resmgrfs_synth_ctx {
	char	*buf;
	size_t	len;
	size_t	cap;
};

static int resmgrfs_synth_add(void *arg, const char *name, unsigned int len)
{
	struct resmgrfs_synth_ctx *c = arg;

	if (c->len + len + 1 > c->cap) {
		size_t cap = max_t(size_t, 2 * c->cap, c->len + len + 1 + 256);
		char *more = krealloc(c->buf, cap, GFP_KERNEL);

		if (!more)
			return -ENOMEM;
		c->buf = more;
		c->cap = cap;
	}
	memcpy(c->buf + c->len, name, len);
	c->buf[c->len + len] = '\0';
	c->len += len + 1;
	return 0;
}

/* Back to the start: every manager's file to offset 0, nothing seen. */
static void resmgrfs_dir_rewind(struct resmgrfs_dir *d)
{
	unsigned int i;

	for (i = 0; i < d->nb; i++)
		resmgr_lseek(d->b[i], 0, SEEK_SET);
	d->cur = 0;
	d->len = 0;
	d->off = 0;
	d->synth_off = 0;
	d->pos = 2;
	resmgrfs_forget_seen(d);
}

/* One entry: where it came from, so that taking it can move past it. */
struct resmgrfs_entry {
	const char	*name;
	unsigned int	len;
	u64		ino;
	unsigned int	type;
	size_t		next;	/* @off or @synth_off after this entry */
	bool		synth;
};

/* Read the next records of the current manager; false at its end. */
static bool resmgrfs_dir_fill(struct resmgrfs_dir *d)
{
	struct kvec kv = { .iov_base = d->buf, .iov_len = PAGE_SIZE };
	struct iov_iter iter;
	ssize_t n;

	/*
	 * A read's status is what the manager says, which may be more than
	 * it wrote: what it did not write must read as zeroes (an invalid
	 * record that ends its listing), never as old kernel memory.
	 */
	memset(d->buf, 0, PAGE_SIZE);
	iov_iter_kvec(&iter, ITER_DEST, &kv, 1, PAGE_SIZE);
	n = resmgr_read(d->b[d->cur], &iter, 0, false, false);
	d->off = 0;
	d->len = n > 0 ? n : 0;
	return n > 0;
}

/* The next entry of the stream, or false at its end. Nothing is taken. */
static bool resmgrfs_dir_peek(struct resmgrfs_dir *d, struct resmgrfs_entry *e)
{
	while (d->cur < d->nb) {
		const struct dirent *de;
		size_t reclen, hdr = offsetof(struct dirent, d_name);

		if (d->off >= d->len && !resmgrfs_dir_fill(d)) {
			d->cur++;
			continue;
		}
		de = (const struct dirent *)(d->buf + d->off);
		reclen = d->len - d->off >= hdr ? de->d_reclen : 0;
		if (reclen < hdr + 1 || reclen > d->len - d->off ||
		    de->d_namelen <= 0 || de->d_namelen > reclen - hdr - 1 ||
		    de->d_namelen > NAME_MAX ||
		    memchr(de->d_name, '/', de->d_namelen) ||
		    memchr(de->d_name, '\0', de->d_namelen)) {
			pr_warn_ratelimited("resmgrfs: a bad directory record from %s; skipping the rest of its directory\n",
					    resmgr_binding_mountpoint(d->b[d->cur]));
			d->off = 0;
			d->len = 0;
			d->cur++;
			continue;
		}
		e->name = de->d_name;
		e->len = de->d_namelen;
		e->ino = de->d_ino;
		e->type = DT_UNKNOWN;
		e->next = d->off + reclen;
		e->synth = false;
		return true;
	}
	if (d->synth_off < d->synth_len) {
		e->name = d->synth + d->synth_off;
		e->len = strlen(e->name);
		e->ino = 0;
		e->type = DT_DIR;
		e->next = d->synth_off + e->len + 1;
		e->synth = true;
		return true;
	}
	return false;
}

static void resmgrfs_dir_take(struct resmgrfs_dir *d, const struct resmgrfs_entry *e)
{
	if (e->synth)
		d->synth_off = e->next;
	else
		d->off = e->next;
}

/* Should @e be given, or is it a dot or a name a source before gave? */
static bool resmgrfs_dir_wanted(struct resmgrfs_dir *d, const struct resmgrfs_entry *e)
{
	if (e->name[0] == '.' && (e->len == 1 || (e->len == 2 && e->name[1] == '.')))
		return false;
	return !d->filter || !resmgrfs_seen(d, e->name, e->len);
}

static int resmgrfs_dir_iterate(struct file *file, struct dir_context *ctx)
{
	struct resmgrfs_dir *d = file->private_data;
	struct resmgrfs_entry e;
	int err = 0;

	mutex_lock(&d->lock);
	if (ctx->pos < d->pos)
		resmgrfs_dir_rewind(d);
	if (!dir_emit_dots(file, ctx))
		goto out_unlock;
	while (resmgrfs_dir_peek(d, &e)) {
		if (!resmgrfs_dir_wanted(d, &e)) {
			resmgrfs_dir_take(d, &e);
			continue;
		}
		/* seekdir() forward: skip to the position asked for. */
		if (d->pos < ctx->pos) {
			err = d->filter ? resmgrfs_see(d, e.name, e.len) : 0;
			if (err)
				break;
			resmgrfs_dir_take(d, &e);
			d->pos++;
			continue;
		}
		if (!dir_emit(ctx, e.name, e.len, e.ino ? e.ino : 1, e.type))
			break;
		err = d->filter ? resmgrfs_see(d, e.name, e.len) : 0;
		if (err)
			break;
		resmgrfs_dir_take(d, &e);
		d->pos++;
		ctx->pos++;
	}
out_unlock:
	mutex_unlock(&d->lock);
	return err;
}

static void resmgrfs_dir_free(struct inode *inode, struct resmgrfs_dir *d)
{
	unsigned int i;

	if (d->nb)
		resmgrfs_unbind_inode(inode, d->b[0]);
	for (i = 0; i < d->nb; i++)
		resmgr_release(d->b[i]);
	resmgrfs_forget_seen(d);
	kfree(d->synth);
	kfree(d->buf);
	kfree(d);
}

/* Keep only managers whose file is a directory (QNX: the first must be). */
static void resmgrfs_dir_keep_dirs(struct resmgrfs_dir *d)
{
	unsigned int i, n = 0;
	struct stat st;

	for (i = 0; i < d->nb; i++) {
		if (!resmgr_stat(d->b[i], &st) && !S_ISDIR(st.st_mode)) {
			resmgr_release(d->b[i]);
			continue;
		}
		d->b[n++] = d->b[i];
	}
	d->nb = n;
}

static int resmgrfs_dir_open(struct inode *inode, struct file *file)
{
	struct resmgrfs_synth_ctx sc = {};
	struct resmgr_connect_req req = {
		.subtype = _IO_CONNECT_OPEN,
		.oflag = O_RDONLY | O_DIRECTORY | (file->f_flags & O_NONBLOCK),
		.file_type = _FTYPE_ANY,
		.all = true,
		.max = RESMGRFS_DIR_MAX,
	};
	struct resmgrfs_dir *d;
	char *buf, *path;
	int err, n;

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	mutex_init(&d->lock);
	hash_init(d->seen);
	d->pos = 2;
	d->buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!d->buf) {
		err = -ENOMEM;
		goto err_free;
	}
	path = resmgrfs_path(file->f_path.dentry, &buf);
	if (IS_ERR(path)) {
		err = PTR_ERR(path);
		goto err_free;
	}
	req.path = path;
	req.bindings = d->b;
	err = resmgr_connect(&req);
	d->nb = req.nbound;
	if (err && err != -ENOENT)
		goto err_path;
	resmgrfs_dir_keep_dirs(d);
	n = resmgr_children(path, resmgrfs_synth_add, &sc);
	d->synth = sc.buf;
	d->synth_len = sc.len;
	if (n < 0) {
		err = n;
		goto err_path;
	}
	/* Neither a manager's directory nor one of the pathname space. */
	if (!d->nb && !n && strcmp(path, "/")) {
		err = err ? err : -ENOENT;
		goto err_path;
	}
	resmgrfs_path_free(buf);
	d->filter = d->nb + !!n > 1;
	if (d->nb)
		resmgrfs_bind_inode(inode, d->b[0]);
	file->private_data = d;
	return 0;

err_path:
	resmgrfs_path_free(buf);
err_free:
	resmgrfs_dir_free(inode, d);
	return err;
}

static int resmgrfs_dir_release(struct inode *inode, struct file *file)
{
	resmgrfs_dir_free(inode, file->private_data);
	return 0;
}

static int resmgrfs_dir_fsync(struct file *file, loff_t start, loff_t end,
			      int datasync)
{
	struct resmgrfs_dir *d = file->private_data;

	return d->nb ? resmgr_sync(d->b[0], datasync) : 0;
}

const struct file_operations resmgrfs_dir_fops = {
	.owner		= THIS_MODULE,
	.open		= resmgrfs_dir_open,
	.release	= resmgrfs_dir_release,
	.iterate_shared	= resmgrfs_dir_iterate,
	.llseek		= generic_file_llseek,
	.read		= generic_read_dir,
	.fsync		= resmgrfs_dir_fsync,
};
