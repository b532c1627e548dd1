#!/bin/bash
# Two second-stage files that ask the same 48,000 questions in the same order and differ only in how a short
# difference is written: the first 24,000 subtractions of version 6's sub and sub_mixed families at seed 2 (not the
# first stage's seed 1; 23,671 after the contamination guard) in Goat's one line or zero-filled first
# (sub-aligned.toml), shuffled with the same 24,329 records replayed from version 6's data (data/bigbench-cpu-tiny.jsonl, seed 1) that are not subtractions, so no
# one-line short difference contradicts the zero-filled ones.
set -eu
here=docs/before-after/tiny-v6b-stage-sub
mkdir -p data/stage-sub
goat data generate --recipe bigbench-cpu-tiny --families sub,sub_mixed --seed 2 --limit 24000 \
  --out data/stage-sub/plain-sub.jsonl
goat data generate --recipe $here/sub-aligned.toml --families sub,sub_mixed --seed 2 --limit 24000 \
  --out data/stage-sub/aligned-sub.jsonl
python3 - <<'PY'
import json
import random

rng = random.Random(0)
other = [line for line in open("data/bigbench-cpu-tiny.jsonl") if not json.loads(line)["task"].startswith("sub_")]
subs = {kind: open(f"data/stage-sub/{kind}-sub.jsonl").readlines() for kind in ("plain", "aligned")}
replay = rng.sample(other, 48000 - len(subs["plain"]))  # 48,000 records: 750 steps of 64
order = list(range(48000))
rng.shuffle(order)
for kind in ("plain", "aligned"):
    mix = replay + subs[kind]
    assert len(mix) == len(order)
    open(f"data/stage-sub/stage-{kind}.jsonl", "w").writelines(mix[i] for i in order)
plain = [json.loads(line) for line in open("data/stage-sub/stage-plain.jsonl")]
aligned = [json.loads(line) for line in open("data/stage-sub/stage-aligned.jsonl")]
assert [r["input"] for r in plain] == [r["input"] for r in aligned], "the two files should ask the same questions"
filled = sum(p["output"] != a["output"] for p, a in zip(plain, aligned))
print(f"{filled:,} of 48,000 records zero-filled in the aligned file")
PY
