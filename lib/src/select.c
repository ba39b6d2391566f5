// SPDX-License-Identifier: GPL-2.0
/*
 * select_attach(): a handler for a file descriptor of the server's own
 * (a socket, a pipe, a device it drives), run by a server thread when
 * the descriptor is ready, as QNX's dispatch layer does. A thread of the
 * library's polls the armed descriptors and sends the channel a pulse
 * (a code of its own, the descriptor as value) for each that is ready;
 * the pulse's handler runs the descriptor's handler with what poll()
 * found, then arms it again unless SELECT_FLAG_NOREARM asked otherwise.
 */
#include <poll.h>
#include <sys/ioctl.h>
#include "internal.h"

static short rm_select_events(unsigned int flags)
{
	short ev = 0;

	if (flags & SELECT_FLAG_READ)
		ev |= POLLIN;
	if (flags & SELECT_FLAG_WRITE)
		ev |= POLLOUT;
	if (flags & SELECT_FLAG_EXCEPT)
		ev |= POLLPRI;
	return ev;
}

static unsigned int rm_select_ready(short revents, unsigned int want)
{
	unsigned int ready = 0;

	if (revents & (POLLIN | POLLHUP | POLLERR))
		ready |= SELECT_FLAG_READ;
	if (revents & (POLLOUT | POLLERR))
		ready |= SELECT_FLAG_WRITE;
	if (revents & POLLPRI)
		ready |= SELECT_FLAG_EXCEPT;
	/* A descriptor that went bad is reported as what was asked. */
	if (revents & POLLNVAL)
		ready |= want & (SELECT_FLAG_READ | SELECT_FLAG_WRITE | SELECT_FLAG_EXCEPT);
	return ready & want;
}

static void rm_select_poke(dispatch_t *dpp)
{
	char c = 0;

	if (write(dpp->select_wake[1], &c, 1) < 0 && errno != EAGAIN)
		return;
}

static void *rm_select_thread(void *arg)
{
	dispatch_t *dpp = arg;
	struct pollfd *pfd = NULL;
	unsigned int room = 0;

	for (;;) {
		struct rm_select *s;
		unsigned int n = 1, i;
		char drain[64];

		pthread_mutex_lock(&dpp->lock);
		if (dpp->select_stop) {
			pthread_mutex_unlock(&dpp->lock);
			break;
		}
		for (s = dpp->selects; s; s = s->next)
			n++;
		if (n > room) {
			struct pollfd *p = realloc(pfd, n * sizeof(*pfd));

			if (!p) {
				pthread_mutex_unlock(&dpp->lock);
				usleep(10000);
				continue;
			}
			pfd = p;
			room = n;
		}
		pfd[0].fd = dpp->select_wake[0];
		pfd[0].events = POLLIN;
		n = 1;
		for (s = dpp->selects; s; s = s->next) {
			if (!s->armed)
				continue;
			pfd[n].fd = s->fd;
			pfd[n].events = rm_select_events(s->flags);
			pfd[n++].revents = 0;
		}
		pthread_mutex_unlock(&dpp->lock);

		if (poll(pfd, n, -1) < 0)
			continue;
		if (pfd[0].revents & POLLIN)
			while (read(dpp->select_wake[0], drain, sizeof(drain)) > 0)
				;
		for (i = 1; i < n; i++) {
			struct resmgr_chan_pulse p = { .value = pfd[i].fd };
			bool send = false;

			if (!pfd[i].revents)
				continue;
			pthread_mutex_lock(&dpp->lock);
			for (s = dpp->selects; s && s->fd != pfd[i].fd; s = s->next)
				;
			if (s && s->armed) {
				s->ready = rm_select_ready(pfd[i].revents, s->flags);
				s->armed = false;
				send = true;
			}
			p.code = dpp->select_code;
			pthread_mutex_unlock(&dpp->lock);
			/* A full pulse queue: the descriptor waits to be armed again. */
			if (send && ioctl(dpp->fd, RESMGR_CHAN_PULSE, &p) < 0) {
				pthread_mutex_lock(&dpp->lock);
				for (s = dpp->selects; s && s->fd != pfd[i].fd; s = s->next)
					;
				if (s)
					s->armed = true;
				pthread_mutex_unlock(&dpp->lock);
				usleep(1000);
			}
		}
	}
	free(pfd);
	return NULL;
}

/* The pulse of a ready descriptor: its handler, in this server thread. */
static int rm_select_pulse(message_context_t *ctp, int code, unsigned int flags, void *handle)
{
	dispatch_t *dpp = handle;
	io_pulse_t *pulse = ctp->msg;
	int fd = pulse->i.value;
	int (*func)(select_context_t *ctp, int fd, unsigned int flags, void *handle) = NULL;
	unsigned int ready = 0;
	struct rm_select *s;
	void *h = NULL;

	pthread_mutex_lock(&dpp->lock);
	for (s = dpp->selects; s && s->fd != fd; s = s->next)
		;
	if (s) {
		func = s->func;
		h = s->handle;
		ready = s->ready;
	}
	pthread_mutex_unlock(&dpp->lock);
	if (!func)
		return 0;	/* detached meanwhile */
	func(ctp, fd, ready, h);
	pthread_mutex_lock(&dpp->lock);
	for (s = dpp->selects; s && s->fd != fd; s = s->next)
		;
	if (s && !(s->flags & SELECT_FLAG_NOREARM))
		s->armed = true;
	pthread_mutex_unlock(&dpp->lock);
	rm_select_poke(dpp);
	return 0;
}

/* The first select_attach(): a pulse code, the wake-up pipe, the thread. */
static int rm_select_start(dispatch_t *dpp)
{
	int code;

	if (pipe2(dpp->select_wake, O_CLOEXEC | O_NONBLOCK))
		return -1;
	/* The highest pulse code free: servers count theirs up from 0. */
	for (code = _PULSE_CODE_MAXAVAIL; code >= _PULSE_CODE_MINAVAIL; code--)
		if (pulse_attach(dpp, 0, code, rm_select_pulse, dpp) == code)
			break;
	if (code < _PULSE_CODE_MINAVAIL) {
		errno = EAGAIN;
		goto err_close;
	}
	dpp->select_code = code;
	if (pthread_create(&dpp->select_thread, NULL, rm_select_thread, dpp)) {
		errno = EAGAIN;
		goto err_detach;
	}
	dpp->select_running = true;
	return 0;

err_detach:
	pulse_detach(dpp, code, 0);
err_close:
	close(dpp->select_wake[0]);
	close(dpp->select_wake[1]);
	return -1;
}

int select_attach(void *handle, select_attr_t *attr, int fd, unsigned int flags,
		  int (*func)(select_context_t *ctp, int fd, unsigned int flags, void *handle),
		  void *h)
{
	dispatch_t *dpp = handle;
	struct rm_select *s, *pos;

	if (!dpp || fd < 0 || !func ||
	    !(flags & (SELECT_FLAG_READ | SELECT_FLAG_WRITE | SELECT_FLAG_EXCEPT))) {
		errno = EINVAL;
		return -1;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return -1;
	s->fd = fd;
	s->flags = flags;
	s->func = func;
	s->handle = h;
	s->armed = true;
	if (!dpp->select_running && rm_select_start(dpp)) {
		free(s);
		return -1;
	}
	pthread_mutex_lock(&dpp->lock);
	for (pos = dpp->selects; pos && pos->fd != fd; pos = pos->next)
		;
	if (pos) {
		pthread_mutex_unlock(&dpp->lock);
		free(s);
		errno = EBUSY;
		return -1;
	}
	s->next = dpp->selects;
	dpp->selects = s;
	pthread_mutex_unlock(&dpp->lock);
	rm_select_poke(dpp);
	return 0;
}

int select_detach(void *handle, int fd)
{
	dispatch_t *dpp = handle;
	struct rm_select **pp, *s = NULL;

	if (!dpp) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&dpp->lock);
	for (pp = &dpp->selects; *pp; pp = &(*pp)->next) {
		if ((*pp)->fd == fd) {
			s = *pp;
			*pp = s->next;
			break;
		}
	}
	pthread_mutex_unlock(&dpp->lock);
	if (!s) {
		errno = ESRCH;
		return -1;
	}
	free(s);
	rm_select_poke(dpp);
	return 0;
}

int select_rearm(void *handle, int fd)
{
	dispatch_t *dpp = handle;
	struct rm_select *s;

	if (!dpp) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&dpp->lock);
	for (s = dpp->selects; s && s->fd != fd; s = s->next)
		;
	if (s)
		s->armed = true;
	pthread_mutex_unlock(&dpp->lock);
	if (!s) {
		errno = ESRCH;
		return -1;
	}
	rm_select_poke(dpp);
	return 0;
}

/* dispatch_destroy(): the thread ends, the descriptors are forgotten. */
void rm_select_stop(dispatch_t *dpp)
{
	struct rm_select *s;

	if (dpp->select_running) {
		pthread_mutex_lock(&dpp->lock);
		dpp->select_stop = true;
		pthread_mutex_unlock(&dpp->lock);
		rm_select_poke(dpp);
		pthread_join(dpp->select_thread, NULL);
		close(dpp->select_wake[0]);
		close(dpp->select_wake[1]);
		dpp->select_running = false;
	}
	while ((s = dpp->selects)) {
		dpp->selects = s->next;
		free(s);
	}
}
