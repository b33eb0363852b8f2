/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Signal handlers that only do async-signal-safe things: store a number, set an atomic flag
 * (gi_context_interrupt), kill(), sigaction(); each keeps errno as it found it.
 */
#include "cli_signals.h"

#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>

static const int caught_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define NSIGNALS (sizeof caught_signals / sizeof caught_signals[0])

static volatile sig_atomic_t first_signal;
static gi_context *volatile target_ctx;
static volatile pid_t forward_pgid;

static void set_default(int sig)
{
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigaction(sig, &dfl, NULL);
}

static void on_interrupt(int sig)
{
    int saved = errno;
    if (!first_signal)
        first_signal = sig;
    gi_context_interrupt(target_ctx);
    set_default(sig);
    errno = saved;
}

static void on_forward(int sig)
{
    int saved = errno;
    if (!first_signal)
        first_signal = sig;
    /* The whole group, as a shell's job: a shell script's own children get it too. */
    if (forward_pgid > 0)
        kill(-forward_pgid, sig);
    errno = saved;
}

static void install(int forward)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    if (forward) {
        sa.sa_handler = on_forward;
        sa.sa_flags = SA_RESTART;
    } else {
        /* No SA_RESTART needed: the work polls the flag, and nothing here blocks in a call a
         * signal would have to interrupt. */
        sa.sa_handler = on_interrupt;
    }
    for (size_t i = 0; i < NSIGNALS; i++)
        sigaction(caught_signals[i], &sa, NULL);
}

void gi_cli_signals_catch(void)
{
    install(0);
}

void gi_cli_signals_attach(gi_context *ctx)
{
    target_ctx = ctx;
    if (ctx && first_signal)
        gi_context_interrupt(ctx);
}

void gi_cli_context_destroy(gi_context *ctx)
{
    if (target_ctx == ctx)
        target_ctx = NULL;
    gi_context_destroy(ctx);
}

void gi_cli_signals_forward(pid_t pgid)
{
    forward_pgid = pgid;
    install(1);
}

void gi_cli_signals_release(void)
{
    target_ctx = NULL;
    forward_pgid = 0;
    for (size_t i = 0; i < NSIGNALS; i++)
        set_default(caught_signals[i]);
}

int gi_cli_signals_caught(void)
{
    return first_signal;
}
