"""Web probes of issue 16: other sites, foreign hosts, framing, ids with "/", big pastes,
job states that match the store, removal through the API. The real FastAPI app over a
real store, driven over HTTP by httpx (Starlette's TestClient)."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsweave import pipeline
from newsweave.errors import StoreError
from newsweave.store import Store
from newsweave.web import create_app
from newsweave.web.security import allowed_hosts

LOCAL = "http://127.0.0.1"
EVIL = "http://evil.example"
ARTICLE = ("date 2025-09-05 The Halden dockworkers strike ended on Friday after a wage deal "
           "was signed by the union and the port managers in the city hall.")


def client(db: Path, **kw: object) -> TestClient:
    return TestClient(create_app(db, **kw), base_url=LOCAL)  # type: ignore[arg-type]


def wait_for(c: TestClient, url: str) -> dict:  # type: ignore[type-arg]
    for _ in range(1200):  # bounded: at most ~120 s
        job = c.get(url).json()
        if job["state"] in ("done", "failed"):
            return job  # type: ignore[no-any-return]
        time.sleep(0.1)
    raise AssertionError(f"job did not finish: {job}")


def count(db: Path) -> int:
    with Store.open(db, read_only=True) as store:
        return store.article_count()


# -- cross-site writes (CSRF) ---------------------------------------------------------


@pytest.mark.parametrize("headers", [
    {"Origin": EVIL},
    {"Origin": "null"},
    {"Origin": "http://127.0.0.1.evil.example"},
    {"Origin": "http://127.0.0.1:9999"},  # another port is another origin
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},
    {"Referer": EVIL + "/attack.html"},
])
def test_cross_site_writes_are_refused(fresh_db: Path, headers: dict[str, str]) -> None:
    c = client(fresh_db)
    before = count(fresh_db)
    form = c.post("/api/uploads", data={"text": ARTICLE}, headers=headers)
    assert form.status_code == 403, form.text
    assert "Cross-site request refused" in form.json()["message"]
    assert c.delete("/api/articles/harbor-1", headers=headers).status_code == 403
    removal = c.post("/api/removals", json={"ids": ["harbor-1"]}, headers=headers)
    assert removal.status_code == 403
    assert count(fresh_db) == before


def test_same_origin_and_non_browser_writes_are_served(fresh_db: Path) -> None:
    c = client(fresh_db)
    own = c.post("/api/uploads", data={"text": ARTICLE},
                 headers={"Origin": LOCAL, "Sec-Fetch-Site": "same-origin"})
    assert own.status_code == 202 and wait_for(c, own.json()["status_url"])["state"] == "done"
    script = c.post("/api/uploads", data={"text": ARTICLE.replace("Friday", "Saturday")})
    assert script.status_code == 202  # curl and scripts send no Origin: not a browser page


def test_reads_from_other_sites_are_not_refused_but_get_no_cors(web_db: Path) -> None:
    # A cross-site GET cannot change anything; without CORS headers the browser keeps
    # the response from the other site's script.
    resp = client(web_db).get("/api/report", headers={"Origin": EVIL})
    assert resp.status_code == 200 and "access-control-allow-origin" not in resp.headers


# -- Host allow-list (DNS rebinding) ---------------------------------------------------


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.nip.io", "localhost.evil.example",
                                  "", "LOCALHOST.evil"])
def test_foreign_hosts_are_refused(web_db: Path, host: str) -> None:
    c = client(web_db)
    for url in ("/", "/api/report", "/api/articles/harbor-1", "/add"):
        resp = c.get(url, headers={"Host": host})
        assert resp.status_code == 400, (host, url)
        assert "is not served here" in resp.json()["message"]
        assert "Dockworkers" not in resp.text


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8000", "localhost:8000", "LocalHost",
                                  "[::1]:8000"])
def test_local_hosts_are_served(web_db: Path, host: str) -> None:
    assert client(web_db).get("/api/report", headers={"Host": host}).status_code == 200


def test_allow_host_extends_the_list(web_db: Path) -> None:
    hosts = allowed_hosts("0.0.0.0", ["news.example", "*.corp.example"])
    assert hosts[:3] == ["127.0.0.1", "localhost", "::1"] and "0.0.0.0" not in hosts
    c = client(web_db, allowed_hosts=hosts)
    for ok in ("news.example", "news.example:8080", "wire.corp.example"):
        assert c.get("/", headers={"Host": ok}).status_code == 200, ok
    for bad in ("evil.news.example", "corp.example.evil", "evil.example"):
        assert c.get("/", headers={"Host": bad}).status_code == 400, bad
    assert allowed_hosts("192.168.1.20") == ["127.0.0.1", "localhost", "::1", "192.168.1.20"]


# -- headers, framing, scripts ----------------------------------------------------------


def test_every_response_carries_security_headers(web_db: Path) -> None:
    c = client(web_db)
    for resp in (c.get("/"), c.get("/add"), c.get("/api/report"), c.get("/articles/nope"),
                 c.get("/", headers={"Host": "evil.example"}),
                 c.post("/api/uploads", data={"text": "x"}, headers={"Origin": EVIL})):
        csp = resp.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";")[0]
        assert resp.headers["x-frame-options"] == "DENY"
        assert resp.headers["x-content-type-options"] == "nosniff"
        assert resp.headers["referrer-policy"] == "same-origin"


def test_pages_have_no_inline_scripts(web_db: Path) -> None:
    c = client(web_db)
    add = c.get("/add").text
    assert '<script src="/static/add.js"></script>' in add
    assert "<script>" not in add
    js = c.get("/static/add.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert "fetch(\"/api/uploads\"" in js.text


# -- ids with "/", big pastes ------------------------------------------------------------


@pytest.fixture
def slash_db(tmp_path: Path, models: object) -> Path:
    feed = tmp_path / "wire.jsonl"
    rows = [{"id": "wire/2025/strike-1", "date": "2025-09-03", "text": ARTICLE},
            {"id": "wire/2025/strike-2?x=1#y", "date": "2025-09-04",
             "text": ARTICLE.replace("Friday", "Thursday") + " Talks lasted all night."}]
    feed.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    db = tmp_path / "slash.db"
    with Store.open(db) as store:
        pipeline.analyze([str(feed)], store, models)  # type: ignore[arg-type]
    return db


def test_ids_with_slashes_are_reachable_and_linked(slash_db: Path) -> None:
    c = client(slash_db)
    for aid in ("wire/2025/strike-1", "wire/2025/strike-2?x=1#y"):
        quoted = aid.replace("/", "%2F").replace("?", "%3F").replace("#", "%23")
        api = c.get(f"/api/articles/{quoted}")
        assert api.status_code == 200 and api.json()["id"] == aid
        page = c.get(f"/articles/{quoted}")
        assert page.status_code == 200 and "Halden dockworkers" in page.text
    story = c.get("/api/stories").json()["stories"][0]
    html = c.get(f"/stories/{story['id']}").text
    assert 'href="/articles/wire%2F2025%2Fstrike-1"' in html
    assert 'href="/articles/wire%2F2025%2Fstrike-2%3Fx%3D1%23y"' in html


def test_pasted_text_up_to_the_upload_limit(fresh_db: Path) -> None:
    # Over Starlette's default 1 MB form-part limit and under ours: the paste reaches
    # ingest whole. Its header date is impossible, so ingest rejects it by that reason
    # (cheap) instead of spending minutes analysing 1.2 MB of text.
    c = client(fresh_db, upload_limit=2 * 1024 * 1024)
    sentence = "The Halden dockworkers returned to work on Monday after the strike ended. "
    big = "date 2025-13-45 " + sentence * (1200 * 1024 // len(sentence))  # 1.2 MB > 1 MB
    resp = c.post("/api/uploads", data={"text": big}, headers={"Origin": LOCAL})
    assert resp.status_code == 202, resp.text
    job = wait_for(c, resp.json()["status_url"])
    assert job["state"] == "done" and job["added"] == [], job
    [rejected] = job["rejected"]
    assert "bad date '2025-13-45'" in rejected["reason"], rejected
    over = c.post("/api/uploads", data={"text": big * 2}, headers={"Origin": LOCAL})
    assert over.status_code == 413


# -- job states match the store; removal ------------------------------------------------------


def test_a_failed_update_still_reports_the_stored_articles(
    fresh_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fault injection: weaving fails after the articles were committed (as with a full disk).
    def broken_update(*args: object, **kwargs: object) -> None:
        raise StoreError("Store 'x': the disk holding it is full.")

    monkeypatch.setattr(pipeline, "update", broken_update)
    c = client(fresh_db)
    job = wait_for(c, c.post("/api/uploads", files=[("files", ("late.txt", ARTICLE.encode()))]
                             ).json()["status_url"])
    assert job["state"] == "failed" and job["added"] == ["late"], job
    assert "were stored" in job["message"] and "disk holding it is full" in job["message"]
    with Store.open(fresh_db, read_only=True) as store:
        assert [a.id for a in store.articles(["late"])] == ["late"]


def test_remove_through_the_api_reweaves_the_story(fresh_db: Path) -> None:
    c = client(fresh_db)
    harbor = next(s for s in c.get("/api/stories").json()["stories"] if "harbor-1" in s["articles"])
    job = wait_for(c, c.delete("/api/articles/harbor-1").json()["status_url"])
    assert job["state"] == "done" and job["removed"] == ["harbor-1"] and job["missing"] == []
    assert c.get("/api/articles/harbor-1").status_code == 404
    stories = c.get("/api/stories").json()["stories"]
    assert not any("harbor-1" in s["articles"] for s in stories)
    rewoven = next(s for s in stories if "harbor-2" in s["articles"])
    assert rewoven["articles"] == ["harbor-2"] and rewoven["id"] != harbor["id"]
    assert c.get(f"/api/stories/{rewoven['id']}").json()["summary"]
    assert rewoven["id"] in job["stories"]
    many = wait_for(c, c.post("/api/removals", json={"ids": ["museum-1", "nope"]}
                              ).json()["status_url"])
    assert many["removed"] == ["museum-1"] and many["missing"] == ["nope"]
    conn = sqlite3.connect(fresh_db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH "
                            "'painting'").fetchone()[0] == 0
    finally:
        conn.close()
