"""Smoke test against a running server (gunicorn + worker, as deployed): readiness, log in,
worklist, a household page, a static file, and a background job run by the worker.

    python scripts/smoke.py http://127.0.0.1:8765 [--user adviseur] [--password verbinding-demo]

Uses only the standard library. Straight to gunicorn the client says it came through TLS
(X-Forwarded-Proto, as nginx does) and keeps cookies itself (the session cookie is Secure); through
nginx (an ``https://`` base) it trusts the smoke test's self-signed certificate. Exit code 0 = all
steps passed; the first failing step is printed.
"""

from __future__ import annotations

import argparse
import json
import re
import ssl
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.client import HTTPResponse
from typing import Any


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Session:
    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.cookies: dict[str, str] = {}
        handlers: list[Any] = [NoRedirect()]
        if base.startswith("https://"):  # the smoke test's own self-signed certificate
            handlers.append(urllib.request.HTTPSHandler(context=ssl._create_unverified_context()))  # noqa: S323
        self.opener = urllib.request.build_opener(*handlers)

    def request(
        self, path: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body)  # noqa: S310 - our own server
        req.add_header("X-Forwarded-Proto", "https")
        req.add_header("Referer", self.base.replace("http://", "https://") + path)
        if self.cookies:
            req.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        for key, value in (headers or {}).items():
            req.add_header(key, value)
        try:
            response: HTTPResponse = self.opener.open(req, timeout=30)
        except urllib.error.HTTPError as exc:
            response = exc  # type: ignore[assignment]
        for raw in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = raw.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        text = response.read().decode("utf-8", "replace")
        return response.status, dict(response.headers.items()), text


def step(name: str, ok: bool, detail: str = "") -> None:
    print(f"{'ok ' if ok else 'FAIL'}  {name}{'  ' + detail if detail else ''}")
    if not ok:
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--user", default="adviseur")
    parser.add_argument("--password", default="verbinding-demo")
    parser.add_argument("--wait", type=float, default=60, help="seconds to wait for readiness")
    args = parser.parse_args()
    s = Session(args.base)

    deadline = time.monotonic() + args.wait
    status, body = 0, ""
    while time.monotonic() < deadline:
        try:
            status, _, body = s.request("/readyz")
            if status == 200:
                break
        except OSError:
            pass
        time.sleep(1)
    step("readyz: database, queue and worker", status == 200, body.strip())

    status, headers, _ = s.request("/healthz", headers={"X-Request-ID": "smoke-1"})
    step(
        "healthz with the request id echoed",
        status == 200 and headers.get("X-Request-ID") == "smoke-1",
    )

    status, _, page = s.request("/account/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    step("login page", status == 200 and token is not None)
    assert token is not None
    status, headers, _ = s.request(
        "/account/login/",
        {"csrfmiddlewaretoken": token.group(1), "username": args.user, "password": args.password},
    )
    step("log in", status == 302 and "sessionid" in s.cookies, f"HTTP {status}")

    started = time.perf_counter()
    status, _, page = s.request("/")
    ms = (time.perf_counter() - started) * 1000
    households = re.findall(r'href="(/households/\d+/)"', page)
    step("worklist", status == 200 and bool(households), f"{ms:.0f} ms, {len(households)} links")

    started = time.perf_counter()
    status, _, page = s.request(households[0])
    ms = (time.perf_counter() - started) * 1000
    step("household page", status == 200 and "<h1" in page, f"{households[0]} {ms:.0f} ms")

    css = re.search(r'href="(/static/[^"]+\.css)"', page)
    step("a stylesheet is linked", css is not None)
    assert css is not None
    status, headers, _ = s.request(css.group(1), headers={"Accept-Encoding": "gzip"})
    step(
        "static file served by whitenoise",
        status == 200,
        f"{css.group(1)} {headers.get('Cache-Control', '')} {headers.get('Content-Encoding', '')}",
    )
    status, _, body = s.request("/readyz")
    step("queue and worker after the visit", status == 200, json.loads(body)["checks"]["worker"])


if __name__ == "__main__":
    main()
