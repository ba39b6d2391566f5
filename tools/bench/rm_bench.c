// SPDX-License-Identifier: GPL-2.0
/*
 * rm_bench.ko: the contenders of `make bench`, with the same trivial
 * behaviour: reads return zeros (up to 4 KiB), writes take everything,
 * an ioctl/devctl moves 16 bytes each way, poll is always ready.
 *
 *   /dev/bench_native   a plain misc device (the baseline)
 *   /dev/bench_rm       a resmgr manager, direct delivery
 *   /dev/bench_rm_msg   the same tables on a handle served by a thread
 *                       pool of one (delivery by message)
 *   /dev/bench_rm_par   direct delivery with lock_ocb and unlock_ocb
 *                       NULL: its handlers share nothing, so calls on
 *                       one resource run at once (throughput)
 *
 * extra_paths=N attaches N more discrete paths (/bench/extra/0 ...), to
 * measure how opens scale with the size of the pathname space.
 */
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <resmgr/version.h>
#include <linux/poll.h>
#include <linux/uaccess.h>
#include <resmgr/ns.h>
#include <uapi/resmgr/devctl.h>

#define BENCH_MAX	4096
#define BENCH_DCMD	__DIOTF(_DCMD_MISC, 0x42, char[16])

static const char bench_zeros[BENCH_MAX];

/* ---- the native misc device ---- */

static ssize_t native_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	n = min_t(size_t, n, BENCH_MAX);
	return copy_to_user(buf, bench_zeros, n) ? -EFAULT : n;
}

static ssize_t native_write(struct file *f, const char __user *buf, size_t n, loff_t *pos)
{
	char tmp[64];

	/* Touch the data as a driver would. */
	if (n && copy_from_user(tmp, buf, min_t(size_t, n, sizeof(tmp))))
		return -EFAULT;
	return n;
}

static long native_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	char data[16];

	if (cmd != RESMGR_DCMD_TO_IOC(BENCH_DCMD))
		return -ENOTTY;
	if (copy_from_user(data, (void __user *)arg, sizeof(data)))
		return -EFAULT;
	data[0]++;
	return copy_to_user((void __user *)arg, data, sizeof(data)) ? -EFAULT : 0;
}

static __poll_t native_poll(struct file *f, struct poll_table_struct *pt)
{
	return EPOLLIN | EPOLLRDNORM | EPOLLOUT | EPOLLWRNORM;
}

static const struct file_operations native_fops = {
	.owner		= THIS_MODULE,
	.read		= native_read,
	.write		= native_write,
	.unlocked_ioctl	= native_ioctl,
	.poll		= native_poll,
	.llseek		= noop_llseek,
};

static struct miscdevice native_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "bench_native",
	.fops	= &native_fops,
	.mode	= 0666,
};

/* ---- the resmgr managers ---- */

static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs, io_funcs_par;
static iofunc_attr_t attr, attr_msg, attr_par;
static iofunc_notify_t notify[3];
static dispatch_t *dpp, *dpp_msg;
static int id = -1, id_msg = -1, id_par = -1;
static thread_pool_t *pool;
static int *extra_ids;

static int extra_paths;
module_param(extra_paths, int, 0444);
MODULE_PARM_DESC(extra_paths, "attach this many more paths under /bench/extra/");

static int bench_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	int n = min_t(int, msg->i.nbytes, BENCH_MAX);

	_IO_SET_READ_NBYTES(ctp, n);
	return _RESMGR_PTR(ctp, bench_zeros, n);
}

static int bench_write(resmgr_context_t *ctp, io_write_t *msg, RESMGR_OCB_T *ocb)
{
	char tmp[64];
	size_t n = min_t(size_t, msg->i.nbytes, sizeof(tmp));

	if (n && resmgr_msgread(ctp, tmp, n, sizeof(msg->i)) != n)
		return EFAULT;
	_IO_SET_WRITE_NBYTES(ctp, msg->i.nbytes);
	return EOK;
}

static int bench_devctl(resmgr_context_t *ctp, io_devctl_t *msg, RESMGR_OCB_T *ocb)
{
	char *data = _DEVCTL_DATA(msg->i);

	if (msg->i.dcmd != BENCH_DCMD)
		return ENOSYS;
	data[0]++;
	memset(&msg->o, 0, sizeof(msg->o));
	msg->o.nbytes = 16;
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o) + 16);
}

static int bench_notify(resmgr_context_t *ctp, io_notify_t *msg, RESMGR_OCB_T *ocb)
{
	return iofunc_notify(ctp, msg, notify, _NOTIFY_COND_INPUT | _NOTIFY_COND_OUTPUT,
			     NULL, NULL);
}

static void bench_cleanup(void)
{
	int i;

	for (i = 0; extra_ids && i < extra_paths; i++)
		if (extra_ids[i] >= 0)
			resmgr_detach(dpp, extra_ids[i], _RESMGR_DETACH_ALL);
	kvfree(extra_ids);
	extra_ids = NULL;
	if (pool)
		thread_pool_destroy(pool);
	if (id_msg >= 0)
		resmgr_detach(dpp_msg, id_msg, _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE);
	if (id >= 0)
		resmgr_detach(dpp, id, _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE);
	if (id_par >= 0)
		resmgr_detach(dpp, id_par, _RESMGR_DETACH_ALL | _RESMGR_DETACH_CLOSE);
	if (dpp_msg)
		dispatch_destroy(dpp_msg);
	if (dpp)
		dispatch_destroy(dpp);
}

static int __init rm_bench_init(void)
{
	thread_pool_attr_t pool_attr = {
		.context_alloc = dispatch_context_alloc,
		.block_func = dispatch_block,
		.unblock_func = dispatch_unblock,
		.handler_func = dispatch_handler,
		.context_free = dispatch_context_free,
		.lo_water = 1,
		.hi_water = 1,
		.increment = 1,
		.maximum = 1,
	};
	int err;

	err = misc_register(&native_dev);
	if (err)
		return err;
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	io_funcs.read = bench_read;
	io_funcs.write = bench_write;
	io_funcs.devctl = bench_devctl;
	io_funcs.notify = bench_notify;
	iofunc_attr_init(&attr, S_IFCHR | 0666, NULL, NULL);
	iofunc_attr_init(&attr_msg, S_IFCHR | 0666, NULL, NULL);
	iofunc_attr_init(&attr_par, S_IFCHR | 0666, NULL, NULL);
	io_funcs_par = io_funcs;
	io_funcs_par.lock_ocb = NULL;
	io_funcs_par.unlock_ocb = NULL;
	IOFUNC_NOTIFY_INIT(notify);

	err = -ENOMEM;
	dpp = dispatch_create();
	dpp_msg = dispatch_create();
	if (!dpp || !dpp_msg)
		goto err_cleanup;
	id = resmgr_attach(dpp, NULL, "/dev/bench_rm", _FTYPE_ANY, 0,
			   &connect_funcs, &io_funcs, &attr);
	id_msg = resmgr_attach(dpp_msg, NULL, "/dev/bench_rm_msg", _FTYPE_ANY, 0,
			       &connect_funcs, &io_funcs, &attr_msg);
	id_par = resmgr_attach(dpp, NULL, "/dev/bench_rm_par", _FTYPE_ANY, 0,
			       &connect_funcs, &io_funcs_par, &attr_par);
	if (id < 0 || id_msg < 0 || id_par < 0)
		goto err_cleanup;
	if (extra_paths > 0) {
		int i;

		extra_ids = kvmalloc_array(extra_paths, sizeof(*extra_ids), GFP_KERNEL);
		if (!extra_ids)
			goto err_cleanup;
		for (i = 0; i < extra_paths; i++)
			extra_ids[i] = -1;
		for (i = 0; i < extra_paths; i++) {
			char path[40];

			snprintf(path, sizeof(path), "/bench/extra/%d", i);
			extra_ids[i] = resmgr_attach(dpp, NULL, path, _FTYPE_ANY, 0,
						     &connect_funcs, &io_funcs, &attr);
			if (extra_ids[i] < 0)
				goto err_cleanup;
			if (!(i % 1024))
				cond_resched();
		}
	}
	pool_attr.handle = dpp_msg;
	pool = thread_pool_create(&pool_attr, POOL_FLAG_EXIT_SELF);
	if (!pool || thread_pool_start(pool))
		goto err_cleanup;
	return 0;

err_cleanup:
	bench_cleanup();
	misc_deregister(&native_dev);
	return err;
}

static void __exit rm_bench_exit(void)
{
	bench_cleanup();
	misc_deregister(&native_dev);
}

module_init(rm_bench_init);
module_exit(rm_bench_exit);

MODULE_DESCRIPTION("resmgr benchmark contenders: a native misc device and resmgr managers");
MODULE_LICENSE("GPL");
MODULE_AUTHOR(RESMGR_AUTHOR);
MODULE_VERSION(RESMGR_VERSION);
