"""Reading the generator's records, the prompt mask, the cutoff, and bad data files."""

from __future__ import annotations

import json

import pytest

from goat.arith.prompt import format_prompt
from goat.errors import GoatError
from goat.models import build_digit_tokenizer
from goat.train.dataset import encode, read_records, tokenize


def test_labels_cover_the_answer_and_eos_only():
    tokenizer = build_digit_tokenizer()
    record = {"instruction": "What is 12 + 30?", "output": "12 + 30 = 42"}
    [example] = encode([record], tokenizer)
    text = tokenizer.decode(example["input_ids"], skip_special_tokens=False)
    assert text.endswith(format_prompt(record["instruction"]) + record["output"] + tokenizer.eos_token)
    answer = [t for t in example["labels"] if t != -100]
    assert tokenizer.decode(answer) == record["output"] + tokenizer.eos_token
    n_prompt = example["labels"].count(-100)
    assert example["labels"][n_prompt:] == example["input_ids"][n_prompt:]  # the mask is a prefix


def test_jsonl_json_and_parquet_read_the_same(tmp_path, records_file):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [json.loads(line) for line in records_file.read_text().splitlines()]
    (tmp_path / "d.json").write_text(json.dumps(rows))
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "d.parquet")
    expected = read_records(records_file)
    assert len(expected) == 64
    assert read_records(tmp_path / "d.json") == expected == read_records(tmp_path / "d.parquet")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"instruction": "1 + 1", "output": "1 + 1 = 2"}\n{"instruction": "2 + 2", "output": \n',
            ":2: not valid JSON",
        ),
        ('{"instruction": "1 + 1", "output": "1 + 1 = 2"}\n\n{"instruction": "2 + 2"}\n', ":3: 'output' missing"),
        ('{"instruction": "", "output": "2"}\n', ":1: 'instruction' not a non-empty string"),
        ("[1, 2]\n", ":1: a record must be a JSON object"),
        ("\n\n", "no records"),
    ],
)
def test_malformed_data_names_the_line(tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(content)
    with pytest.raises(GoatError, match=message):
        read_records(path)


def test_missing_file_and_bad_json_array(tmp_path):
    with pytest.raises(GoatError, match="not found"):
        read_records(tmp_path / "nope.jsonl")
    (tmp_path / "a.json").write_text('{"instruction": "x"}')
    with pytest.raises(GoatError, match="expected a JSON array"):
        read_records(tmp_path / "a.json")


def test_cutoff_drops_long_examples_with_a_warning(capsys):
    tokenizer = build_digit_tokenizer()
    records = [{"instruction": "What is 1 + 1?", "output": "1 + 1 = 2"}] * 3
    records += [{"instruction": "What is 1 + 1?", "output": "1 + 1 = 2" + " " * 100}] * 2
    dataset = tokenize(records, tokenizer, cutoff=40)
    assert len(dataset) == 3
    assert "dropped 2 of 5 examples longer than the cutoff of 40" in capsys.readouterr().err
    with pytest.raises(GoatError, match="all 5 examples are longer than the cutoff of 5"):
        tokenize(records, tokenizer, cutoff=5)
