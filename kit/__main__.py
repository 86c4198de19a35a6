"""``python -m kit`` is the ``kit`` command."""

import sys

from .cli import main

sys.exit(main())
