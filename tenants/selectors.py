from django.db.models import QuerySet

from tenants.models import Network, Tenant


def active_tenants() -> QuerySet[Tenant]:
    return Tenant.objects.filter(status=Tenant.Status.ACTIVE).prefetch_related("domains")


def tenants_for_supervisor(*, status: str | None = None, region: str | None = None,
                           kind: str | None = None, search: str | None = None) -> QuerySet[Tenant]:
    tenants = Tenant.objects.prefetch_related("domains").order_by("name")
    if status:
        tenants = tenants.filter(status=status)
    if region:
        tenants = tenants.filter(region=region)
    if kind:
        tenants = tenants.filter(kind=kind)
    if search:
        tenants = tenants.filter(name__icontains=search)
    return tenants


def primary_domain(tenant: Tenant) -> str | None:
    domains = list(tenant.domains.all())
    primary = next((d for d in domains if d.is_primary), domains[0] if domains else None)
    return primary.domain if primary else None


def networks_of(*, tenant: Tenant) -> QuerySet[Network]:
    return Network.objects.filter(memberships__tenant=tenant).select_related("lead")


def tenant_by_slug(slug: str) -> Tenant | None:
    return Tenant.objects.filter(slug=slug).first()


def tenant_counts() -> dict[str, int]:
    """How many administrations the network has: in all, active, suspended."""
    return {
        "tenant_count": Tenant.objects.count(),
        "active_count": Tenant.objects.filter(status=Tenant.Status.ACTIVE).count(),
        "suspended_count": Tenant.objects.filter(status=Tenant.Status.SUSPENDED).count(),
    }
