/*
 * The summary as a few lines of text, for the end of a run's human output.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/monitor_impl.h"
#include "monitor/text_format.h"

/* A growing string; on allocation failure it stays as it was and `failed` is set. */
typedef struct text_buf {
    char *s;
    size_t len, cap;
    int failed;
} text_buf;

static void put(text_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(text_buf *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (b->len + (size_t)n + 1 > b->cap) {
        size_t cap = (b->len + (size_t)n + 1) * 2;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->failed = 1;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

static const char *source_words(const gi_monitor *m)
{
    const char *src = m->alloc.cpu_source;
    if (strcmp(src, "slurm") == 0)
        return m->alloc.slurm.cpus_from;
    return strcmp(src, "cgroup") == 0 ? "cgroup quota" : "affinity mask";
}

static void gpu_line(text_buf *b, const gi_monitor_gpu *g)
{
    char mem[32], total[32], busy[32];
    put(b, "GPU %d %s", g->index, g->name);
    if (g->ordinal != g->index)
        put(b, " (cuda:%d)", g->ordinal);
    if (isnan(g->util_percent_avg))
        put(b, ": utilization not reported");
    else
        put(b, ": %.0f%% busy", g->util_percent_avg);
    if (!isnan(g->mem_peak_bytes))
        put(b, ", peak memory %s of %s", gi_fmt_bytes(mem, sizeof mem, g->mem_peak_bytes),
            gi_fmt_bytes(total, sizeof total, (double)g->mem_total_bytes));
    if (!isnan(g->power_avg_w))
        put(b, ", %.0f W average", g->power_avg_w);
    if (g->busy_time_s > 0)
        put(b, ", kernels %s (device timers)", gi_fmt_duration(busy, sizeof busy, g->busy_time_s));
    put(b, "\n");
}

const char *gi_monitor_summary_text(gi_monitor *m)
{
    if (!m)
        return "";
    gi_monitor_summary s;
    if (gi_monitor_summarize(m, &s) != GI_STATUS_OK)
        return "";
    text_buf b = {0};
    char t1[32], t2[32], sig[32];
    put(&b, "Utilization: %s, %zu samples every %d ms\n",
        gi_fmt_duration(t1, sizeof t1, s.duration_s), s.samples, s.sample_ms);
    put(&b, "CPU: %.2f of %g allocated core%s used (%.0f%%), allocation from %s", s.cpu_used_cores,
        s.cpu_allocated, s.cpu_allocated == 1.0 ? "" : "s", s.cpu_percent, source_words(m));
    /* Worth a mention from a tenth of a core on: it explains a low figure. */
    if (s.duration_s > 0 && s.cpu_wait_s >= 0.1 * s.duration_s)
        put(&b, "; threads waited %s for a CPU", gi_fmt_duration(t1, sizeof t1, s.cpu_wait_s));
    put(&b, "\n");
    put(&b, "Memory: peak %s", gi_fmt_bytes(t1, sizeof t1, (double)s.mem_peak_rss_bytes));
    if (s.mem_limit_bytes)
        put(&b, " of %s limit (%s)", gi_fmt_bytes(t2, sizeof t2, (double)s.mem_limit_bytes),
            s.mem_limit_source);
    put(&b, "\n");
    if (s.gpu_count == 0) {
        put(&b, "GPU: %s", s.gpu_status);
        if (m->work.kind == GI_DEVICE_GPU && m->work.busy_time_s > 0)
            put(&b, "; kernels %s (device timers)",
                gi_fmt_duration(t1, sizeof t1, m->work.busy_time_s));
        put(&b, "\n");
    }
    for (size_t g = 0; g < s.gpu_count; g++)
        gpu_line(&b, &s.gpus[g]);
    if (s.interrupted_by)
        put(&b, "Interrupted by %s: the figures cover the run until then\n",
            gi_signal_name(s.interrupted_by, sig, sizeof sig));
    for (size_t i = 0; i < s.warning_count; i++)
        put(&b, "Warning: %s\n", s.warnings[i]);
    if (b.failed) {
        free(b.s);
        gi_monitor_fail(m, GI_STATUS_OUT_OF_MEMORY, "gi_monitor_summary_text: out of memory");
        return "";
    }
    free(m->text);
    m->text = b.s;
    return m->text ? m->text : "";
}
