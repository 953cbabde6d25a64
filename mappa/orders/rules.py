"""Date arithmetic and legal rules for convictions, sentences, notification requirements and civil orders.

Plain functions on plain values: no ORM, no clock. Every number the law or guidance sets (days,
years, thresholds) is passed in from reference data (core.ReferenceSetting, loaded by this app's
migration 0002 with its legal source), so a change in the law changes future answers only.

Conventions, chosen once and tested:
- "A period of N days beginning with day D" (Sexual Offences Act 2003 ss.83-85) includes D, so it
  ends on D + N - 1.
- "A period of N months (or years) beginning with D" ends the day before the same date N months
  later; when that month has no such date (29 February, 31st), the anniversary is the first day of
  the next month, so no period is ever shorter than its calendar length. The same rule gives the
  birthday of someone born on 29 February in a year that has none (1 March).
"""
import datetime
import math
import re
from dataclasses import dataclass, field
from fractions import Fraction

from mappa.core.dates import day as govuk_day
from mappa.core.dates import moment as govuk_moment
from mappa.core.words import plural

ONE_DAY = datetime.timedelta(days=1)

# Home Office offence classification code: three digits, a slash, two digits ("019/11").
OFFENCE_CODE = re.compile(r"^\d{3}/\d{2}$")


# ---------------------------------------------------------------------------------------------
# Calendar arithmetic


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same date `months` later; the 1st of the following month when that date does not exist."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    try:
        return datetime.date(year, month, day.day)
    except ValueError:
        return datetime.date(year + (month == 12), month % 12 + 1, 1)


def period_end(start: datetime.date, *, months: int = 0, days: int = 0) -> datetime.date:
    """The last day of a period of `months` (or `days`) beginning with `start` (start counts)."""
    if months and days:
        raise ValueError("Give a period in months or in days, not both")
    if days:
        return start + datetime.timedelta(days=days - 1)
    return add_months(start, months) - ONE_DAY


def age_on(born: datetime.date, day: datetime.date) -> int:
    """Whole years of age on `day` (someone born on 29 February has their birthday on 1 March)."""
    years = day.year - born.year
    return years if add_months(born, 12 * years) <= day else years - 1


def describe_months(months: int) -> str:
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if rest:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    return " ".join(parts) or "0 months"


# ---------------------------------------------------------------------------------------------
# Input checks, as plain-English errors keyed by field


def date_errors(*, start: datetime.date | None, end: datetime.date | None, start_field: str, end_field: str,
                start_label: str, end_label: str) -> dict:
    if start and end and end < start:
        return {end_field: f"{end_label} must be on or after the {start_label.lower()} ({govuk_day(start)})"}
    return {}


def not_future(day: datetime.date | None, today: datetime.date, field: str, label: str) -> dict:
    if day and day > today:
        return {field: f"{label} must be today or in the past"}
    return {}


def offence_code_errors(code: str, field: str = "offence_code") -> dict:
    code = (code or "").strip()
    if code and not OFFENCE_CODE.match(code):
        return {field: "Enter the Home Office offence code as three digits, a slash and two digits, like 019/11"}
    return {}


# ---------------------------------------------------------------------------------------------
# Sex offender notification: the period (Sexual Offences Act 2003 s.82)


@dataclass(frozen=True)
class NotificationPeriod:
    indefinite: bool
    months: int | None  # None when indefinite
    band: str  # the row of the s.82 table that applied
    halved: bool = False  # under 18 on the relevant date
    source: str = ""

    def describe(self) -> str:
        if self.indefinite:
            return "indefinitely"
        text = describe_months(self.months)
        return f"{text} (halved: under 18 when convicted)" if self.halved else text


def notification_period(*, disposal: str, custodial_months: float | None, age_at_conviction: int | None,
                        table: dict, discharge_months: int | None = None, source: str = "") -> NotificationPeriod:
    """The notification period for one conviction or caution, from the table in force on the relevant date.

    `disposal` is "custody", "hospital_restriction", "hospital", "caution", "conditional_discharge" or
    "other". `table` is the reference value: {"bands": [...], "under_18_divisor": 2, "adult_age": 18}. Each
    band names the disposals it covers, optional thresholds on the custodial term in months
    ("at_least_months", "more_than_months"), and "years" (null: indefinite; "discharge": the period of
    the discharge). The first matching band applies.
    """
    for band in table["bands"]:
        if disposal not in band["disposals"]:
            continue
        months = custodial_months or 0
        if "at_least_months" in band and months < band["at_least_months"]:
            continue
        if "more_than_months" in band and months <= band["more_than_months"]:
            continue
        years = band["years"]
        if years is None:
            return NotificationPeriod(True, None, band["label"], source=source)
        if years == "discharge":
            if not discharge_months:
                raise ValueError("A conditional discharge needs the length of the discharge")
            return NotificationPeriod(False, int(discharge_months), band["label"], source=source)
        total = int(round(float(years) * 12))
        young = age_at_conviction is not None and age_at_conviction < table.get("adult_age", 18)
        if young:
            total = int(total // table.get("under_18_divisor", 2))
        return NotificationPeriod(False, total, band["label"], halved=young, source=source)
    raise ValueError(f"No notification band covers the disposal {disposal!r}")


def longest_period(periods: list[NotificationPeriod]) -> NotificationPeriod:
    """Of the periods one conviction's disposals give, the one that lasts longest (indefinite first)."""
    if not periods:
        raise ValueError("No notification period to choose from")
    return max(periods, key=lambda p: (p.indefinite, p.months or 0))


@dataclass(frozen=True)
class Term:
    """A custodial term, and how it runs with another term (keyed as in the dict passed to combined_term_months)."""

    months: float
    runs: str = ""  # "", "consecutive", "concurrent" or "partly_concurrent"
    runs_with: object = None
    overlap_months: float = 0


def _term_starts(terms: dict) -> dict:
    """Where each term starts, in months, from the first term of its chain: a consecutive term when the other
    ends, a concurrent term with it, a partly concurrent term `overlap_months` before the other ends."""
    starts: dict = {}

    def start(key, seen=()):
        if key in starts:
            return starts[key]
        term = terms[key]
        other = term.runs_with
        if not term.runs or other not in terms or other in seen or other == key:
            starts[key] = 0.0
            return 0.0
        before, length = start(other, (*seen, key)), terms[other].months
        overlap = min(max(term.overlap_months or 0, 0), length, term.months)
        offset = {"consecutive": length, "concurrent": 0, "partly_concurrent": length - overlap}.get(term.runs, 0)
        starts[key] = before + offset
        return starts[key]

    for key in terms:
        start(key)
    return starts


def _linked(terms: dict, key) -> set:
    """The terms joined to `key` through "runs with" links, in either direction."""
    group, todo = {key}, [key]
    while todo:
        current = todo.pop()
        for other, term in terms.items():
            for a, b in ((other, term.runs_with), (term.runs_with, other)):
                if a == current and b in terms and b not in group and terms[other].runs:
                    group.add(b)
                    todo.append(b)
    return group


def combined_term_months(terms: dict, key) -> float:
    """The custodial term the s.82 table reads for the term `key` (Sexual Offences Act 2003 s.82(3)-(4)): terms
    for two or more Schedule 3 offences that are consecutive count as their aggregate, partly concurrent terms X
    and Y overlapping for Z as X plus Y minus Z, and wholly concurrent terms as the longest. It is the length
    of time covered by the linked terms, laid end to end or side by side as they run."""
    starts = _term_starts(terms)
    spans = sorted((starts[k], starts[k] + terms[k].months) for k in _linked(terms, key))
    total, reach = 0.0, None
    for begin, end in spans:
        if reach is None or begin > reach:
            total += end - begin
            reach = end
        elif end > reach:
            total += end - reach
            reach = end
    return round(total, 4)


def notification_end(relevant_date: datetime.date, period: NotificationPeriod) -> datetime.date | None:
    """The last day of the notification period, which begins with the relevant date (conviction or
    caution); None when indefinite."""
    if period.indefinite:
        return None
    return period_end(relevant_date, months=period.months)


def review_eligible_on(*, first_notified: datetime.date | None, age_at_conviction: int | None,
                       review: dict | None) -> datetime.date | None:
    """When someone subject to notification indefinitely may first ask the police to review it
    (ss.91A-91F, added by the Sexual Offences Act 2003 (Remedial) Order 2012): `review` is
    {"adult_years": 15, "under_18_years": 8} counted from the first notification after release,
    or None before the review scheme existed."""
    if review is None or first_notified is None:
        return None
    young = age_at_conviction is not None and age_at_conviction < review.get("adult_age", 18)
    years = review["under_18_years"] if young else review["adult_years"]
    return add_months(first_notified, 12 * years)


# ---------------------------------------------------------------------------------------------
# Sex offender notification: when each notification is due (ss.83-86 and regulations)


def initial_notification_due(*, relevant_date: datetime.date, days: int,
                             released_on: datetime.date | None = None,
                             in_custody_on_relevant_date: bool = False) -> datetime.date | None:
    """The last day for the first notification: within `days` days beginning with the conviction or
    caution, or (s.83(6)) with release when the person was in custody on that day. None while still
    in custody with no release."""
    if in_custody_on_relevant_date:
        if released_on is None:
            return None
        return period_end(max(released_on, relevant_date), days=days)
    return period_end(relevant_date, days=days)


def change_notification_due(changed_on: datetime.date, days: int) -> datetime.date:
    """A change of name or home address, or a stay at another address: within `days` days beginning with it."""
    return period_end(changed_on, days=days)


def qualifying_period_reached(stays: list[tuple[datetime.date, datetime.date]], *, days: int,
                              within_months: int) -> datetime.date | None:
    """The day the person completes the qualifying period at one address (s.84(6)): a period of `days` days,
    or two or more periods, in any period of `within_months` months, which taken together amount to `days`
    days. `stays` are (first day, last day), both counted. None if never reached."""
    stayed = sorted({first + datetime.timedelta(days=n) for first, last in stays if last >= first
                     for n in range((last - first).days + 1)})
    for i, day in enumerate(stayed):
        window_starts = add_months(day, -within_months) + ONE_DAY  # the period of 12 months ending with `day`
        if sum(1 for d in stayed[:i + 1] if d >= window_starts) >= days:
            return day
    return None


def periodic_notification_due(last_notified: datetime.date, months: int) -> datetime.date:
    """Re-notification (s.85): before the end of the period of `months` beginning with the last notification."""
    return period_end(last_notified, months=months)


def homeless_notification_due(last_notified: datetime.date, days: int) -> datetime.date:
    """Weekly re-notification when there is no sole or main residence."""
    return period_end(last_notified + ONE_DAY, days=days)


def due_after_custody(due: datetime.date, *, custody_from: datetime.date, released: datetime.date,
                      days: int) -> datetime.date:
    """A notification that fell due while the person was in custody is due within `days` days beginning with
    release (s.83(6), s.85(3)); one already overdue before custody began stays as it was."""
    after_release = period_end(released, days=days)
    if custody_from <= due < after_release:
        return after_release
    return due


def travel_notification_due(departure: datetime.date, days_before: int,
                            short_notice_hours: int | None = None) -> datetime.date:
    """Foreign travel must be notified at least `days_before` days before departure, or, at short notice, at
    least `short_notice_hours` before it. Only dates are kept, so hours of notice fall due on the last day
    that surely gives them: the day before departure for 12 or 24 hours."""
    if short_notice_hours is not None:
        return departure - datetime.timedelta(days=-(-short_notice_hours // 24))
    return departure - datetime.timedelta(days=days_before)


def travel_notifiable(departure: datetime.date, returns_on: datetime.date | None, minimum_days_abroad: int) -> bool:
    """Whether a trip abroad must be notified: before 13 August 2012 only one of at least `minimum_days_abroad`
    days (counted from departure to return, both included); a trip with no return date known is notified."""
    if not minimum_days_abroad or returns_on is None:
        return True
    return (returns_on - departure).days + 1 >= minimum_days_abroad


def travel_due(departure: datetime.date, returns_on: datetime.date | None, notice: str,
               rule: dict) -> datetime.date | None:
    """The last day to notify a trip abroad under the travel rule in force on departure (reference value
    {"minimum_days_abroad", "days_before", "short_notice_hours", "excused_hours"}); `notice` is "" (the usual
    notice), "not_known" (details not known in time) or "excused" (a reasonable excuse for less). None when
    the trip need not be notified."""
    if not travel_notifiable(departure, returns_on, rule["minimum_days_abroad"]):
        return None
    hours = {"not_known": rule["short_notice_hours"],
             "excused": rule.get("excused_hours") or rule["short_notice_hours"]}.get(notice)
    return travel_notification_due(departure, rule["days_before"], hours)


# ---------------------------------------------------------------------------------------------
# Serious further offences


def is_serious_further_offence(*, sexual: bool, violent: bool, maximum_penalty_years: float | None,
                               definition: dict) -> bool:
    """A further offence is "serious" when it is of a kind the definition names (sexual, violent) and
    carries a maximum penalty of at least the definition's years (life counts as more than any number)."""
    kinds = set(definition["kinds"])
    of_kind = ("sexual" in kinds and sexual) or ("violent" in kinds and violent)
    if not of_kind or maximum_penalty_years is None:
        return False
    return maximum_penalty_years >= definition["minimum_penalty_years"]


def subject_until(*, custodial: bool, indeterminate: bool, started_on: datetime.date, length_months: float | None,
                  extension_months: int | None, licence_end: datetime.date | None, sentence_expiry: datetime.date | None,
                  order_end: datetime.date | None) -> tuple[datetime.date | None, bool]:
    """The last day a person is subject to a sentence (in custody or on licence) or an order, and whether
    it is estimated. A custodial sentence lasts to the end of its licence, as the licence period reads it
    (licence_period): the licence expiry date, or the sentence expiry date where no licence expiry is
    recorded; an older sentence's time "at risk" after its licence ended is not supervision. When neither
    is recorded, to the end of its term and any extended licence counted from `started_on` (an estimate),
    and a life or indeterminate sentence with neither has no end. An order lasts to its end date, or has no
    end recorded (None)."""
    if not custodial:
        return order_end, False
    if licence_end or sentence_expiry:
        return licence_end or sentence_expiry, False
    if indeterminate or length_months is None:
        return None, False
    months = math.ceil(float(length_months) + (extension_months or 0))
    return period_end(started_on, months=months), True


# ---------------------------------------------------------------------------------------------
# Civil orders


def _iso(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def order_kind_errors(*, kind: str, interim: bool, applied_on: datetime.date | None, made_on: datetime.date | None,
                      kinds: dict) -> dict:
    """Whether an order of this kind could be applied for and made on these dates. `kinds` is the reference
    value: {kind: {"name", "from", "until" (last day, or null), "replaced_by", "interim"}}. An order applied for
    before its kind was replaced may still be made after (Anti-social Behaviour, Crime and Policing Act 2014
    s.114(2)); orders already made continue until they end, so only the dates of making are checked."""
    rule = kinds.get(kind)
    if rule is None:
        return {"kind": "Choose a kind of order the law provides for"}
    start, until = _iso(rule["from"]), _iso(rule.get("until"))
    successor = kinds.get(rule.get("replaced_by") or "", {}).get("name")
    if until:
        window = f"only from {govuk_day(start)} to {govuk_day(until)}"
        if successor:
            window += f"; from {govuk_day(until + ONE_DAY)} record a {successor}"
    else:
        window = f"only from {govuk_day(start)}"
    if applied_on and (applied_on < start or (until and applied_on > until)):
        return {"applied_on": f"A {rule['name']} could be applied for {window}"}
    if made_on and made_on < start:
        return {"starts_on": f"A {rule['name']} could be made {window}"}
    if made_on and until and made_on > until and not (applied_on and applied_on <= until):
        return {"starts_on": f"A {rule['name']} could be made {window} (or later, on an application made by "
                             f"{govuk_day(until)}: enter the date applied for)"}
    if interim and not rule.get("interim"):
        return {"status": f"The law made no interim {rule['name']}: choose applied for, full order granted or refused"}
    return {}


def civil_order_errors(*, kind: str, interim: bool, start: datetime.date | None, end: datetime.date | None,
                       indefinite: bool, minimum_years: dict, maximum_years: dict) -> dict:
    """SOPO/SHPO (full): at least the minimum years, or until further order; foreign travel order: at most
    the maximum years. `minimum_years` and `maximum_years` map order kinds to years (reference data)."""
    errors = date_errors(start=start, end=end, start_field="starts_on", end_field="ends_on",
                         start_label="Start date", end_label="End date")
    if errors or start is None:
        return errors
    if indefinite and end:
        return {"ends_on": "Leave the end date empty when the order lasts until further order"}
    minimum = minimum_years.get(kind)
    if minimum and not interim:
        months = int(round(12 * float(minimum)))
        if not indefinite and end is None:
            return {"ends_on": "Enter the end date, or say that the order lasts until further order"}
        if end is not None and end < period_end(start, months=months):
            return {"ends_on": f"A full order must last at least {describe_months(months)}: end on or after "
                               f"{govuk_day(period_end(start, months=months))}"}
    maximum = maximum_years.get(kind)
    if maximum:
        months = int(round(12 * float(maximum)))
        if indefinite or end is None:
            return {"ends_on": f"Enter the end date: this order can last at most {describe_months(months)}"}
        if end > period_end(start, months=months):
            return {"ends_on": f"This order can last at most {describe_months(months)}: end on or before "
                               f"{govuk_day(period_end(start, months=months))}"}
    return {}


# ---------------------------------------------------------------------------------------------
# Legal status today, derived from dates


@dataclass(frozen=True)
class CustodySpell:
    """Time in custody: on remand, serving a sentence, or after recall. `expected_release` may be None."""

    kind: str  # "remand", "sentence", "recall"
    start: datetime.date
    end: datetime.date | None = None  # the actual release, when it has happened
    expected_release: datetime.date | None = None


@dataclass(frozen=True)
class Supervision:
    """A period on licence or on a community order."""

    kind: str  # "licence", "community_order", "suspended_sentence", "hospital_order", "guardianship_order"
    start: datetime.date
    end: datetime.date | None


def licence_period(*, licence_start: datetime.date | None, licence_end: datetime.date | None,
                   released_on: datetime.date | None = None, sentence_expiry: datetime.date | None = None,
                   ) -> tuple[datetime.date, datetime.date | None] | None:
    """The licence period of a custodial sentence, as the legal status reads it and as a licence issued
    under the sentence must show it: from the actual release (or the licence start, before release is
    recorded) to the licence expiry date (or the sentence expiry date when no licence expiry is recorded).
    None when the sentence has no licence start recorded."""
    if licence_start is None:
        return None
    return (released_on or licence_start, licence_end or sentence_expiry)


@dataclass(frozen=True)
class FixedTermDates:
    release: datetime.date  # the first day out: the requisite custodial period has been served
    expiry: datetime.date  # the sentence expiry date, the last day of the term


def fixed_term_dates(*, starts: datetime.date, months: int, remand_days: int, fraction: Fraction) -> FixedTermDates:
    """A fixed-term sentence of `months` beginning with `starts` (the day of sentence, in custody). Days on
    remand count as time served (Criminal Justice Act 2003 s.240ZA), so both dates come that many days earlier.
    The prisoner is released once `fraction` of the term is served: one-half under s.244(3)(a), two-thirds under
    s.244ZA, or the two-thirds point at which an extended sentence prisoner may be released by the Parole Board
    (s.246A). A part of a day counts as a whole one, so no one is released before the fraction is served. Which
    fraction applies is the caller's to say."""
    if months <= 0 or remand_days < 0 or not 0 < fraction <= 1:
        raise ValueError("A term of at least a month, no negative remand and a fraction of the term")
    credit = datetime.timedelta(days=remand_days)
    term_days = (add_months(starts, months) - starts).days
    served = math.ceil(term_days * fraction)
    return FixedTermDates(release=starts + datetime.timedelta(days=served) - credit,
                          expiry=period_end(starts, months=months) - credit)


def sentence_date_errors(*, sentenced_on: datetime.date | None, release_date: datetime.date | None,
                         released_on: datetime.date | None, licence_end: datetime.date | None,
                         sentence_expiry: datetime.date | None, extended: bool, extension_months: int | None) -> dict:
    """Release and licence expiry dates copied in from elsewhere, checked against the sentence. No release before
    the date of sentence (released from court on the day counts). The licence "remain[s] in force for the
    remainder of his sentence" (Criminal Justice Act 2003 s.249(1)), so it expires no later than the sentence;
    an extended sentence adds "a further period (the 'extension period') for which the offender is to be subject
    to a licence" (s.226A(5)), so its licence may run past the sentence expiry date recorded for the custodial
    term by at most that period."""
    errors = {}
    if sentenced_on:
        for name, day, what in (("release_date", release_date, "expected release date"),
                                ("released_on", released_on, "date actually released")):
            if day and day < sentenced_on:
                errors[name] = f"The {what} cannot be before the date of sentence ({govuk_day(sentenced_on)})"
    if not (licence_end and sentence_expiry) or licence_end <= sentence_expiry:
        return errors
    if not extended:
        errors["licence_end"] = (f"The licence cannot expire after the sentence expiry date ({govuk_day(sentence_expiry)}): "
                                 "only an extended sentence's licence runs on past it")
    elif not extension_months:
        errors["extension_months"] = ("Enter the extended licence in months: an extended sentence's licence runs past "
                                      "the sentence expiry date only for its extension period")
    elif licence_end > add_months(sentence_expiry, extension_months):
        errors["licence_end"] = (f"The licence can run at most the {describe_months(extension_months)} extension past "
                                 f"the sentence expiry date: expire on or before "
                                 f"{govuk_day(add_months(sentence_expiry, extension_months))}")
    return errors


def source_errors(day: datetime.date | None, source: str, *, field: str, what: str) -> dict:
    """Where a date came from is said only with the date."""
    if source and day is None:
        return {field: f"Enter the {what}, or leave where it comes from empty"}
    return {}


@dataclass(frozen=True)
class OrderSpell:
    label: str  # "a sexual harm prevention order"
    start: datetime.date
    end: datetime.date | None  # None: until further order


@dataclass(frozen=True)
class LegalStatus:
    lines: tuple[str, ...]
    in_custody: bool = False
    on_licence: bool = False
    release_date: datetime.date | None = None
    licence_end: datetime.date | None = None
    licence_start: datetime.date | None = None
    notification_until: datetime.date | None = None
    notification_indefinite: bool = False
    subject_to_notification: bool = False

    def __str__(self):
        return "; ".join(self.lines)


@dataclass(frozen=True)
class NotificationSpell:
    start: datetime.date
    end: datetime.date | None  # None: indefinitely
    ended_early: datetime.date | None = None  # e.g. discharged on review


@dataclass
class StatusInput:
    custody: list[CustodySpell] = field(default_factory=list)
    supervision: list[Supervision] = field(default_factory=list)
    notification: list[NotificationSpell] = field(default_factory=list)
    orders: list[OrderSpell] = field(default_factory=list)



def legal_status(facts: StatusInput, today: datetime.date) -> LegalStatus:
    """What a person is subject to today, in words: "in custody, release in 143 days", "on licence
    until 30 June 2011", "subject to notification indefinitely"."""
    lines: list[str] = []
    in_custody = False
    release = None
    current = [c for c in facts.custody if c.start <= today and (c.end is None or c.end > today)]
    if current:
        in_custody = True
        spell = max(current, key=lambda c: c.start)
        what = {"remand": "on remand in custody", "recall": "in custody on recall"}.get(spell.kind, "in custody")
        release = spell.expected_release
        if release and release > today:
            days = (release - today).days
            lines.append(f"{what}, release in {plural(days, 'day')} ({govuk_day(release)})")
        elif release and release == today:
            lines.append(f"{what}, release due today")
        else:
            lines.append(f"{what}, release date not known")
    on_licence, licence_end, licence_start = False, None, None
    if not in_custody:
        for sup in sorted(facts.supervision, key=lambda s: s.start):
            if sup.start <= today and (sup.end is None or sup.end >= today):
                label = {"licence": "on licence", "community_order": "on a community order",
                         "suspended_sentence": "on a suspended sentence order",
                         "hospital_order": "subject to a hospital order",
                         "guardianship_order": "subject to a guardianship order"}.get(sup.kind, f"on {sup.kind}")
                lines.append(f"{label} until {govuk_day(sup.end)}" if sup.end else f"{label}, end date not known")
                if sup.kind == "licence":
                    on_licence, licence_end, licence_start = True, sup.end, sup.start
    notif_until, indefinite, subject = None, False, False
    for spell in facts.notification:
        finished = spell.ended_early or (spell.end + ONE_DAY if spell.end else None)
        if spell.start <= today and (finished is None or finished > today):
            subject = True
            if spell.end is None and not spell.ended_early:
                indefinite = True
            elif not indefinite:
                notif_until = max(notif_until or spell.end, spell.end)
    if indefinite:
        lines.append("subject to notification indefinitely")
    elif subject:
        lines.append(f"subject to notification until {govuk_day(notif_until)}")
    for order in facts.orders:
        if order.start <= today and (order.end is None or order.end >= today):
            lines.append(f"subject to {order.label} until {govuk_day(order.end)}" if order.end
                         else f"subject to {order.label} until further order")
    if not lines:
        lines.append("no current sentence, licence, order or notification requirement recorded")
    return LegalStatus(tuple(lines), in_custody=in_custody, on_licence=on_licence, release_date=release,
                       licence_end=licence_end, licence_start=licence_start, notification_until=None if indefinite else notif_until,
                       notification_indefinite=indefinite, subject_to_notification=subject)


def custodial_months(*, years: int = 0, months: int = 0, days: int = 0) -> float:
    """A custodial term as months (a day is 1/30.4375 of a month) for thresholds such as 30 months or 12 months."""
    return years * 12 + months + round(days / 30.4375, 4)


# ---------------------------------------------------------------------------------------------
# Annual report figures


def reporting_year(first_year: int, starts: dict) -> tuple[datetime.date, datetime.date]:
    """The reporting year that begins in `first_year` (e.g. 1 April 2008 to 31 March 2009), from reference data
    {"month": 4, "day": 1}; the snapshot figures are taken on its last day."""
    start = datetime.date(first_year, starts["month"], starts["day"])
    return start, period_end(start, months=12)


# ---------------------------------------------------------------------------------------------
# Recall: licence time left, the fixed term, and the times from revocation to arrest and return


def recall_licence_errors(*, period: tuple[datetime.date, datetime.date | None] | None,
                          requested_on: datetime.date | None, revoked_on: datetime.date | None) -> dict:
    """A licence can be recalled only while it runs (Criminal Justice Act 2003 s.254(1): the Secretary of State
    may "revoke his licence and recall him to prison"). `period` is the sentence's licence period
    (licence_period); with no licence time left there is nothing to revoke."""
    if period is None:
        return {"sentence": "This sentence has no release or licence start date recorded: record them on the "
                            "sentence before recording a recall"}
    start, end = period
    errors = {}
    for field_name, verb, day in (("requested_on", "requested", requested_on), ("decided_at", "revoked", revoked_on)):
        if day is None:
            continue
        if day < start:
            errors[field_name] = (f"The licence had not started when the recall was {verb} ({govuk_day(day)}): "
                                  f"it starts on {govuk_day(start)}")
        elif end is not None and day > end:
            errors[field_name] = (f"No licence time remains: the licence ended on {govuk_day(end)}, before the recall "
                                  f"was {verb} ({govuk_day(day)})")
    return errors


def fixed_term_days(*, kind: str, custodial_months: float | None, table: dict) -> int | None:
    """The length of a fixed-term recall in days, from the table in force on the revocation date, or None where
    the law allows no fixed-term recall (extended, life and indeterminate sentences). `table` is
    {"excluded_kinds": [...], "bands": [{"under_months": 12, "days": 14}, {"days": 28}]}: the first band
    whose "under_months" the sentence is under (or with none) applies."""
    if kind in table.get("excluded_kinds", ()) or custodial_months is None:
        return None
    for band in table["bands"]:
        if "under_months" in band and custodial_months >= band["under_months"]:
            continue
        return band["days"]
    return None


def fixed_term_ends(returned_on: datetime.date, days: int) -> datetime.date:
    """The last day of a fixed-term recall: "the period of [N] days beginning with the date on which the prisoner
    is returned to prison" (Criminal Justice Act 2003 s.255A(4) as inserted in 2008)."""
    return period_end(returned_on, days=days)


def recall_sequence_errors(*, revoked_at: datetime.datetime | None, revoked_on: datetime.date | None,
                           arrested_at: datetime.datetime | None, arrested_on: datetime.date | None,
                           returned_on: datetime.date | None, now: datetime.datetime) -> dict:
    """Revocation, arrest and return to custody happen in that order, none before the revocation and none in the
    future. `revoked_on` and `arrested_on` are the local dates of the two times."""
    errors = {}
    if arrested_at is not None:
        if revoked_at is None:
            errors["arrested_at"] = "Only a recall that revoked the licence leads to an arrest: record the revocation first"
        elif arrested_at < revoked_at:
            errors["arrested_at"] = f"Arrest must be on or after the revocation ({govuk_moment(revoked_at)})"
        elif arrested_at > now:
            errors["arrested_at"] = "Time of arrest must be now or in the past"
    if returned_on is not None:
        if revoked_on is not None and returned_on < revoked_on:
            errors["returned_to_custody_on"] = f"Return to custody must be on or after the revocation ({govuk_day(revoked_on)})"
        elif arrested_on is not None and returned_on < arrested_on:
            errors["returned_to_custody_on"] = f"Return to custody must be on or after the arrest ({govuk_day(arrested_on)})"
    return errors


def minutes_between(start: datetime.datetime | None, end: datetime.datetime | None) -> int | None:
    if start is None or end is None or end < start:
        return None
    return int((end - start).total_seconds() // 60)


def days_between(start: datetime.date | None, end: datetime.date | None) -> int | None:
    if start is None or end is None or end < start:
        return None
    return (end - start).days


def describe_minutes(minutes: int) -> str:
    """A time between two events as people say it: "45 minutes", "3 hours 10 minutes", "2 days 4 hours"."""
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days >= 2:
        return " ".join([plural(days, "day")] + ([plural(hours, "hour")] if hours else []))
    hours += 24 * days
    parts = ([plural(hours, "hour")] if hours else []) + ([plural(mins, "minute")] if mins or not hours else [])
    return " ".join(parts)


def within_target(minutes: int | None, target_hours: int | None) -> bool | None:
    """Whether an arrest came within the urgency's target: None when either is not known."""
    if minutes is None or target_hours is None:
        return None
    return minutes <= target_hours * 60


# ---------------------------------------------------------------------------------------------
# The automatic release point of a standard fixed-term sentence


@dataclass(frozen=True)
class ReleaseOffence:
    """What the release rules read of the offence: the Sexual Offences Act or violent flags, the part of Criminal
    Justice Act 2003 Schedule 15 its Home Office code is specified in ("violent", "sexual" or None), and whether it
    carries life (None when no maximum is recorded)."""

    sexual: bool = False
    violent: bool = False
    schedule_15: str | None = None
    life_maximum: bool | None = None


@dataclass(frozen=True)
class ReleasePoint:
    release: datetime.date  # the first day the law requires release on licence
    fraction: Fraction
    basis: str  # the provision, in words
    caveats: tuple[str, ...] = ()  # what the facts held cannot settle


def _two_thirds_rule(rule: dict, offence: ReleaseOffence, months: int) -> tuple[bool, str | None]:
    """Whether a s.244ZA row applies: (applies, caveat). A caveat is given where it would apply but the record
    does not say whether the offence is specified in Schedule 15 or carries life."""
    if months < rule.get("min_months", 0) or ("below_months" in rule and months >= rule["below_months"]):
        return False, None
    wanted = rule["offence"]  # "schedule_15" (Part 1 or 2), "sexual" (Part 2) or "violent" (Part 1)
    part = offence.schedule_15
    flagged = offence.sexual if wanted == "sexual" else offence.violent if wanted == "violent" else (
        offence.sexual or offence.violent)
    in_part = part is not None and (wanted == "schedule_15" or part == wanted)
    if not in_part and not flagged:
        return False, None
    settled = in_part and offence.life_maximum is True and not rule.get("listed_only")
    if settled:
        return True, None
    if offence.life_maximum is False or (part is not None and not in_part):
        return False, None
    return False, rule["caveat"]


def release_point(*, sentenced_on: datetime.date, months: int, remand_days: int, offence: ReleaseOffence,
                  two_thirds: list[dict], standard: list[tuple[datetime.date, dict]]) -> ReleasePoint:
    """When the law requires a standard fixed-term prisoner to be released on licence. `two_thirds` are the
    s.244ZA rows in force on the day of sentence (they reach sentences imposed on or after their date); `standard`
    is every dated row of the ordinary fraction (s.244(3)(a) one-half, then 40 per cent), because a change of that
    fraction reaches prisoners already serving who are still in custody when it comes into force. Prompting
    only: the prison's sentence calculation is the record."""
    caveats = []
    for rule in two_thirds:
        applies, caveat = _two_thirds_rule(rule, offence, months)
        if applies:
            point = fixed_term_dates(starts=sentenced_on, months=months, remand_days=remand_days, fraction=Fraction(2, 3))
            return ReleasePoint(point.release, Fraction(2, 3), rule["basis"])
        if caveat:
            caveats.append(caveat)
    rows = sorted(standard, key=lambda r: r[0])
    first = Fraction(rows[0][1]["fraction"])
    release = fixed_term_dates(starts=sentenced_on, months=months, remand_days=remand_days, fraction=first).release
    fraction, basis = first, rows[0][1]["basis"]
    for effective, row in rows[1:]:
        start = effective
        later = row.get("longer_sentences_from")
        if later and sentenced_on < effective and months >= later["months"]:
            start = datetime.date.fromisoformat(later["date"])
        if release <= start:
            continue  # released (or due out) before the change reached the sentence
        if _excluded(row, offence, months):
            caveats.append(row["excluded_note"])
            continue
        new = Fraction(row["fraction"])
        point = fixed_term_dates(starts=sentenced_on, months=months, remand_days=remand_days, fraction=new).release
        release, fraction, basis = max(point, start), new, row["basis"]
        caveats.append(row["caveat"])
    return ReleasePoint(release, fraction, basis, tuple(dict.fromkeys(caveats)))


def _excluded(row: dict, offence: ReleaseOffence, months: int) -> bool:
    """A row's excluded offences: "sexual" (any sexual offence) and "violent" from a term's length."""
    for rule in row.get("excluded", []):
        kind = rule["offence"]
        hit = (offence.sexual or offence.schedule_15 == "sexual") if kind == "sexual" else (
            offence.violent or offence.schedule_15 == "violent")
        if hit and months >= rule.get("min_months", 0):
            return True
    return False
