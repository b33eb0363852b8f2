/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The monitor's life: create, attach, start (allocation, NVML, first sample, thread), stop
 * (join, last sample), the inputs that describe the run, destroy.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "monitor/monitor_impl.h"
#include "monitor/text_format.h"

gi_status gi_monitor_fail(gi_monitor *m, gi_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->err, sizeof m->err, fmt, ap);
    va_end(ap);
    return status;
}

void gi_monitor_options_default(gi_monitor_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->sample_ms = GI_MONITOR_SAMPLE_MS_DEFAULT;
}

gi_status gi_monitor_create(gi_monitor **out, const gi_monitor_options *opts)
{
    if (!out)
        return GI_STATUS_MISUSE;
    *out = NULL;
    gi_monitor_options o;
    gi_monitor_options_default(&o);
    if (opts)
        o = *opts;
    if (o.sample_ms < GI_MONITOR_SAMPLE_MS_MIN || o.sample_ms > GI_MONITOR_SAMPLE_MS_MAX ||
        (o.scope != GI_MONITOR_SCOPE_AUTO && o.scope != GI_MONITOR_SCOPE_JOB))
        return GI_STATUS_INVALID_ARGUMENT;
    gi_monitor *m = calloc(1, sizeof *m);
    if (!m)
        return GI_STATUS_OUT_OF_MEMORY;
    m->in.opt = o;
    m->smp.buf.period_s = o.sample_ms / 1000.0;
    m->smp.buf.max = GI_MONITOR_MAX_SAMPLES;
    m->in.work.gpu = -1;
    m->in.cpu_sharers = 1;
    m->in.scope = o.scope;
    pthread_condattr_t ca;
    int ok = pthread_condattr_init(&ca) == 0;
    /* The sampler waits for absolute monotonic times: wall-clock steps (NTP) do not bunch or
     * stall the samples. */
    ok = ok && pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) == 0;
    ok = ok && pthread_cond_init(&m->smp.wake, &ca) == 0;
    pthread_condattr_destroy(&ca);
    if (!ok) {
        free(m);
        return GI_STATUS_OUT_OF_MEMORY;
    }
    if (pthread_mutex_init(&m->smp.lock, NULL) != 0) {
        pthread_cond_destroy(&m->smp.wake);
        free(m);
        return GI_STATUS_OUT_OF_MEMORY;
    }
    *out = m;
    return GI_STATUS_OK;
}

const char *gi_monitor_last_error(const gi_monitor *m)
{
    return m ? m->err : "no monitor";
}

gi_status gi_monitor_attach(gi_monitor *m, int pid)
{
    if (!m)
        return GI_STATUS_MISUSE;
    m->err[0] = '\0';
    if (m->state != GI_MON_CREATED)
        return gi_monitor_fail(m, GI_STATUS_MISUSE, "gi_monitor_attach: the monitor has started");
    if (pid <= 0 || (kill(pid, 0) != 0 && errno == ESRCH))
        return gi_monitor_fail(m, GI_STATUS_INVALID_ARGUMENT,
                               "gi_monitor_attach: no process %d to measure", pid);
    m->in.pid = pid;
    return GI_STATUS_OK;
}

/* What is measured, and how (see GI_MONITOR_SCOPE_*): the job's source, the process tree, or
 * both. Returns GI_STATUS_OK, or INVALID_ARGUMENT with the message set. */
static gi_status choose_method(gi_monitor *m)
{
    const gi_slurm_job *j = &m->in.slurm_job;
    if (m->in.scope == GI_MONITOR_SCOPE_JOB) {
        if (!j->in_job)
            return gi_monitor_fail(m, GI_STATUS_INVALID_ARGUMENT,
                                   "gi_monitor_start: the whole job was asked for, but this is "
                                   "not inside a Slurm job (SLURM_JOB_ID is not set)");
        if (gi_job_probe_init(&m->smp.job_probe, j->id, 1) != GI_JOB_SOURCE_NONE) {
            snprintf(m->in.method, sizeof m->in.method, "%s", m->smp.job_probe.method);
            return GI_STATUS_OK;
        }
        /* Nothing sees the whole job: the batch script's process tree (or the command's) is
         * the best left. */
        if (m->in.pid == 0)
            m->in.pid = (int)getppid();
        snprintf(m->in.method, sizeof m->in.method,
                 "process tree of pid %d (no job cgroup, no slurmstepd process and no sstat "
                 "answer for job %s): steps that srun started elsewhere are missing",
                 m->in.pid, j->id);
        return GI_STATUS_OK;
    }
    if (m->in.pid > 0)
        snprintf(m->in.method, sizeof m->in.method, "process tree of pid %d", m->in.pid);
    else
        snprintf(m->in.method, sizeof m->in.method, "this process (all its threads)");
    /* In a batch script or an salloc shell, a watched `srun` starts its tasks as a new step,
     * outside the tree. A task of a numbered step measures itself: its tree is the task. */
    if (j->in_job && !j->in_step &&
        gi_job_probe_init(&m->smp.job_probe, j->id, 0) != GI_JOB_SOURCE_NONE) {
        size_t len = strlen(m->in.method);
        snprintf(m->in.method + len, sizeof m->in.method - len,
                 ", and the job steps begun while it ran (%s)", m->smp.job_probe.method);
    }
    return GI_STATUS_OK;
}

gi_status gi_monitor_start(gi_monitor *m)
{
    if (!m)
        return GI_STATUS_MISUSE;
    m->err[0] = '\0';
    if (m->state != GI_MON_CREATED)
        return gi_monitor_fail(m, GI_STATUS_MISUSE,
                               "gi_monitor_start: a monitor runs once; create another");
    /* The whole job's figures start at its start: ask now. Otherwise the sampler asks. */
    gi_slurm_job_read(&m->in.slurm_job, m->in.scope == GI_MONITOR_SCOPE_JOB);
    gi_status chosen = choose_method(m);
    if (chosen != GI_STATUS_OK)
        return chosen;
    if (gethostname(m->in.host, sizeof m->in.host) != 0)
        snprintf(m->in.host, sizeof m->in.host, "unknown host");
    m->in.host[sizeof m->in.host - 1] = '\0';
    gi_allocation_detect(&m->in.alloc, m->in.pid, &m->in.slurm_job);
    if (m->in.opt.no_gpu) {
        snprintf(m->in.gpu_status, sizeof m->in.gpu_status,
                 "not sampled (GPU sampling turned off)");
    } else {
        char why[400];
        m->smp.nvml = gi_nvml_open(why, sizeof why);
        if (!m->smp.nvml) {
            snprintf(m->in.gpu_status, sizeof m->in.gpu_status, "not available: %s", why);
        } else {
            const gi_nvml_gpu *g = gi_nvml_gpus(m->smp.nvml, &m->smp.ngpus);
            memcpy(m->smp.gpus, g, (size_t)m->smp.ngpus * sizeof *g);
            m->smp.buf.ngpus = m->smp.ngpus;
            snprintf(m->in.driver, sizeof m->in.driver, "%s", gi_nvml_driver_version(m->smp.nvml));
        }
    }
    if (gi_energy_init(&m->smp.energy) > 0) {
        size_t len = (size_t)snprintf(m->in.cpu_energy_status, sizeof m->in.cpu_energy_status,
                                      "measured (powercap:");
        for (int z = 0; z < m->smp.energy.nzones && len < sizeof m->in.cpu_energy_status; z++)
            len += (size_t)snprintf(m->in.cpu_energy_status + len,
                                    sizeof m->in.cpu_energy_status - len, "%s %s", z ? "," : "",
                                    m->smp.energy.zones[z].name);
        if (len < sizeof m->in.cpu_energy_status)
            snprintf(m->in.cpu_energy_status + len, sizeof m->in.cpu_energy_status - len, ")");
    } else {
        snprintf(m->in.cpu_energy_status, sizeof m->in.cpu_energy_status, "unavailable: %s",
                 m->smp.energy.why);
    }
    int whole_job = m->smp.whole_job =
        m->in.scope == GI_MONITOR_SCOPE_JOB && m->smp.job_probe.source != GI_JOB_SOURCE_NONE;
    if (!whole_job && gi_usage_probe_init(&m->smp.probe, m->in.pid) != 0) {
        gi_nvml_close(m->smp.nvml);
        m->smp.nvml = NULL;
        return gi_monitor_fail(m, GI_STATUS_INVALID_ARGUMENT,
                               "gi_monitor_start: process %d has ended", m->in.pid);
    }
    m->in.started = time(NULL);
    m->smp.t0 = gi_monitor_now();
    /* The whole job from its start: its counters are cumulative, so the first sample stands
     * at the job's age. */
    if (whole_job && m->in.slurm_job.start > 0 && m->in.slurm_job.start <= m->in.started) {
        m->smp.t0 -= (double)(m->in.started - m->in.slurm_job.start);
        m->in.started = m->in.slurm_job.start;
    } else if (whole_job) {
        gi_job_reading r;
        gi_job_read(&m->smp.job_probe, &r);
        m->smp.job_base_s = r.cpu_time_s;
    }
    m->smp.last_t = -1;
    if (gi_sampler_take(&m->smp) != 0) {
        gi_nvml_close(m->smp.nvml);
        m->smp.nvml = NULL;
        return gi_monitor_fail(m, GI_STATUS_OUT_OF_MEMORY, "gi_monitor_start: out of memory");
    }

    /* The sampler takes no signals: they go to the threads doing the work, whose handlers
     * (e.g. gi_context_interrupt on SIGTERM) are written for them. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&m->smp.thread, NULL, gi_sampler_main, &m->smp);
    if (rc == 0 && m->in.slurm_job.in_job && !m->in.slurm_job.time_from[0]) {
        /* The helper thread asks squeue and writes what it found into the sampler's copy. */
        m->smp.times = m->in.slurm_job;
        m->smp.times_running = m->smp.times_asked =
            pthread_create(&m->smp.times_thread, NULL, gi_sampler_job_times, &m->smp) == 0;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        gi_nvml_close(m->smp.nvml);
        m->smp.nvml = NULL;
        return gi_monitor_fail(m, GI_STATUS_INTERNAL, "gi_monitor_start: pthread_create: %s",
                               strerror(rc));
    }
    m->state = GI_MON_RUNNING;
    return GI_STATUS_OK;
}

gi_status gi_monitor_stop(gi_monitor *m)
{
    if (!m)
        return GI_STATUS_MISUSE;
    m->err[0] = '\0';
    if (m->state == GI_MON_CREATED)
        return gi_monitor_fail(m, GI_STATUS_MISUSE, "gi_monitor_stop: the monitor never started");
    if (m->state == GI_MON_STOPPED)
        return GI_STATUS_OK;
    pthread_mutex_lock(&m->smp.lock);
    m->smp.stop_flag = 1;
    pthread_cond_signal(&m->smp.wake);
    pthread_mutex_unlock(&m->smp.lock);
    pthread_join(m->smp.thread, NULL);
    if (m->smp.times_running) {
        pthread_join(m->smp.times_thread, NULL);
        m->smp.times_running = 0;
    }
    gi_sampler_take(&m->smp);
    gi_nvml_close(m->smp.nvml);
    m->smp.nvml = NULL;
    m->t_end =
        m->smp.buf.n ? m->smp.buf.samples[m->smp.buf.n - 1].t_s : gi_monitor_now() - m->smp.t0;
    m->state = GI_MON_STOPPED;
    return GI_STATUS_OK;
}

static int replace(char **slot, const char *text)
{
    char *copy = NULL;
    if (text && !(copy = gi_utf8_clean_dup(text)))
        return 0;
    free(*slot);
    *slot = copy;
    return 1;
}

gi_status gi_monitor_set_workload(gi_monitor *m, const gi_monitor_workload *w)
{
    if (!m || !w)
        return GI_STATUS_MISUSE;
    m->err[0] = '\0';
    if (!replace(&m->in.work_name, w->name) || !replace(&m->in.work_backend, w->backend) ||
        !replace(&m->in.work_device, w->device))
        return gi_monitor_fail(m, GI_STATUS_OUT_OF_MEMORY,
                               "gi_monitor_set_workload: out of memory");
    m->in.work = *w;
    m->in.work.name = m->in.work_name;
    m->in.work.backend = m->in.work_backend;
    m->in.work.device = m->in.work_device;
    return GI_STATUS_OK;
}

gi_status gi_monitor_set_info(gi_monitor *m, const char *key, const char *value)
{
    if (!m || !key || !value)
        return GI_STATUS_MISUSE;
    m->err[0] = '\0';
    if (!key[0])
        return gi_monitor_fail(m, GI_STATUS_INVALID_ARGUMENT, "gi_monitor_set_info: empty key");
    char *k = gi_utf8_clean_dup(key), *v = gi_utf8_clean_dup(value);
    if (!k || !v) {
        free(k);
        free(v);
        return gi_monitor_fail(m, GI_STATUS_OUT_OF_MEMORY, "gi_monitor_set_info: out of memory");
    }
    for (int i = 0; i < m->in.ninfo; i++) {
        if (strcmp(m->in.info_key[i], k) == 0) {
            free(k);
            free(m->in.info_value[i]);
            m->in.info_value[i] = v;
            return GI_STATUS_OK;
        }
    }
    if (m->in.ninfo == GI_MONITOR_MAX_INFO) {
        free(k);
        free(v);
        return gi_monitor_fail(m, GI_STATUS_INVALID_ARGUMENT,
                               "gi_monitor_set_info: more than %d keys", GI_MONITOR_MAX_INFO);
    }
    m->in.info_key[m->in.ninfo] = k;
    m->in.info_value[m->in.ninfo++] = v;
    return GI_STATUS_OK;
}

int gi_monitor_job_processes(gi_monitor *m)
{
    if (!m || m->in.scope != GI_MONITOR_SCOPE_JOB || m->state == GI_MON_CREATED)
        return -1;
    return gi_job_others(&m->smp.job_probe);
}

gi_status gi_monitor_set_interrupted(gi_monitor *m, int signo)
{
    if (!m)
        return GI_STATUS_MISUSE;
    m->err[0] = '\0';
    m->in.interrupted_by = signo;
    return GI_STATUS_OK;
}

void gi_monitor_destroy(gi_monitor *m)
{
    if (!m)
        return;
    if (m->state == GI_MON_RUNNING)
        gi_monitor_stop(m);
    gi_nvml_close(m->smp.nvml);
    pthread_mutex_destroy(&m->smp.lock);
    pthread_cond_destroy(&m->smp.wake);
    gi_sample_buffer_free(&m->smp.buf);
    gi_usage_probe_free(&m->smp.probe);
    free(m->in.work_name);
    free(m->in.work_backend);
    free(m->in.work_device);
    for (int i = 0; i < m->in.ninfo; i++) {
        free(m->in.info_key[i]);
        free(m->in.info_value[i]);
    }
    gi_mon_warnings_free(&m->warn);
    gi_mon_job_free(&m->rk);
    free(m->self_samples);
    free(m->text);
    free(m->json);
    free(m);
}
