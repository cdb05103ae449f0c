"""API resources of the `assessments` domain package."""

urlpatterns: list = []
