from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mappa.accounts"
    label = "accounts"
