"""Progress of a build: a rich line per source on a terminal, nothing otherwise."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn


class BuildProgress:
    """`with progress.step("curated/timeline") as note: ...; note("812 triples")` shows a spinner while
    the step runs and leaves a ✓ line with its note and time. Quiet when the console is not a terminal
    (or `enabled=False`)."""

    def __init__(self, console: Console | None = None, enabled: bool | None = None) -> None:
        self.console = console or Console(stderr=True, highlight=False)
        self.enabled = self.console.is_terminal if enabled is None else enabled
        self._progress: Progress | None = None

    def __enter__(self) -> BuildProgress:
        if self.enabled:
            self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                      TimeElapsedColumn(), console=self.console, transient=True)
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    @contextmanager
    def step(self, description: str) -> Iterator[_Note]:
        note = _Note()
        started = time.perf_counter()
        task = self._progress.add_task(escape(description)) if self._progress else None
        mark = "[red]✗[/]"
        try:
            yield note
            mark = "[green]✓[/]"
        finally:
            if self._progress is not None and task is not None:
                self._progress.remove_task(task)
                took = time.perf_counter() - started
                extra = f" — {note.text}" if note.text else ""
                text = escape(f"{description}{extra}")
                self._progress.console.print(f"{mark} {text} [dim]({took:.1f}s)[/]")

    def info(self, text: str) -> None:
        if self._progress is not None:
            self._progress.console.print(text)


class _Note:
    """What a step reports when it finishes (e.g. its triple count)."""

    def __init__(self) -> None:
        self.text = ""

    def __call__(self, text: str) -> None:
        self.text = text
