"""`goat ask`: answer arithmetic questions with a goat and check every step of its chain.

    goat ask "What is 397 x 4429?"                       # the chain, the answer, whether every step checks out
    goat ask "What is 8914 / 64?" --model runs/tiny --json
    printf 'What is 2 + 2?\\nWhat is 12 * 34?\\n' | goat ask --json   # one line per question, in order

With no question it reads one question per line from stdin, answers them in batches and prints one line
per question. A line with no arithmetic gets an error line and the others go on; the exit status is then 2.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys

from goat.errors import GoatError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ask", help="answer arithmetic questions, with the chain and its audit",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    p.add_argument("question", nargs="?", help="e.g. 'What is 397 x 4429?' (none: read one per line from stdin)")
    p.add_argument("--model", help="run dir, adapter, merged or HF model dir, .gguf, smollm2-135m (default: shipped)")
    p.add_argument("--json", action="store_true", help="one JSON object per question")
    p.add_argument("--batch-size", type=int, default=32, help="questions decoded together (default: %(default)s)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from goat.ask.api import Goat, read_question

    if args.batch_size < 1:
        raise GoatError(f"--batch-size must be at least 1, got {args.batch_size}")
    if args.question is not None:
        parsed = read_question(args.question)
        if parsed.error:  # say so before spending seconds on loading a model
            raise GoatError(parsed.error)
        [answer] = Goat.load(args.model).ask([args.question])
        if answer.warning:
            print(f"goat: warning: {answer.warning}", file=sys.stderr)
        print(json.dumps(answer.to_dict()) if args.json else _explain(answer))
        return 0

    goat = Goat.load(args.model)
    questions = (line.strip() for line in sys.stdin if line.strip())
    failed = 0
    while batch := list(itertools.islice(questions, args.batch_size)):
        for answer in goat.ask(batch, args.batch_size):
            failed += answer.error is not None
            if args.json:
                print(json.dumps(answer.to_dict()))
            elif answer.error:
                print(f"error: {answer.error}")
            else:
                print(f"{answer.question} => {answer.answer} ({_check(answer)})")
        sys.stdout.flush()
    if failed:
        print(f"goat: error: {failed} question(s) without arithmetic", file=sys.stderr)
        return 2
    return 0


def _check(answer) -> str:
    if answer.verified:
        return "every step checks out"
    wrong = answer.audit["first_wrong_step"]
    if wrong is None:
        return f"wrong answer, expected {answer.audit['target']}"
    expected = f", expected {wrong['expected']!r}" if wrong["expected"] else ""
    return f"first wrong step: {wrong['kind']}: {wrong['text']!r}{expected}"


def _explain(answer) -> str:
    return f"{answer.output}\n\nanswer: {answer.answer}\ncheck: {_check(answer)}"
