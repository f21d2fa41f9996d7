from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "verbinding.contacts"
    label = "contacts"
    verbose_name = _("Contact moments")
    worklist_sources = ["verbinding.contacts.worklist.FollowUpDue"]
