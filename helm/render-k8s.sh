#!/usr/bin/env bash
# Renders k8s/ from the chart: release "switchboard", namespace "switchboard", the values of
# helm/switchboard/ci/default-values.yaml (the chart defaults plus a Redis URL and the names of
# existing Secrets), no test hooks, no Helm bookkeeping labels; one file per object,
# NNN-Kind-name.yaml in install order, and k8s/kustomization.yaml listing them.
# k8s/ is never edited by hand: change the chart and run this. The deploy module's tests render to
# a scratch directory the same way (dev.switchboard.deploy.RenderK8s) and fail when k8s/ differs.
# Needs only a JDK: Helm is helm-java from Maven Central, run through the Maven Wrapper.
#   helm/render-k8s.sh [output-dir]     (default: k8s/ at the repository root)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(realpath -m "${1:-$root/k8s}")"
cd "$root"
# -o when the local repository already holds everything (the usual case after one build).
./mvnw -B -q ${MVN_OFFLINE--o} -pl deploy test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.args="$out"
