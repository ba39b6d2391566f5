// SPDX-License-Identifier: GPL-2.0
/*
 * A file system exerciser for rm_ramfs through resmgrfs: random writes,
 * reads, truncates, reopens, renames and unlinks on a few files, each
 * checked against an in-memory model of what the files must hold.
 * At least MINOPS operations (the coverage does not depend on the
 * machine's speed), then more until MAXSECS or NOPS; the seed is
 * printed, and RESMGR_FSX_SEED repeats a run.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "resmgrfs_mount.h"

#define DIRP	MNT "/ramfs/fsx"
#define NFILES	4
#define MAXLEN	(192 * 1024)
#define MAXIO	(20 * 1024)
#define MINOPS	300
#define NOPS	3000
#define MAXSECS	20

struct model {
	unsigned char	data[MAXLEN];
	size_t		len;
	bool		exists;
	int		fd;
};

static struct model files[NFILES];
static unsigned char buf[MAXLEN];

static void name_of(int i, char *out, size_t size)
{
	snprintf(out, size, DIRP "/f%d", i);
}

static unsigned int rnd(unsigned int n)
{
	return n ? (unsigned int)random() % n : 0;
}

/* Compare [off, off+n) of file @i with the model; 0 when equal. */
static int check_range(int i, size_t off, size_t n)
{
	struct model *m = &files[i];
	size_t want = off < m->len ? (n < m->len - off ? n : m->len - off) : 0;
	ssize_t got = pread(m->fd, buf, n, off);

	if (got != (ssize_t)want) {
		fprintf(stderr, "# f%d: pread(%zu, %zu) = %zd, want %zu (len %zu)\n",
			i, n, off, got, want, m->len);
		return 1;
	}
	if (memcmp(buf, m->data + off, want)) {
		fprintf(stderr, "# f%d: data differs in [%zu, %zu)\n", i, off, off + want);
		return 1;
	}
	return 0;
}

/* MINOPS under the debug kernel take about 15 s; slower machines get room. */
FIXTURE(fsx) {};
FIXTURE_SETUP(fsx) {}
FIXTURE_TEARDOWN(fsx) {}

TEST_F_TIMEOUT(fsx, random_operations_against_a_model, 120)
{
	unsigned int seed = time(NULL);
	char path[64], path2[64];
	time_t start = time(NULL);
	int op, i, j, counts[7] = {};
	struct stat st;

	ensure_mounted();
	if (getenv("RESMGR_FSX_SEED"))
		seed = strtoul(getenv("RESMGR_FSX_SEED"), NULL, 0);
	srandom(seed);
	TH_LOG("seed %u (RESMGR_FSX_SEED=%u repeats this run)", seed, seed);
	system("rm -rf " DIRP);
	ASSERT_EQ(0, mkdir(DIRP, 0755));
	for (i = 0; i < NFILES; i++) {
		name_of(i, path, sizeof(path));
		files[i].fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0644);
		ASSERT_LE(0, files[i].fd);
		files[i].exists = true;
		files[i].len = 0;
	}

	for (op = 0; op < NOPS && (op < MINOPS || time(NULL) - start < MAXSECS); op++) {
		struct model *m;
		size_t off, n;

		i = rnd(NFILES);
		m = &files[i];
		name_of(i, path, sizeof(path));
		switch (rnd(10)) {
		case 0: case 1: case 2:		/* write, maybe past the end (a hole) */
			off = rnd(m->len + 8192);
			n = 1 + rnd(MAXIO);
			if (off + n > MAXLEN)
				n = MAXLEN - off;
			if (!n)
				break;
			for (j = 0; j < (int)n; j++)
				buf[j] = random();
			ASSERT_EQ((ssize_t)n, pwrite(m->fd, buf, n, off));
			if (off > m->len)
				memset(m->data + m->len, 0, off - m->len);
			memcpy(m->data + off, buf, n);
			if (off + n > m->len)
				m->len = off + n;
			counts[0]++;
			break;
		case 3: case 4: case 5:		/* read a random range */
			off = rnd(m->len + 100);
			n = 1 + rnd(MAXIO);
			ASSERT_EQ(0, check_range(i, off, n));
			counts[1]++;
			break;
		case 6:				/* truncate, shorter or longer */
			n = rnd(MAXLEN / 2);
			ASSERT_EQ(0, ftruncate(m->fd, n));
			if (n > m->len)
				memset(m->data + m->len, 0, n - m->len);
			m->len = n;
			counts[2]++;
			break;
		case 7:				/* close and reopen, maybe O_TRUNC */
			close(m->fd);
			if (rnd(4) == 0) {
				m->fd = open(path, O_RDWR | O_TRUNC);
				m->len = 0;
			} else {
				m->fd = open(path, O_RDWR);
			}
			ASSERT_LE(0, m->fd);
			counts[3]++;
			break;
		case 8:				/* swap two names: rename through a third */
			j = rnd(NFILES);
			if (j == i)
				break;
			name_of(j, path2, sizeof(path2));
			ASSERT_EQ(0, rename(path, DIRP "/tmp"));
			ASSERT_EQ(0, rename(path2, path));
			ASSERT_EQ(0, rename(DIRP "/tmp", path2));
			{
				struct model t = files[i];

				files[i] = files[j];
				files[j] = t;
			}
			counts[4]++;
			break;
		case 9:				/* unlink while open, then a new file */
			ASSERT_EQ(0, unlink(path));
			ASSERT_EQ(0, check_range(i, 0, MAXLEN));	/* still readable */
			close(m->fd);
			m->fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0644);
			ASSERT_LE(0, m->fd);
			m->len = 0;
			counts[5]++;
			break;
		}
		if (op % 64 == 0) {
			ASSERT_EQ(0, fstat(m->fd, &st));
			ASSERT_EQ((off_t)m->len, st.st_size);
			ASSERT_EQ(0, stat(path, &st));
			ASSERT_EQ((off_t)m->len, st.st_size);
			ASSERT_EQ(0, check_range(i, 0, MAXLEN));
			counts[6]++;
		}
	}
	for (i = 0; i < NFILES; i++) {
		ASSERT_EQ(0, check_range(i, 0, MAXLEN));
		close(files[i].fd);
	}
	TH_LOG("%d operations in %ld s: %d writes, %d reads, %d truncates, %d reopens,",
	       op, (long)(time(NULL) - start), counts[0], counts[1], counts[2], counts[3]);
	TH_LOG("%d renames, %d unlinks, %d full checks", counts[4], counts[5], counts[6]);
	/* Every kind of operation ran. */
	for (i = 0; i <= 5; i++)
		EXPECT_LT(0, counts[i]);
	system("rm -rf " DIRP);
}

TEST_HARNESS_MAIN
