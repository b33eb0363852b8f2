/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ctrl-C during a long computation. Python's own SIGINT handler only sets a flag that the
 * interpreter reads between bytecodes, and the main thread is inside libgpuinteg without the
 * GIL until the call ends: minutes for a large serial integral. So around a computing call in
 * the main thread, SIGINT goes to a handler of ours that asks the library to stop at its next
 * tile (gi_context_interrupt is async-signal-safe); Python's handler is put back afterwards and
 * the signal handed to it, so the caller sees KeyboardInterrupt as for any Python code.
 * Left alone: other threads (signals go to the main thread), and a SIGINT that Python ignores
 * or that someone else handles in C.
 */
#include <signal.h>
#include <string.h>

#include "ext.h"

static unsigned long main_thread; /* Python's threading.main_thread().ident */
static gi_context *volatile sigint_ctx;
static volatile sig_atomic_t sigint_seen;

static void on_sigint(int sig)
{
    (void)sig;
    sigint_seen = 1;
    gi_context_interrupt(sigint_ctx);
}

PyObject *gi_py_set_main_thread(PyObject *self, PyObject *args)
{
    (void)self;
    if (!PyArg_ParseTuple(args, "k", &main_thread))
        return NULL;
    Py_RETURN_NONE;
}

void gi_py_sigint_begin(gi_context *ctx, gi_py_sigint *s)
{
    s->active = 0;
    if (!main_thread || PyThread_get_thread_ident() != main_thread)
        return;
    if (sigaction(SIGINT, NULL, &s->old) != 0 || s->old.sa_handler == SIG_IGN ||
        s->old.sa_handler == SIG_DFL)
        return;
    struct sigaction mine;
    memset(&mine, 0, sizeof mine);
    mine.sa_handler = on_sigint;
    sigemptyset(&mine.sa_mask);
    sigint_ctx = ctx;
    sigint_seen = 0;
    if (sigaction(SIGINT, &mine, NULL) == 0)
        s->active = 1;
}

int gi_py_sigint_end(gi_context *ctx, gi_py_sigint *s)
{
    if (!s->active)
        return 0;
    sigaction(SIGINT, &s->old, NULL);
    sigint_ctx = NULL;
    if (!sigint_seen)
        return 0;
    /* The stop request is for this call only. */
    gi_context_clear_interrupt(ctx);
    PyErr_SetInterrupt();
    return PyErr_CheckSignals() < 0;
}
