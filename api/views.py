from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.authtoken.models import Token
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import IsSupervisor
from api.serializers import MeSerializer, TenantSummarySerializer
from audit import actions
from audit import services as audit
from tenants import selectors as tenant_selectors


class MeView(APIView):
    """Chi sono: utente, ruoli, ente e ambito (nazionale o di sportello)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user, context={"request": request}).data)


class TokenView(APIView):
    """Rilascia (o restituisce) il token API dell'utente autenticato."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: {"type": "object",
                                                  "properties": {"token": {"type": "string"}}}})
    def post(self, request):
        token, created = Token.objects.get_or_create(user=request.user)
        if created:
            audit.record(action=actions.API_TOKEN_ISSUED, actor=request.user, request=request)
        return Response({"token": token.key})


@extend_schema(parameters=[
    OpenApiParameter("stato", str, enum=["active", "suspended", "archived"]),
    OpenApiParameter("regione", str), OpenApiParameter("tipo", str),
    OpenApiParameter("q", str, description="Cerca nella denominazione"),
])
class TenantListView(generics.ListAPIView):
    """Enti della rete (solo supervisori, solo sul dominio nazionale)."""

    serializer_class = TenantSummarySerializer
    permission_classes = [IsSupervisor]
    filter_backends: list = []

    def get_queryset(self):
        params = self.request.query_params
        return tenant_selectors.tenants_for_supervisor(
            status=params.get("stato"), region=params.get("regione"), kind=params.get("tipo"),
            search=params.get("q"),
        )


class TenantDetailView(generics.RetrieveAPIView):
    serializer_class = TenantSummarySerializer
    permission_classes = [IsSupervisor]
    lookup_field = "slug"

    def get_queryset(self):
        return tenant_selectors.tenants_for_supervisor()
