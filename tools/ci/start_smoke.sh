#!/usr/bin/env bash
# `npm start` from a clean checkout until the page is served: fetch it and the embedded model's
# config, then stop the server. Fails with npm start's log when it does not serve within the limit.
set -euo pipefail
cd "$(dirname "$0")/../.."
port=${PORT:-4173}
log=$(mktemp)
# Own process group, so stopping it stops npm, the build and the server together.
setsid npm start >"$log" 2>&1 &
pid=$!
stop() { kill -- -"$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"; }
trap stop EXIT
url=""
for _ in $(seq 1 600); do
  url=$(grep -o "http://127\.0\.0\.1:$port/" "$log" | head -1 || true)
  [ -n "$url" ] && break
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "start-smoke: npm start exited before serving the page:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 1
done
if [ -z "$url" ]; then
  echo "start-smoke: npm start did not serve the page within 600 s:" >&2
  cat "$log" >&2
  exit 1
fi
page=$(curl -fsS "$url")
grep -q '<div id="root"' <<<"$page" || { echo "start-smoke: $url served no app root:" >&2; head -c 2000 <<<"$page" >&2; exit 1; }
curl -fsS -o /dev/null "${url}models/blora-tiny-uncased/config.json"
echo "start-smoke: npm start served $url (page and embedded model config fetched)"
