"""The generator: byte-identical for any worker count, exact digit counts, the guard, formats, atomic writes."""

import json

import pyarrow.parquet as pq
import pytest

from goat.benchmarks import bigbench_items
from goat.data import generate as gen
from goat.data.generate import generate, jsonl_line
from goat.data.recipe import load_recipe
from goat.errors import GoatError


def test_output_is_byte_identical_for_any_worker_count(tmp_path, guard):
    recipe = load_recipe("small")
    outs = []
    for workers in (1, 2, 3):
        out = tmp_path / f"w{workers}.jsonl"
        generate(recipe, out, seed=7, workers=workers, limit=4000, guard=guard, shard_size=700)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]
    assert len(outs[0].splitlines()) > 3900
    generate(recipe, tmp_path / "other.jsonl", seed=8, limit=4000, guard=guard, shard_size=700)
    assert (tmp_path / "other.jsonl").read_bytes() != outs[0]


def test_limit_writes_a_prefix_that_mixes_every_family(tmp_path, read_jsonl, guard):
    recipe = load_recipe("small")
    generate(recipe, tmp_path / "a.jsonl", seed=0, limit=1500, guard=guard, shard_size=1000)
    generate(recipe, tmp_path / "b.jsonl", seed=0, limit=2500, guard=guard, shard_size=1000)
    short, long = (tmp_path / "a.jsonl").read_bytes(), (tmp_path / "b.jsonl").read_bytes()
    assert long.startswith(short)
    kinds = {r["task"].rsplit("_", 1)[0] for r in read_jsonl(tmp_path / "a.jsonl")}
    assert kinds == {"add", "sub", "mul", "mul_cot", "div", "div_cot"}


def test_records_have_exact_digit_counts_and_the_schema(tmp_path, read_jsonl, guard):
    summary = generate(load_recipe("small"), tmp_path / "s.jsonl", seed=1, limit=3000, guard=guard)
    records = read_jsonl(tmp_path / "s.jsonl")
    assert len(records) == summary.records == sum(summary.tasks.values())
    for r in records:
        assert list(r) == ["instruction", "input", "output", "answer", "task"]
        a, op, b = r["input"].split(" ")
        assert r["task"].endswith(f"_{len(a)}x{len(b)}")
        assert str(int(a)) == a and str(int(b)) == b  # no leading zeros: the digit count is the number's
        assert r["output"].endswith(r["answer"]) or r["answer"] == "undefined"


def test_division_families_are_half_exact(tmp_path, read_jsonl, guard):
    generate(load_recipe("goat").select(["div_cot"]), tmp_path / "d.jsonl", limit=4000, guard=guard)
    records = read_jsonl(tmp_path / "d.jsonl")
    exact = sum(" R " not in r["answer"] for r in records) / len(records)
    assert 0.45 < exact < 0.6  # half drawn exact, plus the few random ones that divide


def test_operand_order_is_random(tmp_path, read_jsonl, guard):
    generate(load_recipe("goat").select(["mul_1"]), tmp_path / "m.jsonl", limit=3000, guard=guard)
    tasks = [r["task"] for r in read_jsonl(tmp_path / "m.jsonl") if r["task"] != "mul_1x1"]
    one_first = sum(t.startswith("mul_1x") for t in tasks) / len(tasks)
    assert 0.4 < one_first < 0.6


def test_a_round_b_family_writes_partial_products_in_one_line(tmp_path, read_jsonl, write_recipe, guard):
    text = "[family.mul_round]\nkind = \"mul\"\na_digits = [3, 4]\nb_digits = [2, 4]\ncount = 50\nround_b = true\n"
    generate(load_recipe(str(write_recipe(text))), tmp_path / "r.jsonl", seed=0, guard=guard)
    records = read_jsonl(tmp_path / "r.jsonl")
    assert len(records) == 6 * 50
    for r in records:
        a, _, b = r["input"].split(" ")
        assert b[0] != "0" and set(b[1:]) == {"0"} and len(a) in (3, 4)  # `5431 * 900`
        assert r["output"] == f"{a} * {b} = {int(a) * int(b)}" and r["task"] == f"mul_{len(a)}x{len(b)}"
    assert len({r["input"].split(" ")[2][0] for r in records}) == 9  # every leading digit 1-9


def test_guard_drops_a_planted_bigbench_item(tmp_path, read_jsonl, write_recipe, guard):
    # 2-digit addition has 8,100 problems; 30,000 draws hold nearly all, so BIG-bench's are among them.
    recipe = load_recipe(str(write_recipe("[family.add]\na_digits = [2, 2]\nb_digits = [2, 2]\ncount = 30000\n")))
    planted = next(it for it in bigbench_items(tasks=["2_digit_addition"]))
    key = (planted.a, planted.op, planted.b)
    open_summary = generate(recipe, tmp_path / "open.jsonl", seed=0, guard=frozenset())
    assert key in {_key(r) for r in read_jsonl(tmp_path / "open.jsonl")}
    summary = generate(recipe, tmp_path / "guarded.jsonl", seed=0, guard=guard)
    kept = {_key(r) for r in read_jsonl(tmp_path / "guarded.jsonl")}
    assert key not in kept and not kept & guard
    assert summary.dropped > 50 and summary.records + summary.dropped == open_summary.records
    assert summary.dropped_tasks["add_2x2"] == summary.dropped


def test_guard_exempts_one_digit_facts(tmp_path, read_jsonl, write_recipe, guard):
    recipe = load_recipe(str(write_recipe("[family.mul]\na_digits = [1, 1]\nb_digits = [1, 1]\ncount = 2000\n")))
    summary = generate(recipe, tmp_path / "facts.jsonl", guard=guard)
    assert summary.dropped == 0 and summary.records == 2000 and summary.exempt > 1500
    assert len({_key(r) for r in read_jsonl(tmp_path / "facts.jsonl")}) == 100  # every fact kept


def _key(record):
    a, op, b = record["input"].split(" ")
    return int(a), op, int(b)


def test_json_and_parquet_hold_the_same_records(tmp_path, read_jsonl, guard):
    recipe = load_recipe("learnability")
    for suffix in (".jsonl", ".json", ".parquet"):
        generate(recipe, tmp_path / f"out{suffix}", seed=3, limit=2500, guard=guard, shard_size=1000)
    records = read_jsonl(tmp_path / "out.jsonl")
    assert json.loads((tmp_path / "out.json").read_text()) == records
    assert pq.read_table(tmp_path / "out.parquet").to_pylist() == records


def test_jsonl_line_matches_json_dumps():
    fields = ('What\'s "7" \\ 2?', "7 / 2", "line\nbreak", "3 R 1", "div_1x1 é")
    record = dict(zip(("instruction", "input", "output", "answer", "task"), fields, strict=True))
    assert jsonl_line(fields) == json.dumps(record, ensure_ascii=False) + "\n"


def test_an_interrupted_run_leaves_nothing(tmp_path, guard, monkeypatch):
    out = tmp_path / "out.jsonl"
    real = gen._make_shard
    calls = []

    def failing(job):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(job)

    monkeypatch.setattr(gen, "_make_shard", failing)
    with pytest.raises(KeyboardInterrupt):
        generate(load_recipe("small"), out, limit=3000, guard=guard, shard_size=1000)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"out": "x.csv"}, "unsupported output format '.csv'"),
    ({"workers": 0}, "--workers must be at least 1"),
    ({"limit": -1}, "--limit must be 0 or more"),
])  # fmt: skip
def test_bad_arguments_write_nothing(tmp_path, kwargs, message):
    out = tmp_path / kwargs.pop("out", "out.jsonl")
    with pytest.raises(GoatError, match=message):
        generate(load_recipe("small"), out, **kwargs)
    assert list(tmp_path.iterdir()) == []
