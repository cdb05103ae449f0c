"""API resources of the `catalog` domain package: the national list of lenders,
read-only. Counter staff on the counter's domain, the supervisor on the
national domain."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import permissions
from catalog import selectors as catalog
from catalog.models import LenderKind
from core.fields import ApiDateField


class CanReadCatalog(BasePermission):
    """Counter staff on their domain, the supervisor on the national one."""

    def has_permission(self, request, view):
        if getattr(request, "tenant", None) is None:
            return permissions.can_supervise(request.user)
        return permissions.is_tenant_staff(request.user)


class LenderSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    denominazione = serializers.CharField(source="name")
    tipo = serializers.ChoiceField(source="kind", choices=LenderKind.choices)
    codice_fiscale = serializers.CharField()
    codice_abi = serializers.CharField(source="abi_code")
    regioni = serializers.ListField(source="regions", child=serializers.CharField(),
                                    help_text="Vuoto: tutto il territorio nazionale.")
    sito_web = serializers.CharField(source="website")
    convenzione_enm_dal = ApiDateField(source="agreement_date", allow_null=True)
    attivo = serializers.BooleanField(source="is_active")
    esempio = serializers.BooleanField(source="is_example")


@extend_schema(parameters=[
    OpenApiParameter("tipo", str, enum=LenderKind.values),
    OpenApiParameter("regione", str, description="Finanziatori che operano nella regione"),
    OpenApiParameter("q", str, description="Denominazione, codice fiscale o ABI"),
])
class LenderListView(ListAPIView):
    """Elenco nazionale dei finanziatori attivi (in sola lettura)."""

    permission_classes = [CanReadCatalog]
    serializer_class = LenderSerializer
    filter_backends: list = []

    def get_queryset(self):
        params = self.request.query_params
        return catalog.lenders(active=True, kind=params.get("tipo") or None,
                               region=params.get("regione") or None,
                               search=params.get("q") or None)


class LenderDetailView(APIView):
    permission_classes = [CanReadCatalog]

    @extend_schema(responses=LenderSerializer)
    def get(self, request, lender_id: int):
        return Response(LenderSerializer(
            catalog.get_lender_for(actor=request.user, lender_id=lender_id)).data)


urlpatterns = [
    path("finanziatori/", LenderListView.as_view(), name="lender-list"),
    path("finanziatori/<int:lender_id>/", LenderDetailView.as_view(), name="lender-detail"),
]

# The national domain: the supervisor reads the list through the API too.
national_urlpatterns = urlpatterns
