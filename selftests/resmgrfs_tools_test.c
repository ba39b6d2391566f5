// SPDX-License-Identifier: GPL-2.0
/*
 * The tools people use on a file system, run on rm_ramfs through
 * resmgrfs (busybox's, in the VM): cp -r, cp -a, mv, rm -r, ln, ln -s,
 * find, chmod, chown, touch, stat. Each script compares what it does
 * on rm_ramfs with the same on tmpfs, or with what is expected.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "resmgrfs_mount.h"

#define RAM	MNT "/ramfs/tools"
#define SRC	"/tmp/tools-src"

/* Run a shell script; its exit status (its output goes to the log). */
static int sh(const char *script)
{
	int st = system(script);

	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* A source tree on tmpfs: nested directories, sizes around page edges. */
static void make_src(void)
{
	sh("rm -rf " SRC " && mkdir -p " SRC "/a/b/c " SRC "/empty && cd " SRC " &&"
	   " echo small > a/small &&"
	   " dd if=/dev/urandom of=a/page bs=4096 count=1 2>/dev/null &&"
	   " dd if=/dev/urandom of=a/b/odd bs=4097 count=3 2>/dev/null &&"
	   " dd if=/dev/urandom of=a/b/c/big bs=65536 count=8 2>/dev/null &&"
	   " : > a/b/c/zero && chmod 640 a/small && chmod 755 a/b");
	sh("rm -rf " RAM " && mkdir " RAM);
}

TEST(cp_r_diff_find)
{
	ensure_mounted();
	make_src();
	ASSERT_EQ(0, sh("cp -r " SRC " " RAM "/src"));
	EXPECT_EQ(0, sh("diff -r " SRC " " RAM "/src"));
	EXPECT_EQ(0, sh("cd " SRC " && find . | sort > /tmp/find.tmpfs &&"
			" cd " RAM "/src && find . | sort > /tmp/find.ramfs &&"
			" cmp /tmp/find.tmpfs /tmp/find.ramfs"));
	EXPECT_EQ(0, sh("test \"$(find " RAM "/src -type f | wc -l)\" = 5"));
	EXPECT_EQ(0, sh("test \"$(find " RAM "/src -type d -name c)\" = " RAM "/src/a/b/c"));
	EXPECT_EQ(0, sh("test \"$(find " RAM "/src -size +100k)\" = " RAM "/src/a/b/c/big"));
	/* And back again. */
	EXPECT_EQ(0, sh("rm -rf /tmp/tools-back && cp -r " RAM "/src /tmp/tools-back &&"
			" diff -r " SRC " /tmp/tools-back"));
}

TEST(cp_a_keeps_modes_owners_times)
{
	ensure_mounted();
	make_src();
	ASSERT_EQ(0, sh("chown 12:34 " SRC "/a/small &&"
			" touch -d '2001-02-03 04:05:06' " SRC "/a/small"));
	ASSERT_EQ(0, sh("cp -a " SRC " " RAM "/src"));
	EXPECT_EQ(0, sh("test \"$(stat -c '%a %u %g %Y' " SRC "/a/small)\" ="
			" \"$(stat -c '%a %u %g %Y' " RAM "/src/a/small)\""));
	EXPECT_EQ(0, sh("test \"$(stat -c %a " RAM "/src/a/b)\" = 755"));
}

TEST(mv_rename_and_move)
{
	ensure_mounted();
	make_src();
	ASSERT_EQ(0, sh("cp -r " SRC " " RAM "/src"));
	EXPECT_EQ(0, sh("mv " RAM "/src/a/small " RAM "/src/moved && test -f " RAM "/src/moved &&"
			" test ! -e " RAM "/src/a/small"));
	EXPECT_EQ(0, sh("mv " RAM "/src/a/b " RAM "/src/empty/ && test -d " RAM "/src/empty/b/c &&"
			" cmp " SRC "/a/b/c/big " RAM "/src/empty/b/c/big"));
	/* mv across managers copies and removes. */
	EXPECT_EQ(0, sh("mv " RAM "/src/moved /tmp/moved-out && test ! -e " RAM "/src/moved &&"
			" cmp /tmp/moved-out " SRC "/a/small"));
}

TEST(ln_and_ln_s)
{
	ensure_mounted();
	make_src();
	ASSERT_EQ(0, sh("cp " SRC "/a/small " RAM "/f"));
	EXPECT_EQ(0, sh("ln " RAM "/f " RAM "/hard && test \"$(stat -c %h " RAM "/f)\" = 2"));
	EXPECT_EQ(0, sh("test \"$(stat -c %i " RAM "/f)\" = \"$(stat -c %i " RAM "/hard)\""));
	EXPECT_EQ(0, sh("ln -s f " RAM "/soft && test -L " RAM "/soft &&"
			" test \"$(readlink " RAM "/soft)\" = f && cmp " RAM "/soft " RAM "/f"));
	EXPECT_EQ(0, sh("ln -s /tmp/tools-src/a " RAM "/outside &&"
			" cmp " RAM "/outside/small " RAM "/f"));
	EXPECT_EQ(0, sh("rm " RAM "/f && test \"$(stat -c %h " RAM "/hard)\" = 1 &&"
			" test ! -e " RAM "/soft"));
}

TEST(chmod_chown_touch_stat)
{
	ensure_mounted();
	make_src();
	ASSERT_EQ(0, sh("cp -r " SRC " " RAM "/src"));
	EXPECT_EQ(0, sh("chmod -R go-rwx " RAM "/src &&"
			" test \"$(stat -c %a " RAM "/src/a/b)\" = 700 &&"
			" test \"$(stat -c %a " RAM "/src/a/small)\" = 600"));
	EXPECT_EQ(0, sh("chown -R 7:8 " RAM "/src &&"
			" test \"$(stat -c '%u %g' " RAM "/src/a/b/c/zero)\" = '7 8'"));
	EXPECT_EQ(0, sh("touch -d '1999-12-31 23:59:59' " RAM "/src/a/page &&"
			" test \"$(stat -c %Y " RAM "/src/a/page)\" = 946684799"));
	EXPECT_EQ(0, sh("touch " RAM "/src/new && test -f " RAM "/src/new &&"
			" test \"$(stat -c %s " RAM "/src/new)\" = 0"));
	EXPECT_EQ(0, sh("test \"$(stat -c %s " RAM "/src/a/b/odd)\" = 12291 &&"
			" test \"$(stat -c %F " RAM "/src/a)\" = directory"));
}

/*
 * rm -r of a directory that takes several reads. Its work is bounded by
 * what it must show, not by a clock: 200 names of 25 bytes are 48-byte
 * records, three reads of a page, and the timeout leaves room for path
 * calls that cost ten times more than on tmpfs under the debug kernel
 * (nothing is cached: each of them walks the managers).
 */
FIXTURE(many) {};
FIXTURE_SETUP(many) {}
FIXTURE_TEARDOWN(many) {}

TEST_F_TIMEOUT(many, rm_r, 300)
{
	ensure_mounted();
	make_src();
	ASSERT_EQ(0, sh("cp -r " SRC " " RAM "/src && mkdir -p " RAM "/src/many"));
	ASSERT_EQ(0, sh("cd " RAM "/src/many && i=100; while [ $i -lt 300 ]; do"
			" : > file-with-a-long-name-$i; i=$((i+1)); done"));
	EXPECT_EQ(0, sh("test \"$(ls " RAM "/src/many | wc -l)\" = 200"));
	/* The same names as tmpfs gives, in the same order once sorted. */
	EXPECT_EQ(0, sh("mkdir -p /tmp/many && cd /tmp/many &&"
			" i=100; while [ $i -lt 300 ]; do"
			" : > file-with-a-long-name-$i; i=$((i+1)); done &&"
			" ls /tmp/many > /tmp/many.tmpfs &&"
			" ls " RAM "/src/many > /tmp/many.ramfs &&"
			" cmp /tmp/many.tmpfs /tmp/many.ramfs && rm -r /tmp/many /tmp/many.*"));
	EXPECT_EQ(0, sh("rm -r " RAM "/src && test ! -e " RAM "/src"));
	EXPECT_EQ(0, sh("test -z \"$(ls " RAM ")\""));
	sh("rm -rf " RAM " " SRC " /tmp/tools-back /tmp/moved-out /tmp/find.*");
}

TEST_HARNESS_MAIN
