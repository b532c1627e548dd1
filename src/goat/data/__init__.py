"""`goat data`: Goat datasets from recipes (generate), re-checked (verify) and described (stats)."""
