from django.db import transaction

from audit import actions
from audit import services as audit
from health.models import WorkerCheck
from tenants.queue import on_commit


@transaction.atomic
def request_worker_check(*, acting_user, request=None) -> WorkerCheck:
    from health.tasks import answer_worker_check

    check = WorkerCheck.objects.create(requested_by=acting_user)
    audit.record(action=actions.WORKER_CHECK, actor=acting_user, target=check, request=request)
    on_commit(answer_worker_check, check.pk)
    return check
