/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * A plugin built for another ABI version: the loader must refuse it with a reason.
 */
#include "core/backend.h"

static const gi_backend_ops *bad_ops(void)
{
    static const gi_backend_ops ops = {.abi_version = GI_BACKEND_ABI_VERSION + 41, .name = "cuda"};
    return &ops;
}

GI_BACKEND_PLUGIN(bad_ops)
