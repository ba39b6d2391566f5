// SPDX-License-Identifier: GPL-2.0
/*
 * Test fixture for resmgrfs: three small directory managers with fixed
 * contents, so that the selftests can check resolution, the walk on to later managers,
 * OPAQUE, union readdir and detach while a directory is open.
 *
 *   /fst	 DIR		t1, sub/, sub/t2, op/hidden, pl/seen
 *   /fst/op	 DIR|OPAQUE	o1		(op/hidden must stay hidden)
 *   /fst/pl	 DIR		p1		(pl/seen is /fst's)
 *   /		 DIR|FTYPEONLY	q1		(_FTYPE_MQUEUE, at "/" as QNX
 *					 puts typed managers: no plain open
 *					 reaches it)
 *
 * Files read back "<manager>:<path>\n". Writing "detach NAME" or
 * "attach NAME" (NAME: top, op, pl, liar) to /dev/rmtest/fsctl detaches
 * or attaches that manager; a detach closes its open files.
 *
 *   /fsliar	 DIR		l1		(attached on demand: its
 *					 directory reads claim 512 bytes
 *					 more than they write)
 *   /fscache	 DIR		c1, cd/, cd/c2	(RESMGR_FLAG_CACHEABLE)
 *   /fsquiet	 DIR		s1		(not cacheable)
 *
 * For resmgrfs's caches: "mode NAME" toggles the mode of NAME's first
 * node (0444 <-> 0640) from inside the manager, with
 * resmgr_notify_change() when NAME is cacheable; reading the control
 * file gives "cache=N quiet=N": the open messages each has had.
 */
struct fsfix_mgr;
#define RESMGR_HANDLE_T	struct fsfix_mgr
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <resmgr/dirent.h>
#include <linux/fcntl.h>
#include <linux/module.h>
#include <resmgr/version.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <resmgr/ns.h>

#define FSFIX_MAX_NODES	6

struct fsfix_node {
	iofunc_attr_t	attr;
	const char	*path;
};

struct fsfix_mgr {
	const char		*name;
	const char		*mountpoint;
	int			ftype;
	unsigned int		flags;
	const char		*paths[FSFIX_MAX_NODES];	/* "d/" marks a directory */
	struct fsfix_node	nodes[FSFIX_MAX_NODES];
	iofunc_attr_t		root;
	int			id;
	bool			attached;
	bool			on_demand;	/* not attached at load */
	bool			lies;		/* dir reads claim more than written */
	bool			cacheable;	/* RESMGR_FLAG_CACHEABLE */
	atomic_t		opens;		/* open messages had */
};

static struct fsfix_mgr fsfix_mgrs[] = {
	{ .name = "top", .mountpoint = "/fst", .flags = _RESMGR_FLAG_DIR,
	  .paths = { "t1", "sub/", "sub/t2", "op/hidden", "pl/seen" } },
	{ .name = "op", .mountpoint = "/fst/op",
	  .flags = _RESMGR_FLAG_DIR | _RESMGR_FLAG_OPAQUE, .paths = { "o1" } },
	{ .name = "pl", .mountpoint = "/fst/pl", .flags = _RESMGR_FLAG_DIR,
	  .paths = { "p1" } },
	{ .name = "typed", .mountpoint = NULL, .ftype = _FTYPE_MQUEUE,
	  .flags = _RESMGR_FLAG_DIR | _RESMGR_FLAG_FTYPEONLY, .paths = { "q1" } },
	{ .name = "liar", .mountpoint = "/fsliar", .flags = _RESMGR_FLAG_DIR,
	  .paths = { "l1" }, .on_demand = true, .lies = true },
	{ .name = "cache", .mountpoint = "/fscache", .flags = _RESMGR_FLAG_DIR,
	  .paths = { "c1", "cd/", "cd/c2" }, .cacheable = true },
	{ .name = "quiet", .mountpoint = "/fsquiet", .flags = _RESMGR_FLAG_DIR,
	  .paths = { "s1" } },
};

static dispatch_t *dpp;
static DEFINE_MUTEX(fsfix_lock);	/* attach and detach */
static resmgr_connect_funcs_t fsfix_connect;
static resmgr_io_funcs_t fsfix_io;
static iofunc_attr_t ctl_attr;
static resmgr_connect_funcs_t ctl_connect;
static resmgr_io_funcs_t ctl_io;
static int ctl_id;

/* The path a node has, without the "/" that marks a directory. */
static bool fsfix_match(const char *node, const char *path)
{
	size_t n = strlen(node);

	if (node[n - 1] == '/')
		n--;
	return strlen(path) == n && !strncmp(node, path, n);
}

static int fsfix_open(resmgr_context_t *ctp, io_open_t *msg,
		      struct fsfix_mgr *m, void *extra)
{
	const char *path = msg->connect.path;
	iofunc_attr_t *attr = NULL;
	int i;

	atomic_inc(&m->opens);
	if (!*path) {
		attr = &m->root;
	} else {
		for (i = 0; i < FSFIX_MAX_NODES && m->paths[i]; i++)
			if (fsfix_match(m->paths[i], path))
				attr = &m->nodes[i].attr;
	}
	if (!attr)
		return ENOENT;
	if ((msg->connect.ioflag & O_CREAT) && (msg->connect.ioflag & O_EXCL))
		return EEXIST;
	return iofunc_open_default(ctp, msg, attr, extra);
}

/* The directory path (no trailing '/') of a directory attr. */
static const char *fsfix_dir_path(struct fsfix_mgr *m, iofunc_attr_t *attr,
				  size_t *len)
{
	int i;

	if (attr == &m->root) {
		*len = 0;
		return "";
	}
	for (i = 0; i < FSFIX_MAX_NODES; i++)
		if (attr == &m->nodes[i].attr) {
			*len = strlen(m->paths[i]) - 1;
			return m->paths[i];
		}
	*len = 0;
	return "";
}

static struct fsfix_mgr *fsfix_mgr_of(iofunc_attr_t *attr)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(fsfix_mgrs); i++)
		if (attr == &fsfix_mgrs[i].root ||
		    (attr >= &fsfix_mgrs[i].nodes[0].attr &&
		     (void *)attr < (void *)&fsfix_mgrs[i].nodes[FSFIX_MAX_NODES]))
			return &fsfix_mgrs[i];
	return NULL;
}

/* A directory: the entries directly below it, ocb->offset counting them. */
static int fsfix_read_dir(resmgr_context_t *ctp, io_read_t *msg,
			  iofunc_ocb_t *ocb)
{
	struct fsfix_mgr *m = fsfix_mgr_of(ocb->attr);
	char buf[256] = {};
	size_t dlen, used = 0;
	const char *dir = fsfix_dir_path(m, ocb->attr, &dlen);
	int i, index = 0;

	for (i = 0; i < FSFIX_MAX_NODES && m->paths[i]; i++) {
		const char *p = m->paths[i], *name, *end;
		struct dirent *d = (struct dirent *)(buf + used);
		size_t len, reclen;

		if (dlen && (strncmp(p, dir, dlen) || p[dlen] != '/'))
			continue;
		name = dlen ? p + dlen + 1 : p;
		end = strchr(name, '/');
		len = end ? end - name : strlen(name);
		/* Only direct children; "x/" itself counts, "x/y" does not. */
		if (!len || (end && end[1]))
			continue;
		if (index++ < ocb->offset)
			continue;
		reclen = RESMGR_DIRENT_RECLEN(len);
		if (used + reclen > min_t(size_t, msg->i.nbytes, sizeof(buf)))
			break;
		d->d_ino = m->nodes[i].attr.inode;
		d->d_offset = index;
		d->d_reclen = reclen;
		d->d_namelen = len;
		memcpy(d->d_name, name, len);
		used += reclen;
		ocb->offset++;
	}
	/* A liar's status says 512 bytes more than it writes. */
	_IO_SET_READ_NBYTES(ctp, used && m->lies ? used + 512 : used);
	return used ? (int)resmgr_msgwrite(ctp, buf, used, 0) < 0 ? EFAULT : EOK : EOK;
}

/* Reply the part of @text at the OCB's offset, and move the offset on. */
static int fsfix_reply_text(resmgr_context_t *ctp, io_read_t *msg,
			    iofunc_ocb_t *ocb, const char *text, size_t len)
{
	size_t n = ocb->offset < len ? min_t(size_t, len - ocb->offset, msg->i.nbytes) : 0;

	if (n && resmgr_msgwrite(ctp, text + ocb->offset, n, 0) < 0)
		return EFAULT;
	ocb->offset += n;
	_IO_SET_READ_NBYTES(ctp, n);
	return EOK;
}

static int fsfix_read(resmgr_context_t *ctp, io_read_t *msg, iofunc_ocb_t *ocb)
{
	struct fsfix_mgr *m = fsfix_mgr_of(ocb->attr);
	struct fsfix_node *node;
	char text[80];
	size_t len;
	int st;

	st = iofunc_read_verify(ctp, msg, ocb, NULL);
	if (st != EOK)
		return st;
	if (S_ISDIR(ocb->attr->mode))
		return fsfix_read_dir(ctp, msg, ocb);
	node = container_of(ocb->attr, struct fsfix_node, attr);
	len = scnprintf(text, sizeof(text), "%s:%s\n", m->name, node->path);
	return fsfix_reply_text(ctp, msg, ocb, text, len);
}

static int fsfix_attach(struct fsfix_mgr *m)
{
	resmgr_attr_t rattr = {
		.flags = m->cacheable ? RESMGR_FLAG_CACHEABLE : 0,
	};

	if (m->attached)
		return EEXIST;
	m->id = resmgr_attach(dpp, &rattr, m->mountpoint, m->ftype, m->flags,
			      &fsfix_connect, &fsfix_io, m);
	if (m->id < 0)
		return -m->id;
	m->attached = true;
	return EOK;
}

static int fsfix_detach(struct fsfix_mgr *m)
{
	if (!m->attached)
		return ENOENT;
	resmgr_detach(dpp, m->id, _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE);
	m->attached = false;
	return EOK;
}

/* The manager itself changes a node: what a device's own state does. */
static int fsfix_mode(struct fsfix_mgr *m)
{
	iofunc_attr_t *attr = &m->nodes[0].attr;

	iofunc_attr_lock(attr);
	attr->mode = (attr->mode & S_IFMT) |
		     ((attr->mode & 07777) == 0444 ? 0640 : 0444);
	attr->flags |= IOFUNC_ATTR_CTIME | IOFUNC_ATTR_DIRTY_MODE;
	iofunc_attr_unlock(attr);
	if (m->cacheable)
		resmgr_notify_change(RESMGR_CHANGE_ATTRS);
	return EOK;
}

static struct fsfix_mgr *fsfix_by_name(const char *name)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(fsfix_mgrs); i++)
		if (!strcmp(fsfix_mgrs[i].name, name))
			return &fsfix_mgrs[i];
	return NULL;
}

static int ctl_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	char text[64];
	size_t len;
	int st;

	st = iofunc_read_verify(ctp, msg, ocb, NULL);
	if (st != EOK)
		return st;
	len = scnprintf(text, sizeof(text), "cache=%d quiet=%d\n",
			atomic_read(&fsfix_by_name("cache")->opens),
			atomic_read(&fsfix_by_name("quiet")->opens));
	return fsfix_reply_text(ctp, msg, ocb, text, len);
}

static int ctl_write(resmgr_context_t *ctp, io_write_t *msg, RESMGR_OCB_T *ocb)
{
	char cmd[40], verb[16], name[16];
	ssize_t got;
	int st = EINVAL, i;

	st = iofunc_write_verify(ctp, msg, ocb, NULL);
	if (st != EOK)
		return st;
	got = resmgr_msgread(ctp, cmd, min_t(size_t, msg->i.nbytes, sizeof(cmd) - 1),
			     sizeof(msg->i));
	if (got < 0)
		return EFAULT;
	cmd[got] = '\0';
	if (sscanf(cmd, "%15s %15s", verb, name) != 2)
		return EINVAL;
	st = ENOENT;
	mutex_lock(&fsfix_lock);
	for (i = 0; i < ARRAY_SIZE(fsfix_mgrs); i++) {
		if (strcmp(fsfix_mgrs[i].name, name))
			continue;
		if (!strcmp(verb, "attach"))
			st = fsfix_attach(&fsfix_mgrs[i]);
		else if (!strcmp(verb, "detach"))
			st = fsfix_detach(&fsfix_mgrs[i]);
		else if (!strcmp(verb, "mode"))
			st = fsfix_mode(&fsfix_mgrs[i]);
		else
			st = EINVAL;
	}
	mutex_unlock(&fsfix_lock);
	if (st != EOK)
		return st;
	_IO_SET_WRITE_NBYTES(ctp, msg->i.nbytes);
	return EOK;
}

static void fsfix_setup(struct fsfix_mgr *m, int base)
{
	int i;

	iofunc_attr_init(&m->root, S_IFDIR | 0555, NULL, NULL);
	m->root.inode = base;
	for (i = 0; i < FSFIX_MAX_NODES && m->paths[i]; i++) {
		const char *p = m->paths[i];
		bool dir = p[strlen(p) - 1] == '/';

		iofunc_attr_init(&m->nodes[i].attr, (dir ? S_IFDIR | 0555 : S_IFREG | 0444),
				 NULL, NULL);
		m->nodes[i].attr.inode = base + 1 + i;
		m->nodes[i].attr.nbytes = dir ? 0 : strlen(m->name) + strlen(p) + 2;
		m->nodes[i].path = p;
	}
}

static int __init fs_fixture_init(void)
{
	int i, err;

	dpp = dispatch_create();
	if (!dpp)
		return -ENOMEM;
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &fsfix_connect,
			 _RESMGR_IO_NFUNCS, &fsfix_io);
	fsfix_connect.open = fsfix_open;
	fsfix_io.read = fsfix_read;
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &ctl_connect,
			 _RESMGR_IO_NFUNCS, &ctl_io);
	ctl_io.write = ctl_write;
	ctl_io.read = ctl_read;
	iofunc_attr_init(&ctl_attr, S_IFNAM | 0600, NULL, NULL);
	for (i = 0; i < ARRAY_SIZE(fsfix_mgrs); i++) {
		fsfix_setup(&fsfix_mgrs[i], 100 * (i + 1));
		if (fsfix_mgrs[i].on_demand)
			continue;
		err = fsfix_attach(&fsfix_mgrs[i]);
		if (err) {
			err = -err;
			goto err_detach;
		}
	}
	ctl_id = resmgr_attach(dpp, NULL, "/dev/rmtest/fsctl", _FTYPE_ANY, 0,
			       (resmgr_connect_funcs_t *)&ctl_connect, &ctl_io,
			       (void *)&ctl_attr);
	if (ctl_id < 0) {
		err = ctl_id;
		goto err_detach;
	}
	return 0;

err_detach:
	for (i = 0; i < ARRAY_SIZE(fsfix_mgrs); i++)
		fsfix_detach(&fsfix_mgrs[i]);
	dispatch_destroy(dpp);
	return err;
}

static void __exit fs_fixture_exit(void)
{
	int i;

	resmgr_detach(dpp, ctl_id, _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE);
	mutex_lock(&fsfix_lock);
	for (i = 0; i < ARRAY_SIZE(fsfix_mgrs); i++)
		fsfix_detach(&fsfix_mgrs[i]);
	mutex_unlock(&fsfix_lock);
	dispatch_destroy(dpp);
}

module_init(fs_fixture_init);
module_exit(fs_fixture_exit);

MODULE_DESCRIPTION("resmgr selftest fixture: directory managers for resmgrfs");
MODULE_LICENSE("GPL");
MODULE_AUTHOR(RESMGR_AUTHOR);
MODULE_VERSION(RESMGR_VERSION);
