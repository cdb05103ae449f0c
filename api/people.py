"""API resources of the `people` domain package."""

urlpatterns: list = []
