"""Queue Celery tasks when the transaction commits, in the schema that was
current when they were queued.

``delay_on_commit`` reads the schema at commit time; provisioning commits in
the public schema work queued for the new tenant, so the schema is captured
here, at the call.
"""

from django.db import connection, transaction


def on_commit(task, *args, **kwargs) -> None:
    schema_name = connection.schema_name
    transaction.on_commit(
        lambda: task.apply_async(args=args, kwargs=kwargs, headers={"_schema_name": schema_name})
    )
