#!/usr/bin/env bash
# opp-runner-start: ExecStart of opp-runner.service on a runner VM (installed by cloud-init.yaml
# as /usr/local/sbin/opp-runner-start). Gets the runner's credential, then runs the opp-campaign
# runner container once with every core of the VM and the cache volume. The credential goes to
# the container on its stdin: never on a command line, in `docker inspect` or on disk.
#
# Settings (/etc/opp-runner/runner.env): OPP_RUNNER_IMAGE, OPP_RUNNER_GRACE_SECONDS,
# OPP_RUNNER_AFTER_JOB (poweroff | restart), OPP_RUNNER_CREDENTIAL_KIND (jit | token),
# OPP_RUNNER_CREDENTIAL_COMMAND (prints the credential; default: wait for the file
# /run/opp-runner/jitconfig), OPP_RUNNER_URL (for a token).
set -euo pipefail

log() { printf 'opp-runner-start: %s\n' "$*" >&2; }

image=${OPP_RUNNER_IMAGE:?set OPP_RUNNER_IMAGE in /etc/opp-runner/runner.env}
grace=${OPP_RUNNER_GRACE_SECONDS:-90}
kind=${OPP_RUNNER_CREDENTIAL_KIND:-jit}
credential_file=/run/opp-runner/jitconfig

read_credential() {
  if [[ -n ${OPP_RUNNER_CREDENTIAL_COMMAND:-} ]]; then
    bash -c "$OPP_RUNNER_CREDENTIAL_COMMAND"
    return
  fi
  log "waiting for the credential in $credential_file (runner-image/README.md, step 4)"
  until [[ -s $credential_file ]]; do
    sleep 5
  done
  cat "$credential_file"
  rm -f "$credential_file"
}

case $kind in
  jit) credential_env=(--env OPP_RUNNER_JITCONFIG_FILE=-) ;;
  token) credential_env=(--env OPP_RUNNER_TOKEN_FILE=- --env "OPP_RUNNER_URL=${OPP_RUNNER_URL:?a token needs OPP_RUNNER_URL}") ;;
  *)
    log "error: OPP_RUNNER_CREDENTIAL_KIND is jit or token, not '$kind'"
    exit 2
    ;;
esac

docker pull --quiet "$image" >/dev/null
docker volume create opp-runner-cache >/dev/null
docker rm --force opp-runner >/dev/null 2>&1 || true

credential=$(read_credential)
if [[ -z $credential ]]; then
  log "error: the credential is empty"
  exit 2
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

if [[ $status == 0 && ${OPP_RUNNER_AFTER_JOB:-poweroff} == poweroff ]]; then
  log "the job is done: powering the VM off"
  systemctl poweroff
fi
exit "$status"
