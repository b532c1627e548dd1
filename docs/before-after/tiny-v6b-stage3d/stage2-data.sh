#!/bin/bash
# The second stage's data (108,749 records, sha256 270cbe18...): 43,149 3D x 3D multiplication chains (the
# mul_cot_3 family of bigbench-cpu-tiny drawn with seeds 2-7, none of them the default model's seed 1) and 65,600
# records replayed from the default model's own data file, shuffled together.
set -eu
mkdir -p data/stage3d
for s in 2 3 4 5 6 7; do
  goat data generate --recipe bigbench-cpu-tiny --families mul_cot_3 --seed $s --out data/stage3d/mul3-$s.jsonl
done
python3 - <<'PY'
import random
rng = random.Random(0)
replay = rng.sample(open("data/bigbench-cpu-tiny.jsonl").readlines(), 65600)
mul3 = [line for s in range(2, 8) for line in open(f"data/stage3d/mul3-{s}.jsonl")]
mix = replay + mul3
rng.shuffle(mix)
open("data/stage3d/stage2.jsonl", "w").writelines(mix)
PY
