"""ChairDesk: the chair's desk for a child protection conference.

The core (model, rules and timescales, storage, recording, documents, command line) imports no Qt; the
windows live in :mod:`chairdesk.gui` and are a client of the core.
"""

__version__ = "0.1.0"
