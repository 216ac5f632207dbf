"""A real uvicorn server and Debian's Chromium for the browser tests (one copy of each).

The browser tests of the demo store, the ECB+ store and the other-site attacks all
serve the app the same way and launch the same browser; only the store, the start
timeout and extra browser flags differ.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# Every browser test module marks itself with this: without Chromium they skip, saying why.
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="Debian's chromium is not installed (scripts/test.sh installs it with apt as root)",
)

# No network chatter of the browser's own (updates, sync, QUIC probes) during a test.
QUIET_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(db: Path, models: Any, *, start_within: float = 30) -> Iterator[str]:
    """The web app over ``db`` on a real uvicorn server in a thread; yields its base URL."""
    import uvicorn

    from newsweave.web.app import create_app

    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db, models=models), host="127.0.0.1",
                                        port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + start_within
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"uvicorn did not start within {start_within:g} s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium(extra_flags: Sequence[str] = ()) -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a downloaded browser build)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=[*QUIET_FLAGS, *extra_flags])
        try:
            yield browser
        finally:
            browser.close()
