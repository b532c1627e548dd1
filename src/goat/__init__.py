"""goat: teach language models exact arithmetic (Liu & Low, 2023), from data to a served model."""

__version__ = "0.1.0"
