#!/usr/bin/env bash
# Installs what building (and, with --test, testing) Stationdesk needs on a Debian machine.
# Idempotent: each step checks what is already there. Sourced by scripts/run and scripts/test.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=versions.env
source "$root/scripts/versions.env"
want_test=${1:-}

say() { printf '\n== %s\n' "$*"; }

apt_updated=no
apt_install() {  # packages that are missing get installed
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' \
      || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  if [ "$apt_updated" = no ]; then
    $sudo apt-get update -qq
    apt_updated=yes
  fi
  say "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

if ! command -v cargo >/dev/null || ! command -v rustup >/dev/null; then
  echo "Stationdesk needs a Rust toolchain installed with rustup (stable, $RUST_MINIMUM or newer)." >&2
  exit 1
fi
rust_version=$(rustc --version | awk '{print $2}')
if [ "$(printf '%s\n' "$RUST_MINIMUM" "$rust_version" | sort -V | head -n 1)" != "$RUST_MINIMUM" ]; then
  echo "rustc $rust_version is too old: Stationdesk needs $RUST_MINIMUM or newer (rustup update stable)." >&2
  exit 1
fi
command -v cc >/dev/null || apt_install build-essential
command -v npm >/dev/null || apt_install nodejs npm
node_major=$(node --version | sed 's/^v\([0-9]*\).*/\1/')
if [ "$node_major" -lt "$NODE_MINIMUM" ]; then
  echo "Node.js $(node --version) is too old: Tailwind and Playwright need $NODE_MINIMUM or newer." >&2
  exit 1
fi
command -v git >/dev/null || apt_install git
command -v curl >/dev/null || apt_install curl

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

pinned=$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' "$root/Cargo.toml")
if [ "$pinned" != "$WASM_BINDGEN_VERSION" ]; then
  echo "Cargo.toml pins wasm-bindgen $pinned but versions.env says $WASM_BINDGEN_VERSION" >&2
  exit 1
fi

if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (several minutes, once)"
  # no_downloads: use the Tailwind and wasm-opt from node_modules instead of fetching binaries.
  cargo install --locked cargo-leptos --version "$CARGO_LEPTOS_VERSION" \
    --features no_downloads --debug
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
  cargo install --locked wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" \
    || cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ "$want_test" = --test ] \
  && [ "$(leptosfmt --version 2>/dev/null | awk '{print $2}')" != "$LEPTOSFMT_VERSION" ]; then
  say "installing leptosfmt $LEPTOSFMT_VERSION (a minute or two, once)"
  cargo install --locked leptosfmt --version "$LEPTOSFMT_VERSION"
fi

stamp="$root/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$root/package-lock.json" -nt "$stamp" ]; then
  say "installing npm packages (Tailwind, wasm-opt, Playwright)"
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ "$want_test" = --test ]; then
  apt_install chromium fonts-noto-cjk
  # Without PostgreSQL the tests still run on SQLite; scripts/postgres.sh says it skipped.
  apt_install postgresql || echo "PostgreSQL could not be installed"
fi
