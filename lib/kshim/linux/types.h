/* SPDX-License-Identifier: GPL-2.0 */
/* libresmgr: the UAPI types and the kernel's short ones (resmgr/kshim.h). */
#include_next <linux/types.h>
#include <resmgr/kshim.h>
