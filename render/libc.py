"""The C library, for the few calls the os module lacks (renameat2, syncfs, prctl).

The symbols the process already has: ``ctypes.util.find_library`` would run
``ldconfig`` in a subprocess at every start (10 ms, on every render and ``check``).
"""

from __future__ import annotations

import ctypes

try:
    LIBC = ctypes.CDLL(None, use_errno=True)
except (OSError, TypeError):  # no dlopen(NULL) here
    import ctypes.util

    LIBC = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
