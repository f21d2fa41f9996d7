"""Issue 15, the tenant gets what was agreed: the plan, the arrangement and the next appointment by
the tenant's preferred channel (e-mail, SMS through the adapter, or a letter as PDF), recorded as
a contact moment; reminders only where the tenant agreed, once per instalment."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from verbinding import clock
from verbinding.arrangements.models import ArrangementPolicy, Instalment, PaymentArrangement
from verbinding.arrangements.reference import load_current
from verbinding.contacts.models import ContactMoment
from verbinding.plans import services as plans
from verbinding.tenantmessages import services, sms
from verbinding.tenantmessages.models import MessageTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def tenant(cast):
    household = cast.north_household
    person = household.members.get().person
    person.email, person.phone = "jansen@example.nl", "0612345678"
    person.save()
    plan = plans.plan_for_household(household=household, actor=cast.advisor)
    plans.agreement_add(
        plan=plan,
        what="Ik bel de budgetcoach",
        owner_kind="tenant",
        actor=cast.advisor,
        due_on=clock.today() + dt.timedelta(days=7),
    )
    return household


def test_the_plan_goes_by_e_mail_when_the_tenant_prefers_it(client, cast, tenant):
    tenant.preferred_channel = "EMA"
    tenant.save()
    client.force_login(cast.advisor)
    client.post(reverse("tenantmessages:send", args=[tenant.id]), {"kind": "plan"})
    assert len(mail.outbox) == 1
    assert "Ik bel de budgetcoach" in mail.outbox[0].body
    assert mail.outbox[0].to == ["jansen@example.nl"]
    contact = ContactMoment.objects.get(household=tenant)
    assert contact.channel == "EMA" and contact.outcome == "sent"


@override_settings(SMS_BACKEND="verbinding.tenantmessages.sms.LocmemBackend")
def test_by_sms_through_the_adapter_with_the_associations_own_wording(cast, tenant):
    sms.outbox.clear()
    tenant.preferred_channel = "SMS"
    tenant.save()
    MessageTemplate.objects.create(kind="plan", subject="Ons plan", body="Hoi {name}: {content}")
    services.send_to_tenant(household=tenant, kind="plan", actor=cast.advisor)
    name = tenant.members.get().person.full_name
    [(to, text)] = sms.outbox
    assert to == "0612345678"
    assert text.startswith(f"Ons plan\nHoi {name}: - Ik bel de budgetcoach (")


def test_without_a_digital_preference_it_is_a_letter_to_print(client, cast, tenant):
    client.force_login(cast.advisor)
    response = client.post(reverse("tenantmessages:send", args=[tenant.id]), {"kind": "plan"})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert ContactMoment.objects.get(household=tenant).channel == "BRI"


def test_nothing_to_send_is_a_clear_message_not_an_error(client, cast, tenant):
    client.force_login(cast.advisor)
    response = client.post(
        reverse("tenantmessages:send", args=[tenant.id]), {"kind": "arrangement"}, follow=True
    )
    assert "Er loopt geen betalingsregeling" in response.text
    assert not ContactMoment.objects.exists()
    client.force_login(cast.other_advisor)
    assert (
        client.post(reverse("tenantmessages:send", args=[tenant.id]), {"kind": "plan"}).status_code
        == 404
    )


def test_reminders_only_with_consent_and_once_per_instalment(cast, tenant):
    load_current()
    tenant.preferred_channel = "EMA"
    tenant.save()
    today = clock.today()
    arrangement = PaymentArrangement.objects.create(
        household=tenant,
        tenancy=tenant.tenancies.get(),
        policy=ArrangementPolicy.objects.first(),
        amount_cents=60000,
        instalment_cents=20000,
        first_due_on=today + dt.timedelta(days=3),
        term_months=3,
        rent_cents=65000,
        inside_margins=True,
        status="ACT",
        created_by=cast.advisor,
        created_on=today,
    )
    Instalment.objects.create(
        arrangement=arrangement, number=1, due_on=today + dt.timedelta(days=3), amount_cents=20000
    )
    assert services.send_instalment_reminders(today=today) == 0  # no consent
    services.reminder_consent_set(household=tenant, given=True, actor=cast.advisor)
    assert services.send_instalment_reminders(today=today) == 1
    assert services.send_instalment_reminders(today=today) == 0  # not twice
    assert "€ 200,00" in mail.outbox[-1].body
    services.reminder_consent_set(household=tenant, given=False, actor=cast.advisor)
    Instalment.objects.create(
        arrangement=arrangement, number=2, due_on=today + dt.timedelta(days=3), amount_cents=20000
    )
    assert services.send_instalment_reminders(today=today) == 0  # consent withdrawn
