// SPDX-License-Identifier: GPL-2.0
/*
 * Notification (QNX ionotify, on Linux poll/select/epoll): arming on a
 * resource's iofunc_notify_t lists, triggering and removal. The lists
 * belong to the manager's resource and are guarded by its attr lock;
 * delivering the event (waking the file's pollers) is resmgr's, through
 * MsgDeliverEvent().
 */
#include <linux/slab.h>
#include <resmgr/ns.h>
#include "internal.h"

static void iofunc_notify_recount(iofunc_notify_t *n)
{
	iofunc_notify_event_t *e;

	n->cnt = 0;
	for (e = n->list; e; e = e->next)
		if (!n->cnt || e->cnt < n->cnt)
			n->cnt = e->cnt;
}

/* Arm (or re-arm) the client of @ctp on one condition's list. */
static int iofunc_notify_arm(resmgr_context_t *ctp, io_notify_t *msg,
			     iofunc_notify_t *n, int cnt)
{
	iofunc_notify_event_t *e;

	for (e = n->list; e; e = e->next)
		if (e->coid == ctp->info.coid && e->scoid == ctp->info.scoid)
			break;
	if (!e) {
		e = kzalloc(sizeof(*e), GFP_KERNEL);
		if (!e)
			return ENOMEM;
		e->scoid = ctp->info.scoid;
		e->coid = ctp->info.coid;
		e->next = n->list;
		n->list = e;
	}
	e->rcvid = ctp->rcvid;
	e->cnt = cnt > 0 ? cnt : 1;
	e->event = msg->i.event;
	iofunc_notify_recount(n);
	return EOK;
}

/**
 * iofunc_notify() - answer an ionotify/poll request
 * @ctp: the context
 * @msg: the notify message: action, wanted conditions, event
 * @nop: the resource's three lists (input, output, out-of-band)
 * @trig: the _NOTIFY_COND_* conditions true now; with _NOTIFY_COND_EXTEN
 *	also _NOTIFY_CONDE_* ones (the asked ones are replied, and ERR, HUP
 *	and NVAL always: they end a poll without arming)
 * @notifycnts: per-list thresholds (counts to reach before firing), or
 *	NULL for 1 each
 * @armed: set to 1 when an entry was armed, if not NULL
 *
 * _NOTIFY_ACTION_POLL reports; POLLARM reports, and arms when nothing
 * wanted is true; CONDARM arms when nothing is true and then answers
 * EAGAIN; TRANARM arms for the next transition, one client per input
 * list (else EBUSY).
 *
 * Return: _RESMGR_PTR() with msg->o.flags the wanted conditions that are
 * true; EAGAIN, EBUSY, ENOMEM, EINVAL for an unknown action.
 * Context: process context; the caller serialises the attr (as lock_ocb does).
 */
int iofunc_notify(resmgr_context_t *ctp, io_notify_t *msg, iofunc_notify_t *nop,
		  int trig, const int *notifycnts, int *armed)
{
	u32 want = msg->i.flags & (_NOTIFY_COND_INPUT | _NOTIFY_COND_OUTPUT |
				   _NOTIFY_COND_OBAND);
	u32 met = want & (u32)trig;

	iofunc_might_sleep();
	/*
	 * Extended conditions the manager says are true: those asked for,
	 * and error, hang-up and invalid, which a poller always hears of.
	 */
	if (trig & _NOTIFY_COND_EXTEN) {
		u32 conde = (u32)trig & ~_NOTIFY_COND_MASK &
			    ((msg->i.flags & _NOTIFY_COND_EXTEN ? msg->i.flags : 0) |
			     _NOTIFY_CONDE_ERR | _NOTIFY_CONDE_HUP | _NOTIFY_CONDE_NVAL);

		if (conde)
			met |= _NOTIFY_COND_EXTEN | conde;
	}
	int action = msg->i.action, i, err;
	bool arm;

	if (armed)
		*armed = 0;
	switch (action) {
	case _NOTIFY_ACTION_POLL:
		arm = false;
		break;
	case _NOTIFY_ACTION_POLLARM:
	case _NOTIFY_ACTION_CONDARM:
		arm = !met;
		break;
	case _NOTIFY_ACTION_TRANARM:
		arm = true;
		met = 0;
		if ((want & _NOTIFY_COND_INPUT) && nop[IOFUNC_NOTIFY_INPUT].list &&
		    nop[IOFUNC_NOTIFY_INPUT].list->coid != ctp->info.coid)
			return EBUSY;
		break;
	default:
		return EINVAL;
	}
	if (arm) {
		for (i = 0; i < 3; i++) {
			if (!(want & (_NOTIFY_COND_INPUT << i)))
				continue;
			err = iofunc_notify_arm(ctp, msg, &nop[i],
						notifycnts ? notifycnts[i] : 1);
			if (err)
				return err;
		}
		if (armed)
			*armed = 1;
		if (action == _NOTIFY_ACTION_CONDARM)
			return EAGAIN;
	}
	msg->o.zero = 0;
	msg->o.flags = met;
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o));
}
EXPORT_SYMBOL_NS_GPL(iofunc_notify, RESMGR_NS);

/**
 * iofunc_notify_trigger() - fire the armed entries a count satisfies
 * @nop: the resource's three lists
 * @cnt: the count now (bytes available, room free)
 * @index: IOFUNC_NOTIFY_INPUT, _OUTPUT or _OBAND
 *
 * Each entry whose threshold @cnt reaches gets its event delivered and
 * is disarmed (notifications are one-shot).
 *
 * Context: any context the manager's attr lock allows; no sleeping.
 */
void iofunc_notify_trigger(iofunc_notify_t *nop, int cnt, int index)
{
	iofunc_notify_event_t **pp = &nop[index].list, *e;

	while ((e = *pp)) {
		if (e->cnt > cnt) {
			pp = &e->next;
			continue;
		}
		MsgDeliverEvent(e->rcvid, &e->event);
		*pp = e->next;
		kfree(e);
	}
	iofunc_notify_recount(&nop[index]);
}
EXPORT_SYMBOL_NS_GPL(iofunc_notify_trigger, RESMGR_NS);

/**
 * iofunc_notify_remove() - disarm everything the client of @ctp armed
 * @ctp: a context of the client (close_ocb's, typically)
 * @nop: the resource's three lists
 *
 * Context: process context; the caller serialises the attr (as lock_ocb does).
 */
void iofunc_notify_remove(resmgr_context_t *ctp, iofunc_notify_t *nop)
{
	int i;

	iofunc_might_sleep();
	for (i = 0; i < 3; i++) {
		iofunc_notify_event_t **pp = &nop[i].list, *e;

		while ((e = *pp)) {
			if (e->coid == ctp->info.coid && e->scoid == ctp->info.scoid) {
				*pp = e->next;
				kfree(e);
			} else {
				pp = &e->next;
			}
		}
		iofunc_notify_recount(&nop[i]);
	}
}
EXPORT_SYMBOL_NS_GPL(iofunc_notify_remove, RESMGR_NS);
