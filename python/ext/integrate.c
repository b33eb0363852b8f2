/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Integrals: the built-in sin(x+y) (gi_integrate), the user's integrands (expression or C
 * function pointer, gi_integrate_function), and the tile calls that split either over MPI
 * ranks with the same bits as one call. Grids travel as a tuple (x0, x1, y0, y1, nx, ny).
 */
#include "ext.h"

#define INTEGRAND_CAPSULE "gpuinteg.integrand"

static void integrand_capsule_free(PyObject *capsule)
{
    gi_integrand_destroy(PyCapsule_GetPointer(capsule, INTEGRAND_CAPSULE));
}

static PyObject *integrand_capsule(gi_integrand *f)
{
    PyObject *capsule = PyCapsule_New(f, INTEGRAND_CAPSULE, integrand_capsule_free);
    if (!capsule)
        gi_integrand_destroy(f);
    return capsule;
}

/* A rule from its text ("midpoint", "simpson", "gauss:K"); 0 with the exception set. */
static int parse_rule(gi_context *ctx, const char *text, gi_rule *rule)
{
    gi_status st = gi_rule_parse(ctx, text, rule);
    if (st != GI_STATUS_OK) {
        gi_py_raise_ctx(ctx, st);
        return 0;
    }
    return 1;
}

PyObject *gi_py_integrate(PyObject *self, PyObject *args)
{
    (void)self;
    gi_context *ctx;
    gi_integrate_params p;
    if (!PyArg_ParseTuple(args, "O&O&", gi_py_ctx_arg, &ctx, gi_py_params, &p))
        return NULL;
    gi_integrate_result r;
    GI_PY_COMPUTE(ctx, gi_integrate(ctx, &p, &r));
    return Py_BuildValue("(dddKdddiss)", r.value, r.exact, r.error,
                         (unsigned long long)r.evaluations, r.time_s, r.kernel_time_s,
                         r.transfer_time_s, r.threads, r.backend, r.device);
}

PyObject *gi_py_integrate_set_sine(PyObject *self, PyObject *args)
{
    (void)self;
    gi_context *ctx;
    int sine;
    if (!PyArg_ParseTuple(args, "O&i", gi_py_ctx_arg, &ctx, &sine))
        return NULL;
    gi_status st = gi_integrate_set_sine(ctx, (gi_sine_kind)sine);
    if (st != GI_STATUS_OK)
        return gi_py_raise_ctx(ctx, st);
    Py_RETURN_NONE;
}

PyObject *gi_py_integrate_tile_count(PyObject *self, PyObject *args)
{
    (void)self;
    gi_integrate_params p;
    if (!PyArg_ParseTuple(args, "O&", gi_py_params, &p))
        return NULL;
    return PyLong_FromLongLong(gi_integrate_tile_count(&p));
}

/* Tiles first … first+count-1 into 2·count doubles at pairs (the caller's array). */
PyObject *gi_py_integrate_tiles(PyObject *self, PyObject *args)
{
    (void)self;
    gi_context *ctx;
    gi_integrate_params p;
    long long first, count;
    double *pairs;
    if (!PyArg_ParseTuple(args, "O&O&LLO&", gi_py_ctx_arg, &ctx, gi_py_params, &p, &first, &count,
                          gi_py_pointer, &pairs))
        return NULL;
    GI_PY_COMPUTE(ctx, gi_integrate_tiles(ctx, &p, first, count, pairs));
    Py_RETURN_NONE;
}

PyObject *gi_py_integrate_combine(PyObject *self, PyObject *args)
{
    (void)self;
    gi_context *ctx;
    gi_integrate_params p;
    long long count;
    const double *pairs;
    if (!PyArg_ParseTuple(args, "O&O&O&L", gi_py_ctx_arg, &ctx, gi_py_params, &p, gi_py_pointer,
                          &pairs, &count))
        return NULL;
    gi_integrate_result r;
    gi_status st = gi_integrate_combine(ctx, &p, pairs, count, &r);
    if (st != GI_STATUS_OK)
        return gi_py_raise_ctx(ctx, st);
    return Py_BuildValue("(dddK)", r.value, r.exact, r.error, (unsigned long long)r.evaluations);
}

/* A C string copy of a str item of a tuple, as bytes kept in *keep. */
static const char *tuple_string(PyObject *tuple, Py_ssize_t i, PyObject **keep)
{
    PyObject *item = PyTuple_GetItem(tuple, i); /* borrowed */
    if (!item)
        return NULL;
    if (!PyUnicode_Check(item)) {
        PyErr_SetString(PyExc_TypeError, "a parameter name must be a str");
        return NULL;
    }
    *keep = PyUnicode_AsUTF8String(item);
    return *keep ? PyBytes_AsString(*keep) : NULL;
}

PyObject *gi_py_integrand_expression(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *names, *values;
    gi_context *ctx;
    const char *expr;
    if (!PyArg_ParseTuple(args, "O&sO!O!", gi_py_ctx_arg, &ctx, &expr, &PyTuple_Type, &names,
                          &PyTuple_Type, &values))
        return NULL;
    Py_ssize_t count = PyTuple_Size(names);
    if (count != PyTuple_Size(values) || count > GI_EXPRESSION_MAX_PARAMS) {
        PyErr_Format(PyExc_ValueError, "params: %zd names for %zd values (at most %d)", count,
                     PyTuple_Size(values), GI_EXPRESSION_MAX_PARAMS);
        return NULL;
    }
    const char *name_ptrs[GI_EXPRESSION_MAX_PARAMS];
    double value_list[GI_EXPRESSION_MAX_PARAMS];
    PyObject *keep[GI_EXPRESSION_MAX_PARAMS] = {0};
    PyObject *result = NULL;
    for (Py_ssize_t i = 0; i < count; i++) {
        name_ptrs[i] = tuple_string(names, i, &keep[i]);
        if (!name_ptrs[i])
            goto done;
        value_list[i] = PyFloat_AsDouble(PyTuple_GetItem(values, i));
        if (PyErr_Occurred())
            goto done;
    }
    gi_integrand *f = NULL;
    gi_status st = gi_integrand_from_expression(ctx, expr, name_ptrs, value_list, (int)count, &f);
    result = st == GI_STATUS_OK ? integrand_capsule(f) : gi_py_raise_ctx(ctx, st);
done:
    for (Py_ssize_t i = 0; i < count; i++)
        Py_XDECREF(keep[i]);
    return result;
}

/* A C function pointer (address as an int) with its user pointer; vector = 1 for the form
 * that takes up to 256 points a call. The caller keeps the function's owner alive. */
PyObject *gi_py_integrand_function(PyObject *self, PyObject *args)
{
    (void)self;
    gi_context *ctx;
    void *address, *user;
    int vector;
    if (!PyArg_ParseTuple(args, "O&O&O&p", gi_py_ctx_arg, &ctx, gi_py_pointer, &address,
                          gi_py_pointer, &user, &vector))
        return NULL;
    gi_integrand *f = NULL;
    gi_status st;
    /* A data pointer to a function pointer: what dlsym does too, defined on every platform
     * CPython's ctypes runs on. */
    if (vector) {
        gi_integrand_vector_fn fn;
        memcpy(&fn, &address, sizeof fn);
        st = gi_integrand_from_vector_function(ctx, fn, user, &f);
    } else {
        gi_integrand_fn fn;
        memcpy(&fn, &address, sizeof fn);
        st = gi_integrand_from_function(ctx, fn, user, &f);
    }
    if (st != GI_STATUS_OK)
        return gi_py_raise_ctx(ctx, st);
    return integrand_capsule(f);
}

PyObject *gi_py_integrate_function(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *fcap;
    gi_context *ctx;
    const char *rule_text;
    gi_integrate_params p;
    if (!PyArg_ParseTuple(args, "O&OsO&", gi_py_ctx_arg, &ctx, &fcap, &rule_text, gi_py_params, &p))
        return NULL;
    gi_integrand *f = PyCapsule_GetPointer(fcap, INTEGRAND_CAPSULE);
    gi_rule rule;
    if (!f || !parse_rule(ctx, rule_text, &rule))
        return NULL;
    gi_integral r;
    GI_PY_COMPUTE(ctx, gi_integrate_function(ctx, f, &rule, &p, &r));
    return Py_BuildValue("(dddKddddiss)", r.value, r.error_estimate, r.coarse_value,
                         (unsigned long long)r.evaluations, r.time_s, r.kernel_time_s,
                         r.transfer_time_s, r.compile_time_s, r.threads, r.backend, r.device);
}

/* (tile count, evaluations) of one grid of a rule; (0, 0) when invalid. */
PyObject *gi_py_function_tile_count(PyObject *self, PyObject *args)
{
    (void)self;
    gi_context *ctx;
    const char *rule_text;
    gi_integrate_params p;
    int coarse;
    if (!PyArg_ParseTuple(args, "O&sO&p", gi_py_ctx_arg, &ctx, &rule_text, gi_py_params, &p,
                          &coarse))
        return NULL;
    gi_rule rule;
    if (!parse_rule(ctx, rule_text, &rule))
        return NULL;
    return Py_BuildValue("(LK)", (long long)gi_integrate_function_tile_count(&rule, &p, coarse),
                         (unsigned long long)gi_integrate_function_points(&rule, &p, coarse));
}

PyObject *gi_py_function_tiles(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *fcap;
    gi_context *ctx;
    const char *rule_text;
    gi_integrate_params p;
    int coarse;
    long long first, count;
    double *pairs;
    if (!PyArg_ParseTuple(args, "O&OsO&pLLO&", gi_py_ctx_arg, &ctx, &fcap, &rule_text, gi_py_params,
                          &p, &coarse, &first, &count, gi_py_pointer, &pairs))
        return NULL;
    gi_integrand *f = PyCapsule_GetPointer(fcap, INTEGRAND_CAPSULE);
    gi_rule rule;
    if (!f || !parse_rule(ctx, rule_text, &rule))
        return NULL;
    GI_PY_COMPUTE(ctx, gi_integrate_function_tiles(ctx, f, &rule, &p, coarse, first, count, pairs));
    Py_RETURN_NONE;
}

PyObject *gi_py_function_combine(PyObject *self, PyObject *args)
{
    (void)self;
    gi_context *ctx;
    const char *rule_text;
    gi_integrate_params p;
    int coarse;
    const double *pairs;
    long long count;
    if (!PyArg_ParseTuple(args, "O&sO&pO&L", gi_py_ctx_arg, &ctx, &rule_text, gi_py_params, &p,
                          &coarse, gi_py_pointer, &pairs, &count))
        return NULL;
    gi_rule rule;
    if (!parse_rule(ctx, rule_text, &rule))
        return NULL;
    double value = 0;
    gi_status st = gi_integrate_function_combine(ctx, &rule, &p, coarse, pairs, count, &value);
    if (st != GI_STATUS_OK)
        return gi_py_raise_ctx(ctx, st);
    return PyFloat_FromDouble(value);
}
