// SPDX-License-Identifier: GPL-2.0
/*
 * The character-device front end: every discrete mountpoint under /dev/
 * gets a device node at that path (devtmpfs; a '/' in the rest makes
 * subdirectories). The node appears with the first attachment at the
 * path and goes with the last. Opening it opens the path through the
 * pathname space, so a union at one /dev path works as in QNX.
 *
 * All nodes share one char device region and one cdev; the minor leads
 * to a devnode, which holds the path. Devnodes are found by path (at
 * attach) and by minor (at open); resmgr_devnodes_lock protects both
 * tables and every devnode's @nlinks. A devnode is refcounted: the
 * table holds one reference, each open in progress another.
 *
 * A manager that uses iofunc_open_default() gets its node's mode and
 * owner from its attr (the handle); for other managers the node is 0666
 * root:root and the open handler decides, as QNX leaves it to them.
 */
#include <resmgr/iofunc.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/hashtable.h>
#include <linux/idr.h>
#include <linux/kref.h>
#include <linux/module.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/stringhash.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <uapi/resmgr/devctl.h>
#include "compat.h"
#include "internal.h"

/* How many /dev nodes may exist at once. */
#define RESMGR_MINORS		BIT(16)

/**
 * struct resmgr_devnode - one /dev node
 * @ref: the table's reference and one per open in progress
 * @hash: in resmgr_devnodes, by path
 * @path: "/dev/..."
 * @minor: index in the region and in resmgr_minors
 * @nlinks: attachments at @path (resmgr_devnodes_lock)
 * @dev: the device, or NULL when it has none
 * @taken: it has none because another driver has the name
 * @mode: node mode
 * @uid: node owner
 * @gid: node group
 * @rcu: frees after lookups by minor are done
 */
struct resmgr_devnode {
	struct kref		ref;
	struct hlist_node	hash;
	char			*path;
	int			minor;
	unsigned int		nlinks;
	struct device		*dev;
	bool			taken;
	umode_t			mode;
	kuid_t			uid;
	kgid_t			gid;
	struct rcu_head		rcu;
};

static dev_t resmgr_devt;
static struct cdev resmgr_cdev;
static DEFINE_MUTEX(resmgr_devnodes_lock);	/* the tables and @nlinks */
static DEFINE_HASHTABLE(resmgr_devnodes, 10);
static DEFINE_IDR(resmgr_minors);

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
	unsigned int flags = link->entry.flags;

	if (strncmp(link->path, "/dev/", 5) || !link->path[5])
		return false;
	if (flags & _RESMGR_FLAG_DIR)
		return false;
	return !(flags & _RESMGR_FLAG_FTYPEONLY) || link->entry.file_type == _FTYPE_ANY;
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

static int resmgr_devnode_create(struct resmgr_devnode *dn,
				 struct resmgr_link *link)
{
	struct device *dev;
	int err;

	dn->mode = 0666;
	dn->uid = GLOBAL_ROOT_UID;
	dn->gid = GLOBAL_ROOT_GID;
	if (link->handle && link->connect && link->connect->nfuncs >= 1 &&
	    link->connect->open == iofunc_open_default) {
		const iofunc_attr_t *attr = link->handle;

		dn->mode = attr->mode & 07777;
		dn->uid = attr->uid;
		dn->gid = attr->gid;
	}

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

/**
 * resmgr_devnode_attach() - give a new attachment its /dev node
 * @link: the attachment
 *
 * Shares the node of earlier attachments at the same path. A name that
 * another driver already has stays without a node, which is logged; the
 * attachment itself stands.
 *
 * Context: process context; takes resmgr_devnodes_lock.
 */
void resmgr_devnode_attach(struct resmgr_link *link)
{
	struct resmgr_devnode *dn;
	int err;

	if (!resmgr_devnode_wanted(link))
		return;
	mutex_lock(&resmgr_devnodes_lock);
	dn = resmgr_devnode_find(link->path);
	if (dn) {
		dn->nlinks++;
		/* Published for the listing, which reads it locklessly. */
		smp_store_release(&link->devnode, dn);
		goto out_unlock;
	}
	dn = kzalloc(sizeof(*dn), GFP_KERNEL);
	if (!dn)
		goto err_nomem;
	dn->path = kstrdup(link->path, GFP_KERNEL);
	if (!dn->path)
		goto err_free_dn;
	kref_init(&dn->ref);
	dn->minor = idr_alloc(&resmgr_minors, dn, 0, RESMGR_MINORS, GFP_KERNEL);
	if (dn->minor < 0) {
		pr_warn("resmgr: %s attached without a device node: no minor left\n",
			link->path);
		goto err_free_path;
	}
	if (resmgr_devnode_taken(dn->path)) {
		dn->taken = true;
		pr_info("resmgr: %s attached without a device node: the name is taken by another driver\n",
			dn->path);
	} else {
		err = resmgr_devnode_create(dn, link);
		if (err)
			pr_warn("resmgr: %s attached without a device node: error %d\n",
				dn->path, err);
	}
	dn->nlinks = 1;
	hash_add(resmgr_devnodes, &dn->hash,
		 full_name_hash(NULL, dn->path, strlen(dn->path)));
	/* Published for the listing, which reads it locklessly. */
	smp_store_release(&link->devnode, dn);
out_unlock:
	mutex_unlock(&resmgr_devnodes_lock);
	return;

err_free_path:
	kfree(dn->path);
err_free_dn:
	kfree(dn);
err_nomem:
	mutex_unlock(&resmgr_devnodes_lock);
	pr_warn("resmgr: %s attached without a device node\n", link->path);
}

/**
 * resmgr_devnode_state() - what /dev node an attachment has, for the listing
 * @link: the attachment
 *
 * Return: "node", "taken" (another driver has the name: the attachment
 * stands without a node), "none" (it got none: out of minors or memory)
 * or "-" (not a discrete /dev name, so none is made).
 * Context: any; must not sleep (the listing holds the space lock).
 */
const char *resmgr_devnode_state(const struct resmgr_link *link)
{
	const struct resmgr_devnode *dn;
	const char *state;

	if (!resmgr_devnode_wanted(link))
		return "-";
	rcu_read_lock();
	/* Pairs with the attach's smp_store_release(); RCU keeps @dn. */
	dn = smp_load_acquire(&link->devnode);
	state = !dn ? "none" : dn->dev ? "node" : dn->taken ? "taken" : "none";
	rcu_read_unlock();
	return state;
}

/**
 * resmgr_devnode_detach() - an attachment left; remove the node after the last
 * @link: the attachment
 *
 * Context: process context; takes resmgr_devnodes_lock.
 */
void resmgr_devnode_detach(struct resmgr_link *link)
{
	struct resmgr_devnode *dn = link->devnode;

	if (!dn)
		return;
	WRITE_ONCE(link->devnode, NULL);
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
	err = resmgr_open_path(dn->path, file->f_flags, &b);
	kref_put(&dn->ref, resmgr_devnode_free);
	if (err)
		return err;
	resmgr_file_bind(file, b);
	return 0;
}

static const struct file_operations resmgr_chardev_fops = {
	.owner		= THIS_MODULE,
	RESMGR_FOP_UNSIGNED_OFFSET
	.open		= resmgr_chardev_open,
	.read_iter	= resmgr_file_read_iter,
	.write_iter	= resmgr_file_write_iter,
	.llseek		= resmgr_file_llseek,
	.poll		= resmgr_file_poll,
	.unlocked_ioctl	= resmgr_file_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.fsync		= resmgr_file_fsync,
	.lock		= resmgr_file_lock,
	.flush		= resmgr_file_flush,
	.release	= resmgr_file_release,
};

/**
 * resmgr_chardev_init() - register the device region, cdev and class
 *
 * Return: 0 or a negative errno.
 * Context: module init.
 */
int resmgr_chardev_init(void)
{
	int err;

	err = alloc_chrdev_region(&resmgr_devt, 0, RESMGR_MINORS, "resmgr");
	if (err)
		return err;
	cdev_init(&resmgr_cdev, &resmgr_chardev_fops);
	resmgr_cdev.owner = THIS_MODULE;
	err = cdev_add(&resmgr_cdev, resmgr_devt, RESMGR_MINORS);
	if (err)
		goto err_unregister_region;
	err = class_register(&resmgr_class);
	if (err)
		goto err_del_cdev;
	return 0;

err_del_cdev:
	cdev_del(&resmgr_cdev);
err_unregister_region:
	unregister_chrdev_region(resmgr_devt, RESMGR_MINORS);
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

	if (!link)
		return -ENOENT;
	mutex_lock(&resmgr_devnodes_lock);
	*pdevno = link->devnode && link->devnode->dev ? link->devnode->dev->devt : 0;
	mutex_unlock(&resmgr_devnodes_lock);
	*pino = (ino_t)id + 1;
	resmgr_link_put(link);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(resmgr_devino, RESMGR_NS);

/**
 * resmgr_chardev_exit() - undo resmgr_chardev_init()
 *
 * Context: module exit; every node is gone (no attachments remain).
 */
void resmgr_chardev_exit(void)
{
	class_unregister(&resmgr_class);
	cdev_del(&resmgr_cdev);
	unregister_chrdev_region(resmgr_devt, RESMGR_MINORS);
	idr_destroy(&resmgr_minors);
}
