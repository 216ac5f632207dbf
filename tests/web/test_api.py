"""REST API: every endpoint, bad requests, uploads, escaping and path safety."""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from newsweave.web import create_app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def client(db: Path, **kw: Any) -> TestClient:
    # The server answers its local host names only (see newsweave.web.security).
    return TestClient(create_app(db, **kw), base_url="http://127.0.0.1")


def wait_for(c: TestClient, url: str) -> dict:  # type: ignore[type-arg]
    for _ in range(600):  # bounded: at most ~60 s
        job = c.get(url).json()
        if job["state"] in ("done", "failed"):
            return job  # type: ignore[no-any-return]
        time.sleep(0.1)
    raise AssertionError(f"upload job did not finish: {job}")


def test_stories_and_story_follow_the_contract(web_db: Path) -> None:
    c = client(web_db)
    stories = c.get("/api/stories").json()["stories"]
    assert len(stories) == 2
    harbor = next(s for s in stories if "harbor-1" in s["articles"])
    assert harbor["articles"] == ["harbor-1", "harbor-2"]
    assert harbor["first_date"] == "2025-09-03" and harbor["last_date"] == "2025-09-04"
    one = c.get(f"/api/stories/{harbor['id']}").json()
    assert one["id"] == harbor["id"] and [a["id"] for a in one["article_rows"]] == one["articles"]
    painting = c.get("/api/stories", params={"q": "painting"}).json()
    assert painting["total"] == 1 and painting["stories"][0]["articles"] == ["museum-1"]
    late = c.get("/api/stories", params={"since": "2025-09-05"}).json()["stories"]
    assert late[0]["articles"] == ["museum-1"]
    report = c.get("/api/report").json()
    assert report["version"] == 1 and len(report["articles"]) == 3


def test_articles_and_search(web_db: Path) -> None:
    c = client(web_db)
    rows = c.get("/api/articles").json()
    assert {r["id"] for r in rows} == {"harbor-1", "harbor-2", "museum-1"}
    art = c.get("/api/articles/museum-1").json()
    assert art["text"].startswith("Thieves took") and art["story"]
    first = art["sentences"][0]["span"]
    assert art["text"][first[0]:first[1]].endswith("ground floor.")
    found = c.get("/api/search", params={"q": "dockworkers"}).json()
    hits = found["hits"]
    assert found["total"] == 2 and found["next_offset"] is None
    assert {h["article"] for h in hits} == {"harbor-1", "harbor-2"}


def test_bad_requests_are_json_errors(web_db: Path) -> None:
    c = client(web_db)
    for url, status in [
        ("/api/stories/s-nope", 404),
        ("/api/articles/nope", 404),
        ("/api/articles/..%2F..%2Fetc%2Fpasswd", 404),
        ("/api/jobs/unknown", 404),
        ("/api/search", 422),
        ("/api/search?q=x&limit=0", 422),
        ("/api/stories?since=last-week", 400),
        ("/api/nothing", 404),
    ]:
        resp = c.get(url)
        assert resp.status_code == status, url
        body = resp.json()
        assert body["status"] == status and body["message"], url
    page = c.get("/stories/s-nope")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert c.get("/openapi.json").json()["paths"].keys() >= {
        "/api/stories", "/api/stories/{story_id}", "/api/articles", "/api/search",
        "/api/uploads"}


def test_upload_adds_articles_escapes_text_and_sanitises_names(fresh_db: Path) -> None:
    c = client(fresh_db)
    hostile = (FIXTURES / "hostile_upload.txt").read_bytes()
    resp = c.post("/api/uploads", files=[("files", ("../../evil name.txt", hostile))])
    assert resp.status_code == 202, resp.text
    job = wait_for(c, resp.json()["status_url"])
    assert job["state"] == "done" and job["added"] == ["evil-name"], job
    assert not (fresh_db.parent.parent / "evil name.txt").exists()
    page = c.get("/articles/evil-name").text
    assert "<script>alert" not in page and "<img src=x" not in page
    # Shown as text (marks may wrap parts of it, e.g. the quoted "pwned"):
    text = re.sub(r"<span[^>]*>|</span>", "", page)
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in text
    assert "onerror=&#34;alert(1)&#34;&gt;" in text
    assert len(c.get("/api/stories").json()["stories"]) == 3  # a new story, without a restart


def test_paste_text_and_upload_errors(fresh_db: Path) -> None:
    c = client(fresh_db, upload_limit=2048)
    resp = c.post("/api/uploads", data={"text": "date 2025-09-05 " + "The Halden dockworkers "
                                        "strike ended on Friday after a wage deal. " * 3})
    job = wait_for(c, resp.json()["status_url"])
    assert job["state"] == "done" and len(job["added"]) == 1
    # A second, different paste is a new article, not a clash with the first one's id.
    again = c.post("/api/uploads", data={"text": "date 2025-09-06 " + "Ships left the Halden "
                                         "port on Saturday as cranes started again. " * 3})
    job2 = wait_for(c, again.json()["status_url"])
    assert job2["state"] == "done" and len(job2["added"]) == 1, job2
    assert job2["added"] != job["added"]
    too_big = c.post("/api/uploads", files=[("files", ("big.txt", b"x" * 5000))])
    assert too_big.status_code == 413 and "limit is 2048 bytes" in too_big.json()["message"]
    empty = c.post("/api/uploads", data={"text": "   "})
    assert empty.status_code == 400
    bad = c.post("/api/uploads", files=[("files", ("x.txt", b""))])
    job = wait_for(c, bad.json()["status_url"])
    assert job["added"] == [] and "empty" in job["rejected"][0]["reason"]
    assert job["rejected"][0]["path"].endswith("x.txt") and "/tmp" not in job["rejected"][0]["path"]


def test_pages_only_read_the_store(fresh_db: Path) -> None:
    # Another process holds the write lock: pages must still answer, since they open
    # the store read-only and never write.
    c = client(fresh_db)
    writer = sqlite3.connect(fresh_db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        for url in ("/", "/api/stories", "/articles/harbor-1", "/api/search?q=strike"):
            assert c.get(url).status_code == 200, url
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_summary_and_timeline_of_chosen_articles(web_db: Path, models) -> None:  # type: ignore[no-untyped-def]
    c = client(web_db, models=models)
    ids = [a["id"] for a in c.get("/api/articles").json()]
    harbor = ",".join(i for i in ids if "harbor" in i)
    body = c.get("/api/summary", params={"articles": harbor, "words": 60}).json()
    assert body["summary"] and sum(len(s["text"].split()) for s in body["summary"]) <= 60
    for item in body["summary"]:
        assert set(item["sources"]) <= set(harbor.split(","))
        assert [e["article"] for e in item["evidence"]] == item["sources"]
    focused = c.get("/api/summary", params={"articles": harbor, "sentences": 1,
                                            "words": 100, "focus": "What did the court do?"})
    assert focused.status_code == 200 and len(focused.json()["summary"]) == 1
    timeline = c.get("/api/timeline", params={"articles": harbor, "dates": 2}).json()
    assert 1 <= len(timeline["timeline"]) <= 2
    assert all(t["precision"] == "day" for t in timeline["timeline"])
    missing = c.get("/api/summary", params={"articles": "no-such-article"})
    assert missing.status_code == 404 and "no-such-article" in missing.json()["message"]
    assert c.get("/api/summary", params={"articles": harbor, "words": 0}).status_code == 422
    blank = c.get("/api/summary", params={"articles": harbor, "focus": " "})
    assert blank.status_code == 400 and "focus" in blank.json()["message"]


def test_storylines_in_api_and_pages(web_db: Path) -> None:
    c = client(web_db)
    stories = c.get("/api/stories").json()["stories"]
    lines = c.get("/api/storylines").json()
    # every story is in exactly one storyline, and the report lists the same storylines
    placed = [sid for line in lines for sid in line["stories"]]
    assert sorted(placed) == sorted(s["id"] for s in stories)
    assert all(s["storyline"] in {line["id"] for line in lines} for s in stories)
    assert c.get("/api/report").json()["storylines"] == lines
    for s in stories:
        siblings = c.get(f"/api/stories/{s['id']}").json()["storyline_siblings"]
        line = next(x for x in lines if x["id"] == s["storyline"])
        assert sorted(siblings) == sorted(i for i in line["stories"] if i != s["id"])
    grouped = c.get("/", params={"group": "storyline"}).text
    assert grouped.count('class="storyline-head"') == len(lines)
    assert "Storyline:" not in c.get("/").text


def test_story_list_is_paged_sorted_and_light(web_db: Path) -> None:
    c = client(web_db)
    first = c.get("/api/stories", params={"limit": 1}).json()
    assert first["total"] == 2 and first["limit"] == 1 and first["next_offset"] == 1
    second = c.get("/api/stories", params={"limit": 1, "offset": 1}).json()
    assert second["next_offset"] is None
    (a,), (b,) = first["stories"], second["stories"]
    assert a["id"] != b["id"] and a["last_date"] >= b["last_date"]  # newest first
    oldest = c.get("/api/stories", params={"sort": "oldest"}).json()["stories"]
    assert [s["id"] for s in oldest] == [b["id"], a["id"]]
    most = c.get("/api/stories", params={"sort": "articles"}).json()["stories"][0]
    assert most["n_articles"] == 2 and most["headline"] and most["snippet"]
    # A row is the light projection, not the whole story.
    assert "quotes" not in most and "summary" not in most
    assert c.get("/api/stories", params={"limit": 0}).status_code == 422
    assert c.get("/api/stories", params={"sort": "random"}).status_code == 422
    entity = c.get("/api/stories", params={"entity": "mara lind"}).json()
    assert [s["articles"] for s in entity["stories"]] == [["harbor-1", "harbor-2"]]
    paged = c.get("/api/search", params={"q": "dockworkers", "limit": 1}).json()
    assert paged["total"] == 2 and len(paged["hits"]) == 1 and paged["next_offset"] == 1
    rest = c.get("/api/search", params={"q": "dockworkers", "limit": 1, "offset": 1}).json()
    assert rest["hits"][0]["article"] != paged["hits"][0]["article"]


def test_openapi_has_typed_responses_and_docs_are_served_locally(web_db: Path) -> None:
    c = client(web_db)
    spec = c.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert {"StoryPage", "StoryListItem", "SearchPage", "StoryDetailItem", "ReportBody",
            "ArticleBody", "ErrorBody"} <= set(schemas)

    def response_ref(path: str) -> str:
        ok = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        return str(ok["schema"])

    assert "StoryPage" in response_ref("/api/stories")
    assert "SearchPage" in response_ref("/api/search")
    assert "StoryDetailItem" in response_ref("/api/stories/{story_id}")
    docs = c.get("/docs")
    assert docs.status_code == 200
    assert "cdn" not in docs.text.lower() and "http" not in docs.text.replace("http-equiv", "")
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', docs.text):
        assert c.get(asset).status_code == 200, asset
    assert "'unsafe-inline'" not in docs.headers["content-security-policy"].split(
        "script-src")[1].split(";")[0]
    assert c.get("/redoc").status_code == 404
