/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QNX <gulliver.h>: byte order. ENDIAN_LE*()/ENDIAN_BE*() convert between
 * the CPU's order and little or big endian (either way: the conversion
 * is its own inverse), ENDIAN_SWAP*() always swap, ENDIAN_RET*() return
 * the swapped value. The kernel's twins do the work.
 */
#ifndef _RESMGR_GULLIVER_H
#define _RESMGR_GULLIVER_H

#include <linux/swab.h>
#include <asm/byteorder.h>

#define ENDIAN_LE16(x)	((u16)le16_to_cpu((__force __le16)(u16)(x)))
#define ENDIAN_LE32(x)	((u32)le32_to_cpu((__force __le32)(u32)(x)))
#define ENDIAN_LE64(x)	((u64)le64_to_cpu((__force __le64)(u64)(x)))
#define ENDIAN_BE16(x)	((u16)be16_to_cpu((__force __be16)(u16)(x)))
#define ENDIAN_BE32(x)	((u32)be32_to_cpu((__force __be32)(u32)(x)))
#define ENDIAN_BE64(x)	((u64)be64_to_cpu((__force __be64)(u64)(x)))

#define ENDIAN_RET16(x)	swab16(x)
#define ENDIAN_RET32(x)	swab32(x)
#define ENDIAN_RET64(x)	swab64(x)

#define ENDIAN_SWAP16(p)	swab16s((u16 *)(p))
#define ENDIAN_SWAP32(p)	swab32s((u32 *)(p))
#define ENDIAN_SWAP64(p)	swab64s((u64 *)(p))

#endif /* _RESMGR_GULLIVER_H */
