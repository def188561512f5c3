"""The windows: the chair's console and the projected board. A client of the core; the core never imports it."""
