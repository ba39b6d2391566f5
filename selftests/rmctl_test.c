// SPDX-License-Identifier: GPL-2.0
/*
 * rmctl against a known set of attachments: fs_fixture's /fst (DIR),
 * /fst/op (DIR|OPAQUE), /fst/pl (DIR) and its FTYPEONLY manager at "/",
 * in text and in JSON, and its errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"

#define RMCTL	"/bin/rmctl"

/* Run rmctl with @args; its stdout in @out, its exit status returned. */
static int run_rmctl(const char *args, char *out, size_t size)
{
	char cmd[256];
	size_t n = 0;
	FILE *p;
	int st;

	snprintf(cmd, sizeof(cmd), RMCTL " %s 2>/tmp/rmctl.err", args);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	while (n + 1 < size && fgets(out + n, size - n, p))
		n += strlen(out + n);
	out[n] = '\0';
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The first line of rmctl's stderr. */
static const char *err_line(void)
{
	static char line[256];
	FILE *f = fopen("/tmp/rmctl.err", "r");

	line[0] = '\0';
	if (f) {
		if (!fgets(line, sizeof(line), f))
			line[0] = '\0';
		fclose(f);
	}
	return line;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

FIXTURE(rmctl) {
	char out[8192];
};

FIXTURE_SETUP(rmctl)
{
	if (access(RMCTL, X_OK) || access("/sys/module/fs_fixture", F_OK))
		SKIP(return, "no rmctl or no fs_fixture");
}

FIXTURE_TEARDOWN(rmctl)
{
}

TEST_F(rmctl, ls_text)
{
	ASSERT_EQ(0, run_rmctl("ls /fst", self->out, sizeof(self->out)));
	EXPECT_EQ(0, strncmp(self->out, "MOUNTPOINT", 10));
	EXPECT_EQ(4, count(self->out, "\n"));	/* header and three mountpoints */
	EXPECT_NE(NULL, strstr(self->out, "/fst/op"));
	EXPECT_NE(NULL, strstr(self->out, "DIR|OPAQUE"));
	EXPECT_NE(NULL, strstr(self->out, "fs_fixture"));
	EXPECT_EQ(NULL, strstr(self->out, "/dev/"));
}

TEST_F(rmctl, ls_json_and_open_counts)
{
	FILE *f;

	ASSERT_EQ(0, run_rmctl("--json ls /fst/pl", self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out,
			       "{\"path\": \"/fst/pl\", \"id\": "));
	EXPECT_NE(NULL, strstr(self->out, "\"flags\": [\"DIR\"], \"ftype\": \"ANY\", "
				"\"owner\": \"fs_fixture\", \"opens\": 0, \"node\": \"-\"}"));
	EXPECT_EQ(0, strncmp(self->out, "[\n", 2));
	/* A file open on a manager shows in its count. */
	f = fopen("/dev/rmtest/fsctl", "w");
	if (!f)
		SKIP(return, "no /dev/rmtest/fsctl");
	ASSERT_EQ(0, run_rmctl("--json ls /dev/rmtest/fsctl", self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out, "\"opens\": 1, \"node\": \"node\"}"));
	fclose(f);
}

TEST_F(rmctl, resolve_order_and_rest)
{
	ASSERT_EQ(0, run_rmctl("resolve /fst/pl/seen", self->out, sizeof(self->out)));
	/* pl first (longest prefix), then /fst with the longer rest. */
	EXPECT_NE(NULL, strstr(self->out, "1   /fst/pl"));
	EXPECT_NE(NULL, strstr(self->out, "2   /fst "));
	EXPECT_NE(NULL, strstr(self->out, "pl/seen"));
	/* OPAQUE: nothing after /fst/op. */
	ASSERT_EQ(0, run_rmctl("--json resolve /fst/op/hidden", self->out, sizeof(self->out)));
	EXPECT_EQ(1, count(self->out, "\"path\""));
	EXPECT_NE(NULL, strstr(self->out, "\"rest\": \"hidden\""));
	/* The FTYPEONLY manager at "/" is not offered a plain open. */
	ASSERT_EQ(0, run_rmctl("--json resolve /fst", self->out, sizeof(self->out)));
	EXPECT_EQ(1, count(self->out, "\"path\""));
	EXPECT_NE(NULL, strstr(self->out, "\"rest\": \"\""));
}

TEST_F(rmctl, errors)
{
	EXPECT_EQ(2, run_rmctl("resolve fst", self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(err_line(), "not absolute"));
	EXPECT_EQ(2, run_rmctl("resolve /fst/../dev", self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(err_line(), "\"..\""));
	EXPECT_EQ(1, run_rmctl("resolve /no/such/place", self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(err_line(), "ENOENT"));
	EXPECT_EQ(1, run_rmctl("ls /no/such/place", self->out, sizeof(self->out)));
	EXPECT_EQ(2, run_rmctl("frobnicate", self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(err_line(), "usage"));
	EXPECT_EQ(1, count(err_line(), "\n"));
}

TEST_HARNESS_MAIN
