// SPDX-License-Identifier: GPL-2.0
/*
 * A QNX server that is no resource manager: it name_attach()es a name
 * and answers messages of its own type with a MsgReceive() loop, as
 * most QNX code bases talk between processes. Built unchanged against
 * libresmgr. Its name is the first argument ("ping" without one); it
 * prints one line a start, a pulse and a disconnect, so a test can
 * follow it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/dispatch.h>
#include <sys/iomsg.h>
#include <sys/neutrino.h>
#include "ping.h"

typedef union {
	unsigned short	type;
	struct _pulse	pulse;
	ping_msg_t	ping;
} msg_t;

/* The reply: value + 1 and the text backwards (the bytes the client sent of it). */
static void ping(int rcvid, const ping_msg_t *msg, const struct _msg_info *info)
{
	ping_reply_t reply;
	size_t len = 0, i;

	if (info->msglen > (int)offsetof(ping_msg_t, text))
		len = strnlen(msg->text, info->msglen - offsetof(ping_msg_t, text));
	memset(&reply, 0, sizeof(reply));
	reply.value = msg->value + 1;
	for (i = 0; i < len && i < sizeof(reply.text) - 1; i++)
		reply.text[i] = msg->text[len - 1 - i];
	MsgReply(rcvid, (long)len, &reply, sizeof(reply));
}

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "ping";
	name_attach_t *attach;
	struct _msg_info info;
	msg_t msg;
	int rcvid;

	attach = name_attach(NULL, name, 0);
	if (!attach) {
		fprintf(stderr, "%s: name_attach: %s\n", argv[0], strerror(errno));
		return EXIT_FAILURE;
	}
	printf("attached %s pid %d chid %d\n", name, getpid(), attach->chid);
	fflush(stdout);

	for (;;) {
		rcvid = MsgReceive(attach->chid, &msg, sizeof(msg), &info);
		if (rcvid == -1) {
			fprintf(stderr, "%s: MsgReceive: %s\n", argv[0], strerror(errno));
			break;
		}
		if (rcvid == 0) {
			switch (msg.pulse.code) {
			case _PULSE_CODE_DISCONNECT:
				/* A client's connection went. */
				ConnectDetach(msg.pulse.scoid);
				printf("disconnect\n");
				break;
			case _PULSE_CODE_UNBLOCK:
				/* A client wants to go: let it. */
				MsgError(msg.pulse.value.sival_int, EINTR);
				break;
			default:
				printf("pulse %d %d\n", msg.pulse.code, msg.pulse.value.sival_int);
				break;
			}
			fflush(stdout);
			continue;
		}
		/* name_open() connects first. */
		if (msg.type == _IO_CONNECT) {
			MsgReply(rcvid, EOK, NULL, 0);
			continue;
		}
		/* Messages of the I/O range are a resource manager's business. */
		if (msg.type > _IO_BASE && msg.type <= _IO_MAX) {
			MsgError(rcvid, ENOSYS);
			continue;
		}
		if (msg.type == PING_TYPE) {
			ping(rcvid, &msg.ping, &info);
			continue;
		}
		MsgError(rcvid, ENOSYS);
	}
	name_detach(attach, 0);
	return EXIT_FAILURE;
}
