/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/util/result_timing.h — the run figures that gi_integrate_result and gi_integral share,
 * filled from a gi_timing by the core (one process) and by the MPI layer (a job's ranks).
 */
#ifndef GI_UTIL_RESULT_TIMING_H
#define GI_UTIL_RESULT_TIMING_H

#include <gpuinteg/dgemm.h>

/* Copies time_s, kernel_time_s, transfer_time_s, threads, backend and device of the
 * gi_timing `t` into *r. A macro because r is one of two public structs whose layouts are
 * fixed (no shared member struct can be added to them). */
#define GI_RESULT_SET_TIMING(r, t)                                                                 \
    ((r)->time_s = (t).time_s, (r)->kernel_time_s = (t).kernel_time_s,                             \
     (r)->transfer_time_s = (t).transfer_time_s, (r)->threads = (t).threads,                       \
     (r)->backend = (t).backend, (r)->device = (t).device)

#endif /* GI_UTIL_RESULT_TIMING_H */
