from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from civic.places.models import Area, CensusEntry, CensusImport, Organisation
from civic.places.services.areas import area_create, area_update


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "organisation", "parent", "population"]
    list_filter = ["kind", "organisation"]
    search_fields = ["name", "code"]
    readonly_fields = ["path", "depth"]
    autocomplete_fields = ["parent"]

    def save_model(self, request: HttpRequest, obj: Area, form: Any, change: bool) -> None:
        # The tree's paths are kept by the service, not by save().
        fields = {
            name: form.cleaned_data[name]
            for name in ("name", "code", "kind", "population", "boundary")
        }
        if change:
            area_update(area=obj, parent=form.cleaned_data["parent"], **fields)
        else:
            created = area_create(
                organisation=form.cleaned_data["organisation"],
                parent=form.cleaned_data["parent"],
                **fields,
            )
            obj.pk, obj.path, obj.depth = created.pk, created.path, created.depth


@admin.register(CensusImport)
class CensusImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "organisation", "status", "rows_total", "uploaded_by", "created_at"]
    list_filter = ["status", "organisation"]
    readonly_fields = [field.name for field in CensusImport._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # imports go through the census page, which checks every row


@admin.register(CensusEntry)
class CensusEntryAdmin(admin.ModelAdmin):
    list_display = ["organisation", "area", "birth_year", "updated_at"]
    list_filter = ["organisation", "area"]
    readonly_fields = ["organisation", "identifier_hash", "birth_year", "area", "census_import"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
