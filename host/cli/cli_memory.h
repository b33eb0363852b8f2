/*
 * host/cli/cli_memory.h — how much memory a command may allocate, asked before it allocates.
 */
#ifndef GI_CLI_MEMORY_H
#define GI_CLI_MEMORY_H

#include <stddef.h>
#include <stdint.h>

/* Bytes this process can allocate without swapping or being killed: MemAvailable from
 * /proc/meminfo, or less where a memory cgroup of this process (v2 memory.max − memory.current,
 * v1 memory.limit_in_bytes − memory.usage_in_bytes, at each level up to the root) leaves
 * less. Writes where the figure came from into source ("MemAvailable in /proc/meminfo").
 * Returns 0 when nothing could be read (then do not refuse on memory grounds). */
uint64_t gi_cli_memory_available(char *source, size_t size);

#endif /* GI_CLI_MEMORY_H */
