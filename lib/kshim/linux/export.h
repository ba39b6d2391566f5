/* SPDX-License-Identifier: GPL-2.0 */
/* libresmgr: the kernel header, as user space has it (resmgr/kshim.h). */
#include <resmgr/kshim.h>
