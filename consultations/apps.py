from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "consultations"
    verbose_name = "Consultations"

    def ready(self) -> None:
        from consultations import receivers  # noqa: F401 - connects the signal receivers
