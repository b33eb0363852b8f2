/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_dgemm and gi_dgemm_verify with BLAS's arguments, the matrices as addresses. The Python
 * layer (gpuinteg/_gemm.py) maps NumPy's strides onto transposes and leading dimensions, and
 * keeps the arrays alive during the call.
 */
#include "ext.h"

PyObject *gi_py_dgemm(PyObject *self, PyObject *args)
{
    (void)self;
    gi_context *ctx;
    const char *ta, *tb;
    long long m, n, k, lda, ldb, ldc;
    double alpha, beta;
    const double *A, *B;
    double *C;
    if (!PyArg_ParseTuple(args, "O&ssLLLdO&LO&LdO&L", gi_py_ctx_arg, &ctx, &ta, &tb, &m, &n, &k,
                          &alpha, gi_py_pointer, &A, &lda, gi_py_pointer, &B, &ldb, &beta,
                          gi_py_pointer, &C, &ldc))
        return NULL;
    GI_PY_COMPUTE(ctx, gi_dgemm(ctx, ta[0], tb[0], m, n, k, alpha, A, lda, B, ldb, beta, C, ldc));
    Py_RETURN_NONE;
}

/* gi_dgemm_device: the matrices in the selected device's memory, the product on `stream`. */
PyObject *gi_py_dgemm_device(PyObject *self, PyObject *args)
{
    (void)self;
    gi_context *ctx;
    const char *ta, *tb;
    long long m, n, k, lda, ldb, ldc;
    double alpha, beta;
    const double *A, *B;
    double *C;
    unsigned long long stream;
    if (!PyArg_ParseTuple(args, "O&ssLLLdO&LO&LdO&LK", gi_py_ctx_arg, &ctx, &ta, &tb, &m, &n, &k,
                          &alpha, gi_py_pointer, &A, &lda, gi_py_pointer, &B, &ldb, &beta,
                          gi_py_pointer, &C, &ldc, &stream))
        return NULL;
    GI_PY_COMPUTE(ctx, gi_dgemm_device(ctx, ta[0], tb[0], m, n, k, alpha, A, lda, B, ldb, beta, C,
                                       ldc, (uintptr_t)stream));
    Py_RETURN_NONE;
}

/* Returns (max_rel_residual, tolerance, worst_row, vectors); a failed check raises. */
PyObject *gi_py_dgemm_verify(PyObject *self, PyObject *args)
{
    (void)self;
    gi_context *ctx;
    const char *ta, *tb;
    long long m, n, k, lda, ldb, ldc0, ldc;
    double alpha, beta;
    const double *A, *B, *C0, *C;
    if (!PyArg_ParseTuple(args, "O&ssLLLdO&LO&LdO&LO&L", gi_py_ctx_arg, &ctx, &ta, &tb, &m, &n, &k,
                          &alpha, gi_py_pointer, &A, &lda, gi_py_pointer, &B, &ldb, &beta,
                          gi_py_pointer, &C0, &ldc0, gi_py_pointer, &C, &ldc))
        return NULL;
    gi_dgemm_check check;
    gi_status st;
    Py_BEGIN_ALLOW_THREADS;
    st = gi_dgemm_verify(ctx, ta[0], tb[0], m, n, k, alpha, A, lda, B, ldb, beta, C0, ldc0, C, ldc,
                         &check);
    Py_END_ALLOW_THREADS;
    if (st != GI_STATUS_OK)
        return gi_py_raise_ctx(ctx, st);
    return Py_BuildValue("(ddLi)", check.max_rel_residual, check.tolerance,
                         (long long)check.worst_row, check.vectors);
}
