"""Progress lines for long steps: in the executed notebook and in the terminal of ``kit run``.

A line is printed (so it lands in the notebook's output) and, when the runner
has set :data:`ENV`, appended to that file, which the runner echoes to the
terminal while the notebook runs.
"""

from __future__ import annotations

import os
import time

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
