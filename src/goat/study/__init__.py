"""goat study: the paper's findings (learnability, the decomposition ablation, tokenization) re-measured with
small from-scratch LLaMA models on an equal training budget per variant. See docs/studies/README.md."""
