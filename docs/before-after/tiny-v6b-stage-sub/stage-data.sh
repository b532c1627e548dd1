#!/bin/bash
# Two second-stage files that ask the same 48,000 questions in the same order and differ only in how a short
# difference is written: the first 24,000 subtractions of version 6's sub and sub_mixed families at seed 2 (not the
# first stage's seed 1; 23,671 after the contamination guard) in Goat's one line or zero-filled first
# (sub-aligned.toml), shuffled with the same 24,329 records replayed from version 6's data
# (data/bigbench-cpu-tiny.jsonl, seed 1) that are not subtractions, so no one-line short difference contradicts the
# zero-filled ones.
# Arguments (both optional): the first stage's data to replay and the output folder; version 8's stage passes its own
# (../tiny-v8-stage-sub/stage-data.sh).
set -eu
here=docs/before-after/tiny-v6b-stage-sub
export REPLAY=${1:-data/bigbench-cpu-tiny.jsonl} OUT=${2:-data/stage-sub}
mkdir -p $OUT
goat data generate --recipe bigbench-cpu-tiny --families sub,sub_mixed --seed 2 --limit 24000 \
  --out $OUT/plain-sub.jsonl
goat data generate --recipe $here/sub-aligned.toml --families sub,sub_mixed --seed 2 --limit 24000 \
  --out $OUT/aligned-sub.jsonl
python3 - <<'PY'
import json
import os
import random

rng = random.Random(0)
out = os.environ["OUT"]
other = [line for line in open(os.environ["REPLAY"]) if not json.loads(line)["task"].startswith("sub_")]
subs = {kind: open(f"{out}/{kind}-sub.jsonl").readlines() for kind in ("plain", "aligned")}
replay = rng.sample(other, 48000 - len(subs["plain"]))  # 48,000 records: 750 steps of 64
order = list(range(48000))
rng.shuffle(order)
for kind in ("plain", "aligned"):
    mix = replay + subs[kind]
    assert len(mix) == len(order)
    open(f"{out}/stage-{kind}.jsonl", "w").writelines(mix[i] for i in order)
plain = [json.loads(line) for line in open(f"{out}/stage-plain.jsonl")]
aligned = [json.loads(line) for line in open(f"{out}/stage-aligned.jsonl")]
assert [r["input"] for r in plain] == [r["input"] for r in aligned], "the two files should ask the same questions"
filled = sum(p["output"] != a["output"] for p, a in zip(plain, aligned))
print(f"{filled:,} of 48,000 records zero-filled in the aligned file")
PY
