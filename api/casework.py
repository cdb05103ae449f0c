"""API resources of the `casework` domain package."""

urlpatterns: list = []
