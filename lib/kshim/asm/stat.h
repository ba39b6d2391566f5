/* SPDX-License-Identifier: GPL-2.0 */
/* libresmgr: struct stat is the C library's (the same layout on x86_64). */
#include <resmgr/kshim.h>
#define st_atime_nsec st_atim.tv_nsec
#define st_mtime_nsec st_mtim.tv_nsec
#define st_ctime_nsec st_ctim.tv_nsec
