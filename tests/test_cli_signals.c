/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CLI's signal handlers (host/cli/cli_signals.c) in this process: what they leave behind
 * (errno), when they let go (after the work, before the context is freed). Criterion runs each
 * test in its own process, so the dispositions changed here stay here.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include <gpuinteg/gpuinteg.h>

#include "cli/cli_signals.h"

/* A process id that is not running: the highest the kernel hands out, plus one. */
static pid_t absent_pid(void)
{
    return 4194304 + 1;
}

Test(cli_signals, forwarding_keeps_errno)
{
    /* kill() to a pid that does not exist fails with ESRCH inside the handler; the code the
     * signal interrupted must still see its own errno. */
    gi_cli_signals_forward(absent_pid());
    errno = EDOM;
    raise(SIGTERM);
    cr_assert_eq(errno, EDOM, "the handler left errno = %d", errno);
    cr_assert_eq(gi_cli_signals_caught(), SIGTERM);
}

Test(cli_signals, interrupting_keeps_errno)
{
    gi_cli_signals_catch();
    errno = EDOM;
    raise(SIGINT);
    cr_assert_eq(errno, EDOM, "the handler left errno = %d", errno);
    cr_assert_eq(gi_cli_signals_caught(), SIGINT);
}

Test(cli_signals, a_caught_signal_stops_the_attached_context)
{
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    gi_cli_signals_catch();
    gi_cli_signals_attach(ctx);
    raise(SIGHUP);
    /* The interrupted context refuses to start work. */
    gi_integrate_params p;
    gi_integrate_params_default(&p);
    p.nx = p.ny = 100;
    gi_integrate_result r;
    cr_assert_eq(gi_context_select(ctx, "serial"), GI_STATUS_OK);
    cr_assert_eq(gi_integrate(ctx, &p, &r), GI_STATUS_INTERRUPTED);
    gi_cli_context_destroy(ctx);
}

Test(cli_signals, the_context_is_detached_before_it_is_freed)
{
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    gi_cli_signals_catch();
    gi_cli_signals_attach(ctx);
    gi_cli_context_destroy(ctx);
    /* Under AddressSanitizer (the asan preset) a handler that still held the freed context
     * would be a heap-use-after-free here. */
    raise(SIGTERM);
    cr_assert_eq(gi_cli_signals_caught(), SIGTERM);
}

Test(cli_signals, released_handlers_let_sigterm_end_the_process, .signal = SIGTERM)
{
    gi_cli_signals_catch();
    gi_cli_signals_release();
    struct sigaction sa;
    sigaction(SIGTERM, NULL, &sa);
    cr_assert_eq(sa.sa_handler, SIG_DFL);
    raise(SIGTERM);
    cr_assert_fail("SIGTERM after the release was swallowed");
}
