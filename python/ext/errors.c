/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_status → the Python exception classes of gpuinteg/_errors.py. The classes are defined in
 * Python (docstrings, bases such as ValueError) and handed to the extension once at import, so
 * that a failed call raises the right class directly, with the library's own message.
 */
#include "ext.h"

static PyObject *error_classes; /* dict: status (int) → class */
static PyObject *error_base;    /* the class for a status the dict does not name */

PyObject *gi_py_set_error_classes(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *classes, *base;
    if (!PyArg_ParseTuple(args, "O!O:_set_error_classes", &PyDict_Type, &classes, &base))
        return NULL;
    Py_INCREF(classes);
    Py_INCREF(base);
    Py_XDECREF(error_classes);
    Py_XDECREF(error_base);
    error_classes = classes;
    error_base = base;
    Py_RETURN_NONE;
}

PyObject *gi_py_raise(gi_status status, const char *message, int argument)
{
    if (!message || !*message)
        message = gi_status_string(status);
    PyObject *cls = error_base ? error_base : PyExc_RuntimeError;
    if (error_classes) {
        PyObject *key = PyLong_FromLong((long)status);
        if (!key)
            return NULL;
        PyObject *found = PyDict_GetItemWithError(error_classes, key); /* borrowed */
        Py_DECREF(key);
        if (found)
            cls = found;
        else if (PyErr_Occurred())
            return NULL;
    }
    PyObject *exc = error_base ? PyObject_CallFunction(cls, "sii", message, (int)status, argument)
                               : PyObject_CallFunction(cls, "s", message);
    if (!exc)
        return NULL;
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
    return NULL;
}

PyObject *gi_py_raise_ctx(const gi_context *ctx, gi_status status)
{
    return gi_py_raise(status, gi_last_error(ctx), gi_last_error_argument(ctx));
}
