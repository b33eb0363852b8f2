/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Contexts, devices, timings and the build's facts. A context lives in a capsule whose box can
 * be emptied by context_close (the Python Context's close/__exit__) before the capsule itself
 * is collected; the capsule's destructor frees whatever is left.
 */
#include "ext.h"

#define CONTEXT_CAPSULE "gpuinteg.context"

typedef struct context_box {
    gi_context *ctx;
} context_box;

static void context_capsule_free(PyObject *capsule)
{
    context_box *box = PyCapsule_GetPointer(capsule, CONTEXT_CAPSULE);
    if (!box)
        return;
    gi_context_destroy(box->ctx);
    PyMem_Free(box);
}

int gi_py_ctx_arg(PyObject *capsule, void *out)
{
    context_box *box = PyCapsule_GetPointer(capsule, CONTEXT_CAPSULE);
    if (!box)
        return 0;
    if (!box->ctx) {
        PyErr_SetString(PyExc_ValueError, "the gpuinteg context is closed");
        return 0;
    }
    *(gi_context **)out = box->ctx;
    return 1;
}

int gi_py_pointer(PyObject *obj, void *out)
{
    void **p = out;
    if (obj == Py_None) {
        *p = NULL;
        return 1;
    }
    if (!PyLong_Check(obj)) {
        PyErr_SetString(PyExc_TypeError, "a pointer must be an int");
        return 0;
    }
    *p = PyLong_AsVoidPtr(obj);
    return !PyErr_Occurred();
}

int gi_py_params(PyObject *obj, void *out)
{
    gi_integrate_params *p = out;
    long long nx, ny;
    if (!PyArg_ParseTuple(obj, "ddddLL", &p->x0, &p->x1, &p->y0, &p->y1, &nx, &ny))
        return 0;
    p->nx = nx;
    p->ny = ny;
    return 1;
}

PyObject *gi_py_version(PyObject *self, PyObject *args)
{
    (void)self;
    (void)args;
    return PyUnicode_FromString(gi_version_string());
}

PyObject *gi_py_build_info(PyObject *self, PyObject *args)
{
    (void)self;
    (void)args;
    return PyUnicode_FromString(gi_build_info());
}

PyObject *gi_py_build_summary(PyObject *self, PyObject *args)
{
    (void)self;
    (void)args;
    return PyUnicode_FromString(gi_build_summary());
}

PyObject *gi_py_status_string(PyObject *self, PyObject *args)
{
    (void)self;
    int status;
    if (!PyArg_ParseTuple(args, "i", &status))
        return NULL;
    return PyUnicode_FromString(gi_status_string((gi_status)status));
}

PyObject *gi_py_context_create(PyObject *self, PyObject *args)
{
    (void)self;
    (void)args;
    context_box *box = PyMem_Malloc(sizeof *box);
    if (!box)
        return PyErr_NoMemory();
    gi_status st;
    Py_BEGIN_ALLOW_THREADS;
    st = gi_context_create(&box->ctx);
    Py_END_ALLOW_THREADS;
    if (st != GI_STATUS_OK) {
        PyMem_Free(box);
        return gi_py_raise(st, "gi_context_create failed", 0);
    }
    PyObject *capsule = PyCapsule_New(box, CONTEXT_CAPSULE, context_capsule_free);
    if (!capsule) {
        gi_context_destroy(box->ctx);
        PyMem_Free(box);
    }
    return capsule;
}

PyObject *gi_py_context_close(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *capsule;
    if (!PyArg_ParseTuple(args, "O", &capsule))
        return NULL;
    context_box *box = PyCapsule_GetPointer(capsule, CONTEXT_CAPSULE);
    if (!box)
        return NULL;
    gi_context *ctx = box->ctx;
    box->ctx = NULL;
    Py_BEGIN_ALLOW_THREADS;
    gi_context_destroy(ctx);
    Py_END_ALLOW_THREADS;
    Py_RETURN_NONE;
}

PyObject *gi_py_context_select(PyObject *self, PyObject *args)
{
    (void)self;
    gi_context *ctx;
    const char *spec;
    if (!PyArg_ParseTuple(args, "O&s", gi_py_ctx_arg, &ctx, &spec))
        return NULL;
    gi_status st;
    /* Opening a backend loads its plugin and probes its driver: seconds on some machines. */
    Py_BEGIN_ALLOW_THREADS;
    st = gi_context_select(ctx, spec);
    Py_END_ALLOW_THREADS;
    if (st != GI_STATUS_OK)
        return gi_py_raise_ctx(ctx, st);
    Py_RETURN_NONE;
}

PyObject *gi_py_context_set_threads(PyObject *self, PyObject *args)
{
    (void)self;
    gi_context *ctx;
    int threads;
    if (!PyArg_ParseTuple(args, "O&i", gi_py_ctx_arg, &ctx, &threads))
        return NULL;
    gi_status st = gi_context_set_threads(ctx, threads);
    if (st != GI_STATUS_OK)
        return gi_py_raise_ctx(ctx, st);
    Py_RETURN_NONE;
}

/* (threads setting resolved, threads a workload on the selected device computes with) */
PyObject *gi_py_context_threads(PyObject *self, PyObject *args)
{
    (void)self;
    gi_context *ctx;
    if (!PyArg_ParseTuple(args, "O&", gi_py_ctx_arg, &ctx))
        return NULL;
    int threads, device_threads;
    Py_BEGIN_ALLOW_THREADS;
    threads = gi_context_threads(ctx);
    device_threads = gi_context_device_threads(ctx);
    Py_END_ALLOW_THREADS;
    return Py_BuildValue("(ii)", threads, device_threads);
}

PyObject *gi_py_context_prepare(PyObject *self, PyObject *args)
{
    (void)self;
    gi_context *ctx;
    if (!PyArg_ParseTuple(args, "O&", gi_py_ctx_arg, &ctx))
        return NULL;
    double setup_s = 0;
    gi_status st;
    Py_BEGIN_ALLOW_THREADS;
    st = gi_context_prepare(ctx, &setup_s);
    Py_END_ALLOW_THREADS;
    if (st != GI_STATUS_OK)
        return gi_py_raise_ctx(ctx, st);
    return PyFloat_FromDouble(setup_s);
}

PyObject *gi_py_context_interrupt(PyObject *self, PyObject *args)
{
    (void)self;
    gi_context *ctx;
    int clear = 0;
    if (!PyArg_ParseTuple(args, "O&|p", gi_py_ctx_arg, &ctx, &clear))
        return NULL;
    if (clear)
        gi_context_clear_interrupt(ctx);
    else
        gi_context_interrupt(ctx);
    Py_RETURN_NONE;
}

static PyObject *device_tuple(const gi_device_info *d)
{
    PyObject *address = PyTuple_New(d->address_len > 0 ? d->address_len : 0);
    if (!address)
        return NULL;
    for (int i = 0; i < d->address_len && i < 2; i++) {
        PyObject *n = PyLong_FromLong(d->address[i]);
        if (!n || PyTuple_SetItem(address, i, n) < 0) {
            Py_DECREF(address);
            return NULL;
        }
    }
    return Py_BuildValue("(sssssssiiiiKiNi)", d->spec, d->backend, d->name, d->vendor,
                         d->driver_version, d->detail, d->reason, (int)d->kind, d->index,
                         d->available, d->compute_units, (unsigned long long)d->global_mem_bytes,
                         d->fp64, address, d->gpu_ordinal);
}

PyObject *gi_py_context_selected(PyObject *self, PyObject *args)
{
    (void)self;
    gi_context *ctx;
    if (!PyArg_ParseTuple(args, "O&", gi_py_ctx_arg, &ctx))
        return NULL;
    gi_device_info info;
    const char *why = "";
    gi_status st;
    Py_BEGIN_ALLOW_THREADS;
    st = gi_context_selected(ctx, &info, &why);
    Py_END_ALLOW_THREADS;
    if (st != GI_STATUS_OK)
        return gi_py_raise_ctx(ctx, st);
    return Py_BuildValue("(Ns)", device_tuple(&info), why);
}

PyObject *gi_py_devices(PyObject *self, PyObject *args)
{
    (void)self;
    gi_context *ctx;
    if (!PyArg_ParseTuple(args, "O&", gi_py_ctx_arg, &ctx))
        return NULL;
    size_t count;
    /* The first count opens every backend (plugins, drivers). */
    Py_BEGIN_ALLOW_THREADS;
    count = gi_device_count(ctx);
    Py_END_ALLOW_THREADS;
    PyObject *list = PyList_New(0);
    if (!list)
        return NULL;
    for (size_t i = 0; i < count; i++) {
        gi_device_info info;
        gi_status st = gi_device_get(ctx, i, &info);
        if (st != GI_STATUS_OK) {
            Py_DECREF(list);
            return gi_py_raise_ctx(ctx, st);
        }
        PyObject *t = device_tuple(&info);
        if (!t || PyList_Append(list, t) < 0) {
            Py_XDECREF(t);
            Py_DECREF(list);
            return NULL;
        }
        Py_DECREF(t);
    }
    return list;
}

PyObject *gi_py_last_timing(PyObject *self, PyObject *args)
{
    (void)self;
    gi_context *ctx;
    if (!PyArg_ParseTuple(args, "O&", gi_py_ctx_arg, &ctx))
        return NULL;
    gi_timing t;
    gi_status st = gi_last_timing(ctx, &t);
    if (st != GI_STATUS_OK)
        return gi_py_raise_ctx(ctx, st);
    return Py_BuildValue("(ddddiss)", t.time_s, t.kernel_time_s, t.transfer_time_s, t.setup_s,
                         t.threads, t.backend ? t.backend : "", t.device ? t.device : "");
}
