from django.contrib import admin

from verbinding.areas.models import District, Municipality, Neighbourhood


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("cbs_code", "name", "receives_signals")
    list_filter = ("receives_signals",)


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("cbs_code", "name", "municipality")
    list_filter = ("municipality",)


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ("cbs_code", "name", "district")
    list_filter = ("district__municipality", "district")
    search_fields = ("cbs_code", "name")
