"""Routes each request to its schema: the national site (public schema) or
one administration's tenant schema. Suspended and archived counters get an
Italian page that says so; unknown hosts a clear 404."""

from django.conf import settings
from django.db import connection
from django.http.request import split_domain_port
from django.shortcuts import render

from tenants import routing


class TenantRoutingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        host, _port = split_domain_port(request.get_host())
        try:
            tenant = routing.resolve(host)
        except LookupError:
            connection.set_schema_to_public()
            return render(request, "tenants/unknown_host.html", {"host": host}, status=404)
        if tenant is None:
            connection.set_schema_to_public()
            request.tenant = None
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
            return self.get_response(request)
        if tenant.status != tenant.Status.ACTIVE:
            connection.set_schema_to_public()
            status = 410 if tenant.status == tenant.Status.ARCHIVED else 503
            return render(request, "tenants/unavailable.html", {"tenant": tenant}, status=status)
        connection.set_tenant(tenant)
        request.tenant = tenant
        return self.get_response(request)
