"""django-tenants' backend, minus one needless round trip per request.

django-tenants forgets the search_path on every ``set_tenant`` call, so a
persistent connection re-issues ``SET search_path`` at the start of every
request even when the schema is the one already set. Here the path is kept
when it does not change; rollbacks still clear it (see the parent class).
"""

from django_tenants.postgresql_backend import base


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
