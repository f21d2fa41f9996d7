from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantMessagesConfig(AppConfig):
    name = "verbinding.tenantmessages"
    label = "tenantmessages"
    verbose_name = _("Messages to the tenant")
    navigation: list = []
