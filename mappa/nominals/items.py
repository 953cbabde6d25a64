"""The kinds of item recorded on a nominal: one table that forms, views, services and the API share."""
from dataclasses import dataclass

from mappa.nominals import models as m


@dataclass(frozen=True)
class ItemKind:
    slug: str
    model: type
    singular: str
    plural: str
    fields: tuple[str, ...]

    @property
    def model_name(self) -> str:
        return self.model._meta.model_name

    @property
    def row_templates(self) -> list[str]:
        """How an item shows as a row of a list: its kind's own template, or its part's plain row."""
        part = self.model._meta.app_label
        return [f"{part}/items/{self.slug}.html", f"{part}/items/_row.html"]


KINDS = {
    k.slug: k
    for k in [
        ItemKind("aliases", m.Alias, "alias or previous name", "Aliases and name history",
                 ("kind", "first_name", "last_name", "used_from", "used_to", "notes", "handling")),
        ItemKind("identifiers", m.Identifier, "identifier", "Identifiers", ("kind", "value", "handling")),
        ItemKind("addresses", m.Address, "address", "Addresses",
                 ("status", "kind", "line1", "line2", "town", "county", "postcode", "moved_in", "moved_out", "notes", "handling")),
        ItemKind("occupants", m.Occupant, "person living at an address", "People living at addresses",
                 ("address", "name", "relationship", "date_of_birth", "under_18", "linked_nominal", "handling")),
        ItemKind("vehicles", m.Vehicle, "vehicle", "Vehicles",
                 ("registration", "make", "model", "colour", "used_from", "used_to", "notes", "handling")),
        ItemKind("contacts", m.Contact, "phone, email or online identity", "Phones, email and online identities",
                 ("kind", "value", "platform", "used_from", "used_to", "notes", "handling")),
        ItemKind("relationships", m.Relationship, "associate or relationship", "Associates and relationships",
                 ("kind", "other_nominal", "other_name", "description", "started", "ended", "notes", "handling")),
        ItemKind("documents", m.Document, "document", "Documents", ("title", "kind", "file", "notes", "handling")),
        ItemKind("activities", m.Activity, "activity log entry", "Activity log",
                 ("kind", "occurred_at", "time_known", "summary", "details", "handling")),
    ]
}

BY_MODEL = {k.model: k for k in KINDS.values()}


def kind_for(slug: str) -> ItemKind | None:
    return KINDS.get(slug)


NOMINAL_FIELDS = (
    "first_name", "middle_names", "last_name", "date_of_birth", "gender", "gender_description",
    "ethnicity", "language", "interpreter_needed", "diversity_needs",
)
