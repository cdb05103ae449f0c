from django.db import migrations

# One number that changes whenever a tenant or a domain does, however the
# change is made (services, admin, raw SQL). Each process re-reads it every
# TENANT_ROUTING_TTL seconds and drops its host table when it moved: one
# query per process per period instead of one per host (see tenants.routing).
# The value comes from a sequence so it never repeats, even after a TRUNCATE.

FORWARD = """
CREATE SEQUENCE tenants_routing_version_seq;
CREATE TABLE tenants_routing_version (
    id smallint PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL
);
INSERT INTO tenants_routing_version (id, version)
VALUES (1, nextval('tenants_routing_version_seq'));
CREATE FUNCTION tenants_bump_routing_version() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO tenants_routing_version (id, version)
    VALUES (1, nextval('tenants_routing_version_seq'))
    ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version;
    RETURN NULL;
END;
$$;
CREATE TRIGGER tenants_tenant_routing_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tenants_tenant
    FOR EACH STATEMENT EXECUTE FUNCTION tenants_bump_routing_version();
CREATE TRIGGER tenants_domain_routing_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tenants_domain
    FOR EACH STATEMENT EXECUTE FUNCTION tenants_bump_routing_version();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS tenants_domain_routing_version ON tenants_domain;
DROP TRIGGER IF EXISTS tenants_tenant_routing_version ON tenants_tenant;
DROP FUNCTION IF EXISTS tenants_bump_routing_version();
DROP TABLE IF EXISTS tenants_routing_version;
DROP SEQUENCE IF EXISTS tenants_routing_version_seq;
"""


class Migration(migrations.Migration):
    dependencies = [("tenants", "0001_initial")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
