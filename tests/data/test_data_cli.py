"""`goat data generate` on the command line: the demo's flow, and bad input as one line, exit 2, nothing written."""

import json

import pytest

from goat.cli import main


def test_generate_verify_stats_like_make_demo(tmp_path, capsys):
    out = tmp_path / "data" / "small.jsonl"
    assert main(["data", "generate", "--recipe", "small", "--out", str(out), "--seed", "0", "--limit", "2000"]) == 0
    summary = capsys.readouterr().out
    lines = out.read_text().splitlines()
    assert summary.startswith(f"wrote {len(lines):,} records to {out}")
    assert "contamination guard: dropped" in summary and "one-digit-by-one-digit facts" in summary
    assert len(lines) > 1950 and json.loads(lines[0])["task"]
    assert [p.name for p in out.parent.iterdir()] == ["small.jsonl"]  # no temporary file left behind
    (tmp_path / "plain.txt").write_text("")
    assert out.stat().st_mode == (tmp_path / "plain.txt").stat().st_mode  # permissions of any new file
    assert main(["data", "verify", str(out)]) == 0
    assert main(["data", "stats", str(out)]) == 0


def test_families_flag_selects_learnability_families(tmp_path, capsys):
    out = tmp_path / "direct.jsonl"
    assert main(["data", "generate", "--recipe", "learnability", "--families", "mul_direct,copy", "--out", str(out),
                 "--limit", "300"]) == 0  # fmt: skip
    tasks = {json.loads(line)["task"].rsplit("_", 1)[0] for line in out.read_text().splitlines()}
    assert tasks == {"mul_direct", "copy"}


@pytest.mark.parametrize(("args", "recipe", "message"), [
    (["--recipe", "nope"], None, "unknown recipe 'nope'"),
    (["--recipe", "learnability", "--families", "copy,cube"], None, "no family 'cube'"),
    (["--recipe", "RECIPE"], "[family.add]\na_digits = [1, 99]\nb_digits = [1, 2]\ncount = 1\n", "family.add.a_digits"),
    (["--recipe", "RECIPE"], "[family.add]\na_digits = [1, 2]\nb_digits = [1, 2]\ncount = -3\n", "family.add.count"),
    (["--recipe", "RECIPE"], "[family.add\n", "not valid TOML"),
    (["--recipe", "small", "--workers", "0"], None, "--workers must be at least 1"),
    (["--recipe", "small", "--limit", "-2"], None, "--limit must be 0 or more"),
    (["--recipe", "small", "--out", "OUT.csv"], None, "unsupported output format '.csv'"),
])  # fmt: skip
def test_bad_input_is_one_line_exit_2_and_writes_nothing(tmp_path, capsys, args, recipe, message):
    if recipe is not None:
        (tmp_path / "bad.toml").write_text(recipe)
    args = [str(tmp_path / "bad.toml") if a == "RECIPE" else a for a in args]
    if "--out" not in args:
        args += ["--out", str(tmp_path / "out" / "data.jsonl")]
    args = [str(tmp_path / a) if a.startswith("OUT") else a for a in args]
    assert main(["data", "generate", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("goat: error: ") and message in err and err.count("\n") == 1
    assert {p.name for p in tmp_path.rglob("*")} <= {"bad.toml"}
