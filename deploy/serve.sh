#!/usr/bin/env bash
# Serve the app to several classes at once: N `streamlit run app.py` replicas on loopback, HAProxy in front.
#
# Usage:   deploy/serve.sh [N]        N replicas (default: the number of CPU cores)
# Needs:   haproxy (Debian: apt-get install haproxy) and the app's Python packages (pip install -r requirements.txt)
# Environment:
#   STREAMLIT_SERVER_COOKIE_SECRET  required: one secret that every replica shares (never commit it)
#   PORT      the port learners connect to (default 8501); the replicas use PORT+1 ... PORT+N on 127.0.0.1
#   ADDRESS   the address HAProxy listens on (default 0.0.0.0: the whole network; 127.0.0.1 for this machine)
#   PYTHON    the Python that has Streamlit installed (default python3)
# Ctrl-C (or SIGTERM) stops HAProxy and every replica.
set -euo pipefail
cd "$(dirname "$0")/.."

replicas="${1:-$(nproc 2>/dev/null || echo 2)}"
port="${PORT:-8501}"
address="${ADDRESS:-0.0.0.0}"
python="${PYTHON:-python3}"

if [ -z "${STREAMLIT_SERVER_COOKIE_SECRET:-}" ]; then
  cat >&2 <<'MESSAGE'
serve.sh: STREAMLIT_SERVER_COOKIE_SECRET is not set. Streamlit signs its cookies with this secret
(server.cookieSecret); without it each replica invents its own, and a cookie signed by one replica (a
sign-in, for example) is refused by the others when a learner moves.
Set one long random secret, shared by every replica and kept out of the repository, then start again:

    export STREAMLIT_SERVER_COOKIE_SECRET="$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
    deploy/serve.sh 2
MESSAGE
  exit 2
fi
if ! [[ "$replicas" =~ ^[1-9][0-9]?$ ]]; then
  echo "serve.sh: the number of replicas must be a whole number from 1 to 99, not '$replicas'" >&2
  exit 2
fi
if ! [[ "$port" =~ ^[0-9]+$ ]] || [ "$port" -lt 1 ] || [ $((port + replicas)) -gt 65535 ]; then
  echo "serve.sh: PORT must be a port number with room for $replicas more after it, not '$port'" >&2
  exit 2
fi
if ! command -v haproxy >/dev/null 2>&1; then
  echo "serve.sh: haproxy is not installed (Debian/Ubuntu: sudo apt-get install haproxy)" >&2
  exit 2
fi

run_dir="$(mktemp -d "${TMPDIR:-/tmp}/cross-entropy-explorer.XXXXXX")"
children=()
cleanup() {
  trap - EXIT INT TERM
  if [ "${#children[@]}" -gt 0 ]; then
    kill "${children[@]}" 2>/dev/null || true
    wait "${children[@]}" 2>/dev/null || true
  fi
  rm -rf "$run_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

healthy() {  # healthy URL: true once GET URL answers 200 (Python's urllib, so no curl needed)
  "$python" - "$1" <<'PY' >/dev/null 2>&1
import sys, urllib.request
sys.exit(0 if urllib.request.urlopen(sys.argv[1], timeout=2).status == 200 else 1)
PY
}

config="$run_dir/haproxy.cfg"
cp deploy/haproxy.cfg "$config"
for n in $(seq 1 "$replicas"); do
  replica_port=$((port + n))
  "$python" -m streamlit run app.py \
    --server.address 127.0.0.1 --server.port "$replica_port" --server.headless true \
    --server.fileWatcherType none --browser.gatherUsageStats false &
  children+=("$!")
  echo "replica r$n: http://127.0.0.1:$replica_port (pid $!)"
  echo "    server r$n 127.0.0.1:$replica_port cookie r$n" >>"$config"
done

for n in $(seq 1 "$replicas"); do  # wait (at most 2 minutes) until every replica answers its health check
  for _ in $(seq 1 240); do
    healthy "http://127.0.0.1:$((port + n))/_stcore/health" && continue 2
    kill -0 "${children[$((n - 1))]}" 2>/dev/null || { echo "serve.sh: replica r$n exited" >&2; exit 1; }
    sleep 0.5
  done
  echo "serve.sh: replica r$n did not become healthy within 2 minutes" >&2
  exit 1
done

export CEE_ADDRESS="$address" CEE_PORT="$port" CEE_RUN_DIR="$run_dir"
haproxy -c -q -f "$config"
haproxy -db -f "$config" &
haproxy_pid=$!
children+=("$haproxy_pid")
echo "haproxy: pid $haproxy_pid, configuration $config"
for _ in $(seq 1 40); do
  healthy "http://127.0.0.1:$port/_stcore/health" && break
  kill -0 "$haproxy_pid" 2>/dev/null || { echo "serve.sh: haproxy exited" >&2; exit 1; }
  sleep 0.5
done
echo "Serving $replicas replica$([ "$replicas" -eq 1 ] || echo s) at http://$address:$port (Ctrl-C stops them all)"

# Run until HAProxy stops or we are told to stop. A replica that dies is only taken out of rotation.
wait "$haproxy_pid"
