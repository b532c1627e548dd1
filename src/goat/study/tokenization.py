"""The tokenization study's second tokenizer: digits grouped up to three per token, as GPT-style BPEs do.

It is goat's character-level tokenizer (goat.models.build_digit_tokenizer) plus one token for every 2- and
3-digit string, with a pre-tokenizer that cuts each run of digits into chunks of three from the left
(`12345` -> `123`, `45`; GPT-4's `\\p{N}{1,3}`). Everything else stays one token per character, so the two
tokenizers differ only in how numbers are cut. Built with `tokenizers`, like the digit tokenizer: a fixed
vocabulary needs no training.

    >>> tok = build_grouped_tokenizer()
    >>> tok.tokenize("12345 + 7")
    ['123', '45', ' ', '+', ' ', '7']
"""

from __future__ import annotations

TOKENIZERS = ("digit", "grouped")


def build_grouped_tokenizer():
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    from goat.models import build_digit_tokenizer

    vocab = dict(build_digit_tokenizer().get_vocab())
    for width in (2, 3):
        for n in range(10**width):
            vocab[f"{n:0{width}d}"] = len(vocab)
    tok = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Split(Regex(r"\d{1,3}|[\s\S]"), behavior="isolated")
    tok.decoder = decoders.Fuse()
    return PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token="<s>", eos_token="</s>", pad_token="<pad>", unk_token="<unk>"
    )


def build_tokenizer(name: str):
    from goat.models import build_digit_tokenizer

    return build_digit_tokenizer() if name == "digit" else build_grouped_tokenizer()
