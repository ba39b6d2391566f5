/* SPDX-License-Identifier: GPL-2.0 */
/* The CUSE contender of rm_bench (cuse.c). */
#ifndef _RM_BENCH_CUSE_H
#define _RM_BENCH_CUSE_H

int cuse_serve(const char *name);

#endif
