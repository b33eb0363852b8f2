/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CPython extension _gpuinteg: thin functions over libgpuinteg that take and return plain
 * Python numbers, strings and tuples (pointers as integers). Reading arrays, choosing layouts
 * and building result objects is the Python layer's (the gpuinteg package): the limited API of 3.9
 * has no buffer protocol, and that layer handles NumPy, __cuda_array_interface__ and DLPack
 * producers alike.
 *
 * Every call that computes, probes devices or does I/O releases the GIL. A context is not
 * thread-safe: the Python layer serialises the calls on one context with its own lock.
 */
#ifndef GI_PY_EXT_H
#define GI_PY_EXT_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <gpuinteg/gpuinteg.h>

/* errors.c: raise the exception class registered for status with message; returns NULL. */
PyObject *gi_py_raise(gi_status status, const char *message, int argument);
/* The same with the context's gi_last_error and gi_last_error_argument. */
PyObject *gi_py_raise_ctx(const gi_context *ctx, gi_status status);
PyObject *gi_py_set_error_classes(PyObject *self, PyObject *args);

/* context.c: a PyArg_ParseTuple "O&" converter from a capsule made by context_create to its
 * gi_context * (fails with the exception set when the object is not one or was closed). */
int gi_py_ctx_arg(PyObject *capsule, void *out);
/* A PyArg_ParseTuple "O&" converter: a Python int (or None for NULL) into a void *. */
int gi_py_pointer(PyObject *obj, void *out);
/* A gi_integrate_params from the six numbers (x0, x1, y0, y1, nx, ny) of a tuple. */
int gi_py_params(PyObject *obj, void *out);

PyObject *gi_py_version(PyObject *self, PyObject *args);
PyObject *gi_py_build_info(PyObject *self, PyObject *args);
PyObject *gi_py_build_summary(PyObject *self, PyObject *args);
PyObject *gi_py_status_string(PyObject *self, PyObject *args);
PyObject *gi_py_context_create(PyObject *self, PyObject *args);
PyObject *gi_py_context_close(PyObject *self, PyObject *args);
PyObject *gi_py_context_select(PyObject *self, PyObject *args);
PyObject *gi_py_context_set_threads(PyObject *self, PyObject *args);
PyObject *gi_py_context_threads(PyObject *self, PyObject *args);
PyObject *gi_py_context_prepare(PyObject *self, PyObject *args);
PyObject *gi_py_context_selected(PyObject *self, PyObject *args);
PyObject *gi_py_context_interrupt(PyObject *self, PyObject *args);
PyObject *gi_py_devices(PyObject *self, PyObject *args);
PyObject *gi_py_last_timing(PyObject *self, PyObject *args);

/* sigint.c: Ctrl-C during a computing call in the main thread stops the library's work (see
 * there). begin before releasing the GIL, end after taking it back: end returns 1 with
 * KeyboardInterrupt (or what Python's handler raised) set when SIGINT came meanwhile. */
#include <signal.h>
typedef struct gi_py_sigint {
    int active;
    struct sigaction old;
} gi_py_sigint;
void gi_py_sigint_begin(gi_context *ctx, gi_py_sigint *s);
int gi_py_sigint_end(gi_context *ctx, gi_py_sigint *s);
PyObject *gi_py_set_main_thread(PyObject *self, PyObject *args);

/* Runs `call` (a gi_status expression) on ctx without the GIL, Ctrl-C able, and returns NULL
 * from the calling function with the exception set when it failed or was interrupted. */
#define GI_PY_COMPUTE(ctx, call)                                                                   \
    do {                                                                                           \
        gi_py_sigint sig_;                                                                         \
        gi_status st_;                                                                             \
        gi_py_sigint_begin((ctx), &sig_);                                                          \
        Py_BEGIN_ALLOW_THREADS;                                                                    \
        st_ = (call);                                                                              \
        Py_END_ALLOW_THREADS;                                                                      \
        if (gi_py_sigint_end((ctx), &sig_))                                                        \
            return NULL;                                                                           \
        if (st_ != GI_STATUS_OK)                                                                   \
            return gi_py_raise_ctx((ctx), st_);                                                    \
    } while (0)

/* integrate.c */
PyObject *gi_py_integrate(PyObject *self, PyObject *args);
PyObject *gi_py_integrate_set_sine(PyObject *self, PyObject *args);
PyObject *gi_py_integrate_tile_count(PyObject *self, PyObject *args);
PyObject *gi_py_integrate_tiles(PyObject *self, PyObject *args);
PyObject *gi_py_integrate_combine(PyObject *self, PyObject *args);
PyObject *gi_py_integrand_expression(PyObject *self, PyObject *args);
PyObject *gi_py_integrand_function(PyObject *self, PyObject *args);
PyObject *gi_py_integrate_function(PyObject *self, PyObject *args);
PyObject *gi_py_function_tile_count(PyObject *self, PyObject *args);
PyObject *gi_py_function_tiles(PyObject *self, PyObject *args);
PyObject *gi_py_function_combine(PyObject *self, PyObject *args);

/* dgemm.c */
PyObject *gi_py_dgemm(PyObject *self, PyObject *args);
PyObject *gi_py_dgemm_device(PyObject *self, PyObject *args);
PyObject *gi_py_dgemm_verify(PyObject *self, PyObject *args);

/* monitor.c */
PyObject *gi_py_monitor_create(PyObject *self, PyObject *args);
PyObject *gi_py_monitor_close(PyObject *self, PyObject *args);
PyObject *gi_py_monitor_attach(PyObject *self, PyObject *args);
PyObject *gi_py_monitor_start(PyObject *self, PyObject *args);
PyObject *gi_py_monitor_stop(PyObject *self, PyObject *args);
PyObject *gi_py_monitor_set_workload(PyObject *self, PyObject *args);
PyObject *gi_py_monitor_set_info(PyObject *self, PyObject *args);
PyObject *gi_py_monitor_summary_text(PyObject *self, PyObject *args);
PyObject *gi_py_monitor_json(PyObject *self, PyObject *args);
PyObject *gi_py_monitor_check_report(PyObject *self, PyObject *args);
PyObject *gi_py_monitor_write_report(PyObject *self, PyObject *args);

#endif /* GI_PY_EXT_H */
