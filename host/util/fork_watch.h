/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/util/fork_watch.h — whether this process is a child forked after its library started
 * something whose threads do not survive fork(): GNU libgomp's team, an OpenCL driver's
 * workers, a CUDA context. Python's multiprocessing forks its workers by default on Linux,
 * after the parent may have used gpuinteg; the backends then compute differently there or say
 * why they cannot, instead of hanging.
 *
 * Each shared object that links gi_util has its own mark (the symbols are hidden), so each
 * backend marks its own start. Thread-safe.
 */
#ifndef GI_UTIL_FORK_WATCH_H
#define GI_UTIL_FORK_WATCH_H

/* From now on, a child forked from this process (and its descendants) is marked. */
void gi_fork_watch_arm(void);

/* 1 in a process forked after gi_fork_watch_arm ran in its parent (or an earlier ancestor),
 * else 0. */
int gi_fork_watch_forked(void);

#endif /* GI_UTIL_FORK_WATCH_H */
