/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/common/address_space.h — how much address space this process can still map
 * under its limit (ulimit -v, RLIMIT_AS), asked before a library maps what it cannot undo.
 */
#ifndef GI_COMMON_ADDRESS_SPACE_H
#define GI_COMMON_ADDRESS_SPACE_H

#include <stddef.h>
#include <stdint.h>

/* RLIMIT_AS less the current VmSize, in bytes; UINT64_MAX when there is no limit. When from is
 * not NULL it gets "ulimit -v <KiB> KiB, <MiB> MiB mapped" (or "" with no limit). Thread-safe. */
uint64_t gi_address_space_room(char *from, size_t size);

#endif /* GI_COMMON_ADDRESS_SPACE_H */
