"""The arithmetic core: formats, decomposition, parsing, answer extraction and chain audit. Pure Python."""
