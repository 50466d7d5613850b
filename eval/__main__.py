"""``python -m eval``: the QA benchmark (``eval.qa``), as ``reportqa eval`` runs it."""

import sys

from eval.qa import main

sys.exit(main())
