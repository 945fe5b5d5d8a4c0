#!/usr/bin/env bash
# Serves the release build on a fresh SQLite database with the demo station and runs the
# Playwright tests against it. Expects scripts/test (or the caller) to have built it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/env.sh"
cd "$root"

data=$(mktemp -d)
port=${STATIONDESK_E2E_PORT:-3190}
log="$root/end2end/artifacts/server.log"
mkdir -p "$root/end2end/artifacts"
"$CARGO_TARGET_DIR/release/stationdesk" --site-root "$root/target/site" --data-dir "$data" \
  --bind "127.0.0.1:$port" serve --demo >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$data"' EXIT

for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$log"; echo "the server stopped" >&2; exit 1; }
  sleep 0.2
done

(cd end2end && STATIONDESK_URL="http://127.0.0.1:$port" playwright test)

# A graceful stop: SIGTERM ends the server with success once requests in flight are done.
kill -TERM "$server"
if wait "$server" && grep -q "stopped" "$log"; then
  echo "graceful shutdown on SIGTERM: ok"
else
  echo "the server did not stop cleanly on SIGTERM" >&2
  tail -n 20 "$log" >&2
  exit 1
fi
