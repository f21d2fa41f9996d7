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
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
