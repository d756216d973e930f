"""Children that take Ctrl-C as a terminal sends it, however this suite was started."""

from __future__ import annotations

import signal


def restore_sigint() -> None:
    """`preexec_fn` for a child that a test interrupts: a shell without job control starts
    background commands with SIGINT ignored, children inherit that, and Python then never
    raises KeyboardInterrupt; the test would wait for a child that cannot be interrupted."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
