"""The from-scratch presets build the shapes their configs describe, with the digit tokenizer."""

import pytest

from goat.errors import GoatError
from goat.models import PRESETS, build_model


@pytest.mark.parametrize(
    "preset, layers, hidden, millions",
    [("tiny", 4, 256, 3.4), ("small", 6, 384, 10.7), ("tiny-deep", 8, 192, 3.9), ("tiny-wide", 4, 384, 7.1)],
)
def test_preset_shapes(preset, layers, hidden, millions):
    model = build_model(preset, seed=0)
    assert model.config.num_hidden_layers == layers
    assert model.config.hidden_size == hidden
    assert round(sum(p.numel() for p in model.parameters()) / 1e6, 1) == millions


def test_every_preset_is_checked_and_unknown_ones_are_refused():
    assert set(PRESETS) == {"tiny", "small", "tiny-deep", "tiny-wide"}
    with pytest.raises(GoatError, match="unknown preset 'huge'"):
        build_model("huge")
