from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(success_url="/accounts/password/done/"),
        name="password-change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password-change-done",
    ),
    path("profile/", views.profile, name="profile"),
    path("users/", views.user_list, name="user-list"),
    path("users/create/", views.user_create, name="user-create"),
    path("users/<uuid:code>/edit/", views.user_edit, name="user-edit"),
    path("users/<uuid:code>/invite/", views.user_invite, name="user-invite"),
    path("invitation/<uidb64>/<token>/", views.invitation_accept, name="invitation-accept"),
    path("password/forgotten/", views.password_reset, name="password-reset"),
    path("password/forgotten/sent/", views.password_reset_done, name="password-reset-done"),
    path(
        "password/forgotten/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password-reset-confirm",
    ),
]
