// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite resmgr_iofunc: access decisions against Linux credentials
 * and capabilities (a table), the chmod, chown and utime rules, the
 * DCMD_ALL_* defaults, and iofunc_func_init()'s nfuncs handling. Each
 * case runs with credentials it makes (override_creds()).
 */
#include <kunit/test.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/mman.h>
#include <linux/slab.h>
#include <resmgr/iofunc.h>
#include <uapi/resmgr/devctl.h>

/* Reply parts of the contexts these tests make (resmgr gives handlers nparts_max). */
#define IT_NPARTS	8

#define NOCAP	(-1)

struct io_who {
	u32	uid;
	u32	gid;
	u32	group;		/* one supplementary group, or 0 */
	int	cap;		/* one capability, or NOCAP */
	int	cap2;
};

/* Run the rest of a case as @who; undo with io_revert(). */
static const struct cred *io_as(struct kunit *test, const struct io_who *who)
{
	struct group_info *gi;
	const struct cred *old;
	struct cred *new;

	new = prepare_creds();
	KUNIT_ASSERT_NOT_NULL(test, new);
	new->uid = KUIDT_INIT(who->uid);
	new->euid = new->uid;
	new->suid = new->uid;
	new->fsuid = new->uid;
	new->gid = KGIDT_INIT(who->gid);
	new->egid = new->gid;
	new->sgid = new->gid;
	new->fsgid = new->gid;
	gi = groups_alloc(who->group ? 1 : 0);
	KUNIT_ASSERT_NOT_NULL(test, gi);
	if (who->group)
		gi->gid[0] = KGIDT_INIT(who->group);
	set_groups(new, gi);
	put_group_info(gi);
	cap_clear(new->cap_effective);
	if (who->cap != NOCAP)
		cap_raise(new->cap_effective, who->cap);
	if (who->cap2 != NOCAP)
		cap_raise(new->cap_effective, who->cap2);
	old = override_creds(new);
	put_cred(new);
	return old;
}

static void io_revert(const struct cred *old)
{
	revert_creds(old);
}

static void io_attr(iofunc_attr_t *attr, umode_t mode, u32 uid, u32 gid)
{
	iofunc_attr_init(attr, mode, NULL, NULL);
	attr->uid = KUIDT_INIT(uid);
	attr->gid = KGIDT_INIT(gid);
}

struct io_access_case {
	const char	*name;
	umode_t		mode;
	u32		uid, gid;
	struct io_who	who;
	mode_t		check;
	int		expect;
};

#define ME(u, g)	{ .uid = (u), .gid = (g), .cap = NOCAP, .cap2 = NOCAP }

static const struct io_access_case io_access_cases[] = {
	{ "owner_read", 0600, 1000, 100, ME(1000, 100), S_IREAD, EOK },
	{ "owner_write_readonly", 0400, 1000, 100, ME(1000, 100), S_IWRITE, EACCES },
	{ "owner_class_wins", 0077, 1000, 100, ME(1000, 100), S_IREAD, EACCES },
	{ "group_read", 0640, 1000, 100, ME(2000, 100), S_IREAD, EOK },
	{ "group_write_denied", 0640, 1000, 100, ME(2000, 100), S_IWRITE, EACCES },
	{ "supplementary_group", 0640, 1000, 100,
	  { 2000, 5, 100, NOCAP, NOCAP }, S_IREAD, EOK },
	{ "other_read", 0604, 1000, 100, ME(2000, 200), S_IREAD, EOK },
	{ "other_denied", 0600, 1000, 100, ME(2000, 200), S_IREAD, EACCES },
	{ "read_write_both_needed", 0604, 1000, 100, ME(2000, 200),
	  S_IREAD | S_IWRITE, EACCES },
	{ "uid0_without_caps", 0000, 1000, 100, ME(0, 0), S_IREAD, EACCES },
	{ "dac_override_rw", 0000, 1000, 100,
	  { 2000, 200, 0, CAP_DAC_OVERRIDE, NOCAP }, S_IREAD | S_IWRITE, EOK },
	{ "dac_override_exec_needs_x", 0600, 1000, 100,
	  { 2000, 200, 0, CAP_DAC_OVERRIDE, NOCAP }, S_IEXEC, EACCES },
	{ "dac_override_exec_some_x", 0700, 1000, 100,
	  { 2000, 200, 0, CAP_DAC_OVERRIDE, NOCAP }, S_IEXEC, EOK },
	{ "read_search_read", 0000, 1000, 100,
	  { 2000, 200, 0, CAP_DAC_READ_SEARCH, NOCAP }, S_IREAD, EOK },
	{ "read_search_write", 0000, 1000, 100,
	  { 2000, 200, 0, CAP_DAC_READ_SEARCH, NOCAP }, S_IWRITE, EACCES },
	{ "is_owner", 0000, 1000, 100, ME(1000, 100), S_ISUID, EOK },
	{ "is_owner_not", 0777, 1000, 100, ME(2000, 100), S_ISUID, EPERM },
	{ "is_owner_fowner", 0000, 1000, 100,
	  { 2000, 200, 0, CAP_FOWNER, NOCAP }, S_ISUID, EOK },
	{ "in_group", 0000, 1000, 100, ME(2000, 100), S_ISGID, EOK },
	{ "in_group_not", 0000, 1000, 100, ME(2000, 200), S_ISGID, EPERM },
};

static void io_access_desc(const struct io_access_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(io_access, io_access_cases, io_access_desc);

/* iofunc_check_access() decides as the VFS would for these credentials. */
static void iofunc_check_access_table(struct kunit *test)
{
	const struct io_access_case *c = test->param_value;
	resmgr_context_t ctp = { .iov = (iov_t[IT_NPARTS]) {} };
	struct _client_info info;
	const struct cred *old;
	iofunc_attr_t attr;

	io_attr(&attr, S_IFREG | c->mode, c->uid, c->gid);
	old = io_as(test, &c->who);
	iofunc_client_info(&ctp, 0, &info);
	KUNIT_EXPECT_EQ(test, iofunc_check_access(&ctp, &attr, c->check, &info), c->expect);
	io_revert(old);
}

/* Without a client there is no decision: ENOSYS. */
static void iofunc_check_access_no_info(struct kunit *test)
{
	resmgr_context_t ctp = { .iov = (iov_t[IT_NPARTS]) {} };
	iofunc_attr_t attr;

	io_attr(&attr, S_IFREG | 0777, 0, 0);
	KUNIT_EXPECT_EQ(test, iofunc_check_access(&ctp, &attr, S_IREAD, NULL), ENOSYS);
}

/* chmod: owner only; S_ISGID dropped outside the group; the type stays. */
static void iofunc_chmod_rules(struct kunit *test)
{
	struct io_who owner = ME(1000, 100), other = ME(2000, 100);
	io_chmod_t msg = { .i.mode = S_IFDIR | 02755 };
	resmgr_context_t ctp = { .iov = (iov_t[IT_NPARTS]) {} };
	const struct cred *old;
	iofunc_attr_t attr;

	io_attr(&attr, S_IFREG | 0600, 1000, 300);
	old = io_as(test, &other);
	KUNIT_EXPECT_EQ(test, iofunc_chmod(&ctp, &msg, NULL, &attr), EPERM);
	io_revert(old);
	KUNIT_EXPECT_EQ(test, attr.mode, (umode_t)(S_IFREG | 0600));

	old = io_as(test, &owner);
	KUNIT_EXPECT_EQ(test, iofunc_chmod(&ctp, &msg, NULL, &attr), EOK);
	io_revert(old);
	KUNIT_EXPECT_EQ(test, attr.mode, (umode_t)(S_IFREG | 0755));
	KUNIT_EXPECT_TRUE(test, attr.flags & IOFUNC_ATTR_DIRTY_MODE);

	/* Linux keeps S_ISVTX on a file an owner without CAP_FSETID sets. */
	msg.i.mode = 01644;
	old = io_as(test, &owner);
	KUNIT_EXPECT_EQ(test, iofunc_chmod(&ctp, &msg, NULL, &attr), EOK);
	io_revert(old);
	KUNIT_EXPECT_EQ(test, attr.mode, (umode_t)(S_IFREG | 01644));
}

/* chown: only CAP_CHOWN gives a file away; the owner picks one of its groups. */
static void iofunc_chown_rules(struct kunit *test)
{
	struct io_who owner = { 1000, 100, 150, NOCAP, NOCAP };
	struct io_who admin = { 2000, 200, 0, CAP_CHOWN, CAP_FSETID };
	iofunc_mount_t mnt = { .conf = IOFUNC_PC_CHOWN_RESTRICTED };
	resmgr_context_t ctp = { .iov = (iov_t[IT_NPARTS]) {} };
	const struct cred *old;
	iofunc_attr_t attr;
	io_chown_t msg;

	io_attr(&attr, S_IFREG | 04755, 1000, 100);
	attr.mount = &mnt;
	old = io_as(test, &owner);
	msg.i.uid = 3000;
	msg.i.gid = -1;
	KUNIT_EXPECT_EQ(test, iofunc_chown(&ctp, &msg, NULL, &attr), EPERM);
	msg.i.uid = -1;
	msg.i.gid = 999;
	KUNIT_EXPECT_EQ(test, iofunc_chown(&ctp, &msg, NULL, &attr), EPERM);
	msg.i.gid = 150;
	KUNIT_EXPECT_EQ(test, iofunc_chown(&ctp, &msg, NULL, &attr), EOK);
	io_revert(old);
	KUNIT_EXPECT_TRUE(test, gid_eq(attr.gid, KGIDT_INIT(150)));
	KUNIT_EXPECT_TRUE(test, uid_eq(attr.uid, KUIDT_INIT(1000)));
	/* A change by a caller without CAP_FSETID cleared set-uid. */
	KUNIT_EXPECT_EQ(test, attr.mode & S_ISUID, 0);

	old = io_as(test, &admin);
	msg.i.uid = 3000;
	msg.i.gid = -1;
	KUNIT_EXPECT_EQ(test, iofunc_chown(&ctp, &msg, NULL, &attr), EOK);
	io_revert(old);
	KUNIT_EXPECT_TRUE(test, uid_eq(attr.uid, KUIDT_INIT(3000)));
}

/* utime: given times need the owner; "now" is enough with write access. */
static void iofunc_utime_rules(struct kunit *test)
{
	struct io_who other = ME(2000, 200);
	io_utime_t msg = { .i.type = _IO_UTIME, .i.times = { 1000, 2000 } };
	resmgr_context_t ctp = { .iov = (iov_t[IT_NPARTS]) {} };
	const struct cred *old;
	iofunc_attr_t attr;

	io_attr(&attr, S_IFREG | 0606, 1000, 100);
	old = io_as(test, &other);
	KUNIT_EXPECT_EQ(test, iofunc_utime(&ctp, &msg, NULL, &attr), EPERM);
	msg.i.cur_flag = 1;
	KUNIT_EXPECT_EQ(test, iofunc_utime(&ctp, &msg, NULL, &attr), EOK);
	attr.mode = S_IFREG | 0604;
	KUNIT_EXPECT_EQ(test, iofunc_utime(&ctp, &msg, NULL, &attr), EACCES);
	io_revert(old);

	msg.i.cur_flag = 0;
	KUNIT_EXPECT_EQ(test, iofunc_utime(&ctp, &msg, NULL, &attr), EOK);
	KUNIT_EXPECT_EQ(test, attr.atime, 1000LL);
	KUNIT_EXPECT_EQ(test, attr.mtime, 2000LL);
}

/* _IO_UTIME64 carries nanoseconds; bad ones change nothing; _IO_UTIME clears them. */
static void iofunc_utime64_nanoseconds(struct kunit *test)
{
	io_utime_t msg = { .i64 = { .type = _IO_UTIME64, .atime_s = 5000000000LL,
				    .atime_ns = 123456789, .mtime_s = -1,
				    .mtime_ns = 999999999 } };
	resmgr_context_t ctp = { .iov = (iov_t[IT_NPARTS]) {} };
	iofunc_attr_t attr;

	io_attr(&attr, S_IFREG | 0644, 0, 0);
	KUNIT_EXPECT_EQ(test, iofunc_utime(&ctp, &msg, NULL, &attr), EOK);
	KUNIT_EXPECT_EQ(test, attr.atime, 5000000000LL);
	KUNIT_EXPECT_EQ(test, attr.atime_ns, 123456789u);
	KUNIT_EXPECT_EQ(test, attr.mtime, -1LL);
	KUNIT_EXPECT_EQ(test, attr.mtime_ns, 999999999u);

	msg.i64.mtime_ns = NSEC_PER_SEC;
	msg.i64.atime_s = 7;
	KUNIT_EXPECT_EQ(test, iofunc_utime(&ctp, &msg, NULL, &attr), EINVAL);
	KUNIT_EXPECT_EQ(test, attr.atime, 5000000000LL);

	msg = (io_utime_t){ .i = { .type = _IO_UTIME, .times = { 10, 20 } } };
	KUNIT_EXPECT_EQ(test, iofunc_utime(&ctp, &msg, NULL, &attr), EOK);
	KUNIT_EXPECT_EQ(test, attr.atime, 10LL);
	KUNIT_EXPECT_EQ(test, attr.atime_ns, 0u);
	KUNIT_EXPECT_EQ(test, attr.mtime_ns, 0u);
}

/* *nonblock is QNX's: the O_NONBLOCK bit itself, overridden by the message. */
static void iofunc_verify_nonblock_bit(struct kunit *test)
{
	resmgr_context_t ctp = { .iov = (iov_t[IT_NPARTS]) {} };
	io_write_t wmsg = {};
	io_read_t rmsg = {};
	iofunc_ocb_t ocb = {};
	iofunc_attr_t attr;
	int nb = -1;

	io_attr(&attr, S_IFREG | 0666, 0, 0);
	ocb.attr = &attr;
	ocb.ioflag = _IO_FLAG_RD | _IO_FLAG_WR | O_NONBLOCK;
	KUNIT_EXPECT_EQ(test, iofunc_read_verify(&ctp, &rmsg, &ocb, &nb), EOK);
	KUNIT_EXPECT_EQ(test, nb, O_NONBLOCK);
	wmsg.i.xtype = _IO_XFLAG_BLOCK;
	KUNIT_EXPECT_EQ(test, iofunc_write_verify(&ctp, &wmsg, &ocb, &nb), EOK);
	KUNIT_EXPECT_EQ(test, nb, 0);
	ocb.ioflag &= ~O_NONBLOCK;
	rmsg.i.xtype = _IO_XFLAG_NONBLOCK;
	KUNIT_EXPECT_EQ(test, iofunc_read_verify(&ctp, &rmsg, &ocb, &nb), EOK);
	KUNIT_EXPECT_EQ(test, nb, O_NONBLOCK);
}

/* GETFLAGS gives the open flags with the access mode, SETFLAGS changes only O_SETFLAG. */
static void iofunc_devctl_default_flags(struct kunit *test)
{
	struct { io_devctl_t m; int data; } msg = {};
	resmgr_context_t ctp = { .iov = (iov_t[IT_NPARTS]) {} };
	iofunc_ocb_t ocb = {};
	iofunc_attr_t attr;

	io_attr(&attr, S_IFREG | 0600, 0, 0);
	ocb.attr = &attr;
	ocb.ioflag = (O_WRONLY + 1) | O_APPEND;

	msg.m.i.dcmd = DCMD_ALL_GETFLAGS;
	KUNIT_EXPECT_EQ(test, iofunc_devctl_default(&ctp, &msg.m, &ocb), _RESMGR_NPARTS(1));
	KUNIT_EXPECT_EQ(test, msg.data, O_WRONLY | O_APPEND);
	KUNIT_EXPECT_EQ(test, ctp.iov[0].iov_len, sizeof(msg.m.o) + sizeof(int));

	msg.m.i.dcmd = DCMD_ALL_SETFLAGS;
	msg.data = O_NONBLOCK | O_CREAT | O_RDWR;
	KUNIT_EXPECT_EQ(test, iofunc_devctl_default(&ctp, &msg.m, &ocb), _RESMGR_NPARTS(1));
	KUNIT_EXPECT_EQ(test, ocb.ioflag, (u32)((O_WRONLY + 1) | O_NONBLOCK));

	msg.m.i.dcmd = DCMD_ALL_SETFLAGS;
	msg.data = O_DSYNC;
	KUNIT_EXPECT_EQ(test, iofunc_devctl_default(&ctp, &msg.m, &ocb), EINVAL);

	msg.m.i.dcmd = __DIOF(_DCMD_MISC, 1, int);
	KUNIT_EXPECT_EQ(test, iofunc_devctl_default(&ctp, &msg.m, &ocb), _RESMGR_DEFAULT);
}

/*
 * The helpers that take the attribute apart from the OCB use the one
 * given, not ocb->attr (a manager with one OCB type over several
 * attributes passes its own); fdinfo replies QNX's layout.
 */
static void iofunc_helpers_take_attr(struct kunit *test)
{
	struct { io_devctl_t m; int data; } dmsg = {};
	resmgr_context_t ctp = { .iov = (iov_t[IT_NPARTS]) {}, .msg_max_size = 2048 };
	iofunc_mount_t ro = { .flags = _MOUNT_READONLY };
	iofunc_attr_t a, b;
	iofunc_ocb_t ocb = {};
	io_lseek_t lmsg = {};
	io_mmap_t mmsg = {};
	struct _fdinfo info;
	union {
		io_fdinfo_t m;
		char buf[256];
	} fmsg = {};

	io_attr(&a, S_IFCHR | 0600, 0, 0);
	io_attr(&b, S_IFREG | 0644, 0, 0);
	a.nbytes = 10;
	b.nbytes = 4000;
	b.mount = &ro;
	ocb.attr = &a;
	ocb.ioflag = (O_RDWR + 1) | O_DSYNC;
	ocb.offset = 7;

	lmsg.i.whence = SEEK_END;
	lmsg.i.offset = -1;
	KUNIT_EXPECT_EQ(test, iofunc_lseek(&ctp, &lmsg, &ocb, &b), _RESMGR_NPARTS(1));
	KUNIT_EXPECT_EQ(test, ocb.offset, 3999);
	lmsg.i.whence = SEEK_END;
	lmsg.i.offset = -1;
	KUNIT_EXPECT_EQ(test, iofunc_lseek_default(&ctp, &lmsg, &ocb), _RESMGR_NPARTS(1));
	KUNIT_EXPECT_EQ(test, ocb.offset, 9);

	dmsg.m.i.dcmd = DCMD_ALL_GETMOUNTFLAGS;
	KUNIT_EXPECT_EQ(test, iofunc_devctl(&ctp, &dmsg.m, &ocb, &b), _RESMGR_NPARTS(1));
	KUNIT_EXPECT_EQ(test, dmsg.data, _MOUNT_READONLY);
	dmsg.m.i.dcmd = DCMD_ALL_GETMOUNTFLAGS;
	KUNIT_EXPECT_EQ(test, iofunc_devctl_default(&ctp, &dmsg.m, &ocb), _RESMGR_NPARTS(1));
	KUNIT_EXPECT_EQ(test, dmsg.data, 0);

	KUNIT_EXPECT_EQ(test, iofunc_mmap(&ctp, &mmsg, &ocb, &b), EOK);
	KUNIT_EXPECT_EQ(test, iofunc_mmap_default(&ctp, &mmsg, &ocb), ENODEV);
	mmsg.i.prot = PROT_WRITE;
	KUNIT_EXPECT_EQ(test, iofunc_mmap(&ctp, &mmsg, &ocb, &b), EROFS);

	/* O_DSYNC writes need data integrity; reads and read-only mounts none. */
	KUNIT_EXPECT_EQ(test, iofunc_sync(&ctp, &ocb, _IO_FLAG_WR), O_DSYNC);
	KUNIT_EXPECT_EQ(test, iofunc_sync(&ctp, &ocb, _IO_FLAG_RD), 0);
	ocb.ioflag |= __O_SYNC;
	KUNIT_EXPECT_EQ(test, iofunc_sync(&ctp, &ocb, _IO_FLAG_WR), O_SYNC);
	ocb.ioflag = O_RDWR + 1;
	KUNIT_EXPECT_EQ(test, iofunc_sync(&ctp, &ocb, _IO_FLAG_WR), 0);
	ocb.attr = &b;
	ocb.ioflag |= O_DSYNC;
	KUNIT_EXPECT_EQ(test, iofunc_sync(&ctp, &ocb, _IO_FLAG_WR), 0);
	ocb.attr = &a;

	KUNIT_EXPECT_EQ(test, iofunc_fdinfo(&ctp, &ocb, &b, &info), EOK);
	KUNIT_EXPECT_EQ(test, info.size, 4000);
	KUNIT_EXPECT_EQ(test, info.mode, (u32)(S_IFREG | 0644));
	KUNIT_EXPECT_EQ(test, info.offset, 9);

	/* QNX's reply: two zero words, then struct _fdinfo, then the path. */
	KUNIT_EXPECT_EQ(test, offsetof(struct _io_fdinfo_reply, info), 8);
	memset(&fmsg, 0xa5, sizeof(fmsg));
	fmsg.m.i.path_len = 64;
	ctp.id = -1;	/* no such link: no path */
	KUNIT_EXPECT_EQ(test, iofunc_fdinfo_default(&ctp, &fmsg.m, &ocb), _RESMGR_NPARTS(1));
	KUNIT_EXPECT_EQ(test, ctp.iov[0].iov_len, sizeof(fmsg.m.o));
	KUNIT_EXPECT_EQ(test, fmsg.m.o.zero[0], 0);
	KUNIT_EXPECT_EQ(test, fmsg.m.o.zero[1], 0);
	KUNIT_EXPECT_EQ(test, fmsg.m.o.info.size, 10);
	KUNIT_EXPECT_EQ(test, ctp.status, 0);

	/* No receive buffer to speak of, or a negative path_len: no path. */
	ctp.msg_max_size = 0;
	fmsg.m.i.path_len = 64;
	KUNIT_EXPECT_EQ(test, iofunc_fdinfo_default(&ctp, &fmsg.m, &ocb), _RESMGR_NPARTS(1));
	KUNIT_EXPECT_EQ(test, ctp.iov[0].iov_len, sizeof(fmsg.m.o));
	ctp.msg_max_size = 2048;
	fmsg.m.i.path_len = -1;
	KUNIT_EXPECT_EQ(test, iofunc_fdinfo_default(&ctp, &fmsg.m, &ocb), _RESMGR_NPARTS(1));
	KUNIT_EXPECT_EQ(test, ctp.iov[0].iov_len, sizeof(fmsg.m.o));
}

/* func_init copies only nfuncs defaults and says so in nfuncs. */
static void iofunc_func_init_nfuncs(struct kunit *test)
{
	resmgr_connect_funcs_t connect;
	resmgr_io_funcs_t io;

	memset(&io, 0, sizeof(io));
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect, 3, &io);
	KUNIT_EXPECT_EQ(test, io.nfuncs, 3U);
	KUNIT_EXPECT_PTR_EQ(test, (void *)io.read, (void *)iofunc_read_default);
	KUNIT_EXPECT_PTR_EQ(test, (void *)io.close_ocb, (void *)iofunc_close_ocb_default);
	KUNIT_EXPECT_NULL(test, io.lseek);
	KUNIT_EXPECT_PTR_EQ(test, (void *)connect.open, (void *)iofunc_open_default);
	KUNIT_EXPECT_EQ(test, connect.nfuncs, (unsigned int)_RESMGR_CONNECT_NFUNCS);

	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect, 1000, &io);
	KUNIT_EXPECT_EQ(test, io.nfuncs, (unsigned int)_RESMGR_IO_NFUNCS);
	KUNIT_EXPECT_PTR_EQ(test, (void *)io.stat, (void *)iofunc_stat_default);
	KUNIT_EXPECT_NULL(test, io.notify);
	KUNIT_EXPECT_NULL(test, io.dup);
}

/* A lock request from owner @owner on [start, start+len). */
static int io_lock(iofunc_ocb_t *ocb, void *owner, int cmd, short type,
		   s64 start, s64 len, struct flock64 *out)
{
	struct {
		io_lock_t	m;
		struct flock64	fl;
	} __packed msg = {};
	resmgr_context_t ctp = { .iov = (iov_t[IT_NPARTS]) {} };
	int ret;

	ctp.rcvid = 1;
	ctp.info.lock_owner = owner;
	ctp.info.pid = owner == (void *)1 ? 100 : 200;
	msg.m.i.type = _IO_LOCK;
	msg.m.i.subtype = cmd;
	msg.m.i.nbytes = sizeof(msg.fl);
	msg.fl.l_type = type;
	msg.fl.l_whence = SEEK_SET;
	msg.fl.l_start = start;
	msg.fl.l_len = len;
	ret = iofunc_lock_default(&ctp, &msg.m, ocb);
	if (out && ret == _RESMGR_NPARTS(1))
		memcpy(out, ctp.iov[0].iov_base, sizeof(*out));
	return ret;
}

/* Byte-range locks conflict across owners only, split on partial unlock, free when gone. */
static void iofunc_lock_conflicts(struct kunit *test)
{
	void *a = (void *)1, *b = (void *)2;
	resmgr_context_t ctp = { .iov = (iov_t[IT_NPARTS]) {} };
	iofunc_ocb_t ocb = {};
	struct flock64 fl;
	iofunc_attr_t attr;

	io_attr(&attr, S_IFREG | 0666, 0, 0);
	ocb.attr = &attr;
	ocb.ioflag = _IO_FLAG_RD | _IO_FLAG_WR;

	KUNIT_EXPECT_EQ(test, io_lock(&ocb, a, F_SETLK, F_WRLCK, 0, 10, NULL), EOK);
	KUNIT_EXPECT_EQ(test, io_lock(&ocb, a, F_SETLK, F_WRLCK, 5, 1, NULL), EOK);
	KUNIT_EXPECT_EQ(test, io_lock(&ocb, b, F_SETLK, F_WRLCK, 5, 1, NULL), EAGAIN);
	KUNIT_EXPECT_EQ(test, io_lock(&ocb, b, F_SETLK, F_RDLCK, 10, 10, NULL), EOK);

	KUNIT_EXPECT_EQ(test, io_lock(&ocb, b, F_GETLK, F_WRLCK, 0, 1, &fl), _RESMGR_NPARTS(1));
	KUNIT_EXPECT_EQ(test, fl.l_type, (short)F_WRLCK);
	KUNIT_EXPECT_EQ(test, fl.l_pid, 100);
	KUNIT_EXPECT_EQ(test, io_lock(&ocb, a, F_GETLK, F_WRLCK, 0, 1, &fl), _RESMGR_NPARTS(1));
	KUNIT_EXPECT_EQ(test, fl.l_type, (short)F_UNLCK);

	/* Unlocking the middle splits a's lock: [0,2] and [7,9] remain. */
	KUNIT_EXPECT_EQ(test, io_lock(&ocb, a, F_SETLK, F_UNLCK, 3, 4, NULL), EOK);
	KUNIT_EXPECT_EQ(test, io_lock(&ocb, b, F_SETLK, F_WRLCK, 4, 2, NULL), EOK);
	KUNIT_EXPECT_EQ(test, io_lock(&ocb, b, F_SETLK, F_WRLCK, 2, 1, NULL), EAGAIN);
	KUNIT_EXPECT_EQ(test, io_lock(&ocb, b, F_SETLK, F_WRLCK, 9, 1, NULL), EAGAIN);

	/* A read lock of b's blocks a's write lock there; read locks share. */
	KUNIT_EXPECT_EQ(test, io_lock(&ocb, a, F_SETLK, F_WRLCK, 15, 1, NULL), EAGAIN);
	KUNIT_EXPECT_EQ(test, io_lock(&ocb, a, F_SETLK, F_RDLCK, 15, 1, NULL), EOK);

	ctp.info.lock_owner = a;
	iofunc_lock_release(&ctp, &attr);
	KUNIT_EXPECT_EQ(test, io_lock(&ocb, b, F_SETLK, F_WRLCK, 0, 4, NULL), EOK);
	ctp.info.lock_owner = b;
	iofunc_lock_release(&ctp, &attr);
	KUNIT_EXPECT_NULL(test, attr.lock_list);

	/* Bad requests change nothing. */
	KUNIT_EXPECT_EQ(test, io_lock(&ocb, a, F_SETLK, 77, 0, 1, NULL), EINVAL);
	KUNIT_EXPECT_EQ(test, io_lock(&ocb, a, F_SETLK, F_WRLCK, -5, 1, NULL), EINVAL);
	ocb.ioflag = _IO_FLAG_WR;
	KUNIT_EXPECT_EQ(test, io_lock(&ocb, a, F_SETLK, F_RDLCK, 0, 1, NULL), EBADF);
	KUNIT_EXPECT_NULL(test, attr.lock_list);
}

static int io_notify(iofunc_notify_t *nop, int coid, int action, u32 flags,
		     int trig, const int *cnts, u32 *met)
{
	resmgr_context_t ctp = { .iov = (iov_t[IT_NPARTS]) {} };
	io_notify_t msg = {};
	int ret;

	ctp.rcvid = 1;
	ctp.info.coid = coid;
	msg.i.action = action;
	msg.i.flags = flags;
	msg.i.event.sigev_value.sival_int = 0x7fffff00 + coid;	/* no such file */
	ret = iofunc_notify(&ctp, &msg, nop, trig, cnts, NULL);
	if (met)
		*met = msg.o.flags;
	return ret;
}

/*
 * Extended conditions: hang-up (or error) from the manager ends a poll
 * without arming, even if the poller asked only for input; an asked
 * extended condition is replied; one not asked is not.
 */
static void iofunc_notify_extended(struct kunit *test)
{
	iofunc_notify_t nop[3];
	u32 met;

	IOFUNC_NOTIFY_INIT(nop);
	KUNIT_EXPECT_EQ(test, io_notify(nop, 1, _NOTIFY_ACTION_POLLARM, _NOTIFY_COND_INPUT,
					_NOTIFY_COND_EXTEN | _NOTIFY_CONDE_HUP, NULL, &met),
			_RESMGR_NPARTS(1));
	KUNIT_EXPECT_EQ(test, met, _NOTIFY_COND_EXTEN | _NOTIFY_CONDE_HUP);
	KUNIT_EXPECT_NULL(test, nop[IOFUNC_NOTIFY_INPUT].list);

	KUNIT_EXPECT_EQ(test, io_notify(nop, 1, _NOTIFY_ACTION_POLL,
					_NOTIFY_COND_EXTEN | _NOTIFY_CONDE_RDBAND,
					_NOTIFY_COND_EXTEN | _NOTIFY_CONDE_RDBAND |
					_NOTIFY_CONDE_WRBAND, NULL, &met), _RESMGR_NPARTS(1));
	KUNIT_EXPECT_EQ(test, met, _NOTIFY_COND_EXTEN | _NOTIFY_CONDE_RDBAND);

	/* Without _NOTIFY_COND_EXTEN in trig the low bits mean nothing. */
	KUNIT_EXPECT_EQ(test, io_notify(nop, 1, _NOTIFY_ACTION_POLL, _NOTIFY_COND_INPUT,
					_NOTIFY_CONDE_HUP, NULL, &met), _RESMGR_NPARTS(1));
	KUNIT_EXPECT_EQ(test, met, 0U);
}

/* Arming: POLLARM arms only when nothing is met; triggers fire once, at the threshold. */
static void iofunc_notify_arming(struct kunit *test)
{
	static const int cnts[3] = { 5, 1, 1 };
	iofunc_notify_t nop[3];
	resmgr_context_t ctp = { .iov = (iov_t[IT_NPARTS]) {} };
	u32 met;

	IOFUNC_NOTIFY_INIT(nop);
	KUNIT_EXPECT_EQ(test, io_notify(nop, 1, _NOTIFY_ACTION_POLL, _NOTIFY_COND_INPUT,
					0, NULL, &met), _RESMGR_NPARTS(1));
	KUNIT_EXPECT_NULL(test, nop[IOFUNC_NOTIFY_INPUT].list);

	KUNIT_EXPECT_EQ(test, io_notify(nop, 1, _NOTIFY_ACTION_POLLARM,
					_NOTIFY_COND_INPUT | _NOTIFY_COND_OUTPUT,
					_NOTIFY_COND_OUTPUT, NULL, &met), _RESMGR_NPARTS(1));
	KUNIT_EXPECT_EQ(test, met, _NOTIFY_COND_OUTPUT);
	KUNIT_EXPECT_NULL(test, nop[IOFUNC_NOTIFY_INPUT].list);

	KUNIT_EXPECT_EQ(test, io_notify(nop, 1, _NOTIFY_ACTION_POLLARM, _NOTIFY_COND_INPUT,
					0, cnts, &met), _RESMGR_NPARTS(1));
	KUNIT_EXPECT_EQ(test, met, 0U);
	KUNIT_ASSERT_NOT_NULL(test, nop[IOFUNC_NOTIFY_INPUT].list);
	KUNIT_EXPECT_EQ(test, nop[IOFUNC_NOTIFY_INPUT].cnt, 5);
	/* Re-arming the same client does not add an entry. */
	io_notify(nop, 1, _NOTIFY_ACTION_POLLARM, _NOTIFY_COND_INPUT, 0, cnts, NULL);
	KUNIT_EXPECT_NULL(test, nop[IOFUNC_NOTIFY_INPUT].list->next);

	/* Another client's TRANARM on a taken input list: EBUSY. */
	KUNIT_EXPECT_EQ(test, io_notify(nop, 2, _NOTIFY_ACTION_TRANARM, _NOTIFY_COND_INPUT,
					0, NULL, NULL), EBUSY);
	KUNIT_EXPECT_EQ(test, io_notify(nop, 2, _NOTIFY_ACTION_CONDARM, _NOTIFY_COND_OUTPUT,
					0, NULL, NULL), EAGAIN);
	KUNIT_EXPECT_NOT_NULL(test, nop[IOFUNC_NOTIFY_OUTPUT].list);

	KUNIT_EXPECT_FALSE(test, IOFUNC_NOTIFY_INPUT_CHECK(nop, 4, 0));
	iofunc_notify_trigger(nop, 4, IOFUNC_NOTIFY_INPUT);
	KUNIT_EXPECT_NOT_NULL(test, nop[IOFUNC_NOTIFY_INPUT].list);
	KUNIT_EXPECT_TRUE(test, IOFUNC_NOTIFY_INPUT_CHECK(nop, 5, 0));
	iofunc_notify_trigger(nop, 5, IOFUNC_NOTIFY_INPUT);
	KUNIT_EXPECT_NULL(test, nop[IOFUNC_NOTIFY_INPUT].list);

	ctp.info.coid = 2;
	iofunc_notify_remove(&ctp, nop);
	KUNIT_EXPECT_NULL(test, nop[IOFUNC_NOTIFY_OUTPUT].list);
	KUNIT_EXPECT_EQ(test, io_notify(nop, 1, 99, _NOTIFY_COND_INPUT, 0, NULL, NULL), EINVAL);
}

/* The devctl encodings are QNX's; Linux ioctl numbers differ only in the direction bits. */
static void iofunc_devctl_encodings(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, (u32)DCMD_ALL_GETFLAGS, 0x40040101U);
	KUNIT_EXPECT_EQ(test, (u32)DCMD_ALL_SETFLAGS, 0x80040102U);
	KUNIT_EXPECT_EQ(test, (u32)DCMD_ALL_GETMOUNTFLAGS, 0x40040103U);
	KUNIT_EXPECT_EQ(test, (u32)DCMD_ALL_GETOWN, 0x40040104U);
	KUNIT_EXPECT_EQ(test, (u32)DCMD_ALL_SETOWN, 0x80040105U);
	KUNIT_EXPECT_EQ(test, (u32)DCMD_ALL_FADVISE, 0x80180106U);
	KUNIT_EXPECT_EQ(test, (u32)__DION(_DCMD_MISC, 4), 0x0504U);
	KUNIT_EXPECT_EQ(test, (u32)__DIOTF(_DCMD_MISC, 3, int), 0xc0040503U);
	KUNIT_EXPECT_EQ(test, get_device_size((u32)__DIOF(_DCMD_MISC, 1, int[4])), 16U);
	KUNIT_EXPECT_EQ(test, get_device_direction((u32)__DIOT(_DCMD_MISC, 1, int)),
			_POSIX_DEVDIR_TO);
	KUNIT_EXPECT_EQ(test, RESMGR_IOC_TO_DCMD(_IOR(_DCMD_MISC, 2, int)),
			__DIOF(_DCMD_MISC, 2, int));
	KUNIT_EXPECT_EQ(test, RESMGR_IOC_TO_DCMD(_IOW(_DCMD_MISC, 1, int)),
			__DIOT(_DCMD_MISC, 1, int));
	KUNIT_EXPECT_EQ(test, RESMGR_IOC_TO_DCMD(_IOWR(_DCMD_MISC, 3, int)),
			__DIOTF(_DCMD_MISC, 3, int));
	KUNIT_EXPECT_EQ(test, RESMGR_DCMD_TO_IOC(__DION(_DCMD_MISC, 4)), _IO(_DCMD_MISC, 4));
}

/* unlink/rmdir: the type rules, permission on the directory, sticky. */
static void iofunc_unlink_rules(struct kunit *test)
{
	struct io_who dirowner = ME(1000, 100), stranger = ME(3000, 300);
	struct io_who fileowner = ME(2000, 100);
	io_unlink_t msg = {};
	resmgr_context_t ctp = { .iov = (iov_t[IT_NPARTS]) {} };
	iofunc_attr_t *at = kunit_kcalloc(test, 3, sizeof(*at), GFP_KERNEL);
	iofunc_attr_t *dir = &at[0], *file = &at[1], *sub = &at[2];
	const struct cred *old;

	KUNIT_ASSERT_NOT_NULL(test, at);
	io_attr(dir, S_IFDIR | 0755, 1000, 100);
	dir->nlink = 3;
	io_attr(file, S_IFREG | 0644, 2000, 100);
	io_attr(sub, S_IFDIR | 0755, 1000, 100);
	sub->nlink = 3;

	old = io_as(test, &stranger);
	KUNIT_EXPECT_EQ(test, iofunc_unlink(&ctp, &msg, file, dir, NULL), EACCES);
	io_revert(old);
	KUNIT_EXPECT_EQ(test, file->nlink, 1u);

	old = io_as(test, &dirowner);
	KUNIT_EXPECT_EQ(test, iofunc_unlink(&ctp, &msg, sub, dir, NULL), EISDIR);
	msg.connect.mode = S_IFDIR;
	KUNIT_EXPECT_EQ(test, iofunc_unlink(&ctp, &msg, file, dir, NULL), ENOTDIR);
	KUNIT_EXPECT_EQ(test, iofunc_unlink(&ctp, &msg, sub, dir, NULL), ENOTEMPTY);
	sub->nlink = 2;
	KUNIT_EXPECT_EQ(test, iofunc_unlink(&ctp, &msg, sub, dir, NULL), EOK);
	KUNIT_EXPECT_EQ(test, sub->nlink, 0u);
	KUNIT_EXPECT_EQ(test, dir->nlink, 2u);
	msg.connect.mode = 0;
	KUNIT_EXPECT_EQ(test, iofunc_unlink(&ctp, &msg, file, dir, NULL), EOK);
	KUNIT_EXPECT_EQ(test, file->nlink, 0u);
	io_revert(old);

	/* Sticky: neither the file's nor the directory's owner: EPERM. */
	io_attr(dir, S_IFDIR | 01777, 0, 0);
	io_attr(file, S_IFREG | 0644, 2000, 100);
	old = io_as(test, &stranger);
	KUNIT_EXPECT_EQ(test, iofunc_unlink(&ctp, &msg, file, dir, NULL), EPERM);
	io_revert(old);
	old = io_as(test, &fileowner);
	KUNIT_EXPECT_EQ(test, iofunc_unlink(&ctp, &msg, file, dir, NULL), EOK);
	io_revert(old);
}

/* mknod and link: creation checks, link counts, EROFS, EPERM for directories. */
static void iofunc_mknod_link_rules(struct kunit *test)
{
	struct io_who me = ME(1000, 100), stranger = ME(3000, 300);
	iofunc_mount_t ro = { .flags = _MOUNT_READONLY };
	io_mknod_t msg = { .connect.mode = S_IFDIR | 0750 };
	resmgr_context_t ctp = { .iov = (iov_t[IT_NPARTS]) {} };
	iofunc_attr_t *at = kunit_kcalloc(test, 3, sizeof(*at), GFP_KERNEL);
	iofunc_attr_t *dir = &at[0], *made = &at[1], *file = &at[2];
	const struct cred *old;

	KUNIT_ASSERT_NOT_NULL(test, at);
	io_attr(dir, S_IFDIR | 0755, 1000, 100);
	dir->nlink = 2;
	io_attr(file, S_IFREG | 0644, 1000, 100);

	old = io_as(test, &stranger);
	KUNIT_EXPECT_EQ(test, iofunc_mknod(&ctp, &msg, made, dir, NULL), EACCES);
	io_revert(old);

	old = io_as(test, &me);
	KUNIT_EXPECT_EQ(test, iofunc_mknod(&ctp, &msg, made, dir, NULL), EOK);
	KUNIT_EXPECT_EQ(test, made->mode, (umode_t)(S_IFDIR | 0750));
	KUNIT_EXPECT_EQ(test, made->nlink, 2u);
	KUNIT_EXPECT_EQ(test, dir->nlink, 3u);
	KUNIT_EXPECT_TRUE(test, uid_eq(made->uid, KUIDT_INIT(1000)));
	msg.connect.mode = S_IFCHR | 0600;
	KUNIT_EXPECT_EQ(test, iofunc_mknod(&ctp, &msg, NULL, dir, NULL), EPERM);

	KUNIT_EXPECT_EQ(test, iofunc_link(&ctp, (io_link_t *)&msg, file, dir, NULL), EOK);
	KUNIT_EXPECT_EQ(test, file->nlink, 2u);
	KUNIT_EXPECT_EQ(test, iofunc_link(&ctp, (io_link_t *)&msg, made, dir, NULL), EPERM);
	dir->mount = &ro;
	KUNIT_EXPECT_EQ(test, iofunc_link(&ctp, (io_link_t *)&msg, file, dir, NULL), EROFS);
	KUNIT_EXPECT_EQ(test, file->nlink, 2u);
	io_revert(old);
}

/* rename: type rules, the replaced file's link, a directory's ".." move. */
static void iofunc_rename_rules(struct kunit *test)
{
	struct io_who me = ME(1000, 100);
	iofunc_attr_t *at = kunit_kcalloc(test, 6, sizeof(*at), GFP_KERNEL);
	iofunc_attr_t *d1 = &at[0], *d2 = &at[1], *f = &at[2], *g = &at[3];
	iofunc_attr_t *sub = &at[4], *full = &at[5];
	io_rename_t msg = {};
	resmgr_context_t ctp = { .iov = (iov_t[IT_NPARTS]) {} };
	const struct cred *old;

	KUNIT_ASSERT_NOT_NULL(test, at);
	io_attr(d1, S_IFDIR | 0755, 1000, 100);
	io_attr(d2, S_IFDIR | 0755, 1000, 100);
	d1->nlink = 3;
	d2->nlink = 3;
	io_attr(f, S_IFREG | 0644, 1000, 100);
	io_attr(g, S_IFREG | 0644, 1000, 100);
	io_attr(sub, S_IFDIR | 0755, 1000, 100);
	sub->nlink = 2;
	io_attr(full, S_IFDIR | 0755, 1000, 100);
	full->nlink = 3;

	old = io_as(test, &me);
	KUNIT_EXPECT_EQ(test, iofunc_rename(&ctp, &msg, f, d1, sub, d2, NULL), EISDIR);
	KUNIT_EXPECT_EQ(test, iofunc_rename(&ctp, &msg, sub, d1, f, d2, NULL), ENOTDIR);
	KUNIT_EXPECT_EQ(test, iofunc_rename(&ctp, &msg, sub, d1, full, d2, NULL), ENOTEMPTY);
	KUNIT_EXPECT_EQ(test, iofunc_rename(&ctp, &msg, f, d1, f, d1, NULL), EOK);
	KUNIT_EXPECT_EQ(test, f->nlink, 1u);
	KUNIT_EXPECT_EQ(test, iofunc_rename(&ctp, &msg, f, d1, g, d2, NULL), EOK);
	KUNIT_EXPECT_EQ(test, g->nlink, 0u);
	KUNIT_EXPECT_EQ(test, f->nlink, 1u);
	KUNIT_EXPECT_EQ(test, iofunc_rename(&ctp, &msg, sub, d1, NULL, d2, NULL), EOK);
	KUNIT_EXPECT_EQ(test, d1->nlink, 2u);
	KUNIT_EXPECT_EQ(test, d2->nlink, 4u);
	io_revert(old);
}

static struct kunit_case iofunc_test_cases[] = {
	KUNIT_CASE(iofunc_devctl_encodings),
	KUNIT_CASE(iofunc_lock_conflicts),
	KUNIT_CASE(iofunc_notify_arming),
	KUNIT_CASE(iofunc_notify_extended),
	KUNIT_CASE_PARAM(iofunc_check_access_table, io_access_gen_params),
	KUNIT_CASE(iofunc_check_access_no_info),
	KUNIT_CASE(iofunc_chmod_rules),
	KUNIT_CASE(iofunc_chown_rules),
	KUNIT_CASE(iofunc_utime_rules),
	KUNIT_CASE(iofunc_utime64_nanoseconds),
	KUNIT_CASE(iofunc_verify_nonblock_bit),
	KUNIT_CASE(iofunc_devctl_default_flags),
	KUNIT_CASE(iofunc_helpers_take_attr),
	KUNIT_CASE(iofunc_func_init_nfuncs),
	KUNIT_CASE(iofunc_unlink_rules),
	KUNIT_CASE(iofunc_mknod_link_rules),
	KUNIT_CASE(iofunc_rename_rules),
	{}
};

static struct kunit_suite iofunc_test_suite = {
	.name = "resmgr_iofunc",
	.test_cases = iofunc_test_cases,
};

kunit_test_suite(iofunc_test_suite);
