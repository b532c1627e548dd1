"""`goat train` and `goat export`: supervised fine-tuning (LoRA or full) of a LLaMA-family model on goat's data.

Modules: args (settings), dataset (records -> masked examples), batching (packing), callbacks (progress, time
limit, complete checkpoints), train (the recipe), export (merge a LoRA adapter), cli (the subcommands).
"""
