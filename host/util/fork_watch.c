/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include "util/fork_watch.h"

#include <pthread.h>
#include <stdatomic.h>

static atomic_int armed, forked;
static pthread_once_t registered = PTHREAD_ONCE_INIT;

static void child_after_fork(void)
{
    if (atomic_load(&armed))
        atomic_store(&forked, 1);
}

static void register_handler(void)
{
    /* glibc drops the handler when the shared object holding it is unloaded (dlclose) */
    pthread_atfork(NULL, NULL, child_after_fork);
}

void gi_fork_watch_arm(void)
{
    pthread_once(&registered, register_handler);
    atomic_store(&armed, 1);
}

int gi_fork_watch_forked(void)
{
    return atomic_load(&forked);
}
