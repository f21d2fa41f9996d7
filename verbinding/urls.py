from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from verbinding.dayplan import offline as offline_views
from verbinding.ops import views as ops_views
from verbinding.security import oidc
from verbinding.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("health/", web_views.health, name="health"),
    path("healthz", ops_views.healthz, name="healthz"),
    path("readyz", ops_views.readyz, name="readyz"),
    path(
        "account/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("account/logout/", offline_views.LogoutView.as_view(), name="logout"),
    path("sw.js", offline_views.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline_views.manifest, name="manifest"),
    path("account/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("account/2fa/", include("verbinding.security.urls")),
    path("oidc/authenticate/", oidc.authentication_init, name="oidc_authentication_init"),
    path("oidc/callback/", oidc.authentication_callback, name="oidc_authentication_callback"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("households/", include("verbinding.households.urls")),
    path("access/", include("verbinding.access.urls")),
    path("audit/", include("verbinding.audit.urls")),
    path("cases/", include("verbinding.cases.urls")),
    path("contacts/", include("verbinding.contacts.urls")),
    path("network/", include("verbinding.network.urls")),
    path("plans/", include("verbinding.plans.urls")),
    path("imports/", include("verbinding.imports.urls")),
    path("arrears/", include("verbinding.arrears.urls")),
    path("worklist/", include("verbinding.worklist.urls")),
    path("arrangements/", include("verbinding.arrangements.urls")),
    path("letters/", include("verbinding.letters.urls")),
    path("escalation/", include("verbinding.escalation.urls")),
    path("earlysignals/", include("verbinding.earlysignals.urls")),
    path("nuisance/", include("verbinding.nuisance.urls")),
    path("feedback/", include("verbinding.feedback.urls")),
    path("lessons/", include("verbinding.lessons.urls")),
    path("dayplan/", include("verbinding.dayplan.urls")),
    path("referrals/", include("verbinding.referrals.urls")),
    path("to-tenant/", include("verbinding.tenantmessages.urls")),
    path("outcomes/", include("verbinding.outcomes.urls")),
    path("jobs/", include("verbinding.jobs.urls")),
    path("privacy/", include("verbinding.privacy.urls")),
    path("api/", include("verbinding.api.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "verbinding.security.views.bad_request"
