from rest_framework.permissions import BasePermission

from accounts import permissions


class IsTenantStaff(BasePermission):
    def has_permission(self, request, view):
        return getattr(request, "tenant", None) is not None and permissions.is_tenant_staff(
            request.user)


class IsSupervisor(BasePermission):
    def has_permission(self, request, view):
        return getattr(request, "tenant", None) is None and permissions.can_supervise(request.user)


class CanManageUsers(BasePermission):
    """Tenant administrators on their counter's domain, the platform administrator on
    the national one: each sees only the users of the schema the request runs in."""

    def has_permission(self, request, view):
        return permissions.can_manage_users(request.user)
