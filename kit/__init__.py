"""Customer tiering kit (客户分级).

Data flow, one module per stage::

    params -> io -> clean -> features -> grading -> report
                       runner drives the notebooks that call them
"""

from __future__ import annotations

__version__ = "0.1.0"
