/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * tests/support/opencl_pick.h — which OpenCL device the opencl-labelled tests run on.
 *
 * $GI_TEST_OPENCL_DEVICE ("opencl:0:1") when set; otherwise the first available OpenCL device
 * of the device list (on CI: PoCL's CPU device, the only platform). A machine with no usable
 * OpenCL device fails these tests with the reason, as the label promises a device.
 */
#ifndef GI_TEST_OPENCL_PICK_H
#define GI_TEST_OPENCL_PICK_H

#include "opencl_devices.h"

/* The --device spec of the device to test, e.g. "opencl:0:0" (a static buffer). */
const char *gi_test_opencl_spec(void);

/* The same device at the backend's level: probes a new state into *state (free it with
 * opencl_devices_release) and returns the device, its queue open. */
opencl_device *gi_test_opencl_device(opencl_state **state);

#endif /* GI_TEST_OPENCL_PICK_H */
