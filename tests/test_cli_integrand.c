/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg integrate --f / --param / --rule from the outside: values and the JSON fields, and a
 * table of malformed input that must each give exit 2 and exactly one line naming the fault.
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "cli_run.h"

typedef struct bad_input {
    const char *args[8];
    const char *line; /* the whole stderr */
} bad_input;

static const bad_input bad[] = {
    {{"--f", "1 + sinn(x)"}, "gpuinteg: --f: unknown function 'sinn' at column 5\n"},
    {{"--f", ""}, "gpuinteg: --f '' is empty; give an expression in x and y, e.g. "
                  "'exp(-x*x)*cos(y)'\n"},
    {{"--f", "   "}, "gpuinteg: --f: empty expression\n"},
    {{"--f", "(x + y"}, "gpuinteg: --f: unbalanced parentheses: '(' is never closed at column 1\n"},
    {{"--f", "x + y)"},
     "gpuinteg: --f: unbalanced parentheses: ')' has no matching '(' at column 6\n"},
    {{"--f", "atan2(x)"},
     "gpuinteg: --f: wrong number of arguments: atan2 takes 2, given 1 at column 1\n"},
    {{"--f", "x; rm -rf /"}, "gpuinteg: --f: unexpected character ';' at column 2\n"},
    {{"--f", "system(1)"}, "gpuinteg: --f: unknown function 'system' at column 1\n"},
    {{"--f", "a * x"},
     "gpuinteg: --f: unknown name 'a' (a name is x, y; declare others with --param) at column 1\n"},
    {{"--f", "x < y"},
     "gpuinteg: --f: comparison '<' is allowed only as the condition of if(a < "
     "b, then, else) at column 3\n"},
    {{"--f", "1e400"},
     "gpuinteg: --f: number '1e400' is out of the range of doubles at column 1\n"},
    {{"--f", "a*x", "--param", "a"}, "gpuinteg: --param 'a' must be NAME=VALUE, e.g. a=1.5\n"},
    {{"--f", "a*x", "--param", "a=nan"},
     "gpuinteg: --param a: value 'nan' is not a finite number\n"},
    {{"--f", "a*x", "--param", "a=1", "--param", "a=2"},
     "gpuinteg: --param: parameter 'a' is given twice\n"},
    {{"--f", "x", "--param", "exp=1"},
     "gpuinteg: --param: parameter name 'exp' is reserved (x, y, if and the function names are)\n"},
    {{"--f", "x", "--param", "2a=1"},
     "gpuinteg: --param: parameter name '2a' must be a letter or '_' followed by letters, digits "
     "or '_', at most 32 characters\n"},
    {{"--f", "x", "--rule", "gauss:21"},
     "gpuinteg: --rule: rule 'gauss:21' is not one of midpoint, simpson, gauss:K with K from 1 to "
     "20\n"},
    {{"--f", "x", "--rule", "trapezoid"},
     "gpuinteg: --rule: rule 'trapezoid' is not one of midpoint, simpson, gauss:K with K from 1 "
     "to 20\n"},
    {{"--f"}, NULL}, /* a missing value: the parser's own line (checked for one line only) */
};

Test(cli_integrand, malformed_input_exits_2_with_one_line)
{
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        const char *args[16] = {"integrate", "--device", "serial", "-n", "10"};
        size_t n = 5;
        for (size_t i = 0; i < 8 && bad[k].args[i]; i++)
            args[n++] = bad[k].args[i];
        args[n] = NULL;
        gi_cli_result *r = gi_cli_run(args, NULL, 60);
        cr_assert_eq(r->exit_code, 2, "case %zu (%s): exit %d, stderr %s", k, bad[k].args[1],
                     r->exit_code, r->err);
        cr_assert_eq(gi_count_lines(r->err), 1, "case %zu: stderr:\n%s", k, r->err);
        cr_assert_str_eq(r->out, "", "case %zu: nothing on stdout", k);
        if (bad[k].line)
            cr_assert_str_eq(r->err, bad[k].line, "case %zu", k);
        free(r);
    }
}

static cJSON *run_json(const char *const *extra)
{
    const char *args[32] = {"integrate", "--json", "--no-mpi"};
    size_t n = 3;
    for (size_t i = 0; extra[i]; i++)
        args[n++] = extra[i];
    args[n] = NULL;
    gi_cli_result *r = gi_cli_run(args, NULL, 120);
    cr_assert_eq(r->exit_code, 0, "exit %d: %s", r->exit_code, r->err);
    cJSON *j = cJSON_Parse(r->out);
    cr_assert_not_null(j, "%s", r->out);
    free(r);
    return j;
}

static double num(const cJSON *j, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
    cr_assert(cJSON_IsNumber(v), "%s missing", key);
    return v->valuedouble;
}

Test(cli_integrand, json_reports_value_and_error_estimate)
{
    /* ∫∫ cos(a x + b y) over [0,1]², a = 2, b = 3: −(cos 5 − cos 2 − cos 3 + 1)/6 */
    const char *args[] = {"--device", "openmp",  "--f",    "cos(a*x + b*y)", "--param",
                          "a=2",      "--param", "b=3",    "--bounds",       "0,1,0,1",
                          "-n",       "200",     "--rule", "simpson",        NULL};
    cJSON *j = run_json(args);
    double exact = -(cos(5.0) - cos(2.0) - cos(3.0) + 1.0) / 6.0;
    double v = num(j, "value"), e = num(j, "error_estimate");
    /* Simpson: |E| ≤ A·(h⁴/2880)·(a⁴ + b⁴), h = 1/200 */
    double bound = pow(1.0 / 200, 4) / 2880 * (16 + 81);
    cr_assert_leq(fabs(v - exact), bound, "%.17g vs %.17g", v, exact);
    cr_assert_geq(e, fabs(v - exact));
    cr_assert_str_eq(cJSON_GetObjectItem(j, "rule")->valuestring, "simpson");
    cr_assert_str_eq(cJSON_GetObjectItem(j, "integrand")->valuestring, "cos(a*x + b*y)");
    cr_assert_eq(num(cJSON_GetObjectItem(j, "params"), "b"), 3.0);
    cr_assert_eq(num(j, "evaluations"), 401.0 * 401 + 201.0 * 201);
    cr_assert_eq(num(j, "compile_time_s"), 0.0);
    cr_assert_str_eq(cJSON_GetObjectItem(j, "backend")->valuestring, "openmp");
    cr_assert(cJSON_IsObject(cJSON_GetObjectItem(j, "utilization")), "the monitor reports");
    cJSON_Delete(j);
}

Test(cli_integrand, text_output_has_the_course_lines)
{
    const char *args[] = {"integrate", "--device", "serial", "--f", "x*y",
                          "--bounds",  "0,2,0,3",  "-n",     "10",  NULL};
    gi_cli_result *r = gi_cli_run(args, NULL, 60);
    cr_assert_eq(r->exit_code, 0, "%s", r->err);
    /* midpoint is exact for x·y: 2·4.5 = 9 */
    cr_assert(strncmp(r->out, "Integral value is 9.000000e+00, Error estimate is ", 50) == 0, "%s",
              r->out);
    cr_assert(strstr(r->out, "\nTime spent: "), "%s", r->out);
    cr_assert(strstr(r->out, "Integrand: x*y; rule midpoint on 10 x 10 cells"), "%s", r->out);
    free(r);
}
