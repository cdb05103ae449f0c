from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accounts import permissions
from health.selectors import database_answers, recent_checks
from health.services import request_worker_check
from ui.decorators import role_required


def _allowed(user):
    return permissions.can_manage_users(user) or permissions.can_administer_platform(user)


@role_required(_allowed)
def status(request):
    if request.method == "POST":
        request_worker_check(acting_user=request.user)
        return redirect("health:status")
    return render(request, "health/status.html", {"checks": recent_checks()})


@require_GET
def live(request):
    """Liveness and readiness for the orchestrator: the database answers."""
    database_answers()
    return JsonResponse({"stato": "ok"})
