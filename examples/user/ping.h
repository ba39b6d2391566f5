/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The messages ping_server.c and ping_client.c exchange: a type of their
 * own, outside QNX's I/O range, as QNX programs share one header.
 */
#ifndef PING_H
#define PING_H

#include <sys/iomsg.h>

#define PING_TYPE	(_IO_MAX + 1)

typedef struct {
	unsigned short	type;
	unsigned short	subtype;
	int		value;
	char		text[64];
} ping_msg_t;

typedef struct {
	int		value;
	char		text[64];
} ping_reply_t;

#endif /* PING_H */
