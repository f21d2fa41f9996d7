"""The menu: by role, the current page marked, labels in the page's language (the addresses are
worked out once per role and process, verbinding.web.context_processors)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _menu(client: Client, path: str) -> str:
    page = client.get(path).content.decode()
    return page.split('<nav class="main"', 1)[1].split("</nav>", 1)[0]


def test_each_role_sees_its_own_menu_with_the_current_page_marked(cast: Any) -> None:
    manager, advisor = Client(), Client()
    manager.force_login(cast.manager)
    advisor.force_login(cast.advisor)
    assert 'href="/outcomes/" aria-current="page">Resultaten<' in _menu(manager, "/outcomes/")
    advisor_menu = _menu(advisor, "/households/")
    assert "/outcomes/" not in advisor_menu  # asked after the manager's menu was made
    assert 'href="/households/" aria-current="page">Huishoudens<' in advisor_menu
    assert 'href="/outcomes/">Resultaten<' in _menu(manager, "/worklist/")


def test_the_labels_follow_the_language_the_user_chose(cast: Any) -> None:
    client = Client()
    client.force_login(cast.manager)
    assert ">Resultaten<" in _menu(client, "/outcomes/")
    client.cookies["django_language"] = "en"
    menu = _menu(client, "/outcomes/")
    assert ">Outcomes<" in menu and ">Resultaten<" not in menu
