from rest_framework.permissions import BasePermission

from accounts import permissions


class IsTenantStaff(BasePermission):
    def has_permission(self, request, view):
        return getattr(request, "tenant", None) is not None and permissions.is_tenant_staff(
            request.user)


class IsSupervisor(BasePermission):
    def has_permission(self, request, view):
        return getattr(request, "tenant", None) is None and permissions.can_supervise(request.user)
