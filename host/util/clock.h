/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/util/clock.h — a monotonic clock in seconds, for wall and loop timings.
 */
#ifndef GI_COMMON_CLOCK_H
#define GI_COMMON_CLOCK_H

#include <time.h>

static inline double gi_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

#endif /* GI_COMMON_CLOCK_H */
