"""Two second-stage data files that ask the same questions and differ only in how some of them are written.

    python bench/paired_stage_data.py REPLAY OUT_DIR --drop PREFIX [--records N] ARM [ARM ...]

Each ARM's new records are read from OUT_DIR/chains-ARM.jsonl (`goat data generate` of that arm's recipe, same
seed, so every arm draws the same questions); the rest of the N records (default 48,000: 750 steps of 64) are
replayed from REPLAY, leaving out its tasks that start with PREFIX (the family being rewritten), against
forgetting. Every arm gets the same replayed records in the same shuffled order, written to OUT_DIR/stage-ARM.jsonl.
The paired probes in docs/before-after/ (tiny-v8-stage-mul-ascending, tiny-v10-stage-div-aligned) use it.
"""

import argparse
import json
import random
from pathlib import Path

p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
p.add_argument("replay")
p.add_argument("out")
p.add_argument("arms", nargs="+")
p.add_argument("--drop", required=True, help="leave out the replayed tasks that start with this")
p.add_argument("--records", type=int, default=48000)
args = p.parse_args()

rng = random.Random(0)
out = Path(args.out)
lines = Path(args.replay).read_text().splitlines(keepends=True)
other = [line for line in lines if not json.loads(line)["task"].startswith(args.drop)]
chains = {arm: (out / f"chains-{arm}.jsonl").read_text().splitlines(keepends=True) for arm in args.arms}
replay = rng.sample(other, args.records - len(chains[args.arms[0]]))
order = list(range(args.records))
rng.shuffle(order)
for arm in args.arms:
    mix = replay + chains[arm]
    (out / f"stage-{arm}.jsonl").write_text("".join(mix[i] for i in order))
files = [[json.loads(line) for line in (out / f"stage-{arm}.jsonl").read_text().splitlines()] for arm in args.arms]
assert all([r["input"] for r in f] == [r["input"] for r in files[0]] for f in files), "arms ask other questions"
differ = sum(len({r["output"] for r in rows}) > 1 for rows in zip(*files, strict=True))
print(f"{differ:,} of {args.records:,} records differ between the arms")
