#!/bin/bash
# Version 8's second stage: ../tiny-v6b-stage-sub/stage-data.sh with version 8's own data replayed
# (data/bigbench-cpu-tiny-3d-long.jsonl, seed 1, its records that are not subtractions). The zero-filled file
# (stage-aligned.jsonl) is the one version 8b trains on; stage-plain.jsonl asks the same questions Goat's way.
# The subtractions: the first 24,000 of version 6's sub and sub_mixed families at seed 2 (23,671 after the
# contamination guard), zero-filled by ../tiny-v6b-stage-sub/sub-aligned.toml.
set -eu
here=docs/before-after/tiny-v6b-stage-sub  # the sub-aligned recipe
mkdir -p data/stage-sub-v8
goat data generate --recipe bigbench-cpu-tiny --families sub,sub_mixed --seed 2 --limit 24000 \
  --out data/stage-sub-v8/plain-sub.jsonl
goat data generate --recipe $here/sub-aligned.toml --families sub,sub_mixed --seed 2 --limit 24000 \
  --out data/stage-sub-v8/aligned-sub.jsonl
python3 - <<'PY'
import json
import random

rng = random.Random(0)
other = [line for line in open("data/bigbench-cpu-tiny-3d-long.jsonl") if not json.loads(line)["task"].startswith("sub_")]
subs = {kind: open(f"data/stage-sub-v8/{kind}-sub.jsonl").readlines() for kind in ("plain", "aligned")}
replay = rng.sample(other, 48000 - len(subs["plain"]))  # 48,000 records: 750 steps of 64
order = list(range(48000))
rng.shuffle(order)
for kind in ("plain", "aligned"):
    mix = replay + subs[kind]
    assert len(mix) == len(order)
    open(f"data/stage-sub-v8/stage-{kind}.jsonl", "w").writelines(mix[i] for i in order)
plain = [json.loads(line) for line in open("data/stage-sub-v8/stage-plain.jsonl")]
aligned = [json.loads(line) for line in open("data/stage-sub-v8/stage-aligned.jsonl")]
assert [r["input"] for r in plain] == [r["input"] for r in aligned], "the two files should ask the same questions"
filled = sum(p["output"] != a["output"] for p, a in zip(plain, aligned))
print(f"{filled:,} of 48,000 records zero-filled in the aligned file")
PY
