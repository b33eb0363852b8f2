/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The job monitor around a block of Python code (gpuinteg/_monitor.py). A monitor lives in a
 * capsule whose box monitor_close empties (the with-block's end keeps the figures: only close
 * or garbage collection frees them).
 */
#include "ext.h"

#define MONITOR_CAPSULE "gpuinteg.monitor"

typedef struct monitor_box {
    gi_monitor *m;
} monitor_box;

static void monitor_capsule_free(PyObject *capsule)
{
    monitor_box *box = PyCapsule_GetPointer(capsule, MONITOR_CAPSULE);
    if (!box)
        return;
    gi_monitor_destroy(box->m);
    PyMem_Free(box);
}

/* A PyArg_ParseTuple "O&" converter: the monitor of a capsule made by monitor_create. */
static int monitor_arg(PyObject *capsule, void *out)
{
    monitor_box *box = PyCapsule_GetPointer(capsule, MONITOR_CAPSULE);
    if (!box)
        return 0;
    if (!box->m) {
        PyErr_SetString(PyExc_ValueError, "the gpuinteg monitor is closed");
        return 0;
    }
    *(gi_monitor **)out = box->m;
    return 1;
}

static PyObject *raise_monitor(gi_monitor *m, gi_status st)
{
    return gi_py_raise(st, gi_monitor_last_error(m), 0);
}

PyObject *gi_py_monitor_create(PyObject *self, PyObject *args)
{
    (void)self;
    gi_monitor_options o;
    gi_monitor_options_default(&o);
    if (!PyArg_ParseTuple(args, "iii", &o.sample_ms, &o.no_gpu, &o.scope))
        return NULL;
    monitor_box *box = PyMem_Malloc(sizeof *box);
    if (!box)
        return PyErr_NoMemory();
    gi_status st = gi_monitor_create(&box->m, &o);
    if (st != GI_STATUS_OK) {
        PyMem_Free(box);
        /* The library has no monitor to hold a message for this one: the period is the only
         * value a monitor is made with, so that is what was wrong. */
        char message[128];
        snprintf(message, sizeof message, "sample_ms = %d is outside %d … %d milliseconds",
                 o.sample_ms, GI_MONITOR_SAMPLE_MS_MIN, GI_MONITOR_SAMPLE_MS_MAX);
        return gi_py_raise(st, st == GI_STATUS_INVALID_ARGUMENT ? message : gi_status_string(st),
                           0);
    }
    PyObject *capsule = PyCapsule_New(box, MONITOR_CAPSULE, monitor_capsule_free);
    if (!capsule) {
        gi_monitor_destroy(box->m);
        PyMem_Free(box);
    }
    return capsule;
}

PyObject *gi_py_monitor_close(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *capsule;
    if (!PyArg_ParseTuple(args, "O", &capsule))
        return NULL;
    monitor_box *box = PyCapsule_GetPointer(capsule, MONITOR_CAPSULE);
    if (!box)
        return NULL;
    gi_monitor *m = box->m;
    box->m = NULL;
    Py_BEGIN_ALLOW_THREADS;
    gi_monitor_destroy(m);
    Py_END_ALLOW_THREADS;
    Py_RETURN_NONE;
}

PyObject *gi_py_monitor_attach(PyObject *self, PyObject *args)
{
    (void)self;
    gi_monitor *m;
    int pid;
    if (!PyArg_ParseTuple(args, "O&i", monitor_arg, &m, &pid))
        return NULL;
    gi_status st = gi_monitor_attach(m, pid);
    if (st != GI_STATUS_OK)
        return raise_monitor(m, st);
    Py_RETURN_NONE;
}

/* start and stop: the sampler thread's start reads the allocation and opens NVML; stop joins
 * it. Both without the GIL, which the sampler never needs. */
static PyObject *start_or_stop(PyObject *args, int start)
{
    gi_monitor *m;
    if (!PyArg_ParseTuple(args, "O&", monitor_arg, &m))
        return NULL;
    gi_status st;
    Py_BEGIN_ALLOW_THREADS;
    st = start ? gi_monitor_start(m) : gi_monitor_stop(m);
    Py_END_ALLOW_THREADS;
    if (st != GI_STATUS_OK)
        return raise_monitor(m, st);
    Py_RETURN_NONE;
}

PyObject *gi_py_monitor_start(PyObject *self, PyObject *args)
{
    (void)self;
    return start_or_stop(args, 1);
}

PyObject *gi_py_monitor_stop(PyObject *self, PyObject *args)
{
    (void)self;
    return start_or_stop(args, 0);
}

PyObject *gi_py_monitor_set_workload(PyObject *self, PyObject *args)
{
    (void)self;
    gi_monitor *m;
    gi_monitor_workload w = {0};
    int kind;
    if (!PyArg_ParseTuple(args, "O&zzziiid", monitor_arg, &m, &w.name, &w.backend, &w.device, &kind,
                          &w.threads, &w.gpu, &w.busy_time_s))
        return NULL;
    w.kind = (gi_device_kind)kind;
    gi_status st = gi_monitor_set_workload(m, &w);
    if (st != GI_STATUS_OK)
        return raise_monitor(m, st);
    Py_RETURN_NONE;
}

PyObject *gi_py_monitor_set_info(PyObject *self, PyObject *args)
{
    (void)self;
    gi_monitor *m;
    const char *key, *value;
    if (!PyArg_ParseTuple(args, "O&ss", monitor_arg, &m, &key, &value))
        return NULL;
    gi_status st = gi_monitor_set_info(m, key, value);
    if (st != GI_STATUS_OK)
        return raise_monitor(m, st);
    Py_RETURN_NONE;
}

/* The summary text or the JSON: both are made from the samples (no I/O, short). */
static PyObject *monitor_text(PyObject *args, int json)
{
    gi_monitor *m;
    if (!PyArg_ParseTuple(args, "O&", monitor_arg, &m))
        return NULL;
    const char *text = json ? gi_monitor_json(m) : gi_monitor_summary_text(m);
    return PyUnicode_DecodeUTF8(text, (Py_ssize_t)strlen(text), "replace");
}

PyObject *gi_py_monitor_summary_text(PyObject *self, PyObject *args)
{
    (void)self;
    return monitor_text(args, 0);
}

PyObject *gi_py_monitor_json(PyObject *self, PyObject *args)
{
    (void)self;
    return monitor_text(args, 1);
}

static PyObject *report_call(PyObject *args, int write)
{
    gi_monitor *m;
    PyObject *path_obj;
    if (!PyArg_ParseTuple(args, "O&O&", monitor_arg, &m, PyUnicode_FSConverter, &path_obj))
        return NULL;
    const char *path = PyBytes_AsString(path_obj);
    gi_status st;
    Py_BEGIN_ALLOW_THREADS;
    st = write ? gi_monitor_write_report(m, path) : gi_monitor_check_report(m, path);
    Py_END_ALLOW_THREADS;
    Py_DECREF(path_obj);
    if (st != GI_STATUS_OK)
        return raise_monitor(m, st);
    Py_RETURN_NONE;
}

PyObject *gi_py_monitor_check_report(PyObject *self, PyObject *args)
{
    (void)self;
    return report_call(args, 0);
}

PyObject *gi_py_monitor_write_report(PyObject *self, PyObject *args)
{
    (void)self;
    return report_call(args, 1);
}
