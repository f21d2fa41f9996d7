"""Which pages show personal data, and whom a URL's ids point at.

Every URL pattern is treated as showing personal data, except the ones listed in ``NOT_PERSONAL``
(with the reason). The view-audit middleware writes a row for every page view of a personal page
that no selector audited itself, and for every attempt to open an id out of reach (403/404).

``SUBJECTS`` maps a URL's id keyword to the record it names and the household it belongs to, so the
register can say *whose* file was opened. A new URL with a new id keyword needs a line here;
``audit/tests/test_every_view_is_audited.py`` fails until it has one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext_lazy as _

# Route names (namespace:name) whose pages show no personal data.
NOT_PERSONAL: dict[str, str] = {
    "home": "redirects to the role's start page",
    "health": "a liveness probe",
    "healthz": "a liveness probe",
    "readyz": "a readiness probe",
    "login": "the login form",
    "logout": "ends the session",
    "service_worker": "the service worker's script (ADR 0017)",
    "manifest": "the web app manifest",
    "contacts:offline": "JSON receipt of offline contacts; the write is audited by contacts.services",
    "password_change": "one's own password",
    "password_change_done": "one's own password",
    "set_language": "the language switch",
    "security:verify": "one's own second factor",
    "security:setup": "one's own second factor",
    "security:codes": "one's own recovery codes",
    "oidc_authentication_init": "single sign-on: to the provider",
    "oidc_authentication_callback": "single sign-on: back from the provider",
    "arrears:policy": "association policy, no personal data",
    "arrangements:policy": "association policy, no personal data",
    "earlysignals:policy": "association policy, no personal data",
    "letters:templates": "letter templates, no personal data",
    "letters:template_edit": "a letter template, no personal data",
    "outcomes:dashboard": "aggregate figures, counts below 5 suppressed",
    "feedback:answer": "the tenant's own anonymous form (must stay unlinkable)",
    "feedback:answer_thanks": "the tenant's thank-you page",
    "referrals:answer": "the partner's page by token, audited by the referrals service",
    "access:glass": "the break-the-glass reason form: shows nothing of the household; the opening "
    "is audited by access.services.break_glass",
}


@dataclass(frozen=True)
class Subject:
    model: str  # app_label.ModelName
    household_path: str | None  # lookup from the record to its household id; None: no household


# URL keyword → the record it names. "namespace:keyword" overrides the plain keyword.
SUBJECTS: dict[str, Subject] = {
    "household_id": Subject("households.Household", "id"),
    "case_id": Subject("cases.Case", "household_id"),
    "nuisance:case_id": Subject("nuisance.NuisanceCase", "case__household_id"),
    "nuisance:party_id": Subject("nuisance.Party", "household_id"),
    "nuisance:step_id": Subject("nuisance.StepTaken", "nuisance_case__case__household_id"),
    "nuisance:mediation_id": Subject("nuisance.Mediation", "nuisance_case__case__household_id"),
    "contact_id": Subject("contacts.ContactMoment", "household_id"),
    "member_id": Subject("network.NetworkMember", "household_id"),
    "agreement_id": Subject("plans.Agreement", "plan__household_id"),
    "arrangement_id": Subject("arrangements.PaymentArrangement", "household_id"),
    "letter_id": Subject("letters.Letter", "household_id"),
    "signal_id": Subject("earlysignals.Signal", "household_id"),
    "flag_id": Subject("households.SafetyFlag", "household_id"),
    "tenancy_id": Subject("households.Tenancy", "household_id"),
    "person_id": Subject("households.Person", "memberships__household_id"),
    "iban_id": Subject("households.TenancyIban", "tenancy__household_id"),
    "escalation_id": Subject("escalation.Escalation", "household_id"),
    "run_id": Subject("imports.ImportRun", None),
    "statement_id": Subject("imports.BankStatement", None),
    "transaction_id": Subject("imports.BankTransaction", None),
    "item_id": Subject("imports.UnmatchedPayment", "tenancy__household_id"),
    "lesson_id": Subject("lessons.Lesson", None),
    "visit_id": Subject("dayplan.PlannedVisit", "household_id"),
    "referral_id": Subject("referrals.Referral", "household_id"),
}
# Keywords that name no personal record (a figure's key, a template kind, a tenant's token,
# a background job).
NOT_IDS = {"key", "kind", "token", "job_id"}

# Dutch names of the pages that have no record of their own, for the register.
PAGE_LABELS = {
    "households:list": _("household list"),
    "worklist:index": _("worklist"),
    "arrangements:list": _("list of payment arrangements"),
    "earlysignals:list": _("early signals"),
    "earlysignals:export": _("early signals export"),
    "nuisance:list": _("nuisance cases"),
    "imports:index": _("imports"),
    "imports:review": _("unmatched payments"),
    "escalation:overrides": _("guardrail overrides"),
    "lessons:list": _("lessons"),
    "outcomes:households": _("households behind a figure"),
    "feedback:ask": _("feedback requests"),
    "feedback:named": _("named feedback"),
    "audit:list": _("audit log"),
}


def subject_for(view_name: str, keyword: str) -> Subject | None:
    namespace = view_name.split(":", 1)[0] if ":" in view_name else ""
    return SUBJECTS.get(f"{namespace}:{keyword}") or SUBJECTS.get(keyword)


def resolve(
    view_name: str, kwargs: dict[str, object], *, household: bool = True
) -> tuple[str, str, int | None]:
    """(object type, object id, household id) of the first id in the URL; ("page", "", None)
    for a page without one. The household is looked up whether or not the user may see it."""
    for keyword, value in kwargs.items():
        if keyword in NOT_IDS:
            continue
        subject = subject_for(view_name, keyword)
        if subject is None:  # a URL added without a SUBJECTS line: still logged, by its id
            return "page", f"{keyword}={value}"[:64], None
        model = apps.get_model(subject.model)
        household_id = None
        if subject.household_path == "id":
            household_id = int(str(value))
        elif household and subject.household_path is not None:
            household_id = (
                model._default_manager.filter(pk=value)
                .values_list(subject.household_path, flat=True)
                .first()
            )
        return model._meta.label_lower, str(value), household_id
    return "page", "", None
