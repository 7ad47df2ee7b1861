"""``python -m counterclaim.cli``: the ``counterclaim`` command."""

import sys

from counterclaim.cli.commands import main

sys.exit(main())
