# Shared by the scripts: where builds go and where the npm tools are.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# One build folder outside the clone, so a re-run or a second clone reuses earlier work.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/stationdesk/target}
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
