#!/usr/bin/env bash
# Installs the Debian packages tracesan builds and tests with. A fast no-op when all are present;
# runs `apt-get update` only when something is missing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  nlohmann-json3-dev
  libzip-dev zipcmp zipmerge ziptool
  libre2-dev
  catch2
  zlib1g-dev libssl-dev
  libbrotli-dev
  libsimdjson-dev
  libcli11-dev
  node-har-validator nodejs
  python3 jq unzip zip
  chromium
  p7zip-full
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "setup-deps: installing ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
