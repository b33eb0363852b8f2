/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "cli_run.h"

Test(cli_devices, lists_every_backend_and_the_auto_choice)
{
    const char *args[] = {"devices", NULL};
    gi_cli_result *r = gi_cli_run(args, NULL, 60);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cr_assert(strstr(r->out, "\nserial "), "%s", r->out);
    cr_assert(strstr(r->out, "\nopenmp "), "%s", r->out);
    cr_assert(strstr(r->out, "cuda"), "%s", r->out);
    cr_assert(strstr(r->out, "opencl"), "%s", r->out);
    cr_assert(strstr(r->out, "auto selects "), "%s", r->out);
    free(r);
}

Test(cli_devices, json_lists_reasons)
{
    const char *args[] = {"devices", "--json", NULL};
    const char *env[] = {"GPUINTEG_PLUGIN_PATH=/nonexistent", NULL};
    gi_cli_result *r = gi_cli_run(args, env, 60);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cJSON *list = cJSON_Parse(r->out);
    cr_assert(cJSON_IsArray(list), "%s", r->out);
    int unavailable = 0;
    const cJSON *d;
    cJSON_ArrayForEach(d, list)
    {
        const cJSON *avail = cJSON_GetObjectItemCaseSensitive(d, "available");
        const cJSON *reason = cJSON_GetObjectItemCaseSensitive(d, "reason");
        cr_assert(cJSON_IsBool(avail) && cJSON_IsString(reason));
        if (cJSON_IsFalse(avail)) {
            unavailable++;
            cr_assert_str_not_empty(reason->valuestring);
        }
    }
    /* With no plugin folder, cuda and opencl are both unavailable with a reason. */
    cr_assert_geq(unavailable, 2);
    cJSON_Delete(list);
    free(r);
}
