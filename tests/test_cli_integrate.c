/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The integrate command as users see it: the course's two lines, the backend line, JSON with
 * the contract's fields, --quiet, --help and --version.
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include <gpuinteg/gpuinteg.h>

#include "cli_run.h"

static void assert_matches(const char *text, const char *pattern)
{
    regex_t re;
    cr_assert_eq(regcomp(&re, pattern, REG_EXTENDED | REG_NEWLINE), 0);
    int rc = regexec(&re, text, 0, NULL, 0);
    regfree(&re);
    cr_assert_eq(rc, 0, "output does not match /%s/:\n%s", pattern, text);
}

Test(cli_integrate, human_output_keeps_course_lines)
{
    const char *args[] = {"--device", "serial", "-n", "2000", NULL};
    gi_cli_result *r = gi_cli_run(args, NULL, 120);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cr_assert_str_empty(r->err);
    assert_matches(r->out, "^Integral value is -?[0-9]\\.[0-9]{6}e[-+][0-9]{2}, Error is "
                           "[0-9]\\.[0-9]{6}e[-+][0-9]{2}$");
    assert_matches(r->out, "^Time spent: [0-9]+\\.[0-9]{2} sec$");
    assert_matches(r->out, "^Backend: serial on .* \\(serial\\), 1 thread; requested$");
    free(r);
}

Test(cli_integrate, quiet_prints_two_lines)
{
    const char *args[] = {"-q", "-n", "500", NULL};
    gi_cli_result *r = gi_cli_run(args, NULL, 120);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cr_assert_eq(gi_count_lines(r->out), 2, "%s", r->out);
    free(r);
}

static cJSON *run_json(const char *const *args)
{
    gi_cli_result *r = gi_cli_run(args, NULL, 240);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    cr_assert_eq(gi_count_lines(r->out), 1, "--json prints one line: %s", r->out);
    cJSON *j = cJSON_Parse(r->out);
    cr_assert_not_null(j, "not JSON: %s", r->out);
    free(r);
    return j;
}

static double num(const cJSON *j, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
    cr_assert(cJSON_IsNumber(v), "field %s missing or not a number", key);
    return v->valuedouble;
}

static const char *str(const cJSON *j, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
    cr_assert(cJSON_IsString(v), "field %s missing or not a string", key);
    return v->valuestring;
}

Test(cli_integrate, json_has_contract_fields)
{
    const char *args[] = {"--device", "openmp", "--nx", "300", "--ny", "200", "--bounds",
                          "-1,2,0.5,1.5", "--json", "--repeat", "3", NULL};
    cJSON *j = run_json(args);
    cr_assert_str_eq(str(j, "workload"), "integrate");
    cr_assert_str_eq(str(j, "backend"), "openmp");
    cr_assert_str_not_empty(str(j, "device"));
    cr_assert_str_eq(str(j, "version"), GI_VERSION_STRING);
    cr_assert_eq(num(j, "nx"), 300);
    cr_assert_eq(num(j, "ny"), 200);
    cr_assert_eq(num(j, "evaluations"), 60000);
    cr_assert_eq(num(j, "repeat"), 3);
    cr_assert_geq(num(j, "threads"), 1);
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(j, "bounds");
    cr_assert(cJSON_IsArray(b) && cJSON_GetArraySize(b) == 4);
    cr_assert_eq(cJSON_GetArrayItem(b, 0)->valuedouble, -1.0);
    cr_assert_eq(cJSON_GetArrayItem(b, 3)->valuedouble, 1.5);
    double value = num(j, "value"), exact = num(j, "exact"), error = num(j, "error");
    cr_assert_eq(error, fabs(value - exact));
    cr_assert_float_eq(exact, sin(2 + 0.5) - sin(2 + 1.5) - sin(-1 + 0.5) + sin(-1 + 1.5), 1e-15);
    cr_assert_leq(num(j, "time_s"), num(j, "time_median_s"));
    cr_assert_geq(num(j, "kernel_time_s"), 0);
    cr_assert_eq(num(j, "transfer_time_s"), 0);
    cJSON_Delete(j);
}

Test(cli_integrate, json_value_same_for_1_and_2_threads, .timeout = 240)
{
    /* The done-when check: the default problem, identical value text for 1 and 2 threads. */
    const char *a1[] = {"--device", "openmp", "-n", "10000", "--json", "--threads", "1", NULL};
    const char *a2[] = {"--device", "openmp", "-n", "10000", "--json", "--threads", "2", NULL};
    gi_cli_result *r1 = gi_cli_run(a1, NULL, 200), *r2 = gi_cli_run(a2, NULL, 200);
    cr_assert_eq(r1->exit_code, 0);
    cr_assert_eq(r2->exit_code, 0);
    const char *v1 = strstr(r1->out, "\"value\":"), *v2 = strstr(r2->out, "\"value\":");
    cr_assert(v1 && v2);
    size_t n1 = strcspn(v1, ","), n2 = strcspn(v2, ",");
    cr_assert(n1 == n2 && strncmp(v1, v2, n1) == 0, "%.*s vs %.*s", (int)n1, v1, (int)n2, v2);
    /* 17 significant digits, so the text fixes the bits. */
    cJSON *j = cJSON_Parse(r1->out);
    cr_assert_leq(num(j, "error"), 1e-14);
    cr_assert(strstr(r1->out, "\"threads\":1,"));
    cr_assert(strstr(r2->out, "\"threads\":2,"));
    cJSON_Delete(j);
    free(r1);
    free(r2);
}

Test(cli_integrate, help_and_version)
{
    const char *h[] = {"--help", NULL};
    gi_cli_result *r = gi_cli_run(h, NULL, 30);
    cr_assert_eq(r->exit_code, 0);
    cr_assert(strstr(r->out, "usage: gpuinteg"));
    cr_assert(strstr(r->out, "exit codes: 0 ok, 1 run-time failure, 2 usage error"));
    free(r);
    const char *v[] = {"--version", NULL};
    r = gi_cli_run(v, NULL, 30);
    cr_assert_eq(r->exit_code, 0);
    /* The first line is the one scripts read; the rest is test_cli_version.c's. */
    cr_assert_eq(strncmp(r->out, "gpuinteg " GI_VERSION_STRING "\n",
                         strlen("gpuinteg " GI_VERSION_STRING "\n")),
                 0, "%s", r->out);
    free(r);
}
