"""Locust: the advisor mix through the real server (gunicorn behind nothing, loopback only).

    .venv/bin/locust -f benchmarks/locustfile.py --host http://127.0.0.1:8018 \\
        --headless --users 20 --spawn-rate 20 --run-time 2m --csv var/bench/locust

(or ``benchmarks/http_bench.py``, which starts gunicorn and a worker, runs this file, and records
load average and memory). Each simulated advisor logs in once as one of the seeded advisors
(``LOCUST_USERS``, comma-separated; default ``adviseur,collega``; password
``verbinding-demo``; http_bench.py passes every seeded advisor), then, with no think time:

- 35 % the worklist (``/``),
- 35 % a household page of a household on their worklist or in their reach,
- 20 % a contact recorded on such a household (POST ``/contacts/new/``, "not at home"),
- 10 % other pages: the household list, a household's contact timeline.

With ``LOCUST_USER_RATE`` (``http_bench.py --rate``) each user sends that many requests a second
on average instead, at random moments (``random_pacing``: exponential intervals, so the users
together send their requests as independent people's clicks arrive, a Poisson stream): an offered
load, for the response times at a given rate rather than at the server's capacity. (Locust's
``constant_throughput`` paces every user to the same beat: 40 users started together then sent
40 requests at once every 0.4 s, and the bursts, not the server, set the response times.)

The server runs with ``DEBUG=false`` like production: its cookies are Secure, so this client says
it came through TLS (``X-Forwarded-Proto: https``, as nginx does) and sends the cookies itself.

The simulated users are ``FastHttpUser`` (geventhttpclient): locust runs on the same cores as the
server, and the ``requests``-based ``HttpUser`` cost several times more CPU per request
(``http_bench.py`` reports what locust used: docs/benchmarks.md).
"""

from __future__ import annotations

import itertools
import os
import random
import re
import string
import time
from collections.abc import Callable
from http.cookies import SimpleCookie
from typing import Any

from locust import FastHttpUser, User, constant, task

PASSWORD = os.environ.get("LOCUST_PASSWORD", "verbinding-demo")
USERNAMES = os.environ.get("LOCUST_USERS", "adviseur,collega").split(",")
# "username:session key,…" made by http_bench.py: skips the password hash (~0.5 s of CPU per
# login with PBKDF2), which is not part of the mix and would swamp a short run.
# With the households each may open ("user:key:id;id;…"), so a run sends only the mix.
SESSIONS = [
    tuple(item.split(":", 2)) for item in os.environ.get("LOCUST_SESSIONS", "").split(",") if item
]
_next_user = itertools.cycle(SESSIONS or [(name, "", "") for name in USERNAMES])
HOUSEHOLD = re.compile(r'href="/households/(\d+)/"')


# Requests per second each simulated user paces itself to (``http_bench.py --rate``: the total
# divided by the users); unset, no think time.
USER_RATE = float(os.environ.get("LOCUST_USER_RATE", "") or 0)


def random_pacing(rate: float) -> Callable[[User], float]:
    """A wait that starts each task at random moments, ``rate`` a second on average: the interval
    from one task's planned start to the next is drawn from an exponential distribution, and a
    task that starts late (the one before took longer) does not move the plan, so the rate holds
    whatever the response times (an open load). Independent users each paced so make a Poisson
    stream together."""

    def wait_time(user: User) -> float:
        now = time.perf_counter()
        planned = getattr(user, "_planned_start", now) + random.expovariate(rate)
        user._planned_start = planned  # type: ignore[attr-defined]
        return max(0.0, planned - now)

    return wait_time


class Advisor(FastHttpUser):
    # No think time: each simulated user sends its next request as soon as one is answered. With
    # LOCUST_USER_RATE it waits for its next turn (an offered load, for response times at a rate).
    wait_time = random_pacing(USER_RATE) if USER_RATE else constant(0)

    def on_start(self) -> None:
        """Log in and learn the households in reach — outside the statistics (plain requests):
        logging in is not part of the mix, and its password hash would dominate the figures."""
        import requests

        self.username, session_key, households = next(_next_user)
        self.cookies: dict[str, str] = {}
        if session_key:  # made by http_bench.py; any 32 letters make a valid CSRF cookie
            self.cookies["sessionid"] = session_key
            self.cookies["csrftoken"] = "".join(random.choices(string.ascii_letters, k=32))
            self.households = [int(i) for i in households.split(";") if i]
            return
        setup = requests.Session()
        page = setup.get(self.host + "/account/login/", headers=self._headers("/account/login/"))
        self._keep_cookies(page, setup)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        response = setup.post(
            self.host + "/account/login/",
            data={
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "username": self.username,
                "password": PASSWORD,
            },
            headers=self._headers("/account/login/"),
            allow_redirects=False,
        )
        self._keep_cookies(response, setup)
        if response.status_code != 302:
            raise RuntimeError(f"login as {self.username} failed: HTTP {response.status_code}")
        found: list[int] = []
        for path in ("/", "/households/"):
            listing = setup.get(self.host + path, headers=self._headers(path))
            found += [int(i) for i in HOUSEHOLD.findall(listing.text)]
        self.households = found
        if not self.households:
            raise RuntimeError(f"{self.username} has no households")
        form = f"/contacts/new/?household={found[0]}"  # sets the CSRF cookie for the POSTs
        self._keep_cookies(setup.get(self.host + form, headers=self._headers(form)), setup)

    # --- plumbing ------------------------------------------------------------------------------
    def _headers(self, path: str) -> dict[str, str]:
        host = self.host.replace("http://", "https://")
        headers = {"X-Forwarded-Proto": "https", "Referer": host + path}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def _keep_cookies(self, response: Any, session: Any = None) -> None:
        if session is not None:  # the plain ``requests`` session of on_start
            for name, value in response.cookies.items():
                self.cookies[name] = value
            session.cookies.clear()
            return
        headers = response.headers
        for header in headers.getlist("Set-Cookie") if headers is not None else []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        self.client.cookiejar.clear()  # the cookies go in the Cookie header made here

    def _get(self, path: str, name: str) -> Any:
        response = self.client.get(path, headers=self._headers(path), name=name)
        self._keep_cookies(response)
        return response

    # --- the mix -------------------------------------------------------------------------------
    @task(35)
    def worklist(self) -> None:
        self._get("/", name="worklist")

    @task(35)
    def household(self) -> None:
        self._get(f"/households/{random.choice(self.households)}/", name="household page")

    @task(20)
    def contact(self) -> None:
        household = random.choice(self.households)
        with self.client.post(
            "/contacts/new/",
            data={
                "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
                "household": str(household),
                "channel": "BEZ",
                "outcome": "not_home",
                "confidentiality": "INT",
            },
            headers=self._headers(f"/contacts/new/?household={household}"),
            allow_redirects=False,
            name="contact POST",
            catch_response=True,
        ) as response:
            self._keep_cookies(response)
            if response.status_code == 302:
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")

    @task(10)
    def other(self) -> None:
        if random.random() < 0.5:
            self._get("/households/", name="other: household list")
        else:
            household = random.choice(self.households)
            self._get(f"/contacts/household/{household}/", name="other: contact timeline")
