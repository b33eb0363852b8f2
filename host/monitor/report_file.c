/*
 * Report files: the format from the extension, a check before the run, and writing through a
 * temporary file in the same folder renamed over the target, so a reader (or a job killed
 * halfway) never leaves half a report under the real name.
 */
#include <errno.h>
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

/* Creates the temporary file next to path; returns its descriptor or -1 with errno. */
static int make_temp(const char *path, char *tmp, size_t size)
{
    char dir[PATH_MAX], copy[PATH_MAX];
    folder_of(path, dir, sizeof dir);
    snprintf(copy, sizeof copy, "%s", path);
    int n = snprintf(tmp, size, "%s/.%s.XXXXXX", dir, basename(copy));
    if (n < 0 || (size_t)n >= size) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return mkstemp(tmp);
}

gi_status gi_monitor_check_report(gi_monitor *m, const char *path)
{
    if (!m || !path)
        return GI_STATUS_MISUSE;
    m->err[0] = '\0';
    if (kind_of(path) == REPORT_NONE)
        return bad_extension(m, path);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return gi_monitor_fail(m, GI_STATUS_IO_ERROR, "'%s' is a folder, not a file", path);
    char tmp[PATH_MAX + 16], dir[PATH_MAX];
    int fd = make_temp(path, tmp, sizeof tmp);
    if (fd < 0) {
        folder_of(path, dir, sizeof dir);
        return gi_monitor_fail(m, GI_STATUS_IO_ERROR, "'%s': cannot create a file in '%s': %s",
                               path, dir, strerror(errno));
    }
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

    char tmp[PATH_MAX + 16], dir[PATH_MAX];
    int fd = make_temp(path, tmp, sizeof tmp);
    if (fd < 0) {
        folder_of(path, dir, sizeof dir);
        return gi_monitor_fail(m, GI_STATUS_IO_ERROR, "'%s': cannot create a file in '%s': %s",
                               path, dir, strerror(errno));
    }
    /* mkstemp makes the file 0600; a report is as readable as any file the user creates. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    FILE *f = fdopen(fd, "w");
    if (!f) {
        int e = errno;
        close(fd);
        unlink(tmp);
        return gi_monitor_fail(m, GI_STATUS_IO_ERROR, "'%s': %s", path, strerror(e));
    }
    int rc = kind == REPORT_HTML   ? gi_report_write_html(m, f)
             : kind == REPORT_JSON ? gi_report_write_json(m, f)
                                   : gi_report_write_csv(m, f);
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
