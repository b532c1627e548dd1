"""One error type for bad input: the CLI prints its message on one line and exits with status 2."""


class GoatError(Exception):
    """A problem with what the user gave us (a file, a flag, a question), stated in one line."""
