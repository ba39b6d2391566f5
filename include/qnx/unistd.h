/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QNX <unistd.h>, as much of it as a server's main() kept whole
 * (<resmgr/main.h>) uses in a module: getopt() over its argv, with
 * POSIX's rules (options until the first non-option or "--", "x:" takes
 * an argument joined or next, '?' for an unknown option or a missing
 * argument, ':' for the latter when the option string starts with ':').
 * The state (optarg, optind, opterr, optopt) is the including file's
 * own, as main() is; set optind to 1 to parse again.
 */
#ifndef _QNX_UNISTD_H
#define _QNX_UNISTD_H

#include <linux/compiler.h>
#include <linux/printk.h>
#include <linux/string.h>

static char *optarg __maybe_unused;
static int optind __maybe_unused = 1;
static int opterr __maybe_unused = 1;
static int optopt __maybe_unused;
static int resmgr_optpos __maybe_unused;	/* within argv[optind] */

static inline int getopt(int argc, char *const argv[], const char *optstring)
{
	const char *spec;
	char *arg;
	int c;

	optarg = NULL;
	if (optind >= argc || !argv[optind])
		return -1;
	arg = argv[optind];
	if (!resmgr_optpos) {
		if (arg[0] != '-' || !arg[1])
			return -1;
		if (!strcmp(arg, "--")) {
			optind++;
			return -1;
		}
		resmgr_optpos = 1;
	}
	c = arg[resmgr_optpos++];
	spec = c != ':' ? strchr(optstring, c) : NULL;
	if (!spec) {
		optopt = c;
		if (!arg[resmgr_optpos]) {
			optind++;
			resmgr_optpos = 0;
		}
		if (opterr && optstring[0] != ':')
			pr_warn("%s: unknown option -%c\n", argv[0], c);
		return '?';
	}
	if (spec[1] == ':') {
		if (arg[resmgr_optpos]) {
			optarg = &arg[resmgr_optpos];
			optind++;
		} else if (optind + 1 < argc) {
			optarg = argv[optind + 1];
			optind += 2;
		} else {
			optopt = c;
			optind++;
			resmgr_optpos = 0;
			if (opterr && optstring[0] != ':')
				pr_warn("%s: option -%c needs an argument\n", argv[0], c);
			return optstring[0] == ':' ? ':' : '?';
		}
		resmgr_optpos = 0;
		return c;
	}
	if (!arg[resmgr_optpos]) {
		optind++;
		resmgr_optpos = 0;
	}
	return c;
}

#endif /* _QNX_UNISTD_H */
