"""The three studies as a table: each variant names its data family, its target format and its tokenizer.

A variant's data comes from the family of `families.toml` it names (goat.data's generator writes it); `format`,
when set, rewrites each record's output with a goat.study.variants format (the ablation); `tokenizer` is
`digit` (goat's one token per character) or `grouped` (up to three digits per token). `paper` is what the
paper says about the variant, for the report's side-by-side column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FAMILIES = Path(__file__).with_name("families.toml")


@dataclass(frozen=True)
class Variant:
    name: str
    family: str
    target: str  # what the model is trained to write, in words (the report's table)
    paper: str
    group: str  # bars of one group share a colour in the plot
    format: str | None = None  # a name in goat.study.variants.FORMATS; None keeps the generator's output
    tokenizer: str = "digit"


LEARNABLE = "learnable (Table 1)"
_learnable = [
    Variant("copy", "copy", "the number again (1-8 digits)", LEARNABLE, "learnable"),
    Variant("split", "split", "the number as a sum of place values (1-8 digits)", LEARNABLE, "learnable"),
    Variant("compare", "compare", "`a < b`, `a > b` or `a = b` (1-8 digits)", LEARNABLE, "learnable"),
    Variant("order", "order", "five numbers sorted ascending (1-4 digits)", LEARNABLE, "learnable"),
    Variant("add", "add", "`a + b = c` (1-4 digits each)", LEARNABLE, "learnable"),
    Variant("sub", "sub", "`a - b = c` (1-4 digits each)", LEARNABLE, "learnable"),
    Variant("mul_nx1", "mul_nx1", "`a * b = c`, b one digit (a 1-4 digits)", LEARNABLE, "learnable"),
    Variant("div_nx1", "div_nx1", "`a / b = q [R r]`, b one digit (a 1-4 digits)", LEARNABLE, "learnable"),
]
_hard = [
    Variant("mul_2x2_direct", "mul_2x2_direct", "2D x 2D answered directly: `a * b = c`",
            "not learnable directly (about 90% only after ~10 epochs)", "direct"),
    Variant("mul_2x2_steps", "mul_2x2_steps", "2D x 2D with Goat's chain (split, expand, add term by term)",
            "learnable with the steps (1 epoch)", "with steps"),
    Variant("mul_2x2_aligned", "mul_2x2_aligned", "2D x 2D with Goat's chain, its running sum zero-filled: "
            "`1060 + 159 = 1060 + 0159 = 1219`", "not in the paper: goat's own step, against mul_2x2_steps",
            "with steps"),
    Variant("div_4x2_direct", "div_4x2_direct", "4D / 2D answered directly: `a / b = q [R r]`",
            "not learnable directly", "direct"),
    Variant("div_4x2_steps", "div_4x2_steps", "4D / 2D by repeated subtraction, then `Therefore, a / b = q [R r]`",
            "learnable with the steps", "with steps"),
    Variant("div_5x1_direct", "div_5x1", "3-5D / 1D answered directly: `a / b = q [R r]` (Goat's format)",
            "learnable directly (Table 1: n / 1)", "direct"),
    Variant("div_5x1_steps", "div_5x1", "3-5D / 1D by repeated subtraction, as Goat writes n / m",
            "not in the paper: goat's own steps, against direct", "with steps", "div_steps"),
    Variant("sub_steps", "sub", "`a - b` (1-4 digits each) taking b away one place value at a time",
            "not in the paper: goat's own steps, against `sub`", "with steps", "sub_steps"),
    Variant("sub_negated", "sub", "`a - b` (1-4 digits each), a negative result as `-(b - a) = -c` first",
            "not in the paper: goat's own step, against `sub`", "with steps", "sub_negated"),
    Variant("sub_complement", "sub", "`a - b` (1-4 digits each) as `a + c + 1 - 10^n`, c the nines' complement of b",
            "not in the paper: goat's own steps, against `sub`", "with steps", "sub_complement"),
]  # fmt: skip
_ablation = [
    Variant("mul_full", "mul_4x4", "4D x 4D, Goat's full chain", "reference", "full chain", "mul_full"),
    Variant("mul_no_split", "mul_4x4", "full chain without `L * (t1 + t2 + ...)`", "minimal impact",
            "ablated", "mul_no_split"),
    Variant("mul_no_expansion", "mul_4x4", "full chain without `L * t1 + L * t2 + ...`", "minimal impact",
            "ablated", "mul_no_expansion"),
    Variant("mul_no_adding", "mul_4x4", "partial products, then the product at once (no term-by-term sums)",
            "crucial: accuracy drops", "ablated", "mul_no_adding"),
    Variant("div_full", "div_6x3", "6D / 3D, lines `x - b * m = x - P = y`", "reference", "full chain", "div_full"),
    Variant("div_no_product", "div_6x3", "6D / 3D, lines `x - b * m = y` (no product step)",
            "ablated in the paper (no verbal claim recorded here)", "ablated", "div_no_product"),
]  # fmt: skip
_tokenization = [
    Variant("digit", "add_6d", "`a + b = c` (1-6 digits), one token per digit", "credited for learnability",
            "digit", tokenizer="digit"),
    Variant("grouped", "add_6d", "`a + b = c` (1-6 digits), up to 3 digits per token (GPT-style)",
            "implied worse (not measured in the paper)", "grouped", tokenizer="grouped"),
]  # fmt: skip

STUDIES: dict[str, tuple[str, list[Variant]]] = {
    "learnability": ("Which tasks a small LLaMA learns from scratch, and multi-digit mul/div direct vs with steps",
                     _learnable + _hard),
    "ablation": ("Goat's chain with one kind of step removed: 4D x 4D multiplication and 6D / 3D division",
                 _ablation),
    "tokenization": ("Addition with one token per digit vs up to three digits per token", _tokenization),
}  # fmt: skip
