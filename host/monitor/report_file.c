/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Report files: the format from the extension, a check before the run, and writing through a
 * temporary file in the same folder renamed over the target, so a reader (or a job killed
 * halfway) never leaves half a report under the real name.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "monitor/monitor_impl.h"

typedef enum report_kind { REPORT_NONE, REPORT_HTML, REPORT_JSON, REPORT_CSV } report_kind;

static report_kind kind_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return REPORT_NONE;
    if (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0)
        return REPORT_HTML;
    if (strcasecmp(dot, ".json") == 0)
        return REPORT_JSON;
    if (strcasecmp(dot, ".csv") == 0)
        return REPORT_CSV;
    return REPORT_NONE;
}

static gi_status bad_extension(gi_monitor *m, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash + 1 : path, '.');
    if (dot && dot != (slash ? slash + 1 : path))
        return gi_monitor_fail(m, GI_STATUS_INVALID_ARGUMENT,
                               "'%s': unknown report type '%s'; allowed: .html, .json, .csv", path,
                               dot);
    return gi_monitor_fail(m, GI_STATUS_INVALID_ARGUMENT,
                           "'%s' has no extension to choose the report type; allowed: .html, "
                           ".json, .csv",
                           path);
}

/* The folder of path ("." for a bare name). */
static void folder_of(const char *path, char *dir, size_t size)
{
    char copy[PATH_MAX];
    snprintf(copy, sizeof copy, "%s", path);
    snprintf(dir, size, "%s", dirname(copy));
}

/* The name of path without its folder (a copy in buf). */
static const char *base_of(const char *path, char *buf, size_t size)
{
    char copy[PATH_MAX];
    snprintf(copy, sizeof copy, "%s", path);
    snprintf(buf, size, "%s", basename(copy));
    return buf;
}

/* A temporary file of ours for base: ".<base>." and six letters or digits (mkstemp's). */
static int is_our_temp(const char *name, const char *base)
{
    size_t blen = strlen(base), nlen = strlen(name);
    if (nlen != blen + 8 || name[0] != '.' || strncmp(name + 1, base, blen) != 0 ||
        name[blen + 1] != '.')
        return 0;
    for (size_t i = blen + 2; i < nlen; i++)
        if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
              (name[i] >= '0' && name[i] <= '9')))
            return 0;
    return 1;
}

/* Removes what a writer of the same report killed between creating its temporary file and
 * renaming it left behind: regular files of our naming for this report, owned by us. */
static void clean_stale_temps(const char *path)
{
    char dir[PATH_MAX], base[NAME_MAX + 1];
    folder_of(path, dir, sizeof dir);
    base_of(path, base, sizeof base);
    DIR *d = opendir(dir);
    if (!d)
        return;
    int dfd = dirfd(d);
    for (struct dirent *e; (e = readdir(d));) {
        struct stat st;
        if (is_our_temp(e->d_name, base) &&
            fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
            st.st_uid == geteuid())
            unlinkat(dfd, e->d_name, 0);
    }
    closedir(d);
}

/* What an existing path must be to be replaced by a report: a regular file (not a link: the
 * policy is to refuse links, see the README) that this process may write. 0 with the message
 * set when it is not; 1 when it is, or does not exist (then *mode is 0). */
static int replaceable(gi_monitor *m, const char *path, mode_t *mode)
{
    struct stat st;
    *mode = 0;
    if (lstat(path, &st) != 0)
        return 1;
    if (S_ISLNK(st.st_mode)) {
        gi_monitor_fail(m, GI_STATUS_IO_ERROR,
                        "'%s' is a symbolic link; reports are written to regular files only "
                        "(give the file it points to)",
                        path);
        return 0;
    }
    if (S_ISDIR(st.st_mode)) {
        gi_monitor_fail(m, GI_STATUS_IO_ERROR, "'%s' is a folder, not a file", path);
        return 0;
    }
    if (!S_ISREG(st.st_mode)) {
        gi_monitor_fail(m, GI_STATUS_IO_ERROR,
                        "'%s' is not a regular file (a device, pipe or socket); give a file "
                        "name",
                        path);
        return 0;
    }
    /* The report replaces the file: refuse one its owner made read-only, as a shell's `>`
     * would, instead of renaming over it. */
    if (faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) != 0) {
        gi_monitor_fail(m, GI_STATUS_IO_ERROR, "'%s' cannot be written: %s", path, strerror(errno));
        return 0;
    }
    *mode = st.st_mode & 07777;
    return 1;
}

/* Creates the temporary file next to path; returns its descriptor or -1 with errno. */
static int make_temp(const char *path, char *tmp, size_t size)
{
    char dir[PATH_MAX], base[NAME_MAX + 1];
    folder_of(path, dir, sizeof dir);
    int n = snprintf(tmp, size, "%s/.%s.XXXXXX", dir, base_of(path, base, sizeof base));
    if (n < 0 || (size_t)n >= size) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return mkstemp(tmp);
}

/* make_temp's failure (errno set) as the monitor's message: the folder that refused. */
static gi_status temp_failed(gi_monitor *m, const char *path)
{
    int e = errno;
    char dir[PATH_MAX];
    folder_of(path, dir, sizeof dir);
    return gi_monitor_fail(m, GI_STATUS_IO_ERROR, "'%s': cannot create a file in '%s': %s", path,
                           dir, strerror(e));
}

gi_status gi_monitor_check_report(gi_monitor *m, const char *path)
{
    if (!m || !path)
        return GI_STATUS_MISUSE;
    m->err[0] = '\0';
    if (kind_of(path) == REPORT_NONE)
        return bad_extension(m, path);
    mode_t mode;
    if (!replaceable(m, path, &mode))
        return GI_STATUS_IO_ERROR;
    char tmp[PATH_MAX + 16];
    int fd = make_temp(path, tmp, sizeof tmp);
    if (fd < 0)
        return temp_failed(m, path);
    close(fd);
    unlink(tmp);
    return GI_STATUS_OK;
}

gi_status gi_monitor_write_report(gi_monitor *m, const char *path)
{
    if (!m || !path)
        return GI_STATUS_MISUSE;
    m->err[0] = '\0';
    report_kind kind = kind_of(path);
    if (kind == REPORT_NONE)
        return bad_extension(m, path);
    gi_monitor_summary s;
    gi_status st = gi_monitor_summarize(m, &s);
    if (st != GI_STATUS_OK)
        return st;

    mode_t old_mode;
    if (!replaceable(m, path, &old_mode))
        return GI_STATUS_IO_ERROR;
    clean_stale_temps(path);
    char tmp[PATH_MAX + 16];
    int fd = make_temp(path, tmp, sizeof tmp);
    if (fd < 0)
        return temp_failed(m, path);
    /* mkstemp makes the file 0600; a new report is as readable as any file the user creates,
     * a replaced one keeps the mode it had. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, old_mode ? old_mode : 0666 & ~mask);
    FILE *f = fdopen(fd, "w");
    if (!f) {
        int e = errno;
        close(fd);
        unlink(tmp);
        return gi_monitor_fail(m, GI_STATUS_IO_ERROR, "'%s': %s", path, strerror(e));
    }
    gi_mon_report v;
    gi_sample_buffer samples;
    int rc = gi_mon_report_view(m, &v, &samples);
    if (rc == 0) {
        rc = kind == REPORT_HTML   ? gi_report_write_html(&v, f)
             : kind == REPORT_JSON ? gi_report_write_json(&v, f)
                                   : gi_report_write_csv(&v, f);
        gi_sample_buffer_free(&samples);
    }
    int write_err = ferror(f) ? errno : 0;
    if (fflush(f) != 0 && !write_err)
        write_err = errno;
    if (!write_err && fsync(fileno(f)) != 0 && errno != EINVAL)
        write_err = errno;
    if (fclose(f) != 0 && !write_err)
        write_err = errno;
    if (rc != 0 || write_err) {
        unlink(tmp);
        if (rc != 0 && !write_err)
            return gi_monitor_fail(m, GI_STATUS_OUT_OF_MEMORY, "'%s': out of memory", path);
        return gi_monitor_fail(m, GI_STATUS_IO_ERROR, "'%s': writing failed: %s", path,
                               strerror(write_err ? write_err : EIO));
    }
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return gi_monitor_fail(m, GI_STATUS_IO_ERROR, "'%s': cannot replace it: %s", path,
                               strerror(e));
    }
    return GI_STATUS_OK;
}
