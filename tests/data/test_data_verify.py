"""`goat data verify` and `stats` through the CLI: a clean file passes; a corrupted record is named by line."""

import json

import pytest

from goat.arith.decompose import divide, multiply
from goat.cli import main
from goat.data.generate import generate
from goat.data.recipe import load_recipe
from goat.data.verify import check_record


@pytest.fixture
def dataset(tmp_path, guard):
    path = tmp_path / "small.jsonl"
    generate(load_recipe("small"), path, seed=0, limit=1500, guard=guard)
    return path


def corrupt(path, task_prefix, change):
    """Apply `change` to the first record whose task starts with `task_prefix`; return its line number."""
    lines = path.read_text().splitlines()
    number = next(i for i, line in enumerate(lines) if json.loads(line)["task"].startswith(task_prefix))
    record = json.loads(lines[number])
    change(record)
    lines[number] = json.dumps(record)
    path.write_text("\n".join(lines) + "\n")
    return number + 1


def test_a_generated_file_verifies(dataset, capsys):
    assert main(["data", "verify", str(dataset)]) == 0
    out = capsys.readouterr().out
    assert "every record verified" in out and ", 0 bad" in out


def test_wrong_partial_product_is_named_with_its_line(dataset, capsys):
    def wrong_partial(record):
        steps = record["output"].split(" = ")
        first, *rest = steps[3].split(" + ")
        steps[3] = " + ".join([str(int(first) + 10), *rest])
        record["output"] = " = ".join(steps)

    line = corrupt(dataset, "mul_cot_", wrong_partial)
    assert main(["data", "verify", str(dataset)]) == 1
    out = capsys.readouterr().out
    assert f"{dataset}:{line}: mul_cot_" in out and "partial product step is wrong" in out
    assert ", 1 bad" in out


def test_wrong_answer_field_is_named_with_its_line(dataset, capsys):
    line = corrupt(dataset, "add_", lambda r: r.update(answer=str(int(r["answer"]) + 1)))
    assert main(["data", "verify", str(dataset)]) == 1
    out = capsys.readouterr().out
    assert f"{dataset}:{line}: add_" in out and "answer field" in out


def record(**changes):
    base = {"instruction": "What is 397 x 4429?", "input": "397 * 4429", "answer": "1758313",
            "output": "397 * 4429 = 4429 * (300 + 90 + 7) = 4429 * 300 + 4429 * 90 + 4429 * 7 = 1328700 + 398610 "
                      "+ 31003 = 1727310 + 31003 = 1758313", "task": "mul_cot_3x4"}  # fmt: skip
    return base | changes


@pytest.mark.parametrize(("changes", "problem"), [
    ({}, None),
    ({"task": "mul_cot_3x5"}, "operands have 3 and 4 digits, task mul_cot_3x5 says 3x5"),
    ({"task": "mul_direct_3x4"}, "needs 397 * 4429 written as a single equation"),
    ({"output": "397 * 4429 = 1758313"}, "needs 397 * 4429 written as a chain"),
    ({"output": "397 * 4429 = 1758314", "answer": "1758314"}, "result step is wrong"),
    ({"instruction": "What is 397 x 4428?"}, "does not ask 397 * 4429"),
    ({"input": "397 + 4429"}, "needs '*'"),
    ({"task": "pow_3x4"}, "unknown task 'pow_3x4'"),
    ({"answer": None}, "field 'answer' missing"),
    ({"output": "397 * 4429 = 4429 * (390 + 7) = 4429 * 390 + 4429 * 7 = 1727310 + 31003 = 1758313"}, "split step"),
])  # fmt: skip
def test_check_record_names_the_problem(changes, problem):
    found = check_record(record(**changes))
    assert found == problem if problem is None else problem in found


def test_aligned_and_plain_chains_are_told_apart():
    aligned = record(task="mul_aligned_3x4", output=multiply(397, 4429, aligned=True))
    assert check_record(aligned) is None
    assert "zero-filled" in check_record(aligned | {"output": record()["output"]})
    assert "added as written" in check_record(record(output=aligned["output"]))


def test_an_aligned_family_generates_and_verifies(tmp_path, write_recipe, guard, read_jsonl, capsys):
    recipe = write_recipe('[family.mul]\nkind = "mul_aligned"\na_digits = [1, 3]\nb_digits = [2, 3]\ncount = 40\n')
    out = tmp_path / "aligned.jsonl"
    generate(load_recipe(str(recipe)), out, seed=3, guard=guard)
    tasks = {r["task"] for r in read_jsonl(out)}
    assert tasks == {"mul_1x2", "mul_1x3", "mul_aligned_2x2", "mul_aligned_2x3", "mul_aligned_3x2", "mul_aligned_3x3"}
    assert any(" + 0" in r["output"] for r in read_jsonl(out))
    assert main(["data", "verify", str(out)]) == 0


def test_an_ascending_family_generates_and_verifies(tmp_path, write_recipe, guard, read_jsonl):
    recipe = write_recipe('[family.mul]\nkind = "mul_ascending"\na_digits = [1, 3]\nb_digits = [3, 3]\ncount = 40\n')
    out = tmp_path / "ascending.jsonl"
    generate(load_recipe(str(recipe)), out, seed=3, guard=guard)
    records = read_jsonl(out)
    assert {r["task"] for r in records} == {"mul_1x3", "mul_ascending_2x3", "mul_ascending_3x3"}
    assert main(["data", "verify", str(out)]) == 0
    chain = next(r for r in records if r["task"] == "mul_ascending_3x3" and r["output"].count(" + ") > 4)
    a, b = (int(x) for x in chain["input"].split(" * "))
    assert "from the ones up" in check_record(chain | {"output": multiply(a, b)})
    goat = chain | {"task": "mul_cot_3x3"}
    assert "from the largest place down" in check_record(goat)
    assert check_record(goat | {"output": multiply(a, b)}) is None


def test_a_lines_family_generates_and_verifies(tmp_path, write_recipe, guard, read_jsonl):
    recipe = write_recipe('[family.mul]\nkind = "mul_lines"\na_digits = [1, 3]\nb_digits = [3, 3]\ncount = 40\n')
    out = tmp_path / "lines.jsonl"
    generate(load_recipe(str(recipe)), out, seed=3, guard=guard)
    records = read_jsonl(out)
    assert {r["task"] for r in records} == {"mul_1x3", "mul_lines_2x3", "mul_lines_3x3"}
    assert main(["data", "verify", str(out)]) == 0
    chain = next(r for r in records if r["task"] == "mul_lines_3x3" and r["output"].count("\n") == 4)
    a, b = (int(x) for x in chain["input"].split(" * "))
    assert "on a line of its own" in check_record(chain | {"output": multiply(a, b)})
    assert "the chain on one line" in check_record(chain | {"task": "mul_cot_3x3"})
    assert check_record(chain | {"task": "mul_cot_3x3", "output": multiply(a, b)}) is None


def test_aligned_subtraction_generates_and_verifies(tmp_path, write_recipe, guard, read_jsonl):
    recipe = write_recipe('[family.sub]\nkind = "sub_aligned"\na_digits = [2, 4]\nb_digits = [2, 4]\ncount = 60\n')
    out = tmp_path / "sub.jsonl"
    generate(load_recipe(str(recipe)), out, seed=3, guard=guard)
    records = read_jsonl(out)
    assert {r["task"] for r in records} >= {"sub_aligned_2x2", "sub_aligned_4x3"}
    assert any(" = 0" in r["output"] or " = -0" in r["output"] for r in records)
    assert main(["data", "verify", str(out)]) == 0
    short = next(r for r in records if r["output"].count(" = ") == 2)
    assert "zero-filled" not in (check_record(short) or "")
    plain = short | {"output": short["input"] + " = " + short["answer"]}
    assert "written as a chain" in check_record(plain)  # sub_aligned must zero-fill a short difference
    assert "single equation" in check_record(short | {"task": short["task"].replace("sub_aligned", "sub")})


def _division_records(kind, tmp_path, write_recipe, guard, read_jsonl):
    """A division family of `kind` at 3-5 by 1-2 digits, generated and passed by `goat data verify`."""
    recipe = write_recipe(f'[family.div]\nkind = "{kind}"\na_digits = [3, 5]\nb_digits = [1, 2]\ncount = 40\n')
    out = tmp_path / "div.jsonl"
    generate(load_recipe(str(recipe)), out, seed=3, guard=guard)
    records = read_jsonl(out)
    chains = {f"{kind}_{d}x2" for d in (3, 4, 5)}  # one-digit divisors stay one line: div_dx1
    assert {r["task"] for r in records} == {"div_3x1", "div_4x1", "div_5x1", *chains}
    assert main(["data", "verify", str(out)]) == 0
    return records


def test_aligned_division_generates_and_verifies(tmp_path, write_recipe, guard, read_jsonl):
    records = _division_records("div_aligned", tmp_path, write_recipe, guard, read_jsonl)
    chain = next(r for r in records if r["task"] == "div_aligned_5x2" and " = 0" in r["output"])
    a, b = (int(x) for x in chain["input"].split(" / "))
    assert "short differences zero-filled" in check_record(chain | {"output": divide(a, b)})
    goat = chain | {"task": "div_cot_5x2"}
    assert "no zero-filled differences" in check_record(goat)
    assert check_record(goat | {"output": divide(a, b)}) is None


def test_table_division_generates_and_verifies(tmp_path, write_recipe, guard, read_jsonl):
    records = _division_records("div_table", tmp_path, write_recipe, guard, read_jsonl)
    chain = next(r for r in records if r["task"] == "div_table_5x2" and r["output"].count("\n") > 3)
    a, b = (int(x) for x in chain["input"].split(" / "))
    assert "needs the question and the divisor's multiples" in check_record(chain | {"output": divide(a, b, aligned=True)})
    assert "needs no divisor's multiples" in check_record(chain | {"task": "div_aligned_5x2"})
    no_sum = chain["output"].split("\n")
    assert "needs a quotient sum" in check_record(chain | {"output": "\n".join(no_sum[:-2] + no_sum[-1:])})
    one_line = next(r for r in records if r["task"].startswith("div_table") and r["output"].count("\n") == 2)
    assert check_record(one_line) is None  # one nonzero quotient digit: nothing to add


def test_the_aligned_recipe_asks_the_default_recipes_questions(tmp_path, guard, read_jsonl):
    """Only the chains differ, so a run on it against the default model's measures the aligned step alone."""
    plain, aligned = tmp_path / "plain.jsonl", tmp_path / "aligned.jsonl"
    generate(load_recipe("bigbench-cpu-tiny"), plain, seed=1, limit=3000, guard=guard)
    generate(load_recipe("bigbench-cpu-tiny-aligned"), aligned, seed=1, limit=3000, guard=guard)
    pairs = list(zip(read_jsonl(plain), read_jsonl(aligned), strict=True))
    assert all(p["instruction"] == a["instruction"] for p, a in pairs)
    differ = {a["task"].rsplit("_", 1)[0] for p, a in pairs if p["output"] != a["output"]}
    assert differ == {"mul_aligned"}


def test_division_structure_and_learnability_families():
    chain = "8914 - 64 * 100 = 8914 - 6400 = 2514\n2514 - 64 * 30 = 2514 - 1920 = 594\n594 - 64 * 9 = 594 - 576 = 18\n"
    div = {"instruction": "What is 8914 / 64?", "input": "8914 / 64", "answer": "139 R 18", "task": "div_cot_4x2"}
    assert check_record(div | {"output": chain + "Therefore, 8914 / 64 = 139 R 18"}) is None
    skipped = "8914 - 64 * 100 = 8914 - 6400 = 2514\n2514 - 64 * 9 = 2514 - 576 = 1938\n"
    assert "quotient digit" in check_record(div | {"output": skipped + "Therefore, 8914 / 64 = 109 R 1938"})
    assert "written as a chain" in check_record(div | {"output": "8914 / 64 = 139 R 18"})
    split = {"instruction": "Split 4536 by place value.", "input": "4536", "task": "split_4"}
    assert check_record(split | {"output": "4000 + 500 + 30 + 6", "answer": "4000 + 500 + 30 + 6"}) is None
    assert "wrong for split" in check_record(split | {"output": "4000 + 536", "answer": "4000 + 536"})
    order = {"instruction": "Sort 30, 12, 45 in ascending order.", "input": "30, 12, 45", "task": "order_2"}
    assert check_record(order | {"output": "12, 30, 45", "answer": "12, 30, 45"}) is None
    assert "wrong for order" in check_record(order | {"output": "12, 45, 30", "answer": "12, 45, 30"})
    compare = {"instruction": "Compare 45 and 123.", "input": "45, 123", "task": "compare_2"}
    assert "not 2-digit numbers" in check_record(compare | {"output": "45 < 123", "answer": "45 < 123"})


def test_every_learnability_family_verifies(tmp_path, guard, capsys):
    out = tmp_path / "learn.jsonl"
    generate(load_recipe("learnability"), out, seed=2, limit=3000, guard=guard)
    assert main(["data", "verify", str(out)]) == 0
    out = capsys.readouterr().out
    assert all(f"  {kind} " in out for kind in ("copy", "split", "compare", "order", "mul_direct", "div_direct"))


@pytest.mark.parametrize(("content", "message"), [
    ('{"instruction": "x"\n', "bad.jsonl:1: not valid JSON"),
    ('{"task": "add_1x1"}\n[1, 2]\n', "bad.jsonl:2: a record must be a JSON object"),
])  # fmt: skip
def test_malformed_files_exit_2(tmp_path, capsys, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(content)
    assert main(["data", "verify", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("goat: error:") and message in err and "\n" not in err


def test_missing_file_exits_2(tmp_path, capsys):
    assert main(["data", "stats", str(tmp_path / "absent.jsonl")]) == 2
    assert "file not found" in capsys.readouterr().err


def test_verify_reads_json_and_parquet(tmp_path, guard, capsys):
    generate(load_recipe("small"), tmp_path / "ref.jsonl", limit=500, guard=guard)
    for suffix in (".json", ".parquet"):
        path = tmp_path / f"s{suffix}"
        generate(load_recipe("small"), path, limit=500, guard=guard)
        assert main(["data", "verify", str(path)]) == 0
        assert capsys.readouterr().out.startswith(
            f"{path}: {len((tmp_path / 'ref.jsonl').read_text().splitlines())} records"
        )


def test_stats_counts_tasks_and_lengths(dataset, capsys):
    assert main(["data", "stats", str(dataset)]) == 0
    out = capsys.readouterr().out
    records = [json.loads(line) for line in dataset.read_text().splitlines()]
    assert out.startswith(f"{dataset}: {len(records):,} records, {len({r['task'] for r in records})} tasks")
    longest = max(len("{}\nAnswer: ".format(r["instruction"])) + len(r["output"]) for r in records)
    assert f"max {longest}\n" in out


def test_stats_counts_tokens_with_a_tokenizer(dataset, tmp_path, capsys):
    from goat.models import build_digit_tokenizer

    path = tmp_path / "tokenizer.json"
    build_digit_tokenizer().backend_tokenizer.save(str(path))
    assert main(["data", "stats", str(dataset), "--tokenizer", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    chars = next(line for line in lines if line.startswith("characters, prompt + output"))
    tokens = next(line for line in lines if line.startswith("tokens, prompt + output"))
    assert chars.split(":", 1)[1].strip() in tokens  # one token per character: the same distribution


def test_stats_takes_a_base_name_as_tokenizer(dataset, capsys):
    assert main(["data", "stats", str(dataset), "--tokenizer", "tiny"]) == 0  # the digit tokenizer, by name
    lines = capsys.readouterr().out.splitlines()
    chars = next(line for line in lines if line.startswith("characters, prompt + output"))
    tokens = next(line for line in lines if line.startswith("tokens, prompt + output"))
    assert chars.split(":", 1)[1].strip() in tokens
