/*
 * Signal handlers that only do async-signal-safe things: store a number, set an atomic flag
 * (gi_context_interrupt), kill(), sigaction().
 */
#include "cli_signals.h"

#include <signal.h>
#include <stddef.h>
#include <string.h>

static const int caught_signals[] = {SIGINT, SIGTERM, SIGHUP};

static volatile sig_atomic_t first_signal;
static gi_context *volatile target_ctx;
static volatile pid_t forward_pid;

static void on_interrupt(int sig)
{
    if (!first_signal)
        first_signal = sig;
    gi_context_interrupt(target_ctx);
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigaction(sig, &dfl, NULL);
}

static void on_forward(int sig, siginfo_t *info, void *uc)
{
    (void)uc;
    if (!first_signal)
        first_signal = sig;
    /* SI_KERNEL: from the terminal, sent to the whole foreground group, child included. */
    if (forward_pid > 0 && !(info && info->si_code == SI_KERNEL))
        kill(forward_pid, sig);
}

static void install(int forward)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    if (forward) {
        sa.sa_sigaction = on_forward;
        sa.sa_flags = SA_SIGINFO | SA_RESTART;
    } else {
        /* No SA_RESTART needed: the work polls the flag, and nothing here blocks in a call a
         * signal would have to interrupt. */
        sa.sa_handler = on_interrupt;
    }
    for (size_t i = 0; i < sizeof caught_signals / sizeof caught_signals[0]; i++)
        sigaction(caught_signals[i], &sa, NULL);
}

void gi_cli_signals_catch(void)
{
    install(0);
}

void gi_cli_signals_attach(gi_context *ctx)
{
    target_ctx = ctx;
    if (first_signal)
        gi_context_interrupt(ctx);
}

void gi_cli_signals_forward(pid_t pid)
{
    forward_pid = pid;
    install(1);
}

int gi_cli_signals_caught(void)
{
    return first_signal;
}
