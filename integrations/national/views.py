"""«Conferimenti nazionali» on the national site: counts per counter."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts import permissions
from integrations.national import selectors
from ui.decorators import role_required


@role_required(permissions.can_supervise)
@require_GET
def conferrals(request):
    now = timezone.now()
    rows = [{"row": row, "age": selectors.age_text(row.oldest_pending_age(now))}
            for row in selectors.counter_rows(actor=request.user)]
    totals = selectors.totals(actor=request.user)
    oldest = totals["oldest_pending_at"]
    return render(request, "integrations_national/conferrals.html", {
        "rows": rows, "totals": totals,
        "oldest_age": selectors.age_text(now - oldest if oldest else None)})
