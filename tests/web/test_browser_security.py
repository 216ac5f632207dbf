"""Other sites against the app, in a real browser (Debian's Chromium via Playwright).

A real uvicorn server runs the app; a second real HTTP server plays the attacker's
site on another origin. Chromium resolves ``attacker.example`` and ``evil.example``
to 127.0.0.1 (``--host-resolver-rules``), which is exactly what DNS rebinding does.
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsweave.store import Store

from ..conftest import ROOT
from .live import chromium, needs_chromium, serve

ARTIFACTS = ROOT / "test-artifacts"

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def app_db(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("browser-security") / "copy.db"
    with Store.open(web_db, read_only=True) as src:
        src.conn.execute("VACUUM INTO ?", (str(copy),))
    return copy


@pytest.fixture(scope="module")
def app_url(app_db: Path, models: Any) -> Iterator[str]:
    with serve(app_db, models) as url:
        yield url


@pytest.fixture(scope="module")
def attacker(app_url: str) -> Iterator[str]:
    """The other site: pages that post to, frame and fetch from the app."""
    pages = {
        "/form.html": f"""<!doctype html><form id="f" method="post"
            enctype="multipart/form-data" action="{app_url}/api/uploads">
            <textarea name="text">date 2025-09-06 Planted by another site: the dockworkers
            strike in Halden was called off by the union on Saturday evening.</textarea>
            </form><script>document.getElementById("f").submit()</script>""",
        "/fetch.html": f"""<!doctype html><script>
            const d = new FormData(); d.append("text", "date 2025-09-06 Planted by fetch: the "
              + "dockworkers strike in Halden was called off by the union on Saturday.");
            fetch("{app_url}/api/uploads", {{method: "POST", body: d, mode: "no-cors"}})
              .then(() => document.title = "sent", () => document.title = "blocked");
            // The classic CSRF trick: JSON sent as text/plain, a "simple" request.
            fetch("{app_url}/api/removals", {{method: "POST", mode: "no-cors",
              headers: {{"Content-Type": "text/plain"}}, body: '{{"ids": ["harbor-1"]}}'}});
            </script>""",
        "/frame.html": f"""<!doctype html><iframe id="victim" src="{app_url}/add"
            width="800" height="600"></iframe>""",
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get(self.path, "not found").encode()
            self.send_response(200 if self.path in pages else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://attacker.example:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    # The attacker's names resolve to this machine, as DNS rebinding makes them do.
    with chromium(["--host-resolver-rules=MAP attacker.example 127.0.0.1, "
                   "MAP evil.example 127.0.0.1"]) as b:
        yield b


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def _ids(db: Path) -> set[str]:
    with Store.open(db, read_only=True) as store:
        return {a.id for a in store.articles()}


def test_a_cross_site_form_post_is_refused(page: Any, app_url: str, attacker: str,
                                           app_db: Path) -> None:
    before = _ids(app_db)
    with page.expect_response(lambda r: r.url == f"{app_url}/api/uploads") as info:
        page.goto(f"{attacker}/form.html")
    assert info.value.status == 403
    assert "Cross-site request refused" in page.content()
    time.sleep(1.0)  # a queued job would have started by now
    assert _ids(app_db) == before


def test_cross_site_fetches_change_nothing(page: Any, app_url: str, attacker: str,
                                           app_db: Path) -> None:
    before = _ids(app_db)
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.url.startswith(app_url) else None)
    page.goto(f"{attacker}/fetch.html")
    page.wait_for_function("document.title !== ''", timeout=15_000)
    time.sleep(1.0)  # a queued job would have started by now
    assert {f"{app_url}/api/uploads", f"{app_url}/api/removals"} <= set(sent)  # they went out
    assert _ids(app_db) == before and "harbor-1" in before  # and changed nothing
    # The refusal even stays unreadable to the other site (Cross-Origin-Resource-Policy).
    assert page.title() == "blocked"


def test_the_app_cannot_be_framed_by_another_site(page: Any, attacker: str) -> None:
    page.goto(f"{attacker}/frame.html")
    page.wait_for_timeout(1500)
    frame = next(f for f in page.frames if f != page.main_frame)
    assert "Add articles" not in frame.content()  # blocked by frame-ancestors / X-Frame-Options
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "security-framing-blocked.png"))


def test_dns_rebinding_gets_no_page(page: Any, app_url: str) -> None:
    rebound = app_url.replace("127.0.0.1", "evil.example")
    response = page.goto(f"{rebound}/api/report")
    assert response.status == 400
    assert "is not served here" in page.content() and "Dockworkers" not in page.content()
    own = page.goto(f"{app_url}/api/report")
    assert own.status == 200 and "Dockworkers" in page.content()


def test_the_add_page_still_works_under_its_content_security_policy(
    page: Any, app_url: str, app_db: Path
) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{app_url}/add")
    page.fill("#text", "date 2025-09-07 The Halden port reopened on Sunday after the "
                       "dockworkers strike ended, and the first ships were unloaded.")
    page.click("#submit")
    page.wait_for_selector("#job-result", timeout=120_000)
    assert "1 article(s) added" in page.inner_text("#job-result")
    assert not [e for e in errors if "Content Security Policy" in e], errors
