"""Progress lines for long steps: in the executed notebook and in the terminal of ``kit run``.

A line is printed (so it lands in the notebook's output) and, when the runner
has set :data:`ENV`, appended to that file, which the runner echoes to the
terminal while the notebook runs.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: Environment variable naming the run's progress file (set by :mod:`kit.runner`).
ENV = "KIT_PROGRESS_FILE"

#: Rows from which a file's cleaning names its steps as they start (a small file's steps take no time)
LARGE = 1_000_000


def note(message: str) -> None:
    """Print ``message`` with the time of day, and add it to the run's progress file."""
    line = f"[{time.strftime('%H:%M:%S')}] {message}"
    print(line, flush=True)
    target = os.environ.get(ENV)
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")


@contextmanager
def heartbeat(tell: Callable[[str], None], *, lang: str = "en", every: float = 10.0
              ) -> Iterator[Callable[[str], None]]:
    """While the block runs, tell again, every ``every`` seconds one step lasts, that it is still running and for
    how long (a 10M-row file's typing pass: 20 s in one DuckDB statement, silent before). Yields the note to use
    in the block: it passes each line to ``tell`` and starts the step's clock. A short step prints nothing more.
    (DuckDB's own percentage of a statement was tried: it jumped from 20% to done.)"""
    from .text import t

    step = {"line": "", "since": time.monotonic(), "told": 0}
    stop = threading.Event()
    lock = threading.Lock()

    def said(line: str) -> None:
        with lock:
            step.update(line=line, since=time.monotonic(), told=0)
        tell(line)

    def watch() -> None:
        while not stop.wait(min(1.0, every)):
            with lock:
                seconds = time.monotonic() - step["since"]
                due = bool(step["line"]) and seconds >= (step["told"] + 1) * every
                if due:
                    step["told"] += 1
                line = step["line"]
            if due:
                tell(t("p_still", lang, line=line, seconds=f"{seconds:.0f}"))

    watcher = threading.Thread(target=watch, name="kit-heartbeat", daemon=True)
    watcher.start()
    try:
        yield said
    finally:
        stop.set()
        watcher.join()


def no_progress_bar(con) -> None:
    """DuckDB's own progress bar off: the kit's progress lines say what runs, and a bar drawn into the terminal of
    ``kit run`` breaks its lines. (In a notebook DuckDB refuses the setting without ipywidgets, and draws no bar.)"""
    import duckdb

    try:
        con.execute("SET enable_progress_bar = false")
    except duckdb.Error:
        pass
