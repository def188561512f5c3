"""``python -m chairdesk`` does what ``chairdesk`` does."""

import sys

from chairdesk.command import main

sys.exit(main())
