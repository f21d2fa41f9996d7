from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import SimpleRouter

from verbinding.api import views

app_name = "api"

router = SimpleRouter(trailing_slash=False)
router.register("huishoudens", views.HuishoudenViewSet, basename="huishoudens")
router.register(
    "natuurlijk-personen", views.NatuurlijkPersoonViewSet, basename="natuurlijk-personen"
)
router.register("betaalgegevens", views.BetaalgegevenViewSet, basename="betaalgegevens")
router.register(
    "communicatievoorkeuren", views.CommunicatievoorkeurViewSet, basename="communicatievoorkeuren"
)
router.register("huurovereenkomsten", views.HuurovereenkomstViewSet, basename="huurovereenkomsten")
router.register(
    "betalingsregelingen", views.BetalingsregelingViewSet, basename="betalingsregelingen"
)
router.register("externe-incassos", views.ExterneIncassoViewSet, basename="externe-incassos")
router.register("bankafschriften", views.BankafschriftViewSet, basename="bankafschriften")
router.register(
    "bankafschrift-regels", views.BankafschriftRegelViewSet, basename="bankafschrift-regels"
)
router.register(
    "kwaliteitsmetingsverzoeken",
    views.KwaliteitsmetingsverzoekViewSet,
    basename="kwaliteitsmetingsverzoeken",
)
router.register("contactmomenten", views.ContactmomentViewSet, basename="contactmomenten")
router.register("zaken", views.ZaakViewSet, basename="zaken")
router.register("dossiers", views.DossierViewSet, basename="dossiers")
router.register("vroegsignaleringen", views.VroegsignaleringViewSet, basename="vroegsignaleringen")


def docs_page(view_class):  # type: ignore[no-untyped-def]
    """The packaged Swagger UI and Redoc set styles from their scripts: these two pages (the API's
    description, no personal data) allow inline styles; every other page allows none."""
    return csp_update({"style-src": ["'unsafe-inline'"]})(view_class.as_view(url_name="api:schema"))


urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/werklijst", views.WerklijstView.as_view(), name="werklijst"),
    path(
        "v1/kwaliteitsmetingsresultaten",
        views.KwaliteitsmetingsresultaatView.as_view(),
        name="kwaliteitsmetingsresultaten",
    ),
    path("v1/boekingen/bulk", views.BoekingenBulkView.as_view(), name="boekingen-bulk"),
    re_path(r"^v1/", views.not_found),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs_page(SpectacularSwaggerSplitView), name="docs"),
    path("redoc/", docs_page(SpectacularRedocView), name="redoc"),
]
