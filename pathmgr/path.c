// SPDX-License-Identifier: GPL-2.0
/*
 * Path validation and normalization. A path reaching the pathname space
 * is absolute; runs of '/' collapse to one, "." components vanish, and
 * ".." is refused: the pathname space is a prefix tree, and a lexical
 * ".." would let a name step out of a mountpoint the VFS already
 * resolved. Components are at most NAME_MAX bytes and the whole path
 * below PATH_MAX (ENAMETOOLONG).
 */
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/string.h>
#include <resmgr/ns.h>
#include "internal.h"

/**
 * pathmgr_normalize() - validate a path and put it in canonical form
 * @in: NUL-terminated absolute path
 * @out: buffer for the result; never longer than @in
 * @size: size of @out
 * @eflag: receives _IO_CONNECT_EFLAG_DIR (and _DOT) when @in ends in '/'
 *	or '.', as QNX's connect message reports; may be NULL
 *
 * The result is "/" for the root and otherwise "/c1/c2..." with no
 * trailing '/'.
 *
 * Return: the length of @out, or -ENOENT for an empty path, -EINVAL for
 * a relative path or a ".." component, -ENAMETOOLONG for a component
 * over NAME_MAX or a path of PATH_MAX bytes or more, -ENOBUFS if @out is
 * too small.
 * Context: any.
 */
int pathmgr_normalize(const char *in, char *out, size_t size,
		      unsigned int *eflag)
{
	return pathmgr_normalize_len(in, strnlen(in, PATH_MAX), out, size, eflag);
}

PATHMGR_EXPORT_FOR_TESTS(pathmgr_normalize);

/*
 * pathmgr_normalize() for a caller that measured @in already: @inlen is
 * strnlen(@in, PATH_MAX).
 */
int pathmgr_normalize_len(const char *in, size_t inlen, char *out, size_t size,
			  unsigned int *eflag)
{
	unsigned int flags = 0;
	size_t o = 0;
	const char *p = in;

	if (inlen == 0)
		return -ENOENT;
	if (inlen >= PATH_MAX)
		return -ENAMETOOLONG;
	if (in[0] != '/')
		return -EINVAL;

	while (*p) {
		const char *c;
		size_t clen;

		if (*p == '/') {
			flags = _IO_CONNECT_EFLAG_DIR;
			while (*p == '/')
				p++;
			continue;
		}
		c = p;
		while (*p && *p != '/')
			p++;
		clen = p - c;
		if (clen == 1 && c[0] == '.') {
			flags = _IO_CONNECT_EFLAG_DIR | _IO_CONNECT_EFLAG_DOT;
			continue;
		}
		if (clen == 2 && c[0] == '.' && c[1] == '.')
			return -EINVAL;
		if (clen > NAME_MAX)
			return -ENAMETOOLONG;
		if (o + 1 + clen + 1 > size)
			return -ENOBUFS;
		out[o++] = '/';
		memcpy(out + o, c, clen);
		o += clen;
		flags = 0;
	}
	if (o == 0) {
		if (size < 2)
			return -ENOBUFS;
		out[o++] = '/';
	}
	out[o] = '\0';
	if (eflag)
		*eflag = flags;
	return o;
}
