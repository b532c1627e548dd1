"""Recipes as data: the shipped mixes have the paper's shape, and a bad recipe names its file and key."""

from dataclasses import replace

import pytest

from goat.data.recipe import load_recipe
from goat.errors import GoatError


def buckets(recipe, name):
    family = next(f for f in recipe.families if f.name == name)
    return dict(zip(family.buckets, family.counts, strict=True)), family


def covered(bucket_counts, swap):
    """Every ordered digit combination the family can emit."""
    pairs = set(bucket_counts)
    return pairs | {(j, i) for i, j in pairs} if swap else pairs


def test_goat_recipe_is_the_papers_mix():
    recipe = load_recipe("goat")
    assert 1_650_000 <= recipe.total <= 1_750_000
    add, family = buckets(recipe, "add")
    assert covered(add, family.swap) == {(i, j) for i in range(1, 17) for j in range(1, 17)}
    assert add[(16, 16)] > add[(8, 8)] > add[(1, 1)]  # more samples for longer operands
    mul_1, family = buckets(recipe, "mul_1")
    assert covered(mul_1, family.swap) >= {(i, 1) for i in range(1, 17)} | {(1, i) for i in range(1, 17)}
    mul_cot, family = buckets(recipe, "mul_cot")
    assert covered(mul_cot, family.swap) == {(i, j) for i in range(2, 11) for j in range(2, 11) if i + j <= 12}
    div_1, family = buckets(recipe, "div_1")
    assert set(div_1) == {(i, 1) for i in range(1, 17)} and family.exact == 0.5
    div_cot, family = buckets(recipe, "div_cot")
    assert set(div_cot) == {(i, j) for i in range(2, 13) for j in range(2, i + 1) if i - j + 1 <= 7}
    assert family.exact == 0.5


def test_small_recipe_has_the_same_families_at_cpu_size():
    goat, small = load_recipe("goat"), load_recipe("small")
    assert [f.name for f in small.families] == [f.name for f in goat.families]
    assert [f.buckets for f in small.families] == [f.buckets for f in goat.families]
    assert 10_000 <= small.total <= 100_000


def test_bigbench_cpu_recipe_asks_what_bigbench_asks(write_recipe):
    recipe = load_recipe("bigbench-cpu")
    add, _ = buckets(recipe, "add")
    assert set(add) == {(n, n) for n in range(1, 6)}  # same_digits: 3D + 3D, as BIG-bench asks
    assert add[(5, 5)] > add[(1, 1)]
    div_cot, family = buckets(recipe, "div_cot")
    assert family.exact >= 0.5 and all(i >= j for i, j in div_cot)
    mixed = load_recipe(str(write_recipe(ADD + "same_digits = false\n")))
    assert len(mixed.families[0].buckets) == 9


def test_bigbench_cpu_v3_spends_more_on_subtraction_and_fewer_long_chains():
    v2, v3 = load_recipe("bigbench-cpu"), load_recipe("bigbench-cpu-v3")
    sub2, _ = buckets(v2, "sub")
    sub3, family = buckets(v3, "sub")
    assert set(sub3) == set(sub2) == {(n, n) for n in range(1, 6)} and family.swap  # half go negative
    assert all(sub3[b] >= 1.5 * sub2[b] for b in sub3 if b != (1, 1))
    mul2, _ = buckets(v2, "mul_cot")
    assert buckets(v3, "mul_cot_2")[0][(2, 2)] > mul2[(2, 2)]
    assert buckets(v3, "mul_cot_3")[0][(3, 3)] < mul2[(3, 3)] / 2


def test_bigbench_cpu_v4_is_v3_with_every_family_grown_alike():
    v3, v4 = load_recipe("bigbench-cpu-v3"), load_recipe("bigbench-cpu-v4")
    assert [(f.name, f.kind, f.buckets, f.swap, f.exact) for f in v4.families] == [
        (f.name, f.kind, f.buckets, f.swap, f.exact) for f in v3.families
    ]
    for f3, f4 in zip(v3.families, v4.families, strict=True):
        assert all(abs(c4 - 1.6 * c3) <= 2 for c3, c4 in zip(f3.counts, f4.counts, strict=True)), f4.name


def test_bigbench_cpu_v5_stage2_weights_what_v4_gets_wrong():
    v4, stage2 = load_recipe("bigbench-cpu-v4"), load_recipe("bigbench-cpu-v5-stage2")
    share = {r.name: {f.kind: 0 for f in r.families} for r in (v4, stage2)}
    for recipe in (v4, stage2):
        for f in recipe.families:
            share[recipe.name][f.kind] += f.total / recipe.total
    assert share["bigbench-cpu-v5-stage2"]["sub"] > share["bigbench-cpu-v4"]["sub"] + 0.05
    assert share["bigbench-cpu-v5-stage2"]["div"] > share["bigbench-cpu-v4"]["div"]
    assert share["bigbench-cpu-v5-stage2"]["add"] < share["bigbench-cpu-v4"]["add"] / 1.5
    sub, _ = buckets(stage2, "sub")
    assert set(sub) == {(n, n) for n in range(1, 6)} and sub[(5, 5)] > 50 * sub[(1, 1)]  # every size, 3-5D most
    assert stage2.total < v4.total / 2  # a second stage: about 35 minutes over v4's 80


def test_bigbench_cpu_tiny_is_v4_x18_weighted_to_tiny_errors():
    v4, tiny = load_recipe("bigbench-cpu-v4"), load_recipe("bigbench-cpu-tiny")
    assert [(f.name, f.kind, f.buckets, f.swap, f.exact) for f in tiny.families] == [
        (f.name, f.kind, f.buckets, f.swap, f.exact) for f in v4.families
    ]
    ratio = {f4.name: sum(ft.counts) / sum(f4.counts) / 18 for f4, ft in zip(v4.families, tiny.families, strict=True)}
    for name in ("add_mixed", "sub_mixed", "mul_cot_2", "mul_cot_3"):
        assert ratio[name] == 1.0, name  # as in version 4, 18 times over
    assert 2.2 < ratio["mul_1"] < 2.4 and 1.9 < ratio["div_1"] < 2.1 and ratio["div_cot"] == 2.0
    for name, low, high in (("add", 1.35, 1.45), ("sub", 1.15, 1.2)):
        (v4_counts, _), (tiny_counts, _) = buckets(v4, name), buckets(tiny, name)
        assert all(low < tiny_counts[(n, n)] / v4_counts[(n, n)] / 18 < high for n in (3, 4, 5)), name
    assert 800_000 < tiny.total < 840_000  # one pass is about 13,000 steps of 64


def test_bigbench_cpu_tiny_v7_adds_running_sums_and_weights_chains_to_v6_errors():
    tiny, v7 = load_recipe("bigbench-cpu-tiny"), load_recipe("bigbench-cpu-tiny-v7")
    same = {f.name: f for f in tiny.families}
    running = next(f for f in v7.families if f.name == "add_running_sum")
    assert running.kind == "add" and running.swap
    assert {(i, j) for i, j in running.buckets if i != j} == {(2, 3), (2, 4), (2, 5), (3, 4), (3, 5), (4, 5)}
    assert [f.name for f in v7.families if f.name not in same] == ["add_running_sum"]
    for f in v7.families:
        if f.name in same:
            old = same[f.name]
            assert (f.kind, f.buckets, f.swap, f.exact) == (old.kind, old.buckets, old.swap, old.exact), f.name
            factor = {"mul_cot_3": 3.0, "div_cot": 1.5}.get(f.name, 1.0)  # the rest as in version 6
            assert sum(f.counts) == factor * sum(old.counts), f.name


def test_bigbench_cpu_tiny_3d_is_version_6s_mix_with_five_times_the_3d_chains():
    tiny, mix = load_recipe("bigbench-cpu-tiny"), load_recipe("bigbench-cpu-tiny-3d")
    assert [(f.name, f.kind, f.buckets, f.swap, f.exact) for f in mix.families] == [
        (f.name, f.kind, f.buckets, f.swap, f.exact) for f in tiny.families
    ]
    for old, new in zip(tiny.families, mix.families, strict=True):
        factor = 5 if new.name == "mul_cot_3" else 1
        assert new.counts == tuple(factor * n for n in old.counts), new.name

def test_bigbench_cpu_tiny_3d_long_adds_goat_large_lengths_to_the_3d_mix():
    mix, long = load_recipe("bigbench-cpu-tiny-3d"), load_recipe("bigbench-cpu-tiny-3d-long")
    assert long.families[: len(mix.families)] == mix.families
    added = {f.name: f for f in long.families[len(mix.families) :]}
    assert {name: f.kind for name, f in added.items()} == {
        "add_long": "add", "sub_long": "sub", "mul_1_long": "mul", "div_1_long": "div",
    }  # fmt: skip
    for name in ("add_long", "sub_long"):  # every goat-large add/sub shape: 8D+8D, 16D+8D, 16D+16D
        assert {(8, 8), (8, 16), (16, 16)} <= set(added[name].buckets), name
    assert (16, 1) in added["div_1_long"].buckets and (16, 1) in added["mul_1_long"].buckets  # swap: 1Dx16D too
    assert max(max(i, j) for f in long.families for i, j in f.buckets) == 16



def test_bigbench_cpu_tiny_3d_long_sub_aligned_changes_only_the_subtraction_kind():
    long, aligned = load_recipe("bigbench-cpu-tiny-3d-long"), load_recipe("bigbench-cpu-tiny-3d-long-sub-aligned")
    for old, new in zip(long.families, aligned.families, strict=True):
        assert (new.name, new.buckets, new.counts, new.swap, new.exact) == (
            old.name, old.buckets, old.counts, old.swap, old.exact
        )  # fmt: skip
        assert new.kind == ("sub_aligned" if old.kind == "sub" else old.kind), new.name
    assert sum(f.kind == "sub_aligned" for f in aligned.families) == 3


def test_the_v10_stage_holds_v9s_families_and_half_goat_large_lengths():
    first, stage = load_recipe("bigbench-cpu-tiny-3d-long-sub-aligned"), load_recipe("bigbench-cpu-tiny-v10-stage2")
    shape = [(f.name, f.kind, f.buckets) for f in first.families]
    assert [(f.name, f.kind, f.buckets) for f in stage.families] == shape
    long = sum(sum(f.counts) for f in stage.families if f.name.endswith("_long"))
    assert 0.45 < long / stage.total < 0.55 and 40_000 < stage.total < 50_000  # 750 steps of 64, half long


def test_the_v11_division_mix_is_v9s_plus_long_division_chains_by_2_3_digits():
    first, div = load_recipe("bigbench-cpu-tiny-3d-long-sub-aligned"), load_recipe("bigbench-cpu-tiny-v11-div")
    assert div.families[: len(first.families)] == first.families
    [added] = div.families[len(first.families) :]
    assert added.kind == "div" and added.buckets == ((4, 2), (4, 3), (5, 2), (5, 3)) and sum(added.counts) == 44_000
    [chains] = [f for f in first.families if f.name == "div_cot"]
    for bucket, n in zip(added.buckets, added.counts, strict=True):  # with the old chains: about three times as many
        assert 2.8 < (n + chains.counts[chains.buckets.index(bucket)]) / chains.counts[0] < 3.0


@pytest.mark.parametrize(
    ("before", "after", "kinds"),
    [("bigbench-cpu-tiny-3d-long-sub-aligned", "bigbench-cpu-tiny-v12-div-aligned", ("div", "div_aligned")),
     ("bigbench-cpu-tiny-v10-stage2", "bigbench-cpu-tiny-v12-stage2", ("div", "div_aligned")),
     ("bigbench-cpu-tiny-v12-div-aligned", "bigbench-cpu-tiny-v14-div-table", ("div_aligned", "div_table")),
     ("bigbench-cpu-tiny-v12-stage2", "bigbench-cpu-tiny-v14-stage2", ("div_aligned", "div_table"))],
)  # fmt: skip
def test_the_v12_and_v14_recipes_change_only_the_division_chain_kind(before, after, kinds):
    old, new = load_recipe(before), load_recipe(after)
    for a, b in zip(old.families, new.families, strict=True):
        assert (b.name, b.buckets, b.counts, b.swap, b.exact) == (a.name, a.buckets, a.counts, a.swap, a.exact)
        assert b.kind == (kinds[1] if a.name == "div_cot" else a.kind), b.name
    assert [f.kind for f in old.families if f.name == "div_cot"] == [kinds[0]]


@pytest.mark.parametrize(
    ("before", "after", "counts"),
    [("bigbench-cpu-tiny-v12-div-aligned", "bigbench-cpu-tiny-v15-mul45", (24_000, 12_000)),
     ("bigbench-cpu-tiny-v12-stage2", "bigbench-cpu-tiny-v15-stage2", (670, 335))],
)  # fmt: skip
def test_the_v15_recipes_are_v12s_plus_4d_and_5d_multiplication_chains(before, after, counts):
    old, new = load_recipe(before), load_recipe(after)
    added = [f for f in new.families if f.name in ("mul_cot_4", "mul_cot_5")]
    assert [f for f in new.families if f not in added] == list(old.families)
    assert [(f.kind, f.buckets, f.counts, f.swap, f.exact) for f in added] == [
        ("mul", ((4, 4),), (counts[0],), False, 0.0), ("mul", ((5, 5),), (counts[1],), False, 0.0)
    ]  # fmt: skip
    [three] = [f for f in old.families if f.name == "mul_cot_3"]
    for n, share in zip(counts, (2 / 3, 1 / 3), strict=True):  # the same shares of 3D x 3D's count in both stages
        assert n / three.counts[0] == pytest.approx(share, abs=0.01)


@pytest.mark.parametrize(
    ("before", "after", "count"),
    [("bigbench-cpu-tiny-v15-mul45", "bigbench-cpu-tiny-v16-round", 3000),
     ("bigbench-cpu-tiny-v15-stage2", "bigbench-cpu-tiny-v16-stage2", 85)],
)  # fmt: skip
def test_the_v16_recipes_are_v15s_plus_one_line_partial_products(before, after, count):
    old, new = load_recipe(before), load_recipe(after)
    assert new.families[:-1] == old.families
    added = new.families[-1]
    assert (added.kind, added.round_b, added.swap, set(added.counts)) == ("mul", True, False, {count})
    assert added.buckets == tuple((i, j) for i in range(2, 6) for j in range(2, 6))


@pytest.mark.parametrize(
    ("before", "after"),
    [("bigbench-cpu-tiny-v15-mul45", "bigbench-cpu-tiny-v17-lines"),
     ("bigbench-cpu-tiny-v15-stage2", "bigbench-cpu-tiny-v17-stage2")],
)  # fmt: skip
def test_the_v17_recipes_are_v15s_with_the_chains_in_lines(before, after):
    old, new = load_recipe(before), load_recipe(after)
    chains = [f.name for f in old.families if f.name.startswith("mul_cot_")]
    assert chains == ["mul_cot_2", "mul_cot_3", "mul_cot_4", "mul_cot_5"]
    for a, b in zip(old.families, new.families, strict=True):
        assert b == (replace(a, kind="mul_lines") if a.name in chains else a), b.name


def test_select_keeps_named_families_and_rejects_unknown():
    recipe = load_recipe("learnability")
    assert [f.name for f in recipe.select(["mul_direct", "copy"]).families] == ["copy", "mul_direct"]
    with pytest.raises(GoatError, match="no family 'nope'"):
        recipe.select(["nope"])


def test_unknown_recipe_name():
    with pytest.raises(GoatError, match="unknown recipe 'goatt'"):
        load_recipe("goatt")


ADD = "[family.add]\na_digits = [1, 3]\nb_digits = [1, 3]\ncount = 5\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (ADD.replace("[1, 3]", "[0, 3]", 1), r"family\.add\.a_digits: must be \[low, high\] with 1 <= low"),
        (ADD.replace("[1, 3]", "[1, 40]", 1), r"family\.add\.a_digits"),
        (ADD.replace("[1, 3]", "[3, 1]", 1), r"family\.add\.a_digits"),
        (ADD.replace("count = 5", "count = -5"), r"family\.add\.count: must be an integer >= 0, got -5"),
        (ADD.replace("count = 5", ""), r"family\.add\.count: missing"),
        (ADD + 'kind = "pow"\n', r"family\.add\.kind: unknown kind 'pow'"),
        (ADD + "colour = 1\n", r"family\.add: unknown key 'colour'"),
        (ADD + "same_digits = 1\n", r"family\.add\.same_digits: must be true or false"),
        (ADD + "exact = 0.5\n", r"family\.add\.exact: only division families"),
        (ADD + "round_b = true\n", r"family\.add\.round_b: only multiplication families"),
        (ADD.replace("add", "mul") + "round_b = 1\n", r"family\.mul\.round_b: must be true or false"),
        (ADD.replace("add", "mul") + "round_b = true\nswap = true\n", r"family\.mul\.round_b: cannot be used with swap"),
        (ADD.replace("add", "div") + "swap = true\n", r"family\.div\.swap"),
        (ADD.replace("add", "div") + "exact = 2\n", r"family\.div\.exact: must be a number between 0 and 1"),
        ("[family.add\n", r"not valid TOML"),
        ('name = "x"\n', r"no \[family\.NAME\] tables"),
        ("[family.copy]\ndigits = [1, 3]\ncount = 1\na_digits = [1, 2]\n", r"family\.copy: unknown key 'a_digits'"),
    ],
)
def test_bad_recipes_name_the_file_and_key(write_recipe, text, message):
    path = write_recipe(text)
    with pytest.raises(GoatError, match=message) as error:
        load_recipe(str(path))
    assert str(error.value).startswith(str(path))
    assert "\n" not in str(error.value)


def test_missing_recipe_file(tmp_path):
    with pytest.raises(GoatError, match="recipe file not found"):
        load_recipe(str(tmp_path / "absent.toml"))
