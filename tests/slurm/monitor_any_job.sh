#!/bin/bash
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# The monitor on other programs' jobs (issue: the course's Python programs under srun):
#  A. gpuinteg monitor -- srun -n 2 python3 busy.py: the tasks srun starts are a new step, not
#     children; they are measured (CPU time > 0, two threads ready to run), the method named.
#  B. srun -n 2 gpuinteg monitor --report: one report for the step, written once by task 0,
#     with both tasks, each judged against its own CPU (1 of the job's 2), no "srun -c 2".
#  C. gpuinteg monitor --job with a program started in the background before it: the whole
#     job counts, and the report covers the job from its start; without --job it does not.
#  D. time limit and memory against sbatch -t 5 --mem=500: the limit, the share used, and a
#     suggested --mem.
#  E. a 4-process Python pool on 2 allocated cores: the program's own oversubscription, not
#     other processes (no --exclusive advice).
#  F. --live 1: the report is valid JSON and HTML at every rewrite, read while the job runs.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3 # html5lib (python3-html5lib) is Debian's

cat >busy.py <<'PYEOF'
import sys, time
t = time.time()
while time.time() - t < float(sys.argv[1]):
    pass
PYEOF
cat >pool.py <<'PYEOF'
import multiprocessing as mp, sys, time
def busy(s):
    t = time.time()
    while time.time() - t < s:
        pass
if __name__ == "__main__":
    n = int(sys.argv[1])
    with mp.Pool(n) as p:
        p.map(busy, [float(sys.argv[2])] * n)
PYEOF

cat >job.sh <<JOBEOF
#!/bin/bash
set -u
"$GPUINTEG" monitor --report a.json -- srun -n 2 python3 busy.py 3 2>a.err || echo "A exit \$?" >>fails
srun -n 2 "$GPUINTEG" monitor --report b.json -- python3 busy.py 3 2>b.err || echo "B exit \$?" >>fails
python3 busy.py 2 &
"$GPUINTEG" monitor --report c0.json -- sleep 2 2>c0.err || echo "C0 exit \$?" >>fails
python3 busy.py 3 &
"$GPUINTEG" monitor --job --report c.json 2>c.err || echo "C exit \$?" >>fails
JOBEOF
submit -n 2 -t 5 --mem=500 -J anyjob -o job-%j.out -e job-%j.err job.sh
out=job-$JOB_ID.out
err=job-$JOB_ID.err
[ "$JOB_EXIT" = 0 ] || fail "job $JOB_ID exited $JOB_EXIT" "$out" "$err"
[ ! -e fails ] || fail "steps failed: $(cat fails)" fails a.err b.err c.err "$err"

# A
q() { json_get "$1" "$2"; }
method=$(q a.json 'j["utilization"]["method"]')
[[ "$method" == *"job steps begun while it ran"* ]] || fail "A: method '$method'" a.json a.err
cpu=$(q a.json 'j["utilization"]["cpu"]["cpu_time_s"]')
runnable=$(q a.json 'j["utilization"]["runnable_avg"]')
awk -v c="$cpu" 'BEGIN { exit !(c >= 0.8) }' ||
    fail "A: the srun tasks' CPU time is $cpu s, expected the two tasks' (>= 0.8 s even on a busy machine)" a.json a.err
awk -v r="$runnable" 'BEGIN { exit !(r >= 1.4 && r <= 2.6) }' ||
    fail "A: $runnable threads ready to run on average, expected about 2" a.json a.err
expect_no_line a.err 'ran on about one core' "A: the tasks are seen"

# B
[ -f b.json ] || fail "B: no report b.json" b.err
ls -A | grep -q '\.tasks$' && fail "B: the tasks' folder was left behind" b.err
ranks=$(q b.json 'j["utilization"]["job"]["ranks"]')
[ "$ranks" = 2 ] || fail "B: $ranks tasks in the report, expected 2" b.json b.err
for t in 0 1; do
    alloc=$(q b.json "[r for r in j['utilization']['job']['per_rank'] if r['rank'] == $t][0]['cpu_allocated']")
    [ "$alloc" = 1 ] || fail "B: task $t judged against $alloc CPUs, expected its share 1" b.json b.err
done
expect_no_line b.err 'srun -c 2' "B: no advice to ask each task for the node's CPUs"
[ "$(grep -c '^Utilization: job of 2 ranks' b.err)" = 1 ] || fail "B: not one job summary" b.err

# C
c0=$(q c0.json 'j["utilization"]["cpu"]["cpu_time_s"]')
awk -v c="$c0" 'BEGIN { exit !(c < 0.5) }' || fail "C: without --job a background program counted ($c0 s)" c0.json
c=$(q c.json 'j["utilization"]["cpu"]["cpu_time_s"]')
awk -v c="$c" 'BEGIN { exit !(c >= 0.8) }' || fail "C: --job saw $c s of CPU, the background program's missing" c.json c.err
cm=$(q c.json 'j["utilization"]["method"]')
[[ "$cm" == "slurmstepd processes of job $JOB_ID"* || "$cm" == cgroup* ]] || fail "C: method '$cm'" c.json
started=$(q c.json 'j["utilization"]["slurm_job"]["elapsed_s"] >= j["utilization"]["duration_s"] - 1')
[ "$started" = True ] || fail "C: --job does not cover the job from its start" c.json

# D
limit=$(q b.json 'j["utilization"]["slurm_job"]["time_limit_s"]')
[ "$limit" = 300 ] || fail "D: time limit $limit s, sbatch -t 5 asked for 300" b.json
mem=$(q b.json 'j["utilization"]["memory"]["limit_bytes"]')
[ "$mem" = 524288000 ] || fail "D: memory limit $mem, --mem=500 is 524288000" b.json
warnings=$(q b.json '"\n".join(j["utilization"]["warnings"])')
grep -Eq 'of the 500 MiB requested \(SLURM_MEM_PER_NODE=500\): ask for about --mem=[0-9]+M' <<<"$warnings" ||
    fail "D: no memory advice in: $warnings" b.json
grep -Eq 'of its 5:00 time limit \([0-9]+%\) when this run ended: .*--time=[0-9:]+' <<<"$warnings" ||
    fail "D: no time-limit note in: $warnings" b.json
name=$(q b.json 'j["utilization"]["slurm_job"]["name"] + "/" + j["utilization"]["slurm_job"]["account"]')
[ "$name" = anyjob/gpuinteg-test ] || fail "D: job name/account '$name'" b.json

# E
submit -n 1 -c 2 -t 5 -o pool-%j.out -e pool-%j.err \
    --wrap "\"$GPUINTEG\" monitor --json -- python3 pool.py 4 3"
pout=pool-$JOB_ID.out
perr=pool-$JOB_ID.err
[ "$JOB_EXIT" = 0 ] || fail "E: job $JOB_ID exited $JOB_EXIT" "$pout" "$perr"
pw=$(json_get "$pout" '"\n".join(j["utilization"]["warnings"])')
grep -q 'the program asks for more CPUs than it has: [0-9.]* of its threads were ready to run on average, on 2 allocated cores' <<<"$pw" ||
    fail "E: no own-oversubscription diagnosis in: $pw" "$pout" "$perr"
grep -q 'exclusive' <<<"$pw" && fail "E: other processes blamed: $pw" "$pout"

# F: read the live report while the job runs.
JOB_ID=$(sbatch --parsable -A gpuinteg-test --time=5 --chdir="$GI_WORK_DIR" -o live-%j.out -e live-%j.err \
    --wrap "\"$GPUINTEG\" monitor --live 1 --report live.json -- python3 busy.py 6 && \"$GPUINTEG\" monitor --live 1 --report live.html -- python3 busy.py 4")
seen_json=0 seen_html=0 last=""
deadline=$((SECONDS + 120))
while [ $SECONDS -lt $deadline ]; do
    state=$(squeue -h -j "$JOB_ID" -o %T 2>/dev/null || true)
    for f in live.json live.html; do
        [ -f $f ] || continue
        stamp=$(stat -c %Y.%s $f)
        [ "$stamp" != "$last" ] || continue
        if [ $f = live.json ]; then
            p=$($PY -c 'import json,sys; j=json.load(open("live.json")); u=j["utilization"]; print(u["partial"], "written_at" in u)') ||
                fail "F: live.json is not valid JSON while the job runs" live.json
            [ "$p" = "True True" ] && seen_json=$((seen_json + 1))
        else
            v=$($PY "$GI_SOURCE_DIR/tests/support/html_check.py" live.html) ||
                fail "F: live.html is not valid HTML while the job runs" live.html
            grep -q 'Partial report, written at' live.html && seen_html=$((seen_html + 1))
        fi
    done
    [ -z "$state" ] && break
    sleep 0.3
done
[ "$seen_json" -ge 2 ] || fail "F: saw $seen_json partial JSON rewrites, expected at least 2" live.json "live-$JOB_ID.err"
[ "$seen_html" -ge 1 ] || fail "F: saw no partial HTML page" live.html "live-$JOB_ID.err"
final=$(json_get live.json 'j["utilization"]["partial"]')
[ "$final" = False ] || fail "F: the final report is still marked partial" live.json
grep -q 'Partial report' live.html && fail "F: the final page is still marked partial" live.html
echo "A: $cpu s by the srun tasks, $runnable ready; B: 2 tasks at 1 CPU each; C: $c s with --job vs $c0 s; E: $pw; F: $seen_json JSON and $seen_html HTML rewrites read"
