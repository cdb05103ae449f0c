"""API resources of the `desks` domain package."""

urlpatterns: list = []
