"""``python -m chairdesk`` does what ``chairdesk`` does."""

import sys

from chairdesk.cli import main

sys.exit(main())
