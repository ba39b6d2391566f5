// SPDX-License-Identifier: GPL-2.0
/*
 * devctl: send one QNX device command to a resmgr file.
 *
 *   devctl [-i INT] DEVICE DCMD
 *
 * DCMD is a number (0x... accepted) or one of GETFLAGS, SETFLAGS,
 * GETMOUNTFLAGS. For a TO command, -i gives the value sent (the command's
 * size, at most 8 bytes, little-endian). Prints the driver's ret_val
 * and, for a FROM command, the data in hex and, when it is 4 bytes, as an
 * integer. Exits 0 on EOK, else prints the error and exits 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "devctl.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static int parse_dcmd(const char *s, int *dcmd)
{
	static const struct { const char *name; int dcmd; } names[] = {
		{ "GETFLAGS", DCMD_ALL_GETFLAGS },
		{ "SETFLAGS", DCMD_ALL_SETFLAGS },
		{ "GETMOUNTFLAGS", DCMD_ALL_GETMOUNTFLAGS },
	};
	char *end;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!strcmp(s, names[i].name)) {
			*dcmd = names[i].dcmd;
			return 0;
		}
	}
	errno = 0;
	*dcmd = (int)strtoul(s, &end, 0);
	return errno || *end ? -1 : 0;
}

int main(int argc, char **argv)
{
	unsigned char data[RESMGR_DEVCTL_MAX];
	long long value = 0;
	int opt, fd, dcmd, info = 0, err;
	size_t n, i;
	unsigned int dir;

	while ((opt = getopt(argc, argv, "i:")) != -1) {
		if (opt != 'i')
			goto usage;
		value = strtoll(optarg, NULL, 0);
	}
	if (argc - optind != 2 || parse_dcmd(argv[optind + 1], &dcmd))
		goto usage;

	fd = open(argv[optind], O_RDWR);
	if (fd < 0)
		fd = open(argv[optind], O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "devctl: %s: %s\n", argv[optind], strerror(errno));
		return 1;
	}
	dir = get_device_direction((unsigned int)dcmd);
	n = get_device_size((unsigned int)dcmd);
	memset(data, 0, sizeof(data));
	if (dir & _POSIX_DEVDIR_TO)
		for (i = 0; i < n && i < sizeof(value); i++)
			data[i] = (unsigned char)(value >> (8 * i));
	err = devctl(fd, dcmd, data, n, &info);
	close(fd);
	if (err != EOK) {
		fprintf(stderr, "devctl: 0x%08x: %s\n", (unsigned int)dcmd, strerror(err));
		return 1;
	}
	printf("ret_val %d\n", info);
	if ((dir & _POSIX_DEVDIR_FROM) && n) {
		printf("data");
		for (i = 0; i < n; i++)
			printf(" %02x", data[i]);
		if (n == 4) {
			int32_t v;

			memcpy(&v, data, 4);
			printf(" (%d)", v);
		}
		printf("\n");
	}
	return 0;

usage:
	fprintf(stderr, "usage: devctl [-i INT] DEVICE DCMD\n");
	return 2;
}
