// SPDX-License-Identifier: GPL-2.0
/*
 * The caller's buffers as handlers see them.
 *
 * A handler runs under its manager's locks (lock_ocb: often one lock for
 * a whole file system) and, under message delivery or for a deferred
 * reply, in another thread than the caller's. So no handler touches user
 * memory: before the call, a small buffer is copied into a bounce buffer
 * on the caller's stack (a write's data) or handed out empty (a read's),
 * a larger one has its pages taken (get_user_pages) and is handed out as
 * those pages. Every fault (a page out, userfaultfd, a mapped file whose
 * pages come from a manager) happens here, in the caller's thread, before
 * any manager lock; and resmgr_msgread(), resmgr_msgwrite() and
 * MsgWrite() reach the caller's buffer from any thread. After the call the bounce buffer
 * is copied out (a read) and the pages are marked dirty (a read) and put.
 */
#include <linux/bvec.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include "internal.h"

/**
 * resmgr_ubuf_get() - make a caller's buffer reachable by handlers
 * @u: the buffer's state, for resmgr_ubuf_put()
 * @user: the caller's iterator (not advanced)
 * @count: bytes of it the call may use
 * @dest: the call writes into it (a read); else it reads from it
 * @bounce: where to copy a caller's data of up to @bounce_len bytes
 *	(a write's message, right after its header), or NULL
 * @bounce_len: its size
 *
 * Return: 0, with @u->iter for the call (@u->bounced: the data is in
 * @bounce, or in @u's own bounce buffer); -EFAULT for a bad buffer;
 * -ENOMEM.
 * Context: process context, in the calling thread, no manager lock held.
 */
int resmgr_ubuf_get(struct resmgr_ubuf *u, struct iov_iter *user, size_t count,
		    bool dest, void *bounce, size_t bounce_len)
{
	unsigned int dir = dest ? ITER_DEST : ITER_SOURCE;
	struct iov_iter t = *user;
	struct page **pages;
	size_t left = count;
	int npages, n = 0;
	ssize_t err;

	resmgr_might_sleep();
	u->bv = NULL;
	u->nbv = 0;
	u->bounced = false;
	if (!user_backed_iter(user)) {
		u->iter = *user;
		iov_iter_truncate(&u->iter, count);
		return 0;
	}
	if (!bounce || count > bounce_len) {
		bounce = u->bounce;
		bounce_len = RESMGR_UBUF_BOUNCE;
	}
	if (count <= bounce_len) {
		u->kv.iov_base = bounce;
		u->kv.iov_len = count;
		/* Bytes a handler claims and does not write read as zeros. */
		if (dest)
			memset(bounce, 0, count);
		else if (iter_is_ubuf(&t) ?
			 copy_from_user(bounce, t.ubuf + t.iov_offset, count) :
			 copy_from_iter(bounce, count, &t) != count)
			return -EFAULT;
		iov_iter_kvec(&u->iter, dir, &u->kv, 1, count);
		u->bounced = true;
		return 0;
	}

	npages = iov_iter_npages(&t, INT_MAX);
	pages = kvmalloc_array(npages, sizeof(*pages), GFP_KERNEL);
	u->bv = kvmalloc_array(npages, sizeof(*u->bv), GFP_KERNEL);
	if (!pages || !u->bv) {
		err = -ENOMEM;
		goto err_put;
	}
	iov_iter_truncate(&t, count);
	while (left) {
		size_t off, got;
		ssize_t res;

		res = iov_iter_get_pages2(&t, pages + n, left, npages - n, &off);
		if (res <= 0) {
			err = res ? res : -EFAULT;
			goto err_put;
		}
		got = res;
		left -= got;
		while (got) {
			size_t len = min_t(size_t, PAGE_SIZE - off, got);

			bvec_set_page(&u->bv[u->nbv++], pages[n++], len, off);
			got -= len;
			off = 0;
		}
	}
	kvfree(pages);
	iov_iter_bvec(&u->iter, dir, u->bv, u->nbv, count);
	return 0;

err_put:
	while (u->nbv)
		put_page(u->bv[--u->nbv].bv_page);
	kvfree(u->bv);
	u->bv = NULL;
	kvfree(pages);
	return err;
}

/**
 * resmgr_ubuf_put() - the call is over: give the caller its buffer back
 * @u: from resmgr_ubuf_get()
 * @user: the caller's iterator, advanced here by @done
 * @done: bytes the call used (a read's reply, a write's count)
 * @dest: as given to resmgr_ubuf_get()
 *
 * Return: 0, or -EFAULT when a read's bounced bytes could not be copied
 * out.
 * Context: process context, in the calling thread.
 */
int resmgr_ubuf_put(struct resmgr_ubuf *u, struct iov_iter *user, size_t done,
		    bool dest)
{
	unsigned int i;

	resmgr_might_sleep();
	if (u->bounced && dest) {
		/* read(): one buffer, no walk over an iterator. */
		if (!iter_is_ubuf(user))
			return copy_to_iter(u->kv.iov_base, done, user) == done ? 0 : -EFAULT;
		if (copy_to_user(user->ubuf + user->iov_offset, u->kv.iov_base, done))
			return -EFAULT;
	}
	iov_iter_advance(user, done);
	if (!u->bv)
		return 0;
	for (i = 0; i < u->nbv; i++) {
		if (dest)
			set_page_dirty_lock(u->bv[i].bv_page);
		put_page(u->bv[i].bv_page);
	}
	kvfree(u->bv);
	return 0;
}
