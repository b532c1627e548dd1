#!/bin/bash
# Two second-stage data files with the same records but for how the 3D x 3D chains write their running sums:
# 43 k 3D x 3D chains (the mul_cot_3 family drawn with seeds 2-7, none of them the first stage's seed 1), Goat's
# (bigbench-cpu-tiny) or zero-filled (bigbench-cpu-tiny-aligned, kind mul_aligned: same operands at each seed),
# each shuffled with the same 65,600 records replayed from the first stage's data (bigbench-cpu-tiny-3d, seed 1).
set -eu
mkdir -p data/stage3d-aligned
for s in 2 3 4 5 6 7; do
  goat data generate --recipe bigbench-cpu-tiny --families mul_cot_3 --seed $s --out data/stage3d-aligned/plain-$s.jsonl
  goat data generate --recipe bigbench-cpu-tiny-aligned --families mul_cot_3 --seed $s \
    --out data/stage3d-aligned/aligned-$s.jsonl
done
python3 - <<'PY'
import json
import random

rng = random.Random(0)
replay = rng.sample(open("data/bigbench-cpu-tiny-3d.jsonl").readlines(), 65600)
order = list(range(65600 + sum(1 for s in range(2, 8) for _ in open(f"data/stage3d-aligned/plain-{s}.jsonl"))))
rng.shuffle(order)
for kind in ("plain", "aligned"):
    chains = [line for s in range(2, 8) for line in open(f"data/stage3d-aligned/{kind}-{s}.jsonl")]
    mix = replay + chains
    assert len(mix) == len(order)
    open(f"data/stage3d-aligned/stage2-{kind}.jsonl", "w").writelines(mix[i] for i in order)
plain = [json.loads(l)["input"] for l in open("data/stage3d-aligned/stage2-plain.jsonl")]
aligned = [json.loads(l)["input"] for l in open("data/stage3d-aligned/stage2-aligned.jsonl")]
assert plain == aligned, "the two files should ask the same questions in the same order"
PY
