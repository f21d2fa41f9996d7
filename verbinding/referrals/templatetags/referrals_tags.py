"""``{% case_referrals case %}``: the case's referrals and the partners' answers."""

from __future__ import annotations

from typing import Any

from django import template

from verbinding.referrals.models import SHAREABLE
from verbinding.referrals.selectors import referrals_for_case

register = template.Library()


@register.inclusion_tag("referrals/_case_section.html")
def case_referrals(case: Any) -> dict[str, Any]:
    return {"case": case, "referrals": list(referrals_for_case(case)), "shareable": SHAREABLE}
