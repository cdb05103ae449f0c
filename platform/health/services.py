from django.db import transaction

from audit import services as audit
from health.audit_actions import WORKER_CHECK
from health.models import WorkerCheck
from health.tasks import answer_worker_check
from tenants.queue import on_commit


@transaction.atomic
def request_worker_check(*, acting_user) -> WorkerCheck:
    check = WorkerCheck.objects.create(requested_by=acting_user)
    audit.record(action=WORKER_CHECK, actor=acting_user, target=check)
    on_commit(answer_worker_check, check.pk)
    return check
