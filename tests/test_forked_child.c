/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * A process forked after its parent computed with gpuinteg, as Python's multiprocessing forks
 * its pool's workers by default on Linux. The openmp backend computes there on one thread (GNU
 * libgomp's threads do not survive fork: a larger team would wait for ever) and gives the same
 * bits; the opencl backend is unavailable there with the reason (its driver's threads do not
 * survive fork either: the first command would hang). Nothing may hang: each child has an
 * alarm, and the parent reports how the child ended.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gpuinteg/gpuinteg.h>

#ifndef GI_TEST_FORK_OPENCL
#define GI_TEST_FORK_OPENCL 0
#endif

/* The child's verdicts, as its exit status. */
enum { CHILD_OK = 0, CHILD_FAILED = 1 };

static gi_status integrate_on(const char *spec, int threads, const gi_integrate_params *p,
                              gi_integrate_result *r, char *msg, size_t size)
{
    gi_context *ctx;
    if (gi_context_create(&ctx) != GI_STATUS_OK)
        return GI_STATUS_OUT_OF_MEMORY;
    gi_status st = gi_context_select(ctx, spec);
    if (st == GI_STATUS_OK && threads > 0)
        st = gi_context_set_threads(ctx, threads);
    if (st == GI_STATUS_OK)
        st = gi_integrate(ctx, p, r);
    snprintf(msg, size, "%s", st == GI_STATUS_OK ? "" : gi_last_error(ctx));
    r->backend = r->device = NULL; /* owned by the context */
    gi_context_destroy(ctx);
    return st;
}

/* Runs child() in a forked process with a 60 s alarm; asserts that it exited with CHILD_OK. */
static void in_child(int (*child)(void))
{
    fflush(NULL);
    pid_t pid = fork();
    cr_assert_neq(pid, -1, "fork failed");
    if (pid == 0) {
        alarm(60);
        _exit(child());
    }
    int status = 0;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(!WIFSIGNALED(status), "the child was killed by signal %d%s", WTERMSIG(status),
              WTERMSIG(status) == SIGALRM ? " (its alarm: it hung)" : "");
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == CHILD_OK,
              "the child failed (exit status %d): see its message above", WEXITSTATUS(status));
}

static const gi_integrate_params grid = {0.5, 3.0, -2.0, 1.0, 700, 5000};
static double parent_value;

static int openmp_child(void)
{
    gi_integrate_result r;
    char msg[512];
    if (integrate_on("openmp", 2, &grid, &r, msg, sizeof msg) != GI_STATUS_OK) {
        fprintf(stderr, "child: openmp: %s\n", msg);
        return CHILD_FAILED;
    }
    if (memcmp(&r.value, &parent_value, sizeof r.value) != 0 || r.threads != 1) {
        fprintf(stderr, "child: openmp gave %.17g on %d threads, the parent %.17g\n", r.value,
                r.threads, parent_value);
        return CHILD_FAILED;
    }
    return CHILD_OK;
}

Test(forked_child, openmp_computes_on_one_thread_with_the_parents_bits)
{
    gi_integrate_result r;
    char msg[512];
    cr_assert_eq(integrate_on("openmp", 2, &grid, &r, msg, sizeof msg), GI_STATUS_OK, "%s", msg);
    cr_assert_eq(r.threads, 2, "the parent's team: %d threads", r.threads);
    parent_value = r.value;
    in_child(openmp_child);
    /* The parent keeps its team. */
    cr_assert_eq(integrate_on("openmp", 2, &grid, &r, msg, sizeof msg), GI_STATUS_OK, "%s", msg);
    cr_assert_eq(r.threads, 2);
}

static int fresh_child(void)
{
    gi_integrate_result r;
    char msg[512];
    if (integrate_on("openmp", 2, &grid, &r, msg, sizeof msg) != GI_STATUS_OK || r.threads != 2) {
        fprintf(stderr, "child: openmp: %s (%d threads)\n", msg, r.threads);
        return CHILD_FAILED;
    }
    return CHILD_OK;
}

Test(forked_child, a_parent_that_started_no_team_leaves_the_child_its_threads)
{
    in_child(fresh_child);
}

#if GI_TEST_FORK_OPENCL
static int opencl_child(void)
{
    gi_integrate_result r;
    char msg[512];
    gi_status st = integrate_on("opencl", 0, &grid, &r, msg, sizeof msg);
    if (st != GI_STATUS_BACKEND_UNAVAILABLE || !strstr(msg, "forked") || !strstr(msg, "spawn")) {
        fprintf(stderr, "child: opencl: status %d, '%s'\n", (int)st, msg);
        return CHILD_FAILED;
    }
    return CHILD_OK;
}

/* A context the parent made and used, as Python keeps one per device and thread. */
static gi_context *inherited;

static int inherited_context_child(void)
{
    gi_integrate_result r;
    gi_status st = gi_integrate(inherited, &grid, &r);
    const char *msg = gi_last_error(inherited);
    if (st != GI_STATUS_BACKEND_UNAVAILABLE || !strstr(msg, "forked")) {
        fprintf(stderr, "child: the parent's opencl context: status %d, '%s'\n", (int)st, msg);
        return CHILD_FAILED;
    }
    gi_context_destroy(inherited); /* frees, without calling the parent's driver */
    return CHILD_OK;
}

Test(forked_child, a_parents_opencl_context_fails_in_the_child_with_the_reason)
{
    cr_assert_eq(gi_context_create(&inherited), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(inherited, "opencl"), GI_STATUS_OK, "%s",
                 gi_last_error(inherited));
    gi_integrate_result r;
    cr_assert_eq(gi_integrate(inherited, &grid, &r), GI_STATUS_OK, "%s", gi_last_error(inherited));
    in_child(inherited_context_child);
    cr_assert_eq(gi_integrate(inherited, &grid, &r), GI_STATUS_OK, "%s", gi_last_error(inherited));
    gi_context_destroy(inherited);
}

Test(forked_child, opencl_is_unavailable_with_the_reason)
{
    gi_integrate_result r;
    char msg[512];
    cr_assert_eq(integrate_on("opencl", 0, &grid, &r, msg, sizeof msg), GI_STATUS_OK, "%s", msg);
    in_child(opencl_child);
    /* The parent's OpenCL still works. */
    cr_assert_eq(integrate_on("opencl", 0, &grid, &r, msg, sizeof msg), GI_STATUS_OK, "%s", msg);
}
#endif
