from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accounts import permissions
from health.models import WorkerCheck
from health.services import request_worker_check
from web.decorators import role_required


def _allowed(user):
    return permissions.can_manage_users(user) or permissions.can_administer_platform(user)


@role_required(_allowed)
def status(request):
    if request.method == "POST":
        request_worker_check(acting_user=request.user, request=request)
        return redirect("health:status")
    checks = WorkerCheck.objects.all()[:10]
    return render(request, "health/status.html", {"checks": checks})


@require_GET
def live(request):
    """Liveness and readiness for the orchestrator: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"stato": "ok"})
