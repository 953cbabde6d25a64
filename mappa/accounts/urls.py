from django.urls import path

from mappa.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    path("second-factor/", views.second_factor, name="second_factor"),
    path("", views.account, name="account"),
    path("authenticator/", views.set_up_authenticator, name="set_up_authenticator"),
    path("tokens/<id:pk>/revoke/", views.revoke_token, name="revoke_token"),
]
