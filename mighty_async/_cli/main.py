"""`main`: parse, run the command, and turn what escaped it into one line and an exit status."""

from __future__ import annotations

import logging
import sys
import traceback
from typing import TYPE_CHECKING

from ..errors import MightyError
from .connection import NO_TARGET
from .errors import CommandError, explain
from .parsing import PROG, build_parser
from .progress import note

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["main"]


def _configure_logging(*, verbose: bool) -> None:
    """Quiet by default (the progress bar and the summary tell the story); chatty on -v."""
    logger = logging.getLogger("mighty_async")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
    if verbose:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(f"{PROG}: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    verbose = bool(getattr(args, "verbose", False))
    _configure_logging(verbose=verbose)
    try:
        status: int = args.handler(args)
    except CommandError as exc:
        note(f"{PROG}: {exc}")
        if verbose and exc.__cause__ is not None:
            traceback.print_exception(exc.__cause__, file=sys.stderr)
        return exc.status
    except MightyError as exc:  # raised outside a command's own handling: settings, mostly
        failure = explain(exc, NO_TARGET)
        note(f"{PROG}: {failure}")
        if verbose:
            traceback.print_exc(file=sys.stderr)
        return failure.status
    except KeyboardInterrupt as exc:
        failure = explain(exc, NO_TARGET)
        note(f"{PROG}: {failure}")
        return failure.status
    return status
