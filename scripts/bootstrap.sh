#!/usr/bin/env bash
# Installs what quiver needs to build on Debian 12 and is a no-op when everything is present:
# Debian packages (compiler tools, protobuf, GoogleTest, Boost.Fiber, ccache, openssl for the certificates
# the TLS tests make) and, when no system Arrow C++ is found, a project-local virtualenv
# holding the pinned pyarrow wheel (Arrow C++ headers and shared libraries), plus the fixture
# tools (tpchgen-cli, duckdb).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/.venv"

need=()
for pkg in build-essential cmake ninja-build ccache pkg-config libprotobuf-dev protobuf-compiler \
           libgtest-dev libboost-fiber-dev python3-venv openssl; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "bootstrap: missing Debian packages (${need[*]}); run as root or install them" >&2
    exit 1
  fi
  echo "bootstrap: installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Pinned versions: the wheel is our Arrow C++ when the system has none.
reqs=(pyarrow==26.0.1 tpchgen-cli==4.0.0 duckdb==2.0.1)
stamp="$venv/.quiver-requirements"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "${reqs[*]}" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "${reqs[@]}"
  echo "${reqs[*]}" > "$stamp"
fi
