/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The process-wide record of CUDA devices lost to sticky faults (cuda_device_lost.h).
 */
#include "cuda_device_lost.h"

#include <pthread.h>
#include <stdio.h>

#include "util/error.h"

/* Devices beyond this index share the last record: a node has at most a few dozen GPUs. */
#define GI_CUDA_LOST_DEVICES 64
/* A fault's text is one call and one error: this is room enough. */
#define GI_CUDA_LOST_FAULT 512

static pthread_mutex_t lost_lock = PTHREAD_MUTEX_INITIALIZER;
static char lost_fault[GI_CUDA_LOST_DEVICES][GI_CUDA_LOST_FAULT];

static int slot(int device)
{
    if (device < 0)
        return 0;
    return device < GI_CUDA_LOST_DEVICES ? device : GI_CUDA_LOST_DEVICES - 1;
}

int gi_cuda_error_is_sticky(cudaError_t e)
{
    /* From driver_types.h of CUDA 13.0: the errors whose text says the process must be
     * terminated and relaunched. Numbers where older toolkits (12.0) lack the name. */
    switch ((int)e) {
    case cudaErrorIllegalAddress:
    case cudaErrorLaunchTimeout:
    case cudaErrorAssert:
    case cudaErrorHardwareStackError:
    case cudaErrorIllegalInstruction:
    case cudaErrorMisalignedAddress:
    case cudaErrorInvalidAddressSpace:
    case cudaErrorInvalidPc:
    case cudaErrorLaunchFailure:
    case 226: /* cudaErrorContained */
    case 721: /* cudaErrorTensorMemoryLeak */
    case 810: /* cudaErrorMpsClientTerminated */
    case 911: /* cudaErrorExternalDevice */
        return 1;
    default:
        return 0;
    }
}

void gi_cuda_device_mark_lost(int device, const char *fault)
{
    pthread_mutex_lock(&lost_lock);
    char *rec = lost_fault[slot(device)];
    if (!rec[0])
        snprintf(rec, GI_CUDA_LOST_FAULT, "%s", fault && *fault ? fault : "a sticky CUDA error");
    pthread_mutex_unlock(&lost_lock);
}

int gi_cuda_device_lost(int device, char *out, size_t size)
{
    pthread_mutex_lock(&lost_lock);
    const char *rec = lost_fault[slot(device)];
    int lost = rec[0] != '\0';
    if (lost && out && size)
        snprintf(out, size, "%s", rec);
    pthread_mutex_unlock(&lost_lock);
    return lost;
}

gi_status gi_cuda_device_check_usable(int device, gi_error *err)
{
    char fault[GI_CUDA_LOST_FAULT];
    if (!gi_cuda_device_lost(device, fault, sizeof fault))
        return GI_STATUS_OK;
    return gi_error_set(err, GI_STATUS_DEVICE_LOST,
                        "cuda: device %d is unusable in this process since an earlier fault (%s); "
                        "it must be reset: restart the program",
                        device, fault);
}
