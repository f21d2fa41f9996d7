"""Every page that shows personal data writes exactly one audit row per view, and every attempt to
open an id out of reach writes a ``denied`` row.

The URL patterns come from the URLconf, so a new page is covered without editing this test: it
fails if a new URL keyword has no entry in ``audit.pages.SUBJECTS`` (whom does the id name?) or
``ID_FOR`` below (which demo record to open).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from verbinding import clock
from verbinding.accounts.models import User
from verbinding.audit import pages
from verbinding.audit.models import AuditEvent
from verbinding.demo.seed import seed
from verbinding.households.selectors import households_for
from verbinding.outcomes.registry import FIGURES

pytestmark = pytest.mark.django_db


def url_patterns() -> Iterator[tuple[str, str, list[str]]]:
    """(view name, route with <keyword> placeholders, keywords) for every pattern but the admin."""

    def walk(
        patterns: list[Any], prefix: str, namespace: str
    ) -> Iterator[tuple[str, str, list[str]]]:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    continue
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern) and p.name:
                route = prefix + str(p.pattern)
                yield namespace + p.name, route, list(p.pattern.regex.groupindex)

    yield from walk(get_resolver().url_patterns, "", "")


def test_every_url_keyword_names_a_known_kind_of_record():
    unknown = {
        (name, kw)
        for name, _route, kws in url_patterns()
        for kw in kws
        if kw not in pages.NOT_IDS and pages.subject_for(name, kw) is None
    }
    assert not unknown, f"add these URL keywords to audit.pages.SUBJECTS: {sorted(unknown)}"


class Demo:
    """A small demo association plus the few kinds of record the seed does not make."""

    def __init__(self) -> None:
        from verbinding.imports.models import ImportRun, UnmatchedPayment
        from verbinding.nuisance.models import Mediation, NuisanceCase

        seed(households=150, months=12, seed_value=2026, today=clock.today(), verbose=False)
        self.advisor = User.objects.get(username="adviseur")
        self.users = [
            self.advisor,
            *User.objects.filter(username__in=["teamleider", "privacy", "manager"]).order_by("id"),
            *User.objects.filter(role__in=["advisor", "team_lead"]).exclude(
                username__in=["adviseur", "teamleider"]
            ),
        ]
        self.nuisance = NuisanceCase.objects.filter(steps__isnull=False).first()
        assert self.nuisance is not None
        Mediation.objects.create(
            nuisance_case=self.nuisance,
            referred_on=clock.today(),
            organisation="Buurtbemiddeling",
            referred_by=self.advisor,
        )
        run = ImportRun.objects.create(
            kind="bank", file_name="x.xml", file_hash="0" * 64, started_by_label="system"
        )
        UnmatchedPayment.objects.create(
            import_run=run,
            external_ref="REF-1",
            kind="payment",
            booked_on=clock.today(),
            amount_cents=1000,
        )
        reachable = households_for(user=self.advisor).values("id")
        self.household = (
            households_for(user=self.advisor)
            .filter(contacts__isnull=False, network__isnull=False, plans__isnull=False)
            .first()
        ) or households_for(user=self.advisor).first()

        def first(model: str, **where: Any) -> Callable[[], int]:
            def pick() -> int:
                from django.apps import apps

                qs = apps.get_model(model).objects.filter(**where).order_by("id")
                hh_path = next(
                    s.household_path for s in pages.SUBJECTS.values() if s.model == model
                )
                if hh_path:
                    near = qs.filter(**{f"{hh_path}__in": reachable})
                    qs = near if near.exists() else qs
                found = qs.values_list("id", flat=True).first()
                # None: an id that does not exist. A page that shows it is then a 404 for
                # everyone, which the test reports (make the record in Demo.__init__).
                return found if found is not None else 999_999

            return pick

        n = self.nuisance
        self.id_for: dict[str, Callable[[], Any]] = {
            "household_id": lambda: self.household.id,
            "case_id": first("cases.Case"),
            "nuisance:case_id": lambda: n.id,
            "nuisance:party_id": lambda: n.parties.order_by("id").first().id,
            "nuisance:step_id": lambda: n.steps.order_by("id").first().id,
            "nuisance:mediation_id": lambda: n.mediations.first().id,
            "contact_id": first("contacts.ContactMoment"),
            "member_id": first("network.NetworkMember"),
            "agreement_id": first("plans.Agreement"),
            "arrangement_id": first("arrangements.PaymentArrangement"),
            "letter_id": first("letters.Letter"),
            "signal_id": first("earlysignals.Signal"),
            "flag_id": first("households.SafetyFlag"),
            "tenancy_id": first("households.Tenancy"),
            "run_id": lambda: run.id,
            "item_id": lambda: UnmatchedPayment.objects.get().id,
            "lesson_id": first("lessons.Lesson"),
            "visit_id": first("dayplan.PlannedVisit"),
            "referral_id": first("referrals.Referral"),
            "key": lambda: next(e.key for e in FIGURES if e.households is not None),
            "kind": lambda: "first_reminder",
            "token": lambda: "x",
            "job_id": lambda: "00000000-0000-0000-0000-000000000000",
        }

    def url(self, name: str, route: str, keywords: list[str]) -> str:
        import re

        namespace = name.split(":", 1)[0] if ":" in name else ""
        values = {}
        for kw in keywords:
            picker = self.id_for.get(f"{namespace}:{kw}") or self.id_for.get(kw)
            assert picker is not None, f"ID_FOR has no way to pick a {kw!r} for {name}"
            values[kw] = picker()
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)
        return "/" + path

    def query(self) -> dict[str, int]:
        """What a form page reached from a household or case is given in its query string."""
        return {"household": self.household.id, "case": self.id_for["case_id"]()}


def test_every_page_with_personal_data_writes_one_audit_row_and_every_attempt_is_logged(client):
    demo = Demo()
    viewed, never_shown, problems = [], [], []
    for name, route, keywords in url_patterns():
        if name in pages.NOT_PERSONAL or name.startswith("api:"):
            continue  # the API (token, not session) audits in its own views: api/tests
        url = demo.url(name, route, keywords)
        statuses = []
        for user in demo.users:
            client.force_login(user)
            mark = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
            response = client.get(url)
            if response.status_code == 404 and not keywords:
                response = client.get(url, demo.query())
            statuses.append(response.status_code)
            if response.status_code in (405, 302):
                continue
            new = AuditEvent.objects.filter(id__gt=mark, actor=user)
            if 200 <= response.status_code < 300:
                rows = list(new.filter(action__in=["view", "export"]))
                if len(rows) != 1:
                    problems.append(f"{url} as {user.username}: {len(rows)} view rows")
                elif rows[0].household_id is None and any(
                    k not in ("key", "kind", "run_id", "lesson_id") for k in keywords
                ):
                    problems.append(f"{url}: the row names no household")
                viewed.append(name)
                break
            if response.status_code in (403, 404) and keywords:
                if not new.filter(action="denied").exists():
                    problems.append(f"{url} as {user.username}: {response.status_code} not logged")
            elif response.status_code >= 500:
                problems.append(f"{url} as {user.username}: {response.status_code}")
        else:
            never_shown.append((name, statuses[:4]))
    assert not problems, "\n".join(problems)
    # GET-only forms that redirect and POST-only endpoints show nothing; anything else that no
    # user could open means the demo lacks a record this test should have made.
    assert all(set(s) <= {302, 405, 403, 404} for _, s in never_shown), never_shown
    assert all(s != [404] * len(s[:4]) for _, s in never_shown), never_shown
    assert len(viewed) >= 40, (len(viewed), never_shown)


def test_an_out_of_reach_attempt_names_the_household_for_the_privacy_officer(client, cast):
    client.force_login(cast.other_advisor)
    for url in (
        f"/households/{cast.north_household.id}/",
        f"/contacts/household/{cast.north_household.id}/",
        f"/plans/household/{cast.north_household.id}/plan.pdf",
    ):
        assert client.get(url).status_code == 404
    denied = AuditEvent.objects.filter(action="denied", actor=cast.other_advisor)
    assert denied.count() == 3
    assert set(denied.values_list("household_id", flat=True)) == {cast.north_household.id}


def test_a_page_view_is_one_row_naming_the_page(client, cast):
    client.force_login(cast.advisor)
    client.get(f"/contacts/household/{cast.north_household.id}/")
    (row,) = AuditEvent.objects.filter(action="view")
    assert (row.action, row.summary, row.household_id) == (
        "view",
        "page contacts:timeline",
        cast.north_household.id,
    )


def test_a_view_row_written_during_an_anonymous_request_is_kept(rf, cast):
    from django.contrib.auth.models import AnonymousUser

    from verbinding.audit.middleware import AuditViewsMiddleware
    from verbinding.audit.services import audit_record

    def view(request):
        from django.http import HttpResponse

        audit_record(actor=None, action="view", object_type="x", household_id=7)
        return HttpResponse("ok")

    request = rf.get("/referrals/r/token/")
    request.user = AnonymousUser()
    AuditViewsMiddleware(view)(request)
    assert AuditEvent.objects.filter(action="view", household_id=7).count() == 1
