"""Optimistic locking: a save names the version it was based on, and a stale one is refused."""
from django.db.models import F, FileField


class StaleEdit(Exception):
    """Someone else saved this record after the editor opened it."""

    def __init__(self, current):
        self.current = current
        super().__init__("This record was changed by someone else after you opened it.")


def save_if_current(instance, expected_version: int, fields: list[str]) -> None:
    """Write `fields` of `instance` only if the stored version is still `expected_version`."""
    model = type(instance)
    values = {name: _stored_value(instance, name) for name in fields}
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        from django.utils import timezone

        values["updated_at"] = instance.updated_at = timezone.now()
    updated = model.objects.filter(pk=instance.pk, version=expected_version).update(version=F("version") + 1, **values)
    if not updated:
        raise StaleEdit(model.objects.filter(pk=instance.pk).first())
    instance.version = expected_version + 1


def _stored_value(instance, name: str):
    """The value to write; a newly uploaded file is stored first, as Model.save() would."""
    field = instance._meta.get_field(name)
    if isinstance(field, FileField):
        return field.pre_save(instance, add=False)
    return getattr(instance, name)
