#!/usr/bin/env bash
# Installs what KS needs to build, run and test on Debian 12: Debian packages via apt-get
# (with sudo when not root) and npm packages via `npm ci` from the committed lockfile.
# Idempotent, and quick when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ccache pkg-config git
  libcpp-httplib-dev nlohmann-json3-dev libpugixml-dev libsqlite3-dev libpq-dev libsodium-dev
  libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev libkainjow-mustache-dev
  libxlsxwriter-dev libstemmer-dev libssl-dev zlib1g-dev libzstd-dev liblz4-dev
  libgtest-dev libgmock-dev
  postgresql postgresql-contrib
  chromium unzip curl sqlite3 python3
  nodejs npm
)

missing=()
for p in "${packages[@]}"; do
  # nodejs/npm may come from elsewhere on the machine (a newer Node): only install when absent.
  if [[ $p == nodejs && -x "$(command -v node)" ]] || [[ $p == npm && -x "$(command -v npm)" ]]; then
    continue
  fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages (bpmn-js, chart library, playwright-core, axe-core): only when the lockfile changed.
if [[ -f package-lock.json ]]; then
  stamp=node_modules/.ks-lock-stamp
  if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
    echo "setup: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json "$stamp"
  fi
fi
echo "setup: ok"
