from django.urls import path

from catalog import views

app_name = "catalog"

# National site: the supervisor manages the list.
urlpatterns = [
    path("finanziatori/", views.lender_list, name="lenders"),
    path("finanziatori/nuovo/", views.lender_create, name="lender_create"),
    path("finanziatori/<int:lender_id>/", views.lender_edit, name="lender_edit"),
    path("finanziatori/<int:lender_id>/stato/", views.lender_toggle, name="lender_toggle"),
    path("finanziatori/limiti/", views.limit_list, name="limits"),
    path("finanziatori/limiti/nuovo/", views.limit_form, name="limit_create"),
    path("finanziatori/limiti/<int:limit_id>/", views.limit_form, name="limit_edit"),
]

# A counter's site: the list, read-only.
tenant_urlpatterns = [
    path("finanziatori/", views.lender_list, name="lenders"),
]
