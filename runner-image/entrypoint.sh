#!/usr/bin/env bash
# opp-campaign runner entrypoint: registers ONE ephemeral GitHub Actions runner, runs one job
# with every core of the machine, and stops cleanly on SIGTERM (a spot VM being reclaimed).
#
# The credential comes from exactly one of:
#   ACTIONS_RUNNER_INPUT_JITCONFIG   a just-in-time configuration (`opp-campaign runners jit`,
#                                    or Actions Runner Controller, which sets this variable)
#   OPP_RUNNER_JITCONFIG_FILE        a file holding one (a tmpfs secret mount), or - for stdin
#   ACTIONS_RUNNER_INPUT_TOKEN       a registration token (`opp-campaign runners token`), with
#   OPP_RUNNER_TOKEN_FILE              OPP_RUNNER_URL (https://github.com/OWNER/REPO)
# It is never written to a log and never put on a command line (which every user of the
# machine can read in /proc). A registration token goes to config.sh through its environment.
# A just-in-time configuration is unpacked here into the runner's own files (.runner,
# .credentials, .credentials_rsaparams, mode 600), exactly as `run.sh --jitconfig` would, so
# that run.sh starts without it: a process's initial environment stays readable in
# /proc/PID/environ for its whole life, and run.sh lives as long as the job.
#
# Other settings (all optional):
#   OPP_RUNNER_NAME            runner name for token registration (default: the host name)
#   OPP_RUNNER_LABELS          labels for token registration (the image sets opp-omnetpp,omnetpp,omnetpp-VER)
#   OPP_RUNNER_GROUP           runner group for token registration
#   OPP_RUNNER_DISABLE_UPDATE  true: the runner does not update itself (rebuild the image instead)
#   OPP_RUNNER_CPUS            cores for the job (default: the container's CPU quota, else nproc)
#   OPP_RUNNER_GRACE_SECONDS   after SIGTERM, how long the job gets to cancel and upload (90)
#   OPP_RUNNER_HOME            where config.sh and run.sh are (default: /home/runner)
#   OPP_RUNNER_CACHE_READONLY  true: jobs read the cache volume and never write it (a pool that
#                              serves pull requests; mount the volume read-only as well)
#
# Exit status: run.sh's own when it ends (0 after a job, and also when GitHub refused the
# runner: actions/runner's run-helper.sh reports the listener's exit 1, 5 and unknown codes as
# 0); 2 for a configuration error (nothing was started); 143 when stopped by SIGTERM/SIGINT
# within the grace period; 137 when the runner had to be killed after it.
set +o xtrace
set -euo pipefail

log() { printf 'opp-runner: %s\n' "$*" >&2; }
refuse() {
  log "error: $*"
  exit 2
}

readonly runner_home="${OPP_RUNNER_HOME:-/home/runner}"
readonly grace="${OPP_RUNNER_GRACE_SECONDS:-90}"
[[ $grace =~ ^[0-9]+$ ]] || refuse "OPP_RUNNER_GRACE_SECONDS must be a whole number of seconds, not '$grace'"

# A credential that arrived in this process's environment stays readable in
# /proc/<pid>/environ for the life of the process, whatever `unset` does. So read it, then
# restart this script without it, handing the value over through a pipe (never a file).
if [[ -z ${OPP_RUNNER_REEXEC:-} ]] &&
  [[ -n ${ACTIONS_RUNNER_INPUT_JITCONFIG:-} || -n ${ACTIONS_RUNNER_INPUT_TOKEN:-} ]]; then
  if [[ -n ${ACTIONS_RUNNER_INPUT_JITCONFIG:-} && -n ${ACTIONS_RUNNER_INPUT_TOKEN:-} ]]; then
    refuse "both ACTIONS_RUNNER_INPUT_JITCONFIG and ACTIONS_RUNNER_INPUT_TOKEN are set: give one"
  fi
  if [[ -n ${ACTIONS_RUNNER_INPUT_JITCONFIG:-} ]]; then
    handover=jit
    secret=$ACTIONS_RUNNER_INPUT_JITCONFIG
  else
    handover=token
    secret=$ACTIONS_RUNNER_INPUT_TOKEN
  fi
  unset ACTIONS_RUNNER_INPUT_JITCONFIG ACTIONS_RUNNER_INPUT_TOKEN
  export OPP_RUNNER_REEXEC=$handover
  exec 3< <(printf '%s' "$secret")
  unset secret
  exec bash "${BASH_SOURCE[0]}" "$@"
fi

# A GitHub API token in the runner's environment would be readable by every job it runs.
for var in GITHUB_TOKEN GH_TOKEN ACTIONS_RUNNER_INPUT_PAT; do
  if [[ -n ${!var:-} ]]; then
    refuse "$var is set: a GitHub token must not reach the runner (every job could read it); pass a just-in-time configuration or a registration token instead"
  fi
done

# Reads a credential from a file (or stdin for "-"), without spaces or newlines.
read_secret() {
  local path=$1 what=$2 value
  if [[ $path == - ]]; then
    value=$(cat)
  elif [[ -r $path ]]; then
    value=$(<"$path")
  else
    refuse "cannot read the $what from '$path'"
  fi
  value=${value//[$' \t\r\n']/}
  [[ -n $value ]] || refuse "the $what in '$path' is empty"
  printf '%s' "$value"
}

# Unpacks a just-in-time configuration (base64 of a JSON object: file name -> base64 content)
# into the runner's folder, as Runner.Listener does with --jitconfig.
write_jit_files() {
  local json rest key value written=0
  local entry='^[[:space:]]*"([^"]*)"[[:space:]]*:[[:space:]]*"([A-Za-z0-9+/=]*)"[[:space:]]*(,|$)(.*)$'
  local bad="the just-in-time configuration is not one from GitHub (base64 of a JSON object of runner files)"
  json=$(printf '%s' "$credential" | base64 -d 2>/dev/null) || refuse "$bad"
  [[ $json =~ ^[[:space:]]*\{(.*)\}[[:space:]]*$ ]] || refuse "$bad"
  rest=${BASH_REMATCH[1]}
  json=''
  while [[ -n ${rest//[[:space:]]/} ]]; do
    [[ $rest =~ $entry ]] || refuse "$bad"
    key=${BASH_REMATCH[1]}
    value=${BASH_REMATCH[2]}
    rest=${BASH_REMATCH[4]}
    # the runner writes each entry to ROOT/NAME: only its own dot files, never a path
    [[ $key =~ ^\.[A-Za-z0-9_]+$ ]] || refuse "the just-in-time configuration names an unexpected file '$key'"
    (umask 077 && printf '%s' "$value" | base64 -d >"$runner_home/$key") 2>/dev/null ||
      refuse "cannot write the runner's $key into '$runner_home'"
    written=$((written + 1))
  done
  value=''
  ((written > 0)) || refuse "$bad"
}

mode=''
credential=''
case "${OPP_RUNNER_REEXEC:-}" in
  jit | token)
    mode=$OPP_RUNNER_REEXEC
    credential=$( { cat <&3; } 2>/dev/null) || refuse "OPP_RUNNER_REEXEC is internal: do not set it"
    exec 3<&-
    credential=${credential//[$' \t\r\n']/}
    ;;
esac
unset OPP_RUNNER_REEXEC
if [[ -n ${OPP_RUNNER_JITCONFIG_FILE:-} ]]; then
  [[ -z $mode ]] || refuse "OPP_RUNNER_JITCONFIG_FILE and ACTIONS_RUNNER_INPUT_* are both set: give one credential"
  mode=jit
  credential=$(read_secret "$OPP_RUNNER_JITCONFIG_FILE" "just-in-time configuration")
fi
if [[ -n ${OPP_RUNNER_TOKEN_FILE:-} ]]; then
  [[ -z $mode ]] || refuse "OPP_RUNNER_TOKEN_FILE and another credential are both set: give one"
  mode=token
  credential=$(read_secret "$OPP_RUNNER_TOKEN_FILE" "registration token")
fi
unset OPP_RUNNER_JITCONFIG_FILE OPP_RUNNER_TOKEN_FILE
if [[ -z $mode || -z $credential ]]; then
  refuse "no runner credential. Give a just-in-time configuration (opp-campaign runners jit) in ACTIONS_RUNNER_INPUT_JITCONFIG or in a file named by OPP_RUNNER_JITCONFIG_FILE (- for stdin), or a registration token (opp-campaign runners token) in ACTIONS_RUNNER_INPUT_TOKEN or OPP_RUNNER_TOKEN_FILE, with OPP_RUNNER_URL"
fi

[[ -x $runner_home/run.sh ]] || refuse "no runner in '$runner_home' (run.sh missing): set OPP_RUNNER_HOME"

# One runner per machine, using all of it: the shard runs this many simulations at once.
cores() {
  if [[ -n ${OPP_RUNNER_CPUS:-} ]]; then
    [[ $OPP_RUNNER_CPUS =~ ^[1-9][0-9]*$ ]] || refuse "OPP_RUNNER_CPUS must be a whole number >= 1, not '$OPP_RUNNER_CPUS'"
    printf '%s' "$OPP_RUNNER_CPUS"
    return
  fi
  local quota period max_file="${OPP_RUNNER_CPU_MAX_FILE:-/sys/fs/cgroup/cpu.max}"
  # cgroup v2 "QUOTA PERIOD" (a Kubernetes CPU limit, docker --cpus), or "max PERIOD".
  if [[ -r $max_file ]] && read -r quota period <"$max_file" && [[ $quota =~ ^[0-9]+$ && $period =~ ^[1-9][0-9]*$ ]]; then
    printf '%s' $(((quota + period - 1) / period))
    return
  fi
  nproc
}
OPP_CAMPAIGN_JOBS=$(cores)
export OPP_CAMPAIGN_JOBS
# run.sh then forwards SIGTERM/SIGINT to the runner as SIGINT, which cancels the running job.
export RUNNER_MANUALLY_TRAP_SIG=1

# Starts run.sh in the background (its pid in `child`) with SIGINT and SIGQUIT at their
# defaults. This bash has no job control, so a background job of it ignores both, and so does
# everything it starts: a shell cannot undo an ignore it started with, and .NET installs no
# SIGINT handler when SIGINT is ignored at start. Runner.Listener would then never see the
# SIGINT run.sh sends it, the job would not be cancelled (no post steps, no partial results)
# and the runner would be killed after the grace period. `set -m` would avoid the ignore only
# when this script did not start with SIGINT ignored itself, and would move run.sh into a
# process group of its own; env resets both in any case.
start_runner() {
  env --default-signal=INT,QUIT "$runner_home/run.sh" &
  child=$!
}

# A pool that serves pull requests reads the cache of trusted builds and adds nothing to it:
# ccache in read-only mode (its temporary files elsewhere), and opp-campaign keeps its state in
# the job's temporary folder (runner-image/README.md, "Caches and pull requests").
case ${OPP_RUNNER_CACHE_READONLY:-false} in
  true | 1 | yes)
    export CCACHE_READONLY=1
    export CCACHE_TEMPDIR="${TMPDIR:-/tmp}/ccache-tmp"
    mkdir -p "$CCACHE_TEMPDIR"
    volume=${OPP_RUNNER_CACHE:-${CCACHE_DIR:-}}
    if [[ -n $volume && -w $volume ]]; then
      log "warning: OPP_RUNNER_CACHE_READONLY is set but '$volume' is writable: mount it read-only, or a job's own build steps can still change it"
    fi
    ;;
  false | 0 | no) ;;
  *) refuse "OPP_RUNNER_CACHE_READONLY must be true or false, not '$OPP_RUNNER_CACHE_READONLY'" ;;
esac

if [[ -z ${CCACHE_READONLY:-} ]]; then
  for dir in "${CCACHE_DIR:-}" "${OPP_CAMPAIGN_CACHE_DIR:-}"; do
    if [[ -n $dir ]] && ! { mkdir -p "$dir" 2>/dev/null && [[ -w $dir ]]; }; then
      log "warning: cache folder '$dir' is not writable by $(id -un); builds will not be cached (mount the volume with the runner's uid $(id -u))"
    fi
  done
fi

child=0
stopping=0
# shellcheck disable=SC2317 # called by the traps below
on_signal() {
  ((stopping)) && return
  stopping=1
  log "received SIG$1: cancelling the job (it stops its runs and uploads its partial results); waiting up to ${grace}s"
  if ((child > 0)); then kill -TERM "$child" 2>/dev/null || true; fi
}
trap 'on_signal TERM' TERM
trap 'on_signal INT' INT

# Microseconds since the epoch (bash 5; the separator follows the locale).
now_us() { printf '%s' "${EPOCHREALTIME//[.,]/}"; }

# Waits for the child; on a signal, for at most the grace period. Sets `status`.
supervise() {
  status=0
  if ((stopping)); then kill -TERM "$child" 2>/dev/null || true; fi
  while :; do
    wait "$child" || status=$?
    kill -0 "$child" 2>/dev/null || break
    ((stopping)) && break
  done
  if ((stopping)); then
    local deadline=$(($(now_us) + grace * 1000000))
    while kill -0 "$child" 2>/dev/null; do
      if (($(now_us) >= deadline)); then
        log "the runner did not stop within ${grace}s: killing it"
        kill -KILL "$child" 2>/dev/null || true
        wait "$child" 2>/dev/null || true
        exit 137
      fi
      sleep 0.2
    done
    wait "$child" 2>/dev/null || true
    log "stopped"
    exit 143
  fi
}

if [[ $mode == token ]]; then
  [[ -n ${OPP_RUNNER_URL:-} ]] || refuse "a registration token needs OPP_RUNNER_URL (https://github.com/OWNER/REPO)"
  args=(--unattended --ephemeral --replace --url "$OPP_RUNNER_URL"
    --name "${OPP_RUNNER_NAME:-$HOSTNAME}" --work _work)
  [[ -z ${OPP_RUNNER_LABELS:-} ]] || args+=(--labels "$OPP_RUNNER_LABELS")
  [[ -z ${OPP_RUNNER_GROUP:-} ]] || args+=(--runnergroup "$OPP_RUNNER_GROUP")
  [[ ${OPP_RUNNER_DISABLE_UPDATE:-} != true ]] || args+=(--disableupdate)
  log "registering ephemeral runner '${OPP_RUNNER_NAME:-$HOSTNAME}' at $OPP_RUNNER_URL (labels: ${OPP_RUNNER_LABELS:-default})"
  ACTIONS_RUNNER_INPUT_TOKEN=$credential "$runner_home/config.sh" "${args[@]}" &
  child=$!
  credential=''
  supervise
  ((status == 0)) || {
    log "error: config.sh failed (exit $status)"
    exit "$status"
  }
  log "starting the runner: one job, $OPP_CAMPAIGN_JOBS parallel runs"
  start_runner
else
  write_jit_files
  credential=''
  log "starting the runner from a just-in-time configuration: one job, $OPP_CAMPAIGN_JOBS parallel runs"
  start_runner
fi
supervise
log "the runner exited (status $status)"
exit "$status"
