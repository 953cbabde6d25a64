"""The MAPPA annual report as pure functions over plain rows: nothing here touches the ORM.

The tables and their wording follow the Essex MAPPA annual report 2008-09 (seed 002). Every figure
carries its counting basis, a snapshot on the last day of the reporting year or a count over the whole
year, because the basis has changed over time: Category 2 and 3 counts are a 31 March snapshot from
2008/09 and were whole-year counts before, Category 1 has always been a snapshot (HMI Probation and HMI
Constabulary 2010, Table 1 footnote). Each figure also keeps the people it counts, so a reader can open
the cases behind it.
"""
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

CATEGORIES = (1, 2, 3)
# The report's own words for the categories (seed 002, "Who are the MAPPA offenders?").
CATEGORY_LABELS = {1: "Registered sexual offenders", 2: "Violent offenders", 3: "Other dangerous offenders"}
CATEGORY_SHORT = {1: "RSO", 2: "Violent", 3: "Other"}
MANAGED_LEVELS = (2, 3)

SNAPSHOT, PERIOD = "snapshot", "period"

# Civil orders in the report's groups: the orders that replaced the 2003 Act's orders are counted with them.
ORDER_GROUPS = (
    ("sopo", "Sexual offences prevention orders and sexual harm prevention orders", ("sopo", "shpo")),
    ("notification", "Notification orders", ("notification_order",)),
    ("fto", "Foreign travel orders", ("fto",)),
    ("risk", "Sexual risk orders and risk of sexual harm orders", ("sro", "rsho")),
)
NO_DIVISION = "Not held by a police team"


# ---------------------------------------------------------------------------------------------
# Rows in


@dataclass(frozen=True)
class Episode:
    """A MAPPA eligibility: a person in a category from the day identified until the day it ended."""
    id: int
    person: int
    category: int
    identified_on: datetime.date
    ended_on: datetime.date | None = None


@dataclass(frozen=True)
class Decision:
    """A level decision within an episode. The one in force is the latest by date, then the last recorded."""
    id: int
    episode: int
    level: int
    decided_on: datetime.date


@dataclass(frozen=True)
class Person:
    """Where a person is held (the office, and for a police team the police division), and what the board's
    diversity view counts: gender, date of birth and whether an ethnicity is recorded."""
    id: int
    office: str
    division: str | None = None
    gender: str = ""
    born: datetime.date | None = None
    ethnicity_recorded: bool = False


@dataclass(frozen=True)
class Event:
    """Something that happened to a person on a day (a return to custody, a breach, an offence)."""
    id: int
    person: int
    on: datetime.date
    kind: str = ""


@dataclass(frozen=True)
class Referral:
    id: int
    person: int
    referred_on: datetime.date
    category: int


@dataclass(frozen=True)
class Rows:
    """Everything the report counts, for one area (already narrowed to what the reader may see)."""
    people: tuple[Person, ...] = ()
    episodes: tuple[Episode, ...] = ()
    decisions: tuple[Decision, ...] = ()
    recalls: tuple[Event, ...] = ()                # returned to custody (kind unused)
    order_breaches: tuple[Event, ...] = ()         # breaches of a SOPO or SHPO taken to prosecution
    notification_breaches: tuple[Event, ...] = ()  # breaches of the notification requirements taken to prosecution
    serious_offences: tuple[Event, ...] = ()       # serious further offences, on the day of the offence
    applications: tuple[Event, ...] = ()           # civil orders applied for (kind: the order's kind)
    interim_orders: tuple[Event, ...] = ()         # interim orders granted (kind: the order's kind)
    full_orders: tuple[Event, ...] = ()            # full orders granted (kind: the order's kind)
    referrals: tuple[Referral, ...] = ()


# ---------------------------------------------------------------------------------------------
# Figures out


@dataclass(frozen=True)
class Figure:
    key: str
    value: int | None
    basis: str   # SNAPSHOT or PERIOD
    rule: str    # how it is counted, in words
    people: frozenset = frozenset()

    @property
    def behind(self) -> int:
        """How many people are behind the figure."""
        return len(self.people)


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Figure, ...]


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    note: str = ""

    def figures(self):
        for row in self.rows:
            yield from row.cells


@dataclass(frozen=True)
class Year:
    start: datetime.date
    end: datetime.date

    @property
    def period(self) -> str:
        return f"{_day(self.start)} to {_day(self.end)}"


@dataclass
class Report:
    area: str
    year: Year
    tables: list[Table] = field(default_factory=list)
    board: list[Table] = field(default_factory=list)  # the strategic management board's indicators

    def all_tables(self) -> list[Table]:
        return [*self.tables, *self.board]

    def figure(self, key: str) -> Figure | None:
        for table in self.all_tables():
            for f in table.figures():
                if f.key == key:
                    return f
        return None


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def basis_text(basis: str, year: Year) -> str:
    return f"Snapshot on {_day(year.end)}" if basis == SNAPSHOT else f"Whole year, {year.period}"


_COUNT = object()  # a figure's value is the number of its people unless given


def _figure(key: str, people, basis: str, rule: str, value=_COUNT) -> Figure:
    people = frozenset(people)
    return Figure(key, len(people) if value is _COUNT else value, basis, rule, people)


def _events_figure(key: str, events, basis: str, rule: str) -> Figure:
    events = list(events)
    return Figure(key, len(events), basis, rule, frozenset(e.person for e in events))


# ---------------------------------------------------------------------------------------------
# The counting rules


def open_on(episode: Episode, day: datetime.date) -> bool:
    """Eligible on `day`: identified on or before it and not ended by it (an episode ended that day is over)."""
    return episode.identified_on <= day and (episode.ended_on is None or episode.ended_on > day)


def category_on(episodes, day: datetime.date) -> dict[int, int]:
    """Each person's category on `day`. Someone with two open episodes is counted once, in the lower category
    (Category 1 before 2 before 3, the order in which the guidance defines them)."""
    found: dict[int, int] = {}
    for e in episodes:
        if open_on(e, day) and (e.person not in found or e.category < found[e.person]):
            found[e.person] = e.category
    return found


def _decisions_by_episode(decisions) -> dict[int, list[Decision]]:
    grouped = defaultdict(list)
    for d in decisions:
        grouped[d.episode].append(d)
    for ds in grouped.values():
        ds.sort(key=lambda d: (d.decided_on, d.id))
    return grouped


def level_spells(episode: Episode, decisions: list[Decision]) -> list[tuple[int, datetime.date, datetime.date | None]]:
    """The levels an episode was managed at, as (level, first day, day after the last or None while it runs).
    A decision stands until the next one; one replaced on its own day was never in force."""
    spells = []
    for i, d in enumerate(decisions):
        until = decisions[i + 1].decided_on if i + 1 < len(decisions) else None
        if episode.ended_on is not None and (until is None or episode.ended_on < until):
            until = episode.ended_on
        start = max(d.decided_on, episode.identified_on)
        if until is None or until > start:
            spells.append((d.level, start, until))
    return spells


def spells_by_person(episodes, decisions) -> dict[int, list[tuple[int, int, datetime.date, datetime.date | None]]]:
    """Each person's spells as (level, category, first day, day after the last or None), worked out once."""
    grouped = _decisions_by_episode(decisions)
    found: dict[int, list] = defaultdict(list)
    for e in episodes:
        for level, start, until in level_spells(e, grouped.get(e.id, [])):
            found[e.person].append((level, e.category, start, until))
    return found


def managed_on(spells: dict, person: int, day: datetime.date) -> tuple[int, int] | None:
    """The (level, category) `person` was managed at on `day`, or None; in two episodes at once, the lower
    category's."""
    found = None
    for level, category, start, until in spells.get(person, ()):
        if start <= day and (until is None or until > day) and (found is None or category < found[1]):
            found = (level, category)
    return found


def managed_during(spells: dict, year: Year) -> dict[tuple[int, int], set[int]]:
    """The people managed at each (level, category) at any time in the year: someone moved from level 2 to 3
    is counted at both, as the report's separate level 2 and level 3 tables count them."""
    found: dict[tuple[int, int], set[int]] = defaultdict(set)
    for person, theirs in spells.items():
        for level, category, start, until in theirs:
            if start <= year.end and (until is None or until > year.start):
                found[(level, category)].add(person)
    return found


def in_year(events, year: Year):
    return [e for e in events if year.start <= e.on <= year.end]


# ---------------------------------------------------------------------------------------------
# The tables


def eligible_table(rows: Rows, year: Year) -> Table:
    cats = category_on(rows.episodes, year.end)
    rule = ("People with an open MAPPA eligibility in the category on the last day of the year (identified on or "
            "before it, not ended by it); someone in two categories is counted once, in the lower.")
    out = []
    for c in CATEGORIES:
        people = {p for p, cat in cats.items() if cat == c}
        out.append(Row(CATEGORY_LABELS[c], (_figure(f"eligible.c{c}", people, SNAPSHOT, rule),)))
    out.append(Row("Total", (_figure("eligible.total", cats, SNAPSHOT, rule),)))
    return Table("eligible", "Number of MAPPA eligible offenders", ("Offenders",), tuple(out))


def level_tables(spells: dict, year: Year) -> list[Table]:
    during = managed_during(spells, year)
    rule = ("People managed at the level at any time in the year, by the category of the episode in which they were: "
            "a level stands from the day it was decided until the next decision or the end of the episode.")
    tables = []
    for level in MANAGED_LEVELS:
        out, everyone = [], set()
        for c in CATEGORIES:
            people = during.get((level, c), set())
            everyone |= people
            out.append(Row(CATEGORY_LABELS[c], (_figure(f"level{level}.c{c}", people, PERIOD, rule),)))
        out.append(Row("Total", (_figure(f"level{level}.total", everyone, PERIOD, rule),)))
        tables.append(Table(f"level{level}", f"Offenders managed via MAPPA meetings: Level {level}", ("Offenders",),
                            tuple(out)))
    return tables


def _by_level_and_category(key: str, title: str, events, spells: dict, year: Year, rule: str) -> Table:
    """Events in the year counted by the level and category the person was managed at on the day."""
    cells: dict[tuple[int, int], list[Event]] = defaultdict(list)
    for e in in_year(events, year):
        managed = managed_on(spells, e.person, e.on)
        if managed and managed[0] in MANAGED_LEVELS:
            cells[managed].append(e)
    out = []
    for level in MANAGED_LEVELS:
        out.append(Row(f"Level {level}", tuple(
            _events_figure(f"{key}.l{level}.c{c}", cells[(level, c)], PERIOD, rule) for c in CATEGORIES)))
    out.append(Row("Total", tuple(
        _events_figure(f"{key}.total.c{c}", [e for lv in MANAGED_LEVELS for e in cells[(lv, c)]], PERIOD, rule)
        for c in CATEGORIES)))
    return Table(key, title, tuple(CATEGORY_SHORT[c] for c in CATEGORIES), tuple(out))


def recall_table(rows: Rows, spells: dict, year: Year) -> Table:
    return _by_level_and_category(
        "recalls", "Returned to custody for breach of licence", rows.recalls, spells, year,
        "Recalls with the return to custody in the year, of people managed at level 2 or 3 on the day of return, "
        "by that level and their category.")


def order_breach_table(rows: Rows, spells: dict, year: Year) -> Table:
    return _by_level_and_category(
        "order_breaches", "Breach of a sexual offences prevention order or sexual harm prevention order",
        rows.order_breaches, spells, year,
        "Breaches of a SOPO or SHPO that happened in the year and were taken to prosecution, of people managed at "
        "level 2 or 3 on the day, by that level and their category.")


def serious_offence_table(rows: Rows, spells: dict, year: Year) -> Table:
    rule = ("Serious further offences committed in the year by people managed at the level on the day of the "
            "offence.")
    by_level: dict[int, list[Event]] = defaultdict(list)
    for e in in_year(rows.serious_offences, year):
        managed = managed_on(spells, e.person, e.on)
        if managed and managed[0] in MANAGED_LEVELS:
            by_level[managed[0]].append(e)
    out = [Row(f"Level {lv}", (_events_figure(f"sfo.l{lv}", by_level[lv], PERIOD, rule),)) for lv in MANAGED_LEVELS]
    out.append(Row("Total", (_events_figure("sfo.total", [e for lv in MANAGED_LEVELS for e in by_level[lv]],
                                            PERIOD, rule),)))
    return Table("sfo", "Serious further offences by MAPPA offenders", ("Offences",), tuple(out))


def per_100k(count: int, population: int | None) -> int | None:
    """Registered sexual offenders per 100,000 head of population, to the nearest whole number (as published)."""
    if not population:
        return None
    return int(count * 100_000 / population + 0.5)


def registered_table(rows: Rows, year: Year, population: int | None) -> Table:
    cats = category_on(rows.episodes, year.end)
    rsos = {p for p, c in cats.items() if c == 1}
    division_of = {p.id: p.division or NO_DIVISION for p in rows.people}
    by_division: dict[str, set[int]] = defaultdict(set)
    for p in rsos:
        by_division[division_of.get(p, NO_DIVISION)].add(p)
    rule = ("Category 1 people on the last day of the year, by the police team (division) that holds their record; "
            "a record held by another agency's team is shown apart.")
    out = [Row(name, (_figure(f"rso.division.{i}", by_division[name], SNAPSHOT, rule),))
           for i, name in enumerate(sorted(by_division, key=lambda n: (n == NO_DIVISION, n)))]
    out.append(Row("Total", (_figure("rso.total", rsos, SNAPSHOT, rule),)))
    rate_rule = ("Category 1 people on the last day of the year for every 100,000 of the area's population "
                 "(reference data in force on that day), to the nearest whole number.")
    out.append(Row("Per 100,000 head of population",
                   (_figure("rso.rate", rsos, SNAPSHOT, rate_rule, value=per_100k(len(rsos), population)),)))
    note = "" if population else "No population is recorded for this area, so the rate cannot be given."
    return Table("rso", "Registered sexual offenders by police division", ("Offenders",), tuple(out), note)


def notification_breach_table(rows: Rows, year: Year) -> Table:
    rule = ("Breaches of the notification requirements that happened in the year and were taken to prosecution "
            "(the register records the decision to prosecute, not whether it ended in a caution or conviction).")
    figure = _events_figure("notification_breaches", in_year(rows.notification_breaches, year), PERIOD, rule)
    return Table("notification_breaches", "Registered sexual offenders cautioned or convicted for breach of requirements",
                 ("Breaches",), (Row("Breaches of the notification requirements", (figure,)),))


def order_tables(rows: Rows, year: Year) -> list[Table]:
    tables = []
    for key, title, kinds in ORDER_GROUPS:
        out = []
        for stage, label, events, what in (
                ("applied", "Applied for", rows.applications, "applied for"),
                ("interim", "Interim order issued", rows.interim_orders, "granted as an interim order"),
                ("full", "Full order issued", rows.full_orders, "granted as a full order")):
            rule = f"Orders of these kinds {what} in the year (the date of the application or of the court's decision)."
            chosen = [e for e in in_year(events, year) if e.kind in kinds]
            out.append(Row(label, (_events_figure(f"orders.{key}.{stage}", chosen, PERIOD, rule),)))
        tables.append(Table(f"orders_{key}", title, ("Orders",), tuple(out)))
    return tables


REFERRAL_TYPES = {1: "RSO", 2: "VO", 3: "Other"}


def referral_table(rows: Rows, year: Year, previous: Year) -> Table:
    office_of = {p.id: p.office for p in rows.people}
    rule = ("Referrals for level 2 or 3 management made in the year, by the office (team) holding the person's record "
            "and the category of the episode referred: RSO Category 1, VO Category 2, Other Category 3.")
    this_year = in_year([Event(r.id, r.person, r.referred_on, str(r.category)) for r in rows.referrals], year)
    last_year = in_year([Event(r.id, r.person, r.referred_on, str(r.category)) for r in rows.referrals], previous)

    def cells(prefix, events):
        by_type = [_events_figure(f"{prefix}.c{c}", [e for e in events if e.kind == str(c)], PERIOD, rule)
                   for c in CATEGORIES]
        return (*by_type, _events_figure(f"{prefix}.total", events, PERIOD, rule))

    offices = sorted({office_of.get(e.person, "") for e in this_year})
    out = [Row(office or "No office", cells(f"referrals.office.{i}", [e for e in this_year if office_of.get(e.person, "") == office]))
           for i, office in enumerate(offices)]
    out.append(Row("Total", cells("referrals.total", this_year)))
    out.append(Row(f"{previous.start.year} - {previous.end:%y}", cells("referrals.previous", last_year)))
    return Table("referrals", "Referrals: a breakdown", (*REFERRAL_TYPES.values(), "Total"), tuple(out),
                 "The last row is the previous reporting year, for comparison.")


def build(area: str, rows: Rows, year: Year, previous: Year, population: int | None) -> Report:
    """Every table of the annual report from the rows: the same rows always give the same report."""
    report = Report(area, year)
    spells = spells_by_person(rows.episodes, rows.decisions)  # worked out once for every table that needs levels
    report.board = board_tables(rows, spells, year)
    report.tables = [
        eligible_table(rows, year),
        *level_tables(spells, year),
        recall_table(rows, spells, year),
        order_breach_table(rows, spells, year),
        serious_offence_table(rows, spells, year),
        registered_table(rows, year, population),
        notification_breach_table(rows, year),
        *order_tables(rows, year),
        referral_table(rows, year, previous),
    ]
    return report


# ---------------------------------------------------------------------------------------------
# The strategic management board's indicators (the second view). Only those the documents define: see
# the README, "The MAPPA annual report", for the ones they name without defining.


def level_table(spells: dict, year: Year) -> Table:
    """People managed at each level during the year: the Essex report's "Levels 1, 2 and 3 in Essex" (seed 002,
    "What Risk?": level 1 ordinary management, levels 2 and 3 active multi-agency management)."""
    during = managed_during(spells, year)
    rule = ("People managed at the level at any time in the year (a level stands from the day decided until the next "
            "decision or the end of the episode); someone whose level changed counts at each.")
    out = []
    for level in (1, 2, 3):
        people = set().union(*(during.get((level, c), set()) for c in CATEGORIES))
        out.append(Row(f"Level {level}", (_figure(f"board.levels.l{level}", people, PERIOD, rule),)))
    return Table("board_levels", "Offenders by MAPPA level during the year", ("Offenders",), tuple(out),
                 "Seed 002, the Essex MAPPA annual report 2008-09, \"Levels 1, 2 and 3 in Essex\".")


def percent(part: int, whole: int) -> int | None:
    """A share as a whole percentage, half up; None when there is nothing to share."""
    return int(part * 100 / whole + 0.5) if whole else None


def level_recorded_table(rows: Rows, spells: dict, year: Year) -> Table:
    """QM-06 (inspection 2010 ¶4.9): of the people eligible on the year's last day, how many have a MAPPA level in
    force that day. The people without one are the cases to put right."""
    cats = category_on(rows.episodes, year.end)
    with_level = {p for p in cats if managed_on(spells, p, year.end)}
    without = set(cats) - with_level
    rule = ("People eligible on the last day of the year with a level decision in force that day (QM-06, inspection "
            "2010 ¶4.9; the inspectors found 61 of 62).")
    share_rule = "Those with a level recorded as a share of everyone eligible that day, to the nearest whole per cent."
    return Table("board_level_recorded", "MAPPA level recorded", ("Offenders",), (
        Row("With a level recorded", (_figure("board.recorded.yes", with_level, SNAPSHOT, rule),)),
        Row("No level recorded", (_figure("board.recorded.no", without, SNAPSHOT, rule),)),
        Row("Per cent with a level recorded", (_figure("board.recorded.share", with_level, SNAPSHOT, share_rule,
                                                       value=percent(len(with_level), len(cats))),)),
    ))


AGE_BANDS = ((0, 25, "Under 25"), (25, 35, "25 to 34"), (35, 45, "35 to 44"), (45, 55, "45 to 54"),
             (55, 200, "55 and over"))


def age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def diversity_tables(rows: Rows, year: Year) -> list[Table]:
    """QM-145 (inspection 2010 ¶1.10, ¶6.11): the eligible people on the year's last day by gender, age and whether
    their ethnicity is recorded (QM-01, ¶4.14: 27 of 62 records had none). The age bands are the service's own;
    the documents give none."""
    cats = category_on(rows.episodes, year.end)
    people = {p.id: p for p in rows.people}
    eligible = [people[p] for p in cats if p in people]
    basis_rule = "People eligible on the last day of the year (someone in two categories counted once)"
    genders: dict[str, set[int]] = defaultdict(set)
    ages: dict[str, set[int]] = defaultdict(set)
    ethnicity: dict[str, set[int]] = defaultdict(set)
    for p in eligible:
        genders[p.gender or "unknown"].add(p.id)
        band = "Not recorded"
        if p.born:
            age = age_on(p.born, year.end)
            band = next(label for low, high, label in AGE_BANDS if low <= age < high)
        ages[band].add(p.id)
        ethnicity["Recorded" if p.ethnicity_recorded else "Not recorded"].add(p.id)
    gender_rule = f"{basis_rule}, by the gender on their record."
    age_rule = f"{basis_rule}, by their age that day (from the date of birth on their record)."
    ethnicity_rule = f"{basis_rule}, by whether their record holds their ethnicity as they describe it."
    # Every row always, in the same order, so one year's table compares with another's.
    gender_rows = tuple(Row(GENDER_LABELS.get(g, g), (_figure(f"board.gender.{g}", genders.get(g, ()), SNAPSHOT, gender_rule),))
                        for g in [*GENDER_LABELS, *sorted(set(genders) - set(GENDER_LABELS))])
    age_rows = tuple(Row(label, (_figure(f"board.age.{i}", ages.get(label, ()), SNAPSHOT, age_rule),))
                     for i, label in enumerate([b[2] for b in AGE_BANDS] + ["Not recorded"]))
    ethnicity_rows = (
        *(Row(label, (_figure(f"board.ethnicity.{label.split()[0].lower()}", ethnicity[label], SNAPSHOT, ethnicity_rule),))
          for label in ("Recorded", "Not recorded")),
        Row("Per cent recorded", (_figure("board.ethnicity.share", ethnicity["Recorded"], SNAPSHOT,
                                          "Records holding an ethnicity as a share of everyone eligible that day, to "
                                          "the nearest whole per cent.",
                                          value=percent(len(ethnicity["Recorded"]), len(eligible))),)),
    )
    return [Table("board_gender", "Eligible offenders by gender", ("Offenders",), gender_rows),
            Table("board_age", "Eligible offenders by age", ("Offenders",), age_rows),
            Table("board_ethnicity", "Ethnicity recorded", ("Offenders",), ethnicity_rows)]


# The register's words for each gender (nominals.models.Gender), in its order.
GENDER_LABELS = {"male": "Male", "female": "Female", "other": "Other or self-described", "unknown": "Not known"}


@dataclass(frozen=True)
class NamedIndicator:
    """A performance indicator or target the documents name for the board, in their words and where, what they give
    of its formula, and which figures here answer part of it: the board's tables (`tables`, keys of board_tables)
    and the live data-quality measures (`measures`, keys of mappa.quality.rules.MEASURES)."""
    name: str
    quote: str
    where: str
    formula: str
    tables: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()


NO_FORMULA = "None given: the documents name it and define no formula, counting rule or target."
HOME_VISITS = ("police_visits", "initial_visit", "visit_diarised", "visit_checked", "probation_visits")

# Every mention of the board's indicators in shared/seeds and shared/domain (searched for "KPI", "key performance",
# "performance indicator", "performance target", "performance information", "National Indicator"; lines as they
# stand in those files). The README, "The MAPPA annual report", gives the same list.
NAMED_INDICATORS = (
    NamedIndicator(
        "Key Performance Indicators to monitor the performance of MAPPA (2008)",
        "[The PPMHG had provided guidance ...] Key Performance Indicators to monitor the performance of MAPPA in 2008.",
        "Inspection 2010 para 3.1 (seeds/004_7b915c4657c0c680.txt line 306); catalogue QM-142 \"MAPPA KPI set (as "
        "configured nationally)\" (domain/inspection-2010-sexual-offenders.md line 1349), E-41 (line 405), P-29 "
        "(line 640)", NO_FORMULA),
    NamedIndicator(
        "The key performance targets of the 2009 MAPPA guidance, and the volumes managed at each level",
        "systems were put in place to enable reporting on the key performance targets set for the future within that "
        "guidance as well as the volumes of offenders managed at the different MAPPA levels as recorded in this report.",
        "Essex MAPPA annual report 2008-09, \"From the Responsible Authority\" (seeds/002_2dd56474f4801779.txt line 58)",
        "The targets: none given. The volumes at each level: the report's own tables, which are built here.",
        tables=("board_levels", "board_level_recorded"), measures=("level_recorded",)),
    NamedIndicator(
        "Performance monitoring of home visits",
        "there was little evidence of meaningful performance monitoring and management beyond monitoring home visits.",
        "Inspection 2010 para 4.7 (seeds/004_7b915c4657c0c680.txt line 388); catalogue P-29 \"Go beyond 'monitoring "
        "home visits'\" (domain/inspection-2010-sexual-offenders.md line 640)",
        "None given for the board. The inspectors' own measures of home visits (paras 7.12-7.24) are built as "
        "data-quality measures.", measures=HOME_VISITS),
    NamedIndicator(
        "Performance information collated for the board by the MAPPA co-ordinators",
        "They also collated performance information for the SMB.",
        "Inspection 2010 para 4.5 (seeds/004_7b915c4657c0c680.txt line 386)", NO_FORMULA),
    NamedIndicator(
        "National Indicator 31: reoffending by registered sexual offenders",
        "National Indicator 31 related to the reoffending rates of registered sexual offenders.",
        "Inspection 2010 para 2.2 (seeds/004_7b915c4657c0c680.txt line 222); catalogue QM-120 \"cohort-based\" "
        "(domain/inspection-2010-sexual-offenders.md line 1330)",
        "None given: no cohort, period or measure of reoffending. The register does not hold reconvictions "
        "against a cohort."),
    NamedIndicator(
        "A KPI for Risk Matrix 2000 within 14 days of registration",
        "Configurable RM2000 deadline (default 14 days) with escalating reminders. Check + KPI",
        "Catalogue F-036, from inspection 2010 para 4.14 (domain/inspection-2010-sexual-offenders.md line 698)",
        "The catalogue's check: Risk Matrix 2000 date minus registration date within 14 days, the 14 days "
        "\"arbitrary\" (para 4.14). Built as a data-quality measure.", measures=("rm2000_in_time",)),
)


def board_tables(rows: Rows, spells: dict, year: Year) -> list[Table]:
    return [level_table(spells, year), level_recorded_table(rows, spells, year), *diversity_tables(rows, year)]


# ---------------------------------------------------------------------------------------------
# A report kept as data (the stored snapshot): the figures without their people, and the people apart, so a page
# that shows the figures does not read tens of thousands of ids.


def _table_data(table: Table) -> dict:
    return {"key": table.key, "title": table.title, "columns": list(table.columns), "note": table.note,
            "rows": [{"label": r.label, "cells": [{"key": f.key, "value": f.value, "basis": f.basis, "rule": f.rule,
                                                   "cases": f.behind} for f in r.cells]} for r in table.rows]}


def to_data(report: Report) -> tuple[dict, dict]:
    """The report as JSON-ready data, and each figure's people (sorted ids) by the figure's key. A figure with the
    same people as one before it (a rate and its count, a total and a share) names that figure's key instead."""
    data = {"area": report.area, "start": report.year.start.isoformat(), "end": report.year.end.isoformat(),
            "tables": [_table_data(t) for t in report.tables], "board": [_table_data(t) for t in report.board]}
    people, first_with = {}, {}
    for f in (f for t in report.all_tables() for f in t.figures()):
        same = first_with.setdefault(f.people, f.key) if f.people else f.key
        people[f.key] = sorted(f.people) if same == f.key else same
    return data, people


def people_of(people: dict, key: str) -> list[int]:
    """The ids behind figure `key` from what to_data kept."""
    found = people.get(key, [])
    return people.get(found, []) if isinstance(found, str) else found


@dataclass(frozen=True)
class StoredFigure(Figure):
    """A figure read back from a snapshot: `cases` is how many people are behind it (they are read apart)."""
    cases: int = 0

    @property
    def behind(self) -> int:
        return self.cases


def _table_from(data: dict) -> Table:
    return Table(data["key"], data["title"], tuple(data["columns"]), tuple(
        Row(r["label"], tuple(StoredFigure(c["key"], c["value"], c["basis"], c["rule"], cases=c["cases"])
                              for c in r["cells"])) for r in data["rows"]), data["note"])


def from_data(data: dict) -> Report:
    year = Year(datetime.date.fromisoformat(data["start"]), datetime.date.fromisoformat(data["end"]))
    return Report(data["area"], year, [_table_from(t) for t in data["tables"]], [_table_from(t) for t in data["board"]])
