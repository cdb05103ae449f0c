"""Writes on tenants: provisioning, status, domains, networks.

Every function runs in one transaction, records its audit event and queues
its follow-up tasks on commit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string
from django_tenants.utils import schema_exists, tenant_context

from core.validators import valid_body_codice_fiscale
from tenants import audit_actions as actions
from tenants import hooks, routing, schemas
from tenants.errors import ProvisioningError, TenantConflict
from tenants.models import Domain, Network, NetworkMembership, Tenant
from tenants.tasks import refill_schema_pool

_SLUG_RE = re.compile(r"^[a-z][a-z0-9-]{1,38}[a-z0-9]$")


def schema_name_for(slug: str) -> str:
    return "t_" + slug.replace("-", "_")


@dataclass
class TenantProfile:
    """What an administration is: the fields of ``Tenant`` a provisioning sets."""

    slug: str
    name: str
    kind: str
    region: str
    province: str = ""
    istat_code: str = ""
    codice_ipa: str = ""
    codice_fiscale: str = ""
    offers_microcredit: bool = False
    offers_job_desk: bool = False
    offers_fragility_channel: bool = False
    intermediation_authorised: bool = False
    albo_number: str = ""
    extra: dict = field(default_factory=dict)


def _tenant_of(profile: TenantProfile) -> Tenant:
    return Tenant(
        schema_name=schema_name_for(profile.slug or "x"),
        slug=profile.slug, name=profile.name, kind=profile.kind, region=profile.region,
        province=profile.province.upper(), istat_code=profile.istat_code,
        codice_ipa=profile.codice_ipa, codice_fiscale=profile.codice_fiscale,
        offers_microcredit=profile.offers_microcredit, offers_job_desk=profile.offers_job_desk,
        offers_fragility_channel=profile.offers_fragility_channel,
        intermediation_authorised=profile.intermediation_authorised,
        albo_number=profile.albo_number,
    )


def _invalid_fields(profile: TenantProfile, tenant: Tenant) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not _SLUG_RE.match(profile.slug or ""):
        errors["slug"] = ["Usare da 3 a 40 lettere minuscole, cifre o trattini, "
                          "iniziando con una lettera."]
    if profile.codice_fiscale and not valid_body_codice_fiscale(profile.codice_fiscale):
        errors["codice_fiscale"] = ["Codice fiscale dell'ente non valido "
                                    "(11 cifre con carattere di controllo)."]
    try:
        tenant.full_clean(exclude=["schema_name", "slug", "codice_fiscale"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if profile.intermediation_authorised and not profile.albo_number:
        errors["albo_number"] = ["Indicare il numero di iscrizione all'Albo informatico."]
    return errors


def _conflicting_fields(profile: TenantProfile, domain: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if profile.slug and Tenant.objects.filter(slug=profile.slug).exists():
        errors["slug"] = ["Esiste già un ente con questo identificativo."]
    if profile.codice_ipa and Tenant.objects.filter(codice_ipa=profile.codice_ipa).exists():
        errors["codice_ipa"] = ["Esiste già un ente con questo codice IPA."]
    if Domain.objects.filter(domain=domain).exists():
        errors["domain"] = ["Il dominio è già assegnato a un altro ente."]
    return errors


def provisioning_errors(*, profile: TenantProfile, domain: str | None = None
                        ) -> dict[str, list[str]]:
    """Every reason, at once, why ``provision_tenant`` would refuse this profile:
    field name -> messages (empty when it would go ahead). Forms call it to show
    all the errors in one round."""
    domain = (domain or default_domain(profile.slug)).lower()
    errors = _invalid_fields(profile, _tenant_of(profile))
    for name, messages in _conflicting_fields(profile, domain).items():
        errors.setdefault(name, messages)
    return errors


def _validate(profile: TenantProfile, domain: str) -> Tenant:
    tenant = _tenant_of(profile)
    errors = _invalid_fields(profile, tenant)
    conflicts = _conflicting_fields(profile, domain)
    if errors:
        for name, messages in conflicts.items():
            errors.setdefault(name, messages)
        first = next(iter(errors))
        raise ProvisioningError(errors[first][0], field=first, fields=errors)
    if conflicts:
        first = next(iter(conflicts))
        raise TenantConflict(conflicts[first][0], field=first, fields=conflicts)
    return tenant


def default_domain(slug: str) -> str:
    return f"{slug}.{settings.BASE_DOMAIN}"


@transaction.atomic
def provision_tenant(
    *,
    profile: TenantProfile,
    admin_email: str,
    admin_first_name: str = "",
    admin_last_name: str = "",
    admin_password: str | None = None,
    domain: str | None = None,
    acting_user=None,
) -> Tenant:
    """Create a ready administration: schema, domain, first administrator, seed data.

    The schema is claimed from the pool of ready schemas (a rename); with the
    pool empty it is built here from the template's blueprint, the slow way.
    Without ``admin_password`` the first administrator receives an invitation
    by e-mail to choose one (no password hashing while the caller waits). The
    seeders run for the new tenant in any case; on a pool schema they find
    the template's seed rows already copied, and only check them.
    """
    domain = (domain or default_domain(profile.slug)).lower()
    tenant = _validate(profile, domain)
    if schema_exists(tenant.schema_name):
        raise TenantConflict("Lo schema di questo ente esiste già.", field="slug")
    from_pool = schemas.claim_pooled_schema(tenant.schema_name)
    if not from_pool:
        schemas.build_schema(tenant.schema_name)
    try:
        tenant.save()
        Domain.objects.create(domain=domain, tenant=tenant, is_primary=True)
    except IntegrityError as exc:
        raise TenantConflict("Ente o dominio già presente.", field="slug") from exc
    hooks.audited(
        action=actions.TENANT_PROVISIONED, actor=acting_user, target=tenant,
        details={"domain": domain, "from_pool": from_pool},
    )
    with tenant_context(tenant):
        hooks.provisioned(tenant=tenant, administrator=hooks.FirstAdministrator(
            email=admin_email, first_name=admin_first_name, last_name=admin_last_name,
            password=admin_password))
        for path in getattr(settings, "TENANT_SEEDERS", ()):
            import_string(path)(tenant=tenant)
    # The host may sit in this process's routing table as unknown.
    transaction.on_commit(lambda: routing.invalidate(domain))
    transaction.on_commit(refill_schema_pool.delay)
    return tenant


def record_intermediation(*, tenant: Tenant, in_force: bool, authorised_on: date | None,
                          albo_number: str) -> Tenant:
    """The national register's copy of a counter's authorisation to intermediate
    (art. 6 D.Lgs. 276/2003), kept in step with the one its administrator records
    in the job desk: the supervisor reads it here, never in the counter's schema."""
    Tenant.objects.filter(pk=tenant.pk).update(
        intermediation_authorised=in_force, intermediation_authorised_on=authorised_on,
        albo_number=albo_number)
    tenant.intermediation_authorised, tenant.intermediation_authorised_on = in_force, authorised_on
    tenant.albo_number = albo_number
    return tenant


@transaction.atomic
def change_status(*, tenant: Tenant, status: str, acting_user, reason: str = "") -> Tenant:
    if status not in Tenant.Status.values:
        raise ProvisioningError("Stato non valido.", field="status")
    previous = tenant.status
    if previous == Tenant.Status.ARCHIVED and status != previous:
        raise ProvisioningError("Un ente archiviato non può essere riattivato.", field="status")
    Tenant.objects.filter(pk=tenant.pk).update(status=status)
    tenant.status = status
    hooks.audited(
        action=actions.TENANT_STATUS_CHANGED, actor=acting_user, target=tenant,
        details={"from": previous, "to": status, "reason": reason},
    )
    transaction.on_commit(routing.invalidate)
    return tenant


@transaction.atomic
def change_primary_domain(*, tenant: Tenant, domain: str, acting_user) -> Domain:
    domain = domain.strip().lower()
    if Domain.objects.filter(domain=domain).exclude(tenant=tenant).exists():
        raise TenantConflict("Il dominio è già assegnato a un altro ente.", field="domain")
    current = tenant.domains.filter(is_primary=True).first()
    previous = current.domain if current else ""
    if current is not None:
        current.domain = domain
        current.save(update_fields=["domain"])
    else:
        current = Domain.objects.create(domain=domain, tenant=tenant, is_primary=True)
    hooks.audited(
        action=actions.TENANT_DOMAIN_CHANGED, actor=acting_user, target=tenant,
        details={"from": previous, "to": domain},
    )
    transaction.on_commit(routing.invalidate)
    return current


@transaction.atomic
def create_network(*, name: str, slug: str, lead: Tenant, members: list[Tenant], acting_user=None,
                   description: str = "") -> Network:
    if Network.objects.filter(slug=slug).exists():
        raise TenantConflict("Esiste già una rete con questo identificativo.", field="slug")
    network = Network.objects.create(name=name, slug=slug, lead=lead, description=description)
    for tenant in {lead, *members}:
        NetworkMembership.objects.create(network=network, tenant=tenant)
    hooks.audited(
        action=actions.NETWORK_CHANGED, actor=acting_user, target=network,
        details={"lead": lead.slug, "members": sorted(t.slug for t in {lead, *members})},
    )
    return network


def delete_tenant(*, tenant: Tenant) -> None:
    """Remove a tenant and its schema (tests and demo resets only; real ones are archived)."""
    schema = tenant.schema_name
    with transaction.atomic():
        Domain.objects.filter(tenant=tenant).delete()
        NetworkMembership.objects.filter(tenant=tenant).delete()
        Tenant.objects.filter(pk=tenant.pk).delete()
        schemas.drop_schema(schema)
    routing.invalidate()
