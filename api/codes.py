"""API resources of the `codes` package: the national code tables, read-only
and open to anyone (reference data, no personal data), on every counter's
domain and on the national one."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api.openapi import error_response, not_found
from codes import selectors, tables
from codes.text import MAX_QUERY
from core.fields import ApiDateField


class CodePagination(PageNumberPagination):
    page_query_param = "pagina"
    page_size = 20
    page_size_query_param = "per_pagina"
    max_page_size = 100


class TableSerializer(serializers.Serializer):
    tabella = serializers.CharField()
    nome = serializers.CharField()


class CodeEntrySerializer(serializers.Serializer):
    codice = serializers.CharField(source="code")
    descrizione = serializers.CharField(source="label")
    livello = serializers.IntegerField(source="level", allow_null=True)
    codice_padre = serializers.CharField(source="parent_code",
                                         help_text="Il codice del livello superiore (vuoto: "
                                                   "nessuno).")
    valido_dal = ApiDateField(source="valid_from")
    valido_al = ApiDateField(source="valid_to", allow_null=True,
                             help_text="Ultimo giorno di validità (null: nessuna scadenza).")
    altri_dati = serializers.DictField(source="extra", help_text=(
        "Dati propri della tabella: per i comuni provincia (sigla), regione (codice ISTAT), "
        "istat, capoluogo; per i titoli di studio livello e cliclavoro; ..."))


class CodeQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=MAX_QUERY,
                              trim_whitespace=False,
                              help_text="L'inizio di un codice («5.2.2.1») o parole della "
                                        "descrizione («cuoco»), senza badare ad accenti e "
                                        "maiuscole.")
    livello = serializers.IntegerField(required=False, min_value=1, max_value=9)
    valido_il = ApiDateField(required=False,
                             help_text="Solo i codici validi in quel giorno (senza: tutti, i "
                                       "validi oggi per primi).")
    pagina = serializers.IntegerField(required=False, min_value=1, max_value=1_000_000)
    per_pagina = serializers.IntegerField(required=False, min_value=1,
                                          max_value=CodePagination.max_page_size,
                                          help_text="Voci per pagina (20 se non indicato).")


class CodeTableListView(APIView):
    """Le tabelle di codifica disponibili."""

    permission_classes = [AllowAny]

    @extend_schema(summary="Tabelle di codifica", operation_id="codici_tabelle",
                   responses={200: TableSerializer(many=True)})
    def get(self, request):
        return Response([{"tabella": table, "nome": tables.table_name(table)}
                         for table in tables.ALL])


class CodeListView(APIView):
    """Le voci di una tabella di codifica, cercate per codice o parole."""

    permission_classes = [AllowAny]
    pagination_class = CodePagination

    @extend_schema(
        summary="Voci di una tabella di codifica", operation_id="codici_voci",
        parameters=[OpenApiParameter("tabella", OpenApiTypes.STR, OpenApiParameter.PATH,
                                     enum=list(tables.ALL)),
                    CodeQuerySerializer],
        responses={200: CodeEntrySerializer(many=True),
                   400: error_response("Parametro non valido (es. `q` oltre 200 caratteri)."),
                   404: not_found("Tabella di codifica o pagina")})
    def get(self, request, tabella: str):
        table = tabella
        if not tables.is_table(table):
            raise exceptions.NotFound("Tabella di codifica sconosciuta.")
        query = CodeQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        rows = selectors.code_search(table=table, text=params.get("q", ""),
                                     on=params.get("valido_il"), level=params.get("livello"))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(CodeEntrySerializer(page, many=True).data)


urlpatterns = [
    path("codici/", CodeTableListView.as_view(), name="code-table-list"),
    path("codici/<str:tabella>/", CodeListView.as_view(), name="code-list"),
]
