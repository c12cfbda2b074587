#!/usr/bin/env bash
# opp-runner-start: ExecStart of opp-runner.service on a runner VM (installed by cloud-init.yaml
# as /usr/local/sbin/opp-runner-start). Gets the runner's credential, then runs the opp-campaign
# runner container once with every core of the VM and the cache volume. The credential goes to
# the container on its stdin: never on a command line, in `docker inspect` or on disk.
#
# Settings (/etc/opp-runner/runner.env): OPP_RUNNER_IMAGE, OPP_RUNNER_GRACE_SECONDS,
# OPP_RUNNER_AFTER_JOB (poweroff | restart), OPP_RUNNER_CREDENTIAL_KIND (jit | token),
# OPP_RUNNER_CREDENTIAL_COMMAND (prints the credential; default: wait for the file
# /run/opp-runner/jitconfig), OPP_RUNNER_URL (for a token), OPP_RUNNER_MAX_FAILED_STARTS.
#
# systemd starts it again after every exit (Restart=always). Two things keep that from looping
# for ever on a VM that bills by the minute:
# - A just-in-time configuration registers one runner for one job: GitHub refuses it once used.
#   The SHA-256 of the last one used stays in /var/lib/opp-runner (the configuration itself is
#   never written to disk). When the credential command prints that one again (or it is copied
#   again), nobody has given this VM a new job: with OPP_RUNNER_AFTER_JOB=poweroff it powers
#   off; with restart it waits for a new one, asking the command again less and less often
#   (10 s, doubling up to 5 min).
# - Every start counts as failed until its runner ends with status 0; after
#   OPP_RUNNER_MAX_FAILED_STARTS (default 3) failed starts in a row the VM powers off. The count
#   lives in /run/opp-runner, so a VM started again begins afresh.
# Waiting for a credential is not a failure: the VM waits for the file, or asks the command
# again (it fails until the secret is stored), as long as it takes. While it waits, the count
# on disk is the one before this start, so a stop then (`systemctl restart opp-runner` after
# editing runner.env, a shutdown) is no failed start either.
set -euo pipefail

log() { printf 'opp-runner-start: %s\n' "$*" >&2; }

# The tests point these elsewhere; systemd creates both (RuntimeDirectory, StateDirectory).
run_dir=${OPP_RUNNER_RUN_DIR:-/run/opp-runner}
state_dir=${OPP_RUNNER_STATE_DIR:-/var/lib/opp-runner}
credential_file=$run_dir/jitconfig
failed_file=$run_dir/failed-starts
used_file=$state_dir/used-jitconfig.sha256

power_off() {
  log "$1: powering the VM off"
  systemctl poweroff
  exit 0
}

# Counted first, so that this start counts as failed however it ends (a wrong setting too),
# unless its runner succeeds or it is stopped while waiting for a credential. A wrong
# OPP_RUNNER_MAX_FAILED_STARTS counts as 3.
max_failed=${OPP_RUNNER_MAX_FAILED_STARTS:-3}
wrong_max=''
if [[ ! $max_failed =~ ^[1-9][0-9]*$ ]]; then
  wrong_max=$max_failed
  max_failed=3
fi
mkdir -p "$run_dir" "$state_dir"
failed=$(cat "$failed_file" 2>/dev/null || true)
[[ $failed =~ ^[0-9]+$ ]] || failed=0
if ((failed >= max_failed)); then
  power_off "$failed failed starts in a row (OPP_RUNNER_MAX_FAILED_STARTS=$max_failed)"
fi
echo "$((failed + 1))" >"$failed_file"
if [[ -n $wrong_max ]]; then
  log "error: OPP_RUNNER_MAX_FAILED_STARTS is a whole number above 0, not '$wrong_max'"
  exit 2
fi

image=${OPP_RUNNER_IMAGE:?set OPP_RUNNER_IMAGE in /etc/opp-runner/runner.env}
grace=${OPP_RUNNER_GRACE_SECONDS:-90}
kind=${OPP_RUNNER_CREDENTIAL_KIND:-jit}
after_job=${OPP_RUNNER_AFTER_JOB:-poweroff}

case $after_job in
  poweroff | restart) ;;
  *)
    log "error: OPP_RUNNER_AFTER_JOB is poweroff or restart, not '$after_job'"
    exit 2
    ;;
esac
case $kind in
  jit) credential_env=(--env OPP_RUNNER_JITCONFIG_FILE=-) ;;
  token) credential_env=(--env OPP_RUNNER_TOKEN_FILE=- --env "OPP_RUNNER_URL=${OPP_RUNNER_URL:?a token needs OPP_RUNNER_URL}") ;;
  *)
    log "error: OPP_RUNNER_CREDENTIAL_KIND is jit or token, not '$kind'"
    exit 2
    ;;
esac

digest() { sha256sum | cut -d ' ' -f 1; }

# Sets `credential` to one this VM has not used: from the command, or from the file (removed
# once read, so each copy is read once). A registration token may be used again: it registers
# any number of runners for an hour, then config.sh fails with it (a failed start).
wait_for_credential() {
  local used delay=10 said='' message
  used=$(cat "$used_file" 2>/dev/null || true)
  while true; do
    credential=''
    if [[ -n ${OPP_RUNNER_CREDENTIAL_COMMAND:-} ]]; then
      credential=$(bash -c "$OPP_RUNNER_CREDENTIAL_COMMAND") || credential=''
    elif [[ -s $credential_file ]]; then
      credential=$(cat "$credential_file")
      rm -f "$credential_file"
    fi
    if [[ -z $credential ]]; then
      message="waiting for the credential (runner-image/README.md, step 4)"
    elif [[ $kind == jit && $(printf '%s' "$credential" | digest) == "$used" ]]; then
      credential=''
      if [[ $after_job == poweroff ]]; then
        power_off "the just-in-time configuration is the one this VM used already"
      fi
      message="the just-in-time configuration is the one this VM used already: waiting for a new one"
    else
      return 0
    fi
    [[ $message == "$said" ]] || log "$message"
    said=$message
    if [[ -n ${OPP_RUNNER_CREDENTIAL_COMMAND:-} ]]; then
      sleep "$delay"
      delay=$((delay * 2 > 300 ? 300 : delay * 2))
    else
      sleep 5
    fi
  done
}

docker pull --quiet "$image" >/dev/null
docker volume create opp-runner-cache >/dev/null
docker rm --force opp-runner >/dev/null 2>&1 || true

# Not counted while waiting, which may end at any moment (SIGTERM, SIGKILL): no failed start.
echo "$failed" >"$failed_file"
wait_for_credential
echo "$((failed + 1))" >"$failed_file"
# Used from now on, whatever happens to the runner: never handed to a second one.
if [[ $kind == jit ]]; then
  printf '%s' "$credential" | digest >"$used_file.new"
  mv "$used_file.new" "$used_file"
fi

# systemd stops this service with SIGTERM (shutdown, spot reclaim, `systemctl stop`): give the
# container its grace period, during which the job cancels itself and uploads partial results.
# shellcheck disable=SC2317 # called by the trap below
stop() {
  log "stopping the runner container (grace period ${grace}s)"
  docker stop --time "$((grace + 10))" opp-runner >/dev/null 2>&1 || true
}
trap stop TERM INT

# No --cpus or --memory limit: the one runner gets the whole VM. --init forwards signals.
printf '%s\n' "$credential" | docker run --rm --interactive --init --name opp-runner \
  --hostname "$(hostname)" \
  --cap-drop ALL --security-opt no-new-privileges \
  --volume opp-runner-cache:/home/runner/cache \
  --env "OPP_RUNNER_GRACE_SECONDS=$grace" \
  "${credential_env[@]}" \
  "$image" &
runner=$!
credential=''
status=0
wait "$runner" || status=$?
if kill -0 "$runner" 2>/dev/null; then
  status=0
  wait "$runner" || status=$?
fi

if [[ $status == 0 ]]; then
  echo 0 >"$failed_file"
  if [[ $after_job == poweroff ]]; then
    power_off "the job is done"
  fi
else
  log "the runner failed (exit $status): failed start $((failed + 1)) of $max_failed"
fi
exit "$status"
