"""The windows: the chair's console and the projected board. A client of the core; the core never imports it.

PySide6 (6.8 and later) makes the Python classes of Qt's types lazily, the first time one is needed. PySide6 6.11
crashes doing so in one place: while it identifies the class of a C++ object it hands to Python, it walks the tree
of the subclasses of the object's class and makes any of them not made yet (making one seems to change the tree
it is walking). An application-wide event filter (the paste guard, the meeting's keys, the idle lock, keeping
dialogs off the projector all see every event) hands it every event and every object. Seen as a segmentation fault in
``Shiboken::Module::get`` under ``sendThroughApplicationEventFilters``, at the console's ``setWindowTitle``: 3 runs
in 6 of tests/test_startup_errors.py; none in 12 once every subclass of QEvent had been made first, but objects'
classes are identified by the same walk (a small window makes over a hundred QtWidgets classes that way). So
ChairDesk asks for every class to be made when its module is imported (``PYSIDE6_OPTION_LAZY=0``), before PySide6
is first imported: about 0.15 s more at start-up, and no run in 16 crashed. A value set in the environment on
purpose is left as it is.

The windows' thread gets Python back from a busy worker thread within half a millisecond (``sys.setswitchinterval``;
Python's own is 5 ms). Qt lets go of Python while it works, and takes it again for every event a Python filter or
override sees: with a worker busy (the look for interrupted recordings and for microphones once the console is
drawn, a document being made, the recording's writer), each of those waited up to 5 ms, and the console's first
events after it was drawn took about twice as long (0.2 s, where a key pressed then waits).
"""

import os
import sys

SWITCH_INTERVAL = 0.0005  # seconds: how long a thread holding Python may keep it while another waits

if "PySide6" not in sys.modules:
    os.environ.setdefault("PYSIDE6_OPTION_LAZY", "0")
sys.setswitchinterval(SWITCH_INTERVAL)
