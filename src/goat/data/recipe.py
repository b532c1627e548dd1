"""Recipes: what a dataset holds, as data (a TOML file), validated once with errors that name the file and key.

A recipe is a set of families. Each family has a kind (which generator writes its records), digit ranges,
and a count per digit bucket; the buckets are every combination of the ranges. `goat data generate --recipe
goat` reads `recipes/goat.toml` (the paper's mix); `--recipe my.toml` reads your own.

    [family.add]                # the table name is the family's name (what --families selects)
    kind = "add"                # defaults to the name when the name is a kind
    a_digits = [1, 16]          # digits of the first operand, inclusive
    b_digits = [1, 16]
    count = 400                 # records per digit bucket ...
    per_digit = 60              # ... plus this many per digit beyond one in each operand (longer: more)
    swap = true                 # random operand order; buckets (i, j) and (j, i) are then one bucket
    same_digits = true          # only buckets with as many digits in a as in b (BIG-bench's shape: 3D + 3D)
    # division: exact = 0.5 (share drawn with no remainder), max_quotient_digits = 7
    # multiplication: max_product_digits = 12; round_b = true (b is one nonzero digit and zeros, `5431 * 900`:
    # a chain's partial products as one-line records of their own)
    # copy / split / compare / order: digits = [1, 8] instead of a_digits and b_digits; order: numbers = 5

Kinds: add, sub, mul (n x 1 directly, n x m as the chain), div (n / 1 directly, n / m as the chain),
mul_direct and div_direct (no chain), mul_aligned (the chain with its running sums zero-filled to one width,
goat's own step: goat.arith.decompose.multiply), mul_ascending (the chain with the smaller operand split from the
ones up, `797 * (4 + 70 + 300)`, goat's own order: goat.arith.decompose.multiply), mul_lines (the chain with each
partial product on a line of its own, beside its expression, `5431 * 900 = 4887900`, goat's own layout: the same
function), sub_aligned (a difference shorter than its operands zero-filled first, goat's own step:
goat.arith.decompose.subtract), div_aligned (the division chain with its short differences zero-filled, goat's own
step: goat.arith.decompose.repeated_subtraction), div_table (that chain opened by the question and the divisor's nine
multiples and closed by the sum of the quotient's place values, goat's own steps: the same function), and the
learnability families copy, split, compare, order.

    python -c "from goat.data.recipe import load_recipe; print(load_recipe('goat').total)"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from goat.errors import GoatError

RECIPES_DIR = Path(__file__).parent / "recipes"
MAX_DIGITS = 32  # far beyond the paper's 16; a guard against typos such as 160
# kind -> operator for the arithmetic kinds, None for the learnability families (one digit range).
KINDS: dict[str, str | None] = {
    "add": "+", "sub": "-", "mul": "*", "div": "/", "mul_direct": "*", "div_direct": "/", "mul_aligned": "*",
    "mul_ascending": "*", "mul_lines": "*", "sub_aligned": "-", "div_aligned": "/", "div_table": "/",
    "copy": None, "split": None, "compare": None, "order": None,
}  # fmt: skip
_ARITH_KEYS = {"kind", "a_digits", "b_digits", "count", "per_digit", "swap", "same_digits", "exact",
               "max_product_digits", "max_quotient_digits", "round_b"}  # fmt: skip
_FAMILY_KEYS = {"kind", "digits", "count", "per_digit", "numbers"}


@dataclass(frozen=True)
class Family:
    name: str
    kind: str
    buckets: tuple[tuple[int, int], ...]  # (digits of a, digits of b); b is 0 for the one-number families
    counts: tuple[int, ...]  # records per bucket
    swap: bool = False
    exact: float = 0.0  # share of divisions drawn with no remainder
    numbers: int = 5  # how many numbers an `order` record sorts
    round_b: bool = False  # b is one nonzero digit and zeros (multiplication only)

    @property
    def op(self) -> str | None:
        return KINDS[self.kind]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Recipe:
    name: str
    source: str  # the file it came from, for messages and the summary
    description: str
    families: tuple[Family, ...]

    @property
    def total(self) -> int:
        return sum(f.total for f in self.families)

    def select(self, names: list[str]) -> Recipe:
        """Only the named families (--families), in the recipe's order."""
        known = [f.name for f in self.families]
        unknown = [n for n in names if n not in known]
        if unknown:
            raise GoatError(f"{self.source}: no family {unknown[0]!r} (families: {', '.join(known)})")
        return Recipe(self.name, self.source, self.description, tuple(f for f in self.families if f.name in names))


def shipped_recipes() -> list[str]:
    """The names `--recipe` accepts besides a path: the TOML files in goat/data/recipes/."""
    return sorted(p.stem for p in RECIPES_DIR.glob("*.toml"))


def recipe_path(name_or_path: str) -> Path:
    """A shipped recipe's name (`goat`, `small`) or the path of a TOML file."""
    shipped = RECIPES_DIR / f"{name_or_path}.toml"
    if shipped.is_file():
        return shipped
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise GoatError(f"{path}: recipe file not found")
        return path
    names = ", ".join(shipped_recipes())
    raise GoatError(f"unknown recipe {name_or_path!r} (shipped: {names}; or give the path of a .toml file)")


def load_recipe(name_or_path: str) -> Recipe:
    path = recipe_path(name_or_path)
    try:
        data = tomllib.loads(path.read_text())
    except (OSError, UnicodeDecodeError) as e:
        raise GoatError(f"{path}: cannot read recipe: {e}") from None
    except tomllib.TOMLDecodeError as e:
        raise GoatError(f"{path}: not valid TOML: {e}") from None
    extra = set(data) - {"name", "description", "family"}
    if extra:
        raise GoatError(f"{path}: unknown top-level key {sorted(extra)[0]!r} (expected name, description, family)")
    tables = data.get("family")
    if not isinstance(tables, dict) or not tables:
        raise GoatError(f"{path}: no [family.NAME] tables")
    families = tuple(_family(path, name, table) for name, table in tables.items())
    return Recipe(str(data.get("name", path.stem)), str(path), str(data.get("description", "")), families)


def _family(path: Path, name: str, table: object) -> Family:
    where = f"{path}: family.{name}"
    if not isinstance(table, dict):
        raise GoatError(f"{where}: must be a table")
    kind = table.get("kind", name)
    if kind not in KINDS:
        raise GoatError(f"{where}.kind: unknown kind {kind!r} (kinds: {', '.join(KINDS)})")
    allowed = _ARITH_KEYS if KINDS[kind] else _FAMILY_KEYS
    extra = set(table) - allowed
    if extra:
        raise GoatError(
            f"{where}: unknown key {sorted(extra)[0]!r} for kind {kind!r} (keys: {', '.join(sorted(allowed))})"
        )

    def integer(key: str, default: int | None = None, low: int = 0) -> int:
        value = table.get(key, default)
        if value is None:
            raise GoatError(f"{where}.{key}: missing")
        if not isinstance(value, int) or isinstance(value, bool) or value < low:
            raise GoatError(f"{where}.{key}: must be an integer >= {low}, got {value!r}")
        return value

    def digit_range(key: str) -> range:
        value = table.get(key)
        ok = isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value)
        if not ok or not 1 <= value[0] <= value[1] <= MAX_DIGITS:
            raise GoatError(f"{where}.{key}: must be [low, high] with 1 <= low <= high <= {MAX_DIGITS}, got {value!r}")
        return range(value[0], value[1] + 1)

    count, per_digit = integer("count"), integer("per_digit", 0)
    if KINDS[kind] is None:
        buckets = [(d, 0) for d in digit_range("digits")]
        counts = [count + per_digit * (d - 1) for d, _ in buckets]
        numbers = integer("numbers", 5, low=2)
        return Family(name, kind, tuple(buckets), tuple(counts), numbers=numbers)

    swap, same, round_b = table.get("swap", False), table.get("same_digits", False), table.get("round_b", False)
    for key, value in (("swap", swap), ("same_digits", same), ("round_b", round_b)):
        if not isinstance(value, bool):
            raise GoatError(f"{where}.{key}: must be true or false, got {value!r}")
    if swap and KINDS[kind] == "/":
        raise GoatError(f"{where}.swap: a division's operands cannot trade places")
    exact = table.get("exact", 0.0)
    if not isinstance(exact, int | float) or isinstance(exact, bool) or not 0 <= exact <= 1:
        raise GoatError(f"{where}.exact: must be a number between 0 and 1, got {exact!r}")
    if exact and KINDS[kind] != "/":
        raise GoatError(f"{where}.exact: only division families have exact divisions")
    if round_b and KINDS[kind] != "*":
        raise GoatError(f"{where}.round_b: only multiplication families have a round second operand")
    if round_b and swap:
        raise GoatError(f"{where}.round_b: cannot be used with swap (b is the round operand, as in a chain)")
    max_product = integer("max_product_digits", 2 * MAX_DIGITS, low=2)
    max_quotient = integer("max_quotient_digits", MAX_DIGITS, low=1)
    a_range, b_range = digit_range("a_digits"), digit_range("b_digits")
    buckets = [
        (i, j)
        for i in a_range
        for j in b_range
        if i + j <= max_product  # a product of i- and j-digit numbers has at most i + j digits
        and i - j + 1 <= max_quotient  # a quotient of i- by j-digit numbers has at most i - j + 1
        and not (swap and i > j and j in a_range and i in b_range)  # (j, i) covers it when order is random
        and not (KINDS[kind] == "/" and i < j)  # a shorter dividend: always `0 R a`, as in the (j, j) bucket
        and not (same and i != j)
    ]
    if not buckets:
        raise GoatError(f"{where}: the digit ranges and limits leave no digit combination")
    counts = [count + per_digit * (i + j - 2) for i, j in buckets]
    return Family(name, kind, tuple(buckets), tuple(counts), swap=swap, exact=float(exact), round_b=round_b)
