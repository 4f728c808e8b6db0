"""What every command shares: the Typer apps, and errors as one line on stderr, never a traceback."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from newsift.errors import NewsiftError

app = typer.Typer(
    name="newsift",
    help="How far to trust a news article, with reasons you can check.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
train_app = typer.Typer(help="Train a model from labeled data (writes the shipped artifact).")
evaluate_app = typer.Typer(help="Evaluate a model on labeled data in the shared formats.")
data_app = typer.Typer(help="Prepare labeled data sets.")
sources_app = typer.Typer(help="The source-reputation registry: look up, stats, import.")
corpus_app = typer.Typer(
    help="A corpus store written by `newsift batch`: stats, copies, stories, narratives, show."
)
factchecks_app = typer.Typer(
    help="The local fact-check store: build, import ClaimReview/CSV, search, stats."
)
app.add_typer(train_app, name="train")
app.add_typer(evaluate_app, name="evaluate")
app.add_typer(data_app, name="data")
app.add_typer(sources_app, name="sources")
app.add_typer(corpus_app, name="corpus")
app.add_typer(factchecks_app, name="factchecks")
stderr = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = 1) -> None:
    # Escaped: a message is plain text, and may hold brackets (`pip install "newsift[ray]"`).
    stderr.print(f"[bold red]newsift: error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def friendly_errors(func: F) -> F:
    """Turn every failure into one clear line and a non-zero exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NewsiftError as err:
            fail(str(err), err.exit_code)
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except BrokenPipeError:
            sys.stderr.close()  # e.g. `newsift analyze x --json | head`
            raise typer.Exit(0) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as err:
            if os.environ.get("NEWSIFT_DEBUG"):
                raise
            fail(
                f"internal error: {type(err).__name__}: {err} (set NEWSIFT_DEBUG=1 for details,"
                " and please report it)",
                70,
            )

    return wrapper  # type: ignore[return-value]


DEFAULT_DATA = Path("../shared/data")


def prepared_data(data: Path) -> Path:
    """A prepared JSONL file; a shared data folder is prepared into the cache first."""
    from newsift.errors import InputError
    from newsift.scores.training.datasets import prepare
    from newsift.scores.training.features import cache_dir

    if data.is_dir():
        out = cache_dir() / "prepared-articles.jsonl"
        prepare(data, out)
        return out
    if not data.exists():
        raise InputError(f"no such file or folder: {data}")
    return data
