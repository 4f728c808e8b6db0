"""The pipeline: an ordered list of named components that each add to an :class:`Article`.

Modelled on spaCy's ``Language``: components are registered by name with a factory, a pipeline
is built from names (so a user can shorten or extend it), ``__call__`` handles one article and
``pipe`` streams many in batches, letting batch-aware components (spaCy) work on a whole batch.
In ``pipe``, a component that raises (a :class:`NewsiftError`, or any other exception from a
bug an odd article trips) marks only that article as failed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any, Protocol, runtime_checkable

from newsift.article import Article
from newsift.errors import NewsiftError


@runtime_checkable
class Component(Protocol):
    name: str

    def __call__(self, article: Article) -> Article: ...


Factory = Callable[..., Component]
FACTORIES: dict[str, Factory] = {}


def factory(name: str) -> Callable[[Factory], Factory]:
    """Register a component factory under ``name``."""

    def register(func: Factory) -> Factory:
        FACTORIES[name] = func
        return func

    return register


class FunctionComponent:
    """Adapts a plain ``Article -> None`` function to a component."""

    def __init__(self, name: str, func: Callable[[Article], Any]):
        self.name = name
        self.func = func

    def __call__(self, article: Article) -> Article:
        self.func(article)
        return article


class Pipeline:
    def __init__(self, components: list[Component]):
        self.components = list(components)

    @classmethod
    def from_names(cls, names: Iterable[str], **config: Any) -> Pipeline:
        """Build a pipeline; ``config`` (e.g. ``fast=True``) goes to factories that accept it.

        A name resolves to the factory its stage registered with :func:`factory`; importing
        ``newsift`` registers every shipped stage (``newsift.core`` imports them).
        """
        components = []
        for name in names:
            if name not in FACTORIES:
                raise KeyError(f"unknown pipeline component {name!r}; known: {sorted(FACTORIES)}")
            components.append(_call_factory(FACTORIES[name], config))
        return cls(components)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.components]

    @property
    def ran(self) -> list[str]:
        """The names as a report shows them: ``name:variant`` for a component that runs a
        cheaper variant of itself (fast mode's ``nlp:fast``, ``checkworthiness:linear``)."""
        return [
            f"{c.name}:{c.variant}" if getattr(c, "variant", None) else c.name
            for c in self.components
        ]

    @contextmanager
    def memory_zone(self) -> Iterator[None]:
        """A block after which components forget what its articles added to their caches.

        Enters each component's own ``memory_zone()`` where it has one (the spaCy component:
        spaCy keeps every string it sees, so a corpus of new names and numbers grows it without
        end). Whatever such a component made inside (spaCy Docs) must not be read after the
        block: build the reports inside it and drop ``article.doc``.
        """
        with ExitStack() as stack:
            for component in self.components:
                zone = getattr(component, "memory_zone", None)
                if zone is not None:
                    stack.enter_context(zone())
            yield

    def get(self, name: str) -> Component:
        for component in self.components:
            if component.name == name:
                return component
        raise KeyError(name)

    def __call__(self, article: Article) -> Article:
        for component in self.components:
            if _skipped(component, article):
                continue
            component(article)
        return article

    def pipe(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Article]:
        """Process articles in batches; failed ones come out with ``meta['error']`` set."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                yield from self._process_batch(batch)
                batch = []
        if batch:
            yield from self._process_batch(batch)

    def _process_batch(self, batch: list[Article]) -> list[Article]:
        for component in self.components:
            live = [a for a in batch if "error" not in a.meta and not _skipped(component, a)]
            if not live:
                continue
            batch_pipe = getattr(component, "pipe", None)
            if batch_pipe is not None:
                try:
                    for _ in batch_pipe(live):
                        pass
                    continue
                except MemoryError:
                    raise
                except Exception:
                    pass  # fall back to one at a time to find the failing article
            for article in live:
                try:
                    component(article)
                except NewsiftError as err:
                    article.meta["error"] = str(err)
                    article.meta["error_type"] = type(err).__name__
                except MemoryError:
                    raise
                except Exception as err:
                    # A bug tripped by one article must not cost the rest of the corpus: the
                    # article becomes an error record that names the component and the cause.
                    article.meta["error"] = (
                        f"internal error in the {component.name} step:"
                        f" {type(err).__name__}: {err} (please report it)"
                    )
                    article.meta["error_type"] = "InternalError"
        return batch


def _skipped(component: Component, article: Article) -> bool:
    """Language-specific components do not run on text in a language we do not support."""
    return bool(getattr(component, "needs_supported_language", False)) and bool(
        article.meta.get("unsupported_language")
    )


def _call_factory(func: Factory, config: dict[str, Any]) -> Component:
    import inspect

    params = inspect.signature(func).parameters
    accepted = {k: v for k, v in config.items() if k in params}
    return func(**accepted)
