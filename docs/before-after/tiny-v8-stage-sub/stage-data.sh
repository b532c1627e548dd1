#!/bin/bash
# Version 8's second stage: ../tiny-v6b-stage-sub/stage-data.sh with version 8's own data replayed (its records that
# are not subtractions). stage-aligned.jsonl is the file version 8b trained on; stage-plain.jsonl asks the same
# questions Goat's way.
set -eu
exec bash docs/before-after/tiny-v6b-stage-sub/stage-data.sh data/bigbench-cpu-tiny-3d-long.jsonl data/stage-sub-v8
