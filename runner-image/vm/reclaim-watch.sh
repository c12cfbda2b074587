#!/usr/bin/env bash
# opp-runner-reclaim-watch: on a spot (preemptible) VM, stops opp-runner.service as soon as the
# cloud announces the reclaim, so the job gets its whole grace period to cancel and upload its
# partial results (installed by cloud-init.yaml as /usr/local/sbin/opp-runner-reclaim-watch).
#   AWS: the spot instance-action notice, two minutes ahead (IMDSv2)
#   Google Cloud: the instance's `preempted` flag (the VM then gets 30 s of ACPI shutdown)
#   Azure: a Preempt scheduled event (at least 30 s ahead)
# Elsewhere (DigitalOcean has no spot VMs) it exits at once.
set -euo pipefail

provider=${1:-$(cloud-init query v1.cloud_name 2>/dev/null || echo unknown)}
metadata=http://169.254.169.254

notice() {
  case $provider in
    aws)
      local token
      token=$(curl -fsS -m 2 -X PUT "$metadata/latest/api/token" \
        -H 'X-aws-ec2-metadata-token-ttl-seconds: 300') || return 1
      curl -fsS -m 2 -o /dev/null -H "X-aws-ec2-metadata-token: $token" \
        "$metadata/latest/meta-data/spot/instance-action"
      ;;
    gce)
      [[ $(curl -fsS -m 2 -H 'Metadata-Flavor: Google' \
        http://metadata.google.internal/computeMetadata/v1/instance/preempted) == TRUE ]]
      ;;
    azure)
      curl -fsS -m 2 -H 'Metadata: true' \
        "$metadata/metadata/scheduledevents?api-version=2020-07-01" |
        grep -Eq '"EventType" *: *"Preempt"'
      ;;
  esac
}

case $provider in
  aws | gce | azure) ;;
  *)
    echo "no spot reclaim notices on '$provider': nothing to watch"
    exit 0
    ;;
esac
until notice; do
  sleep 5
done
echo "reclaim announced: stopping opp-runner.service"
systemctl stop opp-runner.service
