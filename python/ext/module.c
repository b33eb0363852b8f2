/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/* The module _gpuinteg: its function table. */
#include "ext.h"

#define FN(name, doc)                                                                              \
    {                                                                                              \
#name, gi_py_##name, METH_VARARGS, doc                                                     \
    }

static PyMethodDef methods[] = {
    {"_set_error_classes", gi_py_set_error_classes, METH_VARARGS,
     "_set_error_classes(classes, base): the exception class of each gi_status"},
    FN(set_main_thread, "set_main_thread(ident): the thread Ctrl-C reaches (threading's ident)"),
    FN(version, "version() -> the library's version string"),
    FN(build_info, "build_info() -> the build's facts as JSON text"),
    FN(build_summary, "build_summary() -> the build's facts in one line"),
    FN(status_string, "status_string(status) -> the status's description"),
    FN(context_create, "context_create() -> a context capsule"),
    FN(context_close, "context_close(ctx): frees the context now"),
    FN(context_select, "context_select(ctx, spec)"),
    FN(context_set_threads, "context_set_threads(ctx, threads)"),
    FN(context_threads, "context_threads(ctx) -> (threads, device_threads)"),
    FN(context_prepare, "context_prepare(ctx) -> setup seconds"),
    FN(context_selected, "context_selected(ctx) -> (device tuple, why)"),
    FN(context_interrupt, "context_interrupt(ctx, clear=False)"),
    FN(devices, "devices(ctx) -> list of device tuples"),
    FN(last_timing,
       "last_timing(ctx) -> (time, kernel, transfer, setup, threads, backend, device)"),
    FN(integrate, "integrate(ctx, grid) -> result tuple"),
    FN(integrate_set_sine, "integrate_set_sine(ctx, kind): 0 gi, 1 libm"),
    FN(integrate_tile_count, "integrate_tile_count(grid) -> tiles"),
    FN(integrate_tiles, "integrate_tiles(ctx, grid, first, count, pairs_address)"),
    FN(integrate_combine, "integrate_combine(ctx, grid, pairs_address, count) -> tuple"),
    FN(integrand_expression, "integrand_expression(ctx, expr, names, values) -> capsule"),
    FN(integrand_function, "integrand_function(ctx, address, user, vector) -> capsule"),
    FN(integrate_function, "integrate_function(ctx, integrand, rule, grid) -> result tuple"),
    FN(function_tile_count, "function_tile_count(ctx, rule, grid, coarse) -> (tiles, points)"),
    FN(function_tiles, "function_tiles(ctx, f, rule, grid, coarse, first, count, pairs_address)"),
    FN(function_combine, "function_combine(ctx, rule, grid, coarse, pairs_address, count)"),
    FN(dgemm, "dgemm(ctx, ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc)"),
    FN(dgemm_device, "dgemm_device(ctx, ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc, "
                     "stream): the matrices in device memory"),
    FN(dgemm_verify, "dgemm_verify(ctx, ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C0, ldc0, "
                     "C, ldc) -> check tuple"),
    FN(monitor_create, "monitor_create(sample_ms, no_gpu, scope) -> capsule"),
    FN(monitor_close, "monitor_close(m)"),
    FN(monitor_attach, "monitor_attach(m, pid): measure pid and its descendants"),
    FN(monitor_start, "monitor_start(m)"),
    FN(monitor_stop, "monitor_stop(m)"),
    FN(monitor_set_workload,
       "monitor_set_workload(m, name, backend, device, kind, threads, gpu, busy_s)"),
    FN(monitor_set_info, "monitor_set_info(m, key, value)"),
    FN(monitor_summary_text, "monitor_summary_text(m) -> str"),
    FN(monitor_json, "monitor_json(m) -> str"),
    FN(monitor_check_report, "monitor_check_report(m, path)"),
    FN(monitor_write_report, "monitor_write_report(m, path)"),
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    "_gpuinteg",
    "Thin functions over libgpuinteg; use the package gpuinteg, not this module.",
    -1,
    methods,
    NULL,
    NULL,
    NULL,
    NULL};

PyMODINIT_FUNC PyInit__gpuinteg(void)
{
    return PyModule_Create(&module);
}
