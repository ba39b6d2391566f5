// SPDX-License-Identifier: GPL-2.0
/*
 * The client of ping_server.c, as QNX writes one: name_open() the
 * server's name (or ConnectAttach() its pid and chid, when given), then
 * MsgSend(), MsgSendv() with the message in two parts, MsgSendPulse(),
 * and a message type the server does not know. Prints one line a call.
 * Given a path instead, it opens it and MsgSend()s an _IO_MSG on the
 * file descriptor, as a QNX client talks to a resource manager.
 *
 *	ping_client NAME [PID CHID]
 *	ping_client /PATH
 */
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/dispatch.h>
#include <sys/iomsg.h>
#include <sys/netmgr.h>
#include <sys/neutrino.h>
#include "ping.h"

/* An _IO_MSG on a file opened through a path. */
static int msg_to_file(const char *path)
{
	struct {
		io_msg_t	hdr;
		char		data[8];
	} msg;
	char reply[16];
	long status;
	int fd = open(path, O_RDWR);

	if (fd == -1) {
		printf("open: %s\n", strerror(errno));
		return EXIT_FAILURE;
	}
	memset(&msg, 0, sizeof(msg));
	msg.hdr.i.type = _IO_MSG;
	msg.hdr.i.combine_len = sizeof(msg.hdr.i);
	msg.hdr.i.mgrid = 0x7f;
	snprintf(msg.data, sizeof(msg.data), "ping");
	status = MsgSend(fd, &msg, sizeof(msg), reply, sizeof(reply));
	if (status == -1)
		printf("_IO_MSG: %s\n", strerror(errno));
	else
		printf("_IO_MSG: %ld\n", status);
	close(fd);
	return EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
	ping_msg_t msg = { .type = PING_TYPE, .value = 41 };
	ping_reply_t reply;
	iov_t siov[2], riov[1];
	unsigned short unknown = PING_TYPE + 1;
	long status;
	int coid;

	if (argc == 2 && argv[1][0] == '/')
		return msg_to_file(argv[1]);
	if (argc != 2 && argc != 4) {
		fprintf(stderr, "usage: %s NAME [PID CHID]\n", argv[0]);
		return EXIT_FAILURE;
	}
	if (argc == 4)
		coid = ConnectAttach(ND_LOCAL_NODE, atoi(argv[2]), atoi(argv[3]),
				     _NTO_SIDE_CHANNEL, 0);
	else
		coid = name_open(argv[1], 0);
	if (coid == -1) {
		printf("connect: %s\n", strerror(errno));
		return EXIT_FAILURE;
	}

	snprintf(msg.text, sizeof(msg.text), "hello");
	status = MsgSend(coid, &msg, sizeof(msg), &reply, sizeof(reply));
	if (status == -1)
		printf("MsgSend: %s\n", strerror(errno));
	else
		printf("MsgSend: %ld %d %s\n", status, reply.value, reply.text);

	/* The header and the text in two parts; the reply into one. */
	msg.value = 99;
	SETIOV(&siov[0], &msg, offsetof(ping_msg_t, text));
	SETIOV(&siov[1], "qnx!", 5);
	SETIOV(&riov[0], &reply, sizeof(reply));
	status = MsgSendv(coid, siov, 2, riov, 1);
	if (status == -1)
		printf("MsgSendv: %s\n", strerror(errno));
	else
		printf("MsgSendv: %ld %d %s\n", status, reply.value, reply.text);

	if (MsgSend(coid, &unknown, sizeof(unknown), NULL, 0) == -1)
		printf("unknown: %s\n", strerror(errno));
	else
		printf("unknown: answered\n");

	if (MsgSendPulse(coid, -1, 5, 1234) == -1)
		printf("MsgSendPulse: %s\n", strerror(errno));

	if (argc == 4)
		ConnectDetach(coid);
	else
		name_close(coid);
	return EXIT_SUCCESS;
}
