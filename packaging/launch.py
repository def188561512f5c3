"""The packaged app's entry point: the same as the ``chairdesk`` command."""

import sys

from chairdesk.command import main

if __name__ == "__main__":
    sys.exit(main())
