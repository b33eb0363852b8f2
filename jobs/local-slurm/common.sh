# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
# Shared by jobs/local-slurm/start and stop (sourced, not run). A local Slurm lives entirely in
# one state folder: its config, keys, sockets, logs, spool, and the PIDs of the three daemons
# in pids/<name>. Nothing here touches /etc, /run or a system-wide munged or slurmd.

gi_slurm_die() {
    echo "local-slurm: $*" >&2
    exit 1
}

# The absolute state folder. The munge socket lives in it, and a Unix socket path must fit
# in sun_path (108 bytes with the terminating NUL), hence the length check.
gi_slurm_state_dir() {
    local dir
    dir=$(cd "$1" 2>/dev/null && pwd -P) || gi_slurm_die "state folder '$1' does not exist"
    [ ${#dir} -le 80 ] ||
        gi_slurm_die "state folder '$dir' is ${#dir} characters long; at most 80 (the munge socket path inside it must fit in 108 bytes)"
    printf '%s\n' "$dir"
}

# Prints the PID recorded for daemon $2 of state folder $1 when that process is still ours:
# alive, and its command line names this state folder (so a recycled PID is never touched).
gi_slurm_live_pid() {
    local dir=$1 name=$2 pid
    [ -r "$dir/pids/$name" ] || return 1
    pid=$(cat "$dir/pids/$name")
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    [ -r "/proc/$pid/cmdline" ] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$dir/" || return 1
    printf '%s\n' "$pid"
}

# Stops daemon $2 of state folder $1: SIGTERM, up to 10 s to exit, then SIGKILL.
gi_slurm_stop_daemon() {
    local dir=$1 name=$2 pid i
    if pid=$(gi_slurm_live_pid "$dir" "$name"); then
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 100; i++)); do
            [ -d "/proc/$pid" ] || break
            # A zombie (our own child, not yet reaped) has exited already.
            [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z ] && break
            sleep 0.1
        done
        if [ -d "/proc/$pid" ] && [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]; then
            echo "local-slurm: $name (PID $pid) ignored SIGTERM for 10 s; sending SIGKILL" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$dir/pids/$name"
}

# Cancels every job of this Slurm (all of them are ours: it is a private controller) and waits
# up to 15 s for them to leave, so that no job step outlives the daemons.
gi_slurm_cancel_jobs() {
    local dir=$1 i
    gi_slurm_live_pid "$dir" slurmctld >/dev/null || return 0
    local ids
    ids=$(SLURM_CONF="$dir/slurm.conf" squeue -h -o %i 2>/dev/null) || return 0
    [ -z "$ids" ] && return 0
    # shellcheck disable=SC2086 # one job ID per word
    SLURM_CONF="$dir/slurm.conf" scancel --quiet $ids 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
        [ -z "$(SLURM_CONF="$dir/slurm.conf" squeue -h -o %i 2>/dev/null)" ] && return 0
        sleep 0.1
    done
    echo "local-slurm: jobs still listed after 15 s: $(SLURM_CONF="$dir/slurm.conf" squeue -h -o '%i %T' | tr '\n' ' ')" >&2
}

# Stops everything started in state folder $1, newest first.
gi_slurm_stop_all() {
    local dir=$1
    gi_slurm_cancel_jobs "$dir"
    gi_slurm_stop_daemon "$dir" slurmd
    gi_slurm_stop_daemon "$dir" slurmctld
    gi_slurm_stop_daemon "$dir" munged
}
