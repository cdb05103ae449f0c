from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors as account_selectors
from accounts import services as account_services
from api.permissions import CanManageUsers, IsSupervisor
from api.serializers import (
    USER_FIELDS,
    MeSerializer,
    TenantSummarySerializer,
    UserRoleSerializer,
    UserSerializer,
    renamed,
)
from core.errors import ServiceError
from tenants import selectors as tenant_selectors


class SchemaView(SpectacularAPIView):
    """The OpenAPI document of the site that serves it: a counter's domain
    describes the counter's API, the national domain adds national resources."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        self.urlconf = getattr(request, "urlconf", None) or self.urlconf
        return super().get(request, *args, **kwargs)


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
        return Response({"token": account_services.issue_api_token(user=request.user)})


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


@extend_schema(parameters=[
    OpenApiParameter("ruolo", str), OpenApiParameter("q", str,
                                                     description="Cerca per e-mail o cognome"),
])
class UserListView(generics.ListAPIView):
    """Utenti dello schema corrente (personale dell'ente, o utenti nazionali sul dominio
    nazionale). La creazione invia all'utente un invito via e-mail."""

    serializer_class = UserSerializer
    permission_classes = [CanManageUsers]
    filter_backends: list = []

    def get_queryset(self):
        params = self.request.query_params
        return account_selectors.staff_list(role=params.get("ruolo"), search=params.get("q"))

    @extend_schema(request=UserSerializer, responses={201: UserSerializer})
    def post(self, request):
        serializer = UserSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            user = account_services.create_user(**serializer.validated_data, invite=True,
                                                acting_user=request.user)
        except ServiceError as exc:
            raise renamed(exc, USER_FIELDS) from exc
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)


class UserDetailView(APIView):
    """Un utente dello schema corrente; PATCH cambia il ruolo."""

    permission_classes = [CanManageUsers]

    @extend_schema(responses=UserSerializer)
    def get(self, request, user_id: int):
        user = account_selectors.get_user_for(actor=request.user, user_id=user_id)
        return Response(UserSerializer(user).data)

    @extend_schema(request=UserRoleSerializer, responses=UserSerializer)
    def patch(self, request, user_id: int):
        user = account_selectors.get_user_for(actor=request.user, user_id=user_id)
        serializer = UserRoleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            account_services.change_role(user=user, role=serializer.validated_data["role"],
                                         acting_user=request.user)
        except ServiceError as exc:
            raise renamed(exc, USER_FIELDS) from exc
        return Response(UserSerializer(user).data)
