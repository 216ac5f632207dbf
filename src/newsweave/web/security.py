"""The web app's defences against other sites: Host allow-list, same-origin writes, headers.

- **Host allow-list** (DNS rebinding): a page on ``evil.example`` whose name
  is re-pointed at 127.0.0.1 reaches the server with ``Host: evil.example``;
  only the host names of :func:`allowed_hosts` are answered (400 otherwise).
- **Same-origin writes** (CSRF): a request that changes the store (``POST``,
  ``PUT``, ``PATCH``, ``DELETE``) is refused (403) when the browser says it
  comes from another origin: an ``Origin`` header that is not this server's
  own (``null`` included), else ``Sec-Fetch-Site: cross-site``/``same-site``,
  else a ``Referer`` from elsewhere. Browsers send ``Origin`` with every
  cross-site ``POST``, so no token is needed; a request with none of these
  headers does not come from a browser page (``curl``, scripts) and is served.
- **Security headers** on every response: a Content-Security-Policy without
  inline scripts (the pages' scripts are served from ``/static``) and
  ``frame-ancestors 'none'``, ``X-Frame-Options: DENY``,
  ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: same-origin`` and
  same-origin opener/resource policies.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any
from urllib.parse import urlsplit

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
_WILDCARD_BINDS = frozenset({"0.0.0.0", "::", ""})
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
# The OpenAPI page (/docs) runs Swagger UI, served from this server (no CDN, no inline
# script); it shows no article text. Swagger UI sets inline styles and may use a worker.
DOCS_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def allowed_hosts(bind: str, extra: Sequence[str] = ()) -> list[str]:
    """The host names to answer: the local ones, the interface bound (unless a wildcard
    such as ``0.0.0.0``) and ``extra`` (``--allow-host``; ``*.example.org`` matches its
    subdomains, ``*`` anything)."""
    hosts = list(LOCAL_HOSTS)
    for host in (bind.strip("[]"), *extra):
        host = host.strip().lower().strip("[]")
        if host and host not in _WILDCARD_BINDS and host not in hosts:
            hosts.append(host)
    return hosts


def host_name(netloc: str) -> str:
    """The host of a ``Host`` header or URL netloc, without port or IPv6 brackets."""
    netloc = netloc.strip().lower()
    if netloc.startswith("["):
        return netloc[1:].split("]", 1)[0]
    return netloc.rsplit(":", 1)[0] if netloc.count(":") == 1 else netloc


def host_allowed(host: str, allowed: Sequence[str]) -> bool:
    for pattern in allowed:
        if pattern == "*" or host == pattern:
            return True
        if pattern.startswith("*.") and host.endswith(pattern[1:]):
            return True
    return False


def cross_origin_reason(method: str, headers: dict[str, str]) -> str | None:
    """Why a request that would change the store looks cross-site (``None``: it does not)."""
    if method not in _UNSAFE:
        return None
    own = headers.get("host", "").lower()
    origin = headers.get("origin")
    if origin is not None:
        if origin.lower() == "null":
            return "its Origin is 'null' (a sandboxed or privacy-restricted page)"
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or parts.netloc.lower() != own:
            return f"it comes from {origin[:100]!r}, not from this server"
        return None
    site = headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return f"the browser marks it {site[:20]!r} (Sec-Fetch-Site)"
    referer = headers.get("referer")
    if referer is not None and urlsplit(referer).netloc.lower() != own:
        return f"its Referer {referer[:100]!r} is another site"
    return None


class SecurityMiddleware:
    """ASGI middleware applying this module's three defences (see the module docstring)."""

    def __init__(self, app: ASGIApp, allowed: Sequence[str]) -> None:
        self.app = app
        self.allowed = [h.lower() for h in allowed]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # lifespan; the app has no websockets
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        host = host_name(headers.get("host", ""))
        if not host_allowed(host, self.allowed):
            shown = headers.get("host", "")[:100]
            await _refuse(send, 400, f"Host {shown!r} is not served here (this server answers "
                          f"{', '.join(self.allowed)}; start it with --allow-host to add one).")
            return
        reason = cross_origin_reason(scope.get("method", "GET"), headers)
        if reason is not None:
            await _refuse(send, 403, f"Cross-site request refused: {reason}. Changes can only "
                          "be made from this server's own pages.")
            return
        path = scope.get("path", "")
        csp = (DOCS_CSP if path == "/docs" else CSP).encode()

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS,
                                      (b"content-security-policy", csp)]
            await send(message)

        await self.app(scope, receive, with_headers)


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"status": status, "message": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), *HEADERS,
                            (b"content-security-policy", CSP.encode())]})
    await send({"type": "http.response.body", "body": body})
