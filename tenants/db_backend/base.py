"""django-tenants' backend, minus needless round trips per request.

django-tenants forgets the search_path on every ``set_tenant`` call, so a
persistent connection re-issues ``SET search_path`` at the start of every
request even when the schema is the one already set. Here the path is kept
when it does not change; rollbacks still clear it (see the parent class).

When the schema does change (requests for different tenants on one
connection), the ``SET`` needs its own round trip, right after the one of
Django's connection health check (``CONN_HEALTH_CHECKS``), which sends
``SELECT 1`` before the request's first query. Here the health check sends
the pending ``SET search_path`` instead: it proves the connection works just
as well, and the request saves a round trip.
"""

from django_tenants.postgresql_backend import base
from django_tenants.utils import get_limit_set_calls, quote_schema_name


class DatabaseWrapper(base.DatabaseWrapper):
    def set_tenant(self, tenant, include_public=True):
        kept = self.search_path_set_schemas
        unchanged = (
            kept is not None
            and self.schema_name == tenant.schema_name
            and self.include_public_schema == include_public
        )
        super().set_tenant(tenant, include_public)
        if unchanged:
            self.search_path_set_schemas = kept

    def is_usable(self):
        pending = (
            self.connection is not None
            and get_limit_set_calls()
            and not self.search_path_set_schemas
            and not self._setting_search_path
            and self.schema_name
        )
        if not pending:
            return super().is_usable()
        search_paths = self._get_cursor_search_paths()
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    "SET search_path = " + ",".join(quote_schema_name(s) for s in search_paths)
                )
        except base.psycopg.Error:
            self.search_path_set_schemas = None
            return False
        self.search_path_set_schemas = search_paths
        return True
