"""The build's check that case data is read only through the access policy.

Everything a user may see is read through `mappa.access.policy` (nominals_for, items_for, get_nominal,
get_item, handling_scope). A read that goes around it — a case model's manager, a reverse manager from one
case record to its items, a prefetch by name, raw SQL — reads rows without asking who is reading, which is
how restricted items leaked before. tests/test_read_mechanism.py runs `violations()` over the code and the
templates, and fails on any such read outside the places below.

Allowed by rule, and why:
- mappa/access/: the policy itself, and emergency access, which reads the record it grants.
- mappa/*/services.py: the write services. They lock, validate and audit rows a policy check has already
  let the actor reach; a read there serves a change, not a page.
- migrations and the demo and synthetic data loaders: they run as the system, for no reader.
Anything else is listed in ALLOWED, with the reason.
"""
import ast
import re
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import models

ROOT = Path(__file__).resolve().parents[1]  # the mappa package

ALLOWED_BY_RULE = ("access/", "demo/", "*/services.py", "*/*_services.py", "*/migrations/*", "*/demo.py")

# (path under mappa/, function or class) -> why a direct read there is safe.
ALLOWED: dict[tuple[str, str], str] = {
    ("core/recording.py", "save_edit"): "a service's step: the item the actor is editing, read again to show them "
                                        "what was saved since their version (as services.py may)",
    ("audit/triggers.py", "install"): "creates the audit table's triggers (schema, no rows read)",
    ("audit/triggers.py", "installed"): "lists the audit table's triggers from the catalogue (schema, no rows read)",
    ("audit/triggers.py", "remove"): "drops the audit table's triggers (schema, no rows read)",
    ("core/changes.py", "case_column"): "whether a table has a nominal_id column, from the catalogue (schema)",
    ("core/changes.py", "install"): "creates the change-number triggers (schema, no rows read)",
    ("audit/partitions.py", "is_partitioned"): "whether the audit table is partitioned, from the catalogue (schema)",
    ("audit/partitions.py", "partitions"): "lists the audit table's partitions from the catalogue (schema)",
    ("audit/partitions.py", "ensure"): "makes a month's audit partition, moving the month's rows out of the default "
                                       "partition unread by anyone (schema)",
    ("audit/partitions.py", "partition_table"): "the partitioning migration: moves the audit rows into the partitioned "
                                                "table unread by anyone (schema)",
    ("audit/chain.py", "link"): "reads the audit chain's last hash and the next id as a new audit row is written, "
                                "inside the write that records it (no case data shown to anyone)",
    ("audit/chain.py", "link_many"): "as link, for many audit rows written at once (one lock, one read of the last "
                                     "hash, ids reserved together)",
    ("audit/models.py", "AuditEvent.add_many"): "a write: inserts audit rows already linked into the chain",
    ("risk/registrations.py", "_rosh_many"): "whether people already read through the policy are in custody now (a "
                                             "flag worked out from unrestricted custody records, as the docstring says)",
    ("audit/chain.py", "verify"): "`mappa audit verify`: hashes every audit row to check the chain, an operator's "
                                  "command that prints row ids, times and actors, never a record's contents",
    ("audit/chain.py", "chain_existing"): "the audit chain's data migration: hashes the rows already written",
    ("core/backup.py", "holdings"): "`mappa restore`: counts the rows a database holds before replacing it",
    ("core/prepared.py", "Prepared"): "runs a statement the ORM built through the policy (the name search), "
                                      "with new values; tests/test_search.py checks it returns what the queryset does",
    ("core/notifications.py", "notify"): "a write: sends a notification to those who may see what it is about",
    ("core/notifications.py", "dismiss"): "a write: marks the user's own notification read",
    ("arrangements/registrations.py", "prompt_review_on_significant_events"): "an event listener, run as the "
        "system inside the change that raised the event: it finds the episode to prompt a review on and "
        "sends the prompt through core.notifications.notify, to those who may see the event",
    ("licences/registrations.py", "recheck_when_an_address_changes"): "an event listener, run as the system "
        "inside the change that raised the event: it asks whether the address was located, then rechecks it "
        "through the licences' write service",
    ("core/concurrency.py", "save_if_current"): "a write: saves a row a write service has checked, only if its "
                                                "version is still the one the user started from",
    ("core/reference.py", "load_rows"): "loads reference data in migrations (no case data)",
    ("core/reference.py", "unload_rows"): "removes reference data in migrations (no case data)",
    ("orders/queries.py", "snapshot"): "the page's one read of the person's orders records, shared by the facts "
        "and the legal status panel (core.facts.remember); every use narrows it with policy.may_see_item",
    ("arrangements/queries.py", "current_episodes"): "the page's one read of the person's current MAPPA episodes, "
        "shared by the facts and the MAPPA panel; every use narrows it with policy.may_see_item",
    ("licences/registrations.py", "current_licences"): "the page's one read of the person's licences in force, "
        "shared by the facts, the panel and the plan; every use narrows it with policy.may_see_item",
    ("licences/registrations.py", "live_conditions"): "the page's one read of the live conditions of those "
        "licences, shared as above; every use narrows it with policy.may_see_item",
    ("core/saving.py", "opened_values"): "reads the changes to the one row a write service has just refused as "
                                         "stale, a row the actor reached through the policy in that service",
    ("nominals/events.py", "follow_handling"): "a write: restricts the events raised from an item whose "
                                               "restriction a write service has just raised, auditing each",
    ("nominals/events.py", "record_significant_event"): "a write: creates the event inside the transaction of "
                                                        "the change (already checked) that raised it",
    ("nominals/search.py", "_name_statement"): "name key ids only, as a subquery of the one statement that "
                                               "reads the keys through items_for (scope and handling)",
    ("nominals/search.py", "_slipped_keys"): "name key ids only (surname variants), as a subquery of the "
                                             "statement that reads the keys through items_for",
    ("risk/views.py", "detail"): "peer reviews of the assessment read by get_item: they have no handling of "
                                 "their own and belong wholly to it",
}

MANAGER_METHODS = {
    "all", "filter", "exclude", "get", "first", "last", "count", "exists", "order_by", "values", "values_list",
    "select_related", "prefetch_related", "annotate", "aggregate", "iterator", "create", "update", "delete",
    "in_bulk", "only", "defer", "latest", "earliest", "get_or_create", "update_or_create", "bulk_create",
    "bulk_update", "none", "distinct", "union", "raw",
}
RAW_SQL_NAMES = {"RawSQL"}
RAW_SQL_METHODS = {"raw", "extra", "cursor"}


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    where: str  # the enclosing function or class, "" at module level
    what: str

    def __str__(self):
        return f"mappa/{self.path}:{self.line} ({self.where or 'module'}): {self.what}"


def case_models() -> list[type[models.Model]]:
    """The nominal and every model that hangs off it, directly or through another case model."""
    nominal = apps.get_model("nominals", "Nominal")
    found = {nominal}
    grew = True
    while grew:
        grew = False
        for model in apps.get_models():
            if model not in found and any(f.related_model in found for f in _links(model)):
                found.add(model)
                grew = True
    return sorted(found, key=lambda m: m._meta.label)


def _links(model) -> list:
    """The model's own foreign keys and one-to-one fields."""
    return [f for f in model._meta.get_fields() if f.concrete and (f.many_to_one or f.one_to_one)]


def reverse_accessors(case: list[type[models.Model]]) -> set[str]:
    """Names of reverse managers (and reverse one-to-one attributes) from one case model to another."""
    names = set()
    for model in case:
        for rel in model._meta.related_objects:
            if rel.related_model in case and rel.get_accessor_name():
                names.add(rel.get_accessor_name())
    return names


class _Finder(ast.NodeVisitor):
    def __init__(self, path: str, model_names: set[str], accessors: set[str]):
        self.path, self.model_names, self.accessors = path, model_names, accessors
        self.scope: list[str] = []
        self.found: list[Violation] = []
        self.nothing: set[int] = set()  # `Model.objects` nodes followed by .none(): they read nothing

    def _add(self, node, what):
        self.found.append(Violation(self.path, node.lineno, ".".join(self.scope), what))

    def _scoped(self, node):
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _scoped

    def visit_Attribute(self, node):
        value = node.value
        if id(node) in self.nothing:
            return self.generic_visit(node)
        if node.attr in {"objects", "_default_manager", "_base_manager"}:
            if isinstance(value, ast.Name) and value.id in self.model_names:
                self._add(node, f"{value.id}.{node.attr}: read it through mappa.access.policy")
            elif not (isinstance(value, ast.Name) and value.id[:1].isupper()):
                # A model chosen as the code runs (`model.objects`, `type(item).objects`) may be a case model.
                self._add(node, f"{ast.unparse(value)}.{node.attr}: a model chosen at run time may hold case data; "
                          "read it through mappa.access.policy")
        self.generic_visit(node)

    def visit_Call(self, node):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "none":
            self.nothing.add(id(func.value))
        if isinstance(func, ast.Attribute):
            inner = func.value
            if func.attr in MANAGER_METHODS and isinstance(inner, ast.Attribute) and inner.attr in self.accessors:
                self._add(node, f".{inner.attr}.{func.attr}(): a reverse manager reads every item, whoever is reading")
            if func.attr in {"prefetch_related", "select_related"}:
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str) \
                            and arg.value.split("__")[0] in self.accessors:
                        self._add(node, f"{func.attr}({arg.value!r}): prefetch items through policy.items_for")
            if func.attr in RAW_SQL_METHODS:
                self._add(node, f".{func.attr}(): raw SQL belongs in mappa/access/ or a write service")
        if isinstance(func, ast.Name) and func.id in RAW_SQL_NAMES:
            self._add(node, f"{func.id}(): raw SQL belongs in mappa/access/ or a write service")
        self.generic_visit(node)


def source_violations(source: str, path: str, model_names: set[str], accessors: set[str]) -> list[Violation]:
    finder = _Finder(path, model_names, accessors)
    finder.visit(ast.parse(source))
    return finder.found


def template_violations(text: str, path: str, accessors: set[str]) -> list[Violation]:
    """A template that walks a reverse manager ({{ address.occupants.all }}) reads items unfiltered."""
    found = []
    names = "|".join(sorted(map(re.escape, accessors)))
    pattern = re.compile(rf"\.({names})\.(all|count|first|last|exists)\b")
    for number, line in enumerate(text.splitlines(), 1):
        for match in pattern.finditer(line):
            found.append(Violation(path, number, "template", f".{match.group(1)}.{match.group(2)}: "
                                   "give the template items read through mappa.access.policy"))
    return found


def _allowed_by_rule(path: str) -> bool:
    return any(path.startswith(rule) if rule.endswith("/") else Path(path).match(rule) for rule in ALLOWED_BY_RULE)


def violations(root: Path = ROOT) -> list[Violation]:
    case = case_models()
    names = {m.__name__ for m in case}
    accessors = reverse_accessors(case)
    found = []
    for file in sorted(root.rglob("*.py")):
        path = file.relative_to(root).as_posix()
        if _allowed_by_rule(path):
            continue
        found += [v for v in source_violations(file.read_text(), path, names, accessors)
                  if (path, v.where.split(".")[0]) not in ALLOWED and (path, v.where) not in ALLOWED]
    for file in sorted(root.rglob("templates/**/*.html")):
        path = file.relative_to(root).as_posix()
        found += template_violations(file.read_text(), path, accessors)
    return found
