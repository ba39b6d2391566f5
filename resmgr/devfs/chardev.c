// SPDX-License-Identifier: GPL-2.0
/*
 * The /dev front end: every discrete mountpoint under /dev/ gets a
 * device node at that path (devtmpfs; a '/' in the rest makes
 * subdirectories). The node appears with the first attachment at the
 * path and goes with the last. Opening it opens the path through the
 * pathname space, so a union at one /dev path works as in QNX.
 *
 * Objects and lifetimes: a struct resmgr_devnode per path. All nodes
 * share one char device region and one cdev; the minor leads to the
 * devnode, which holds the path. Devnodes are found by path (at attach)
 * and by minor (at open); resmgr_devnodes_lock protects both tables and
 * every devnode's @nlinks, @ask, @mode, @uid and @gid. A devnode is
 * refcounted: the table holds one reference, an open in progress and a
 * queued refresh one each. The core tells this room of links through
 * struct resmgr_frontend_ops; each link's devnode is its front-end data.
 *
 * A node's mode and owner are what the path's stat answers, as `ls -l`
 * on QNX shows them: asked at attach (in the attaching thread when the
 * manager delivers directly, else from a work item once a server thread
 * answers; 0600 root:root until then) and again after every chmod or
 * chown a manager answers. A manager that answers no stat gets 0666
 * root:root, and its open handler decides, as QNX leaves it to it.
 */
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/hashtable.h>
#include <linux/idr.h>
#include <linux/kref.h>
#include <linux/module.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/stringhash.h>
#include <linux/workqueue.h>
#include <resmgr/iomsg.h>
#include "../core/core.h"
#include "devfs.h"

/* How many /dev nodes may exist at once. */
#define RESMGR_MINORS		BIT(16)

/* A node's mode before its manager first answers a stat. */
#define RESMGR_DEVNODE_MODE_ASKING	0600
/* A node's mode when its manager answers no stat. */
#define RESMGR_DEVNODE_MODE_OPEN	0666

/**
 * struct resmgr_devnode - one /dev node
 * @ref: the table's reference, one per open in progress, one per queued
 *	refresh
 * @hash: in resmgr_devnodes, by path
 * @path: "/dev/...", its managers' mountpoint as they attached it (normal)
 * @path_len: strlen(@path)
 * @minor: index in the region and in resmgr_minors
 * @nlinks: attachments at @path
 * @dev: the device, or NULL when it has none
 * @taken: it has none because another driver has the name
 * @ask: the next refresh asks the manager for a stat first
 * @mode: node mode
 * @uid: node owner
 * @gid: node group
 * @refresh: asks the manager (if @ask) and sets the devtmpfs node's mode
 *	and owner (on resmgr_devnode_wq)
 * @rcu: frees after lookups by minor are done
 */
struct resmgr_devnode {
	struct kref		ref;
	struct hlist_node	hash;
	char			*path;
	size_t			path_len;
	int			minor;
	unsigned int		nlinks;
	struct device		*dev;
	bool			taken;
	bool			ask;
	umode_t			mode;
	kuid_t			uid;
	kgid_t			gid;
	struct work_struct	refresh;
	struct rcu_head		rcu;
};

static dev_t resmgr_devt;
static struct cdev resmgr_cdev;
/* The tables; each node's @nlinks, @ask, @mode, @uid and @gid. */
static DEFINE_MUTEX(resmgr_devnodes_lock);
static DEFINE_HASHTABLE(resmgr_devnodes, 10);
static DEFINE_IDR(resmgr_minors);
static struct workqueue_struct *resmgr_devnode_wq;

static void resmgr_devnode_free(struct kref *ref)
{
	struct resmgr_devnode *dn = container_of(ref, struct resmgr_devnode, ref);

	kfree(dn->path);
	kfree_rcu(dn, rcu);
}

static char *resmgr_devnode_name(RESMGR_DEVNODE_CONST struct device *dev,
				 umode_t *mode, kuid_t *uid, kgid_t *gid)
{
	struct resmgr_devnode *dn = dev_get_drvdata(dev);

	/* Called by device_add(), under resmgr_devnodes_lock. */
	if (mode)
		*mode = dn->mode;
	if (uid)
		*uid = dn->uid;
	if (gid)
		*gid = dn->gid;
	return NULL;	/* the name, with '!' turned back into '/' */
}

static const struct device_type resmgr_devnode_type = {
	.name = "resmgr",
	.devnode = resmgr_devnode_name,
};

static struct class resmgr_class = {
	.name = "resmgr",
};

static void resmgr_dev_release(struct device *dev)
{
	kfree(dev);
}

/* Is @link served by a node: a discrete mountpoint below /dev/ that a plain open reaches? */
static bool resmgr_devnode_wanted(const struct resmgr_link *link)
{
	const char *path = resmgr_link_path(link);
	unsigned int flags = resmgr_link_flags(link);

	if (strncmp(path, "/dev/", 5) || !path[5])
		return false;
	if (flags & _RESMGR_FLAG_DIR)
		return false;
	return !(flags & _RESMGR_FLAG_FTYPEONLY) || resmgr_link_file_type(link) == _FTYPE_ANY;
}

static struct resmgr_devnode *resmgr_devnode_find(const char *path)
{
	struct resmgr_devnode *dn;
	u32 h = full_name_hash(NULL, path, strlen(path));

	lockdep_assert_held(&resmgr_devnodes_lock);
	hash_for_each_possible(resmgr_devnodes, dn, hash, h)
		if (!strcmp(dn->path, path))
			return dn;
	return NULL;
}

/* Does something other than us already have this name under /dev? */
static bool resmgr_devnode_taken(const char *path)
{
	struct path p;
	bool taken;

	if (kern_path(path, 0, &p))
		return false;
	taken = !S_ISCHR(d_inode(p.dentry)->i_mode) ||
		MAJOR(d_inode(p.dentry)->i_rdev) != MAJOR(resmgr_devt);
	path_put(&p);
	return taken;
}

/*
 * What the path's stat says of mode and owner, with the current
 * thread's credentials; the defaults for a manager that answers none.
 * Never under resmgr_devnodes_lock: the manager's stat handler may ask
 * resmgr_devino(), which takes it.
 */
static void resmgr_devnode_ask(const char *path, umode_t *mode, kuid_t *uid, kgid_t *gid)
{
	struct resmgr_binding *b;
	struct stat st;

	*mode = RESMGR_DEVNODE_MODE_OPEN;
	*uid = GLOBAL_ROOT_UID;
	*gid = GLOBAL_ROOT_GID;
	if (resmgr_combine_open(path, RESMGR_O_NOACCESS, &b, NULL))
		return;
	if (!resmgr_stat(b, &st)) {
		*mode = st.st_mode & 07777;
		*uid = make_kuid(&init_user_ns, st.st_uid);
		*gid = make_kgid(&init_user_ns, st.st_gid);
		if (!uid_valid(*uid))
			*uid = GLOBAL_ROOT_UID;
		if (!gid_valid(*gid))
			*gid = GLOBAL_ROOT_GID;
	}
	resmgr_release(b);
}

/* Give the devtmpfs node @dn's mode and owner, as devtmpfs itself does. */
static void resmgr_devnode_apply(struct resmgr_devnode *dn)
{
	struct iattr ia = { .ia_valid = ATTR_MODE | ATTR_UID | ATTR_GID };
	struct inode *inode;
	struct path p;
	dev_t devt;

	mutex_lock(&resmgr_devnodes_lock);
	devt = dn->dev ? dn->dev->devt : 0;
	ia.ia_mode = S_IFCHR | dn->mode;
	ia.ia_uid = dn->uid;
	ia.ia_gid = dn->gid;
	mutex_unlock(&resmgr_devnodes_lock);
	if (!devt || kern_path(dn->path, 0, &p))
		return;
	inode = d_inode(p.dentry);
	/* Only our own node: /dev may not be devtmpfs in this root. */
	if (S_ISCHR(inode->i_mode) && inode->i_rdev == devt) {
		inode_lock(inode);
		notify_change(RESMGR_NOP_IDMAP, p.dentry, &ia, NULL);
		inode_unlock(inode);
	}
	path_put(&p);
}

static void resmgr_devnode_refresh(struct work_struct *work)
{
	struct resmgr_devnode *dn = container_of(work, struct resmgr_devnode, refresh);
	umode_t mode;
	kuid_t uid;
	kgid_t gid;
	bool ask;

	mutex_lock(&resmgr_devnodes_lock);
	ask = dn->ask && dn->nlinks;
	dn->ask = false;
	mutex_unlock(&resmgr_devnodes_lock);
	if (ask) {
		resmgr_devnode_ask(dn->path, &mode, &uid, &gid);
		mutex_lock(&resmgr_devnodes_lock);
		dn->mode = mode;
		dn->uid = uid;
		dn->gid = gid;
		mutex_unlock(&resmgr_devnodes_lock);
	}
	resmgr_devnode_apply(dn);
	kref_put(&dn->ref, resmgr_devnode_free);
}

/* Ask the manager again from the work item; the caller holds a reference. */
static void resmgr_devnode_queue(struct resmgr_devnode *dn)
{
	mutex_lock(&resmgr_devnodes_lock);
	dn->ask = true;
	mutex_unlock(&resmgr_devnodes_lock);
	kref_get(&dn->ref);
	if (!queue_work(resmgr_devnode_wq, &dn->refresh))
		kref_put(&dn->ref, resmgr_devnode_free);
}

static int resmgr_devnode_create(struct resmgr_devnode *dn)
{
	struct device *dev;
	int err;

	lockdep_assert_held(&resmgr_devnodes_lock);
	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		return -ENOMEM;
	device_initialize(dev);
	dev->devt = MKDEV(MAJOR(resmgr_devt), MINOR(resmgr_devt) + dn->minor);
	dev->class = &resmgr_class;
	dev->type = &resmgr_devnode_type;
	dev->release = resmgr_dev_release;
	dev_set_drvdata(dev, dn);
	/* '/' in a device name becomes '!', and devtmpfs turns it back. */
	err = dev_set_name(dev, "%s", dn->path + 5);
	if (!err)
		err = device_add(dev);
	if (err) {
		put_device(dev);
		return err;
	}
	dn->dev = dev;
	return 0;
}

/*
 * The front end's ->attach: give a new attachment its /dev node, or share
 * the node of earlier attachments at the same path. A name that another
 * driver already has stays without a node, which is logged; the
 * attachment itself stands.
 */
static void resmgr_devnode_attach(struct resmgr_link *link)
{
	const char *path = resmgr_link_path(link);
	bool direct = resmgr_link_direct(link);
	struct resmgr_devnode *dn;
	umode_t mode = RESMGR_DEVNODE_MODE_ASKING;
	kuid_t uid = GLOBAL_ROOT_UID;
	kgid_t gid = GLOBAL_ROOT_GID;
	bool ask = false;
	int err;

	if (!resmgr_devnode_wanted(link))
		return;
	/* A manager that runs in this thread answers now, outside the lock. */
	if (direct)
		resmgr_devnode_ask(path, &mode, &uid, &gid);
	mutex_lock(&resmgr_devnodes_lock);
	dn = resmgr_devnode_find(path);
	if (dn) {
		dn->nlinks++;
		resmgr_link_set_frontend(link, dn);
		goto out_unlock;
	}
	dn = kzalloc(sizeof(*dn), GFP_KERNEL);
	if (!dn)
		goto err_nomem;
	dn->path = kstrdup(path, GFP_KERNEL);
	if (!dn->path)
		goto err_free_dn;
	dn->path_len = strlen(dn->path);
	kref_init(&dn->ref);
	INIT_WORK(&dn->refresh, resmgr_devnode_refresh);
	dn->mode = mode;
	dn->uid = uid;
	dn->gid = gid;
	dn->minor = idr_alloc(&resmgr_minors, dn, 0, RESMGR_MINORS, GFP_KERNEL);
	if (dn->minor < 0) {
		pr_warn("resmgr: %s attached without a device node: no minor left\n", path);
		goto err_free_path;
	}
	if (resmgr_devnode_taken(dn->path)) {
		dn->taken = true;
		pr_info("resmgr: %s attached without a device node: the name is taken by another driver\n",
			dn->path);
	} else {
		err = resmgr_devnode_create(dn);
		if (err)
			pr_warn("resmgr: %s attached without a device node: error %d\n",
				dn->path, err);
		ask = !err && !direct;
	}
	dn->nlinks = 1;
	hash_add(resmgr_devnodes, &dn->hash,
		 full_name_hash(NULL, dn->path, strlen(dn->path)));
	/* Published for the listing, which reads it locklessly. */
	resmgr_link_set_frontend(link, dn);
out_unlock:
	mutex_unlock(&resmgr_devnodes_lock);
	/* Message delivery: a server thread answers when it is there. */
	if (ask)
		resmgr_devnode_queue(dn);
	return;

err_free_path:
	kfree(dn->path);
err_free_dn:
	kfree(dn);
err_nomem:
	mutex_unlock(&resmgr_devnodes_lock);
	pr_warn("resmgr: %s attached without a device node\n", path);
}

/*
 * The front end's ->state, for the listing: "node", "taken" (another
 * driver has the name: the attachment stands without a node), "none" (it
 * got none: out of minors or memory) or "-" (not a discrete /dev name,
 * so none is made). Must not sleep: the listing holds the space lock.
 */
static const char *resmgr_devnode_state(const struct resmgr_link *link)
{
	const struct resmgr_devnode *dn;
	const char *state;

	if (!resmgr_devnode_wanted(link))
		return "-";
	rcu_read_lock();
	/* resmgr_link_frontend() reads with acquire; RCU keeps @dn. */
	dn = resmgr_link_frontend(link);
	state = !dn ? "none" : dn->dev ? "node" : dn->taken ? "taken" : "none";
	rcu_read_unlock();
	return state;
}

/* The front end's ->detach: an attachment left; remove the node after the last. */
static void resmgr_devnode_detach(struct resmgr_link *link)
{
	struct resmgr_devnode *dn = resmgr_link_frontend(link);

	if (!dn)
		return;
	resmgr_link_set_frontend(link, NULL);
	mutex_lock(&resmgr_devnodes_lock);
	if (--dn->nlinks == 0) {
		hash_del(&dn->hash);
		idr_remove(&resmgr_minors, dn->minor);
		if (dn->dev)
			device_unregister(dn->dev);
		dn->dev = NULL;
		kref_put(&dn->ref, resmgr_devnode_free);
	}
	mutex_unlock(&resmgr_devnodes_lock);
}

/*
 * The front end's ->changed: a chmod or chown was answered on @link; the
 * node shows what the path's stat says now. Waits for the answer, so the
 * caller's next stat of the node sees it.
 */
static void resmgr_devnode_changed(struct resmgr_link *link)
{
	struct resmgr_devnode *dn;

	mutex_lock(&resmgr_devnodes_lock);
	dn = resmgr_link_frontend(link);
	if (dn && dn->dev)
		kref_get(&dn->ref);
	else
		dn = NULL;
	mutex_unlock(&resmgr_devnodes_lock);
	if (!dn)
		return;
	resmgr_devnode_queue(dn);
	flush_work(&dn->refresh);
	kref_put(&dn->ref, resmgr_devnode_free);
}

static const struct resmgr_frontend_ops resmgr_devnode_ops = {
	.attach		= resmgr_devnode_attach,
	.detach		= resmgr_devnode_detach,
	.changed	= resmgr_devnode_changed,
	.state		= resmgr_devnode_state,
};

/*
 * A node's open opens its path through the pathname space, then the
 * file becomes a resmgr file like any other (resmgr_file_fops).
 */
static int resmgr_chardev_open(struct inode *inode, struct file *file)
{
	unsigned int minor = iminor(inode) - MINOR(resmgr_devt);
	struct resmgr_binding *b;
	struct resmgr_devnode *dn;
	int err;

	rcu_read_lock();
	dn = idr_find(&resmgr_minors, minor);
	if (dn && !kref_get_unless_zero(&dn->ref))
		dn = NULL;
	rcu_read_unlock();
	if (!dn)
		return -ENXIO;
	err = resmgr_open_normal(dn->path, dn->path_len, file->f_flags, &b);
	kref_put(&dn->ref, resmgr_devnode_free);
	if (err)
		return err;
	/* What fops_get() takes: replace_fops() drops the node table's. */
	__module_get(THIS_MODULE);
	replace_fops(file, &resmgr_file_fops);
	resmgr_file_bind(file, b);
	return 0;
}

static const struct file_operations resmgr_chardev_fops = {
	.owner		= THIS_MODULE,
	.open		= resmgr_chardev_open,
};

/**
 * resmgr_devfs_init() - register the device region, cdev and class, and
 *	the front end's hooks
 *
 * Return: 0 or a negative errno.
 * Context: module init, before any link exists.
 */
int resmgr_devfs_init(void)
{
	int err;

	resmgr_might_sleep();
	resmgr_devnode_wq = alloc_workqueue("resmgr_devfs", WQ_UNBOUND, 0);
	if (!resmgr_devnode_wq)
		return -ENOMEM;
	err = alloc_chrdev_region(&resmgr_devt, 0, RESMGR_MINORS, "resmgr");
	if (err)
		goto err_destroy_wq;
	cdev_init(&resmgr_cdev, &resmgr_chardev_fops);
	resmgr_cdev.owner = THIS_MODULE;
	err = cdev_add(&resmgr_cdev, resmgr_devt, RESMGR_MINORS);
	if (err)
		goto err_unregister_region;
	err = class_register(&resmgr_class);
	if (err)
		goto err_del_cdev;
	err = resmgr_frontend_register(&resmgr_devnode_ops);
	if (err)
		goto err_unregister_class;
	return 0;

err_unregister_class:
	class_unregister(&resmgr_class);
err_del_cdev:
	cdev_del(&resmgr_cdev);
err_unregister_region:
	unregister_chrdev_region(resmgr_devt, RESMGR_MINORS);
err_destroy_wq:
	destroy_workqueue(resmgr_devnode_wq);
	return err;
}

/**
 * resmgr_devino() - the device and inode numbers of an attachment
 * @id: the link id (ctp->id in a handler)
 * @pdevno: its /dev node's device number, or 0 for an attachment without
 *	one (a directory, a name outside /dev, a name Linux owns)
 * @pino: a number no other attachment has while it is attached (@id + 1)
 *
 * For a stat handler with no mount to take st_dev from, as QNX's
 * iofunc_stat() uses it.
 *
 * Return: 0, or -ENOENT when @id is not attached.
 * Context: process context.
 */
int resmgr_devino(int id, dev_t *pdevno, ino_t *pino)
{
	struct resmgr_link *link = resmgr_link_by_id(id);
	struct resmgr_devnode *dn;

	resmgr_might_sleep();
	if (!link)
		return -ENOENT;
	mutex_lock(&resmgr_devnodes_lock);
	dn = resmgr_link_frontend(link);
	*pdevno = dn && dn->dev ? dn->dev->devt : 0;
	mutex_unlock(&resmgr_devnodes_lock);
	*pino = (ino_t)id + 1;
	resmgr_link_put(link);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(resmgr_devino, RESMGR_NS);

/**
 * resmgr_devfs_exit() - undo resmgr_devfs_init()
 *
 * Context: module exit; every node is gone (no attachments remain).
 */
void resmgr_devfs_exit(void)
{
	resmgr_might_sleep();
	resmgr_frontend_unregister(&resmgr_devnode_ops);
	destroy_workqueue(resmgr_devnode_wq);
	class_unregister(&resmgr_class);
	cdev_del(&resmgr_cdev);
	unregister_chrdev_region(resmgr_devt, RESMGR_MINORS);
	idr_destroy(&resmgr_minors);
}
