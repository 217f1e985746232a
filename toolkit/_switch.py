"""A process-wide setting shared by overlapping users (threads, nested blocks)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


class SharedSwitch:
    """``with switch():`` — the first of overlapping users turns the setting on, the last turns it back.

    For settings that are global to the process (BLAS threads, Altair's checks)
    while the work that needs them runs in several threads at once: each thread
    enters and leaves on its own, and the setting stays on until nobody is
    inside. ``turn_on()`` returns what ``turn_back(saved)`` restores.
    """

    def __init__(self, turn_on: Callable[[], Any], turn_back: Callable[[Any], None]) -> None:
        self._turn_on, self._turn_back = turn_on, turn_back
        self._lock = threading.Lock()
        self._users = 0
        self._saved: Any = None

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._users == 0:
                self._saved = self._turn_on()
            self._users += 1
        try:
            yield
        finally:
            with self._lock:
                self._users -= 1
                if self._users == 0:
                    self._turn_back(self._saved)
                    self._saved = None


def _gc_off() -> bool:
    enabled = gc.isenabled()
    gc.disable()
    return enabled


def _gc_back(enabled: bool) -> None:
    if enabled:
        gc.enable()


#: ``with no_gc():`` Python's cyclic garbage collector is paused inside (bulk parsing and
#: building many short-lived objects run several times faster); overlapping blocks in
#: several threads share the pause, and the last one out turns it back on if it was on.
no_gc = SharedSwitch(_gc_off, _gc_back)
