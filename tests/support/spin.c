/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_test_spin cpu|wall SECONDS [THREADS]: a known load for the monitor's tests. Each thread
 * spins until its own CPU time (cpu) or the wall clock (wall) has advanced by SECONDS.
 * "cpu" gives an exact amount of CPU time whatever else runs on the machine; "wall" keeps the
 * threads wanting a core for exactly that long.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int by_cpu;
static double seconds;

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void *spin(void *arg)
{
    (void)arg;
    clockid_t id = by_cpu ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC;
    double end = clock_s(id) + seconds;
    volatile unsigned long x = 0;
    while (clock_s(id) < end)
        for (int i = 0; i < 1000; i++)
            x += (unsigned long)i;
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 3 || (strcmp(argv[1], "cpu") != 0 && strcmp(argv[1], "wall") != 0)) {
        fprintf(stderr, "usage: gi_test_spin cpu|wall SECONDS [THREADS]\n");
        return 2;
    }
    by_cpu = strcmp(argv[1], "cpu") == 0;
    seconds = atof(argv[2]);
    int n = argc > 3 ? atoi(argv[3]) : 1;
    if (n < 1 || n > 64)
        return 2;
    pthread_t t[64];
    for (int i = 1; i < n; i++)
        pthread_create(&t[i], NULL, spin, NULL);
    spin(NULL);
    for (int i = 1; i < n; i++)
        pthread_join(t[i], NULL);
    return 0;
}
