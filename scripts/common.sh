# Shared by the scripts in this folder: paths, logging, the dependency cache.
# Sourced, not run.
set -euo pipefail

TECHO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Dependency builds live outside the work tree so a fresh clone reuses them.
TECHO_CACHE="${TECHO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/techo}"
TECHO_BUILD="${TECHO_BUILD:-$TECHO_ROOT/build}"
# shellcheck source=versions.env
source "$TECHO_ROOT/scripts/versions.env"

SODIUM_WASM_PREFIX="$TECHO_CACHE/libsodium-wasm-$SODIUM_DEB_VERSION"
EXPAT_WASM_PREFIX="$TECHO_CACHE/expat-wasm-$EXPAT_DEB_VERSION"
ZLIB_WASM_PREFIX="$TECHO_CACHE/zlib-wasm-${ZLIB_DEB_VERSION#*:}"
SQLITE_DIR="$TECHO_CACHE/sqlite-$SQLITE_VERSION-npm-$SQLITE_NPM_VERSION"

# Emscripten 3.1.6's JS tools find their npm dependencies in Debian's node path.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
# The machine's npm config may carry keys npm 11 warns about on every call.
export npm_config_loglevel="${npm_config_loglevel:-error}"

log() { printf '\033[1m[techo]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[techo] error:\033[0m %s\n' "$*" >&2; exit 1; }
