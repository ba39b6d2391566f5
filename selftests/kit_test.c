// SPDX-License-Identifier: GPL-2.0
/*
 * A driver made by resmgr-new-driver and built out of tree against the
 * installed development kit (tools/vm/install-check.sh builds it for
 * Debian's kernels; the guest loads it as rm_tmpl): it attaches
 * /dev/rm_tmpl and serves it with the iofunc defaults, like /dev/null.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"

TEST(template_driver_serves_its_device)
{
	char buf[16], line[256];
	int fd, found = 0;
	FILE *f;

	if (access("/sys/module/rm_tmpl", F_OK))
		SKIP(return, "rm_tmpl.ko not loaded (no kit build for this kernel)");
	fd = open("/dev/rm_tmpl", O_RDWR);
	ASSERT_LE(0, fd);
	EXPECT_EQ(5, write(fd, "hello", 5));
	EXPECT_EQ(0, read(fd, buf, sizeof(buf)));
	close(fd);
	f = fopen("/proc/resmgr", "r");
	ASSERT_NE(NULL, f);
	while (fgets(line, sizeof(line), f))
		found += !strncmp(line, "/dev/rm_tmpl\t", 13) && strstr(line, "\trm_tmpl\t");
	fclose(f);
	EXPECT_EQ(1, found);
	/* The module declares its dependency: resmgr cannot go while it is loaded. */
	EXPECT_EQ(0, access("/sys/module/resmgr/holders/rm_tmpl", F_OK));
}

TEST_HARNESS_MAIN
