from __future__ import annotations

from django.core.paginator import Paginator

from jobs import permissions
from ui.decorators import role_required

PAGE_SIZE = 25
MAX_PAGE = 10_000

staff_required = role_required(permissions.can_use_jobs)
admin_required = role_required(permissions.can_manage_authorisation)


def page_of(queryset, number):
    try:
        number = min(max(1, int(number or 1)), MAX_PAGE)
    except (TypeError, ValueError):
        number = 1
    paginator = Paginator(queryset, PAGE_SIZE)
    return paginator.get_page(number)
