"""The windows: the chair's console and the projected board. A client of the core; the core never imports it.

PySide6 (6.8 and later) makes the Python classes of Qt's types lazily, the first time one is needed. When that first
time falls inside an application-wide event filter (the paste guard, the meeting's keys, the idle lock, keeping
dialogs off the projector all see every event), PySide6 6.11 can crash the process in its lazy type loading: seen as
a segmentation fault in ``Shiboken::Module::get`` under ``sendThroughApplicationEventFilters`` while a console was
being built (4 runs in 8 of tests/test_startup_errors.py). So ChairDesk asks for every class to be made when its
module is imported (``PYSIDE6_OPTION_LAZY=0``), before PySide6 is first imported: about 0.3 s more at start-up, and
no run in 16 crashed. A value set in the environment on purpose is left as it is.
"""

import os
import sys

if "PySide6" not in sys.modules:
    os.environ.setdefault("PYSIDE6_OPTION_LAZY", "0")
