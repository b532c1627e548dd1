"""Ask a goat: load a model once, ask many questions, get the chain, the answer and its audit.

The Python API that `goat ask` and `goat serve` are built on; small and stable:

    from goat.ask.api import Goat
    goat = Goat.load()                        # the shipped model; or Goat.load("runs/tiny"), "smollm2-135m", ...
    [answer] = goat.ask(["What is 397 x 4429?"])
    answer.answer, answer.verified            # ('1758313', True) for a well-trained goat
    answer.audit["first_wrong_step"]          # None, or {"kind": "partial product", "text": ..., "expected": ...}
    goat.generate(["What is 2 + 2?\\nAnswer: "], max_new_tokens=16)   # raw completions of raw prompts

- `Goat.load(model=None) -> Goat`: any model `goat.models.load_model` takes (None: the shipped default).
- `Goat.generate(prompts, max_new_tokens, batch_size=32) -> list[str]`: greedy, batched, in order.
- `Goat.ask(questions, batch_size=32) -> list[Answer]`, one per question, in order. A question with no
  arithmetic is not sent to the model: its Answer has `error` set and `answer` None.
- `read_question(question) -> Answer`: the parse alone (no model), to reject bad input early.
- `Answer.complete(output)`: fills in output, answer, verified and audit (what `ask` does per question).
- `Answer`: question, expression (a, op, b) or None, output (the chain), answer (the final answer
  extracted from it), verified (every step checks out and the answer is right), audit
  (`goat.arith.audit.Audit.to_dict()`: target, steps, first_wrong_step), warning (numbers beyond the
  training range), error; `Answer.to_dict()` is its JSON form.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from goat.arith.audit import audit
from goat.arith.extract import extract_answer
from goat.arith.parse import NotArithmetic, parse_question
from goat.arith.prompt import format_prompt
from goat.eval.generate import generate, max_new_tokens_for

MAX_TRAINED_DIGITS = 16  # the paper's (and goat's) training data stops at 16-digit operands


@dataclass
class Answer:
    question: str
    expression: tuple[int, str, int] | None
    output: str = ""
    answer: str | None = None
    verified: bool = False
    audit: dict | None = None
    warning: str | None = None
    error: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    def complete(self, output: str) -> Answer:
        """Fill in the model's output, the answer extracted from it and the step-by-step audit."""
        verdict = audit(*self.expression, output)
        self.output, self.answer, self.verified = output, extract_answer(output), verdict.verified
        self.audit = verdict.to_dict()
        return self


class Goat:
    def __init__(self, model, tokenizer, info: dict | None = None, name: str = "default"):
        self.model, self.tokenizer, self.info, self.name = model, tokenizer, info or {}, name

    @classmethod
    def load(cls, model: str | None = None) -> Goat:
        from goat.models import load_model

        return cls(*load_model(model), name=model or "default")

    def generate(self, prompts: list[str], max_new_tokens: int | list[int], batch_size: int = 32) -> list[str]:
        return generate(self.model, self.tokenizer, prompts, max_new_tokens, batch_size, progress=False)

    def ask(self, questions: list[str], batch_size: int = 32) -> list[Answer]:
        answers = [read_question(q) for q in questions]
        todo = [a for a in answers if a.expression]
        limits = [max_new_tokens_for(a.expression) for a in todo]
        outputs = self.generate([format_prompt(a.question) for a in todo], limits, batch_size)
        for a, output in zip(todo, outputs, strict=True):
            a.complete(output)
        return answers


def read_question(question: str) -> Answer:
    """The question's arithmetic, a warning beyond the training range, or an error; nothing generated yet."""
    try:
        expression = parse_question(question)
    except NotArithmetic as e:
        return Answer(question, None, error=str(e))
    longest = max(len(str(expression[0])), len(str(expression[2])))
    warning = None
    if longest > MAX_TRAINED_DIGITS:
        warning = f"{longest}-digit operand: beyond the {MAX_TRAINED_DIGITS} digits of the training data, expect errors"
    return Answer(question, expression, warning=warning)
