#!/usr/bin/env bash
# End of a session: stop the long pretraining run cleanly (SIGTERM: it finishes its step and writes a
# checkpoint) and copy its newest checkpoint and log into the work tree, so the next session can
# resume it on a new machine (long_run.sh puts a committed checkpoint back when /root/blora-pretrain
# lacks one). Only the newest checkpoint is kept in the tree; commit it with the log.
#   bash tools/pretrain/save_state.sh [RUN_NAME]
set -euo pipefail
cd "$(dirname "$0")/../.."
RUN=${1:-main-2x128-wwm-sop}
SRC=/root/blora-pretrain/$RUN
DST=tools/pretrain/runs/$RUN
pid=$(pgrep -f "pretrain_run.py --run-name $RUN( |$)" | head -1 || true)
if [ -n "$pid" ]; then
  kill -TERM "$pid"
  # One step takes seconds to a minute under load; the checkpoint is written before it exits.
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  if kill -0 "$pid" 2>/dev/null; then echo "pretrain_run.py (pid $pid) did not stop within 300 s" >&2; exit 1; fi
fi
newest=$(cd "$SRC" 2>/dev/null && ls ckpt-*.pt 2>/dev/null | sort -t- -k2 -n | tail -1 || true)
[ -n "$newest" ] || { echo "no checkpoint in $SRC" >&2; exit 1; }
newest=$SRC/$newest
mkdir -p "$DST"
rm -f "$DST"/ckpt-*.pt
cp "$newest" "$DST/"
cp "$SRC/log.jsonl" "$DST/log.jsonl"
[ -f "$SRC/summary.json" ] && cp "$SRC/summary.json" "$DST/summary.json"
echo "saved $(basename "$newest") and the log to $DST"
