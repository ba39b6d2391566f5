// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/resmgr, the pathname-space listing, as a user sees it.
 *
 * Needs resmgr.ko; the cases that check contents need the fixture module
 * selftests/modules/pathmgr_fixture.ko, which attaches the seed's union
 * (BEFORE, AFTER, -, BEFORE, AFTER, -) at /demo/union, a DIR mountpoint
 * at /demo/fs and an FTYPEONLY mqueue manager at "/" (where
 * resmgr_attach() puts typed managers, as QNX does).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"

#define LISTING "/proc/resmgr"

struct line {
	char path[256];
	int id;
	int pos, of;
	char flags[64];
	char ftype[16];
	char owner[64];
	char opens[16];
	char node[16];
};

/* Read the listing; returns the number of entry lines, -1 on error. */
static int read_listing(struct line *lines, int max, char *header, size_t hlen)
{
	char buf[512];
	FILE *f;
	int n = 0;

	f = fopen(LISTING, "r");
	if (!f)
		return -1;
	if (!fgets(header, hlen, f)) {
		fclose(f);
		return -1;
	}
	while (n < max && fgets(buf, sizeof(buf), f)) {
		struct line *l = &lines[n];
		int end = 0;

		if (sscanf(buf, "%255[^\t]\t%d\t%d/%d\t%63[^\t]\t%15[^\t]\t%63[^\t]\t%15[^\t]%n",
			   l->path, &l->id, &l->pos, &l->of, l->flags, l->ftype,
			   l->owner, l->opens, &end) != 8 ||
		    sscanf(buf + end, "\t%15[^\n]", l->node) != 1) {
			fclose(f);
			errno = EPROTO;
			return -1;
		}
		n++;
	}
	fclose(f);
	return n;
}

static int fixture_loaded(void)
{
	return access("/sys/module/pathmgr_fixture", F_OK) == 0;
}

FIXTURE(listing) {
	struct line lines[64];
	int n;
	char header[128];
};

FIXTURE_SETUP(listing)
{
	if (access(LISTING, F_OK))
		SKIP(return, "resmgr.ko is not loaded");
	self->n = read_listing(self->lines, 64, self->header, sizeof(self->header));
	ASSERT_GE(self->n, 0) TH_LOG("reading %s: %s", LISTING, strerror(errno));
}

FIXTURE_TEARDOWN(listing)
{
}

/* The first line names the columns. */
TEST_F(listing, header)
{
	EXPECT_STREQ("PATH\tID\tPOS\tFLAGS\tFTYPE\tOWNER\tOPENS\tNODE\n", self->header);
}

/*
 * NODE says what /dev node an attachment has: /dev/null (the kernel's
 * mem driver has the name) is "taken", a resmgr name "node", a name
 * outside /dev or a directory mountpoint "-".
 */
TEST_F(listing, node_column)
{
	const char *want[][2] = {
		{ "/dev/null", "taken" }, { "/dev/rmtest/who", "node" },
		{ "/fst", "-" },
	};
	unsigned int i;
	int j;

	if (access("/sys/module/resmgr_fixture", F_OK) || access("/sys/module/fs_fixture", F_OK))
		SKIP(return, "resmgr_fixture or fs_fixture is not loaded");
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		const char *got = NULL;

		for (j = 0; j < self->n; j++)
			if (!strcmp(self->lines[j].path, want[i][0]))
				got = self->lines[j].node;
		ASSERT_NE(NULL, got) TH_LOG("%s is not listed", want[i][0]);
		EXPECT_STREQ(want[i][1], got) TH_LOG("%s", want[i][0]);
	}
}

/* The listing is read-only, also for root. */
TEST_F(listing, read_only)
{
	int fd = open(LISTING, O_WRONLY);

	if (fd >= 0) {
		EXPECT_LT(write(fd, "x", 1), 0);
		close(fd);
	} else {
		EXPECT_EQ(EACCES, errno);
	}
}

/* The seed's union shows in QNX order 1,4,6,3,5,2 with the right flags. */
TEST_F(listing, seed_union_order)
{
	static const int order[] = { 1, 4, 6, 3, 5, 2 };
	static const char *const flags[] = {
		"BEFORE", "AFTER", "-", "BEFORE", "AFTER", "-",
	};
	struct line *u[6];
	int ids[6], nu = 0, i, j;

	if (!fixture_loaded())
		SKIP(return, "pathmgr_fixture.ko is not loaded");
	for (i = 0; i < self->n; i++) {
		if (strcmp(self->lines[i].path, "/demo/union"))
			continue;
		ASSERT_LT(nu, 6);
		u[nu++] = &self->lines[i];
	}
	ASSERT_EQ(6, nu);
	/* Lines come in union order; ids were handed out in attach order. */
	for (i = 0; i < 6; i++) {
		EXPECT_EQ(i + 1, u[i]->pos);
		EXPECT_EQ(6, u[i]->of);
		EXPECT_STREQ("ANY", u[i]->ftype);
		EXPECT_STREQ("pathmgr_fixture", u[i]->owner);
		ids[i] = u[i]->id;
	}
	for (i = 0; i < 6; i++) {
		int rank = 1;

		for (j = 0; j < 6; j++)
			rank += ids[j] < ids[i];
		EXPECT_EQ(order[i], rank) TH_LOG("position %d holds attach #%d", i + 1, rank);
		EXPECT_STREQ(flags[order[i] - 1], u[i]->flags);
	}
}

/* A DIR mountpoint and an FTYPEONLY typed manager show their kind. */
TEST_F(listing, dir_and_ftype)
{
	int seen = 0, i;

	if (!fixture_loaded())
		SKIP(return, "pathmgr_fixture.ko is not loaded");
	for (i = 0; i < self->n; i++) {
		struct line *l = &self->lines[i];

		if (!strcmp(l->path, "/demo/fs")) {
			EXPECT_STREQ("DIR", l->flags);
			EXPECT_STREQ("ANY", l->ftype);
			EXPECT_EQ(1, l->pos);
			seen |= 1;
		} else if (!strcmp(l->path, "/") && !strcmp(l->owner, "pathmgr_fixture")) {
			EXPECT_STREQ("FTYPEONLY", l->flags);
			EXPECT_STREQ("MQUEUE", l->ftype);
			seen |= 2;
		}
	}
	EXPECT_EQ(3, seen);
}

/* Parents come before children: /demo/fs follows /demo/union. */
TEST_F(listing, tree_order)
{
	int last_union = -1, first_fs = -1, i;

	if (!fixture_loaded())
		SKIP(return, "pathmgr_fixture.ko is not loaded");
	for (i = 0; i < self->n; i++) {
		if (!strcmp(self->lines[i].path, "/demo/union"))
			last_union = i;
		if (!strcmp(self->lines[i].path, "/demo/fs") && first_fs < 0)
			first_fs = i;
	}
	ASSERT_GE(last_union, 0);
	ASSERT_GE(first_fs, 0);
	EXPECT_LT(last_union, first_fs);
}

TEST_HARNESS_MAIN
