#!/usr/bin/env bash
# The whole GPU check in one script, for a lent H100/H200 (torch + torchvision + timm, no open_clip, no network).
# Prepare here first (bash .ci/gpu_check.sh --prepare: wheels + the CUB training images, ~35 MB, under .device/),
# then run it there from the repo root with .device carried:
#     bash .ci/gpu_check.sh            # results under $OUT (the device tool's folder) or .ci/out/gpu
# It records: `ppssl bench` in the paper's setting (eager and compiled, with a profile; its rows include the data
# path on the machine's CPU and the MoCo v2 builder peer), and the wall time of 100-epoch MoCo v2 and PP-SSL runs on
# the 2,999 training images of the CUB subset. nbs/13a_cli parses the `ppssl bench` and `ppssl train` lines below
# with the real command-line parser, so a renamed flag fails there, not on the lent machine.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--prepare" ]; then
  mkdir -p .device/wheels
  .venv/bin/pip download -q --no-deps -d .device/wheels open_clip_torch ftfy wcwidth "fastprogress>=1.0.3,<1.1"
  src=${CUB:-../shared/data/CUB_200_2011_subset100}; dst=.device/CUB_200_2011_subset100
  rm -rf "$dst"; mkdir -p "$dst/images"
  cp "$src"/*.txt "$dst"/
  # only the training images travel (the carry limit is 64 MiB; the subset is ~66 MB)
  awk 'NR==FNR { if ($2 == 1) train[$1] = 1; next } ($1 in train) { print $2 }' \
      "$src/train_test_split.txt" "$src/images.txt" | while read -r rel; do
    mkdir -p "$dst/images/$(dirname "$rel")"; cp "$src/images/$rel" "$dst/images/$rel"; done
  du -sh .device; exit 0
fi
OUT=${OUT:-.ci/out/gpu}; mkdir -p "$OUT"
python -m pip install -q --no-deps .device/wheels/*.whl
python -m pip install -q --no-deps --no-build-isolation -e .
python - <<'PY' | tee "$OUT/env.txt"
import torch, torchvision, open_clip; print(torch.__version__, torchvision.__version__, open_clip.__version__, torch.cuda.get_device_name())
PY
CUB=.device/CUB_200_2011_subset100
ppssl bench --device cuda --data cub --root "$CUB" --json "$OUT/bench.json" --profile "$OUT/profile.txt" | tee "$OUT/bench.md"
ppssl bench --device cuda --data cub --root "$CUB" --compile --no-e2e --json "$OUT/bench_compiled.json" | tee "$OUT/bench_compiled.md"
for m in mocov2 ppssl; do
  s=$(date +%s)
  # the random-init preset: ResNet-50 from random init, ViT-B/32 with random weights, 224 px, 100 epochs, batch 128, K = 4,096
  # (no network there: the paper preset's downloads would be refused)
  ppssl train --preset random-init --data cub --root "$CUB" --method "$m" \
      --out "$OUT/cub100_$m" --no-progress > "$OUT/cub100_$m.log" 2>&1 || echo "train $m failed"
  echo "{\"method\": \"$m\", \"epochs\": 100, \"images\": 2999, \"wall_s\": $(( $(date +%s) - s ))}" | tee "$OUT/cub100_$m.json"
  rm -f "$OUT/cub100_$m"/*.pt     # checkpoints stay on the machine; logs and plots come back
done
