from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("accesso/", views.LoginView.as_view(), name="login"),
    path("uscita/", views.LogoutView.as_view(), name="logout"),
    path("accesso/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("accesso/recupero/", views.PasswordResetView.as_view(), name="password_reset"),
    path("accesso/recupero/inviato/", views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("accesso/reimposta/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
]
