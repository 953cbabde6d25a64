"""The kinds of record this part keeps on a person: one table that forms, views, services and the API share."""
from mappa.nominals.items import ItemKind
from mappa.orders import models as m

KINDS = {
    k.slug: k
    for k in [
        ItemKind("convictions", m.Conviction, "conviction or caution", "Convictions and cautions",
                 ("kind", "offence_code", "offence", "offence_date", "convicted_on", "court", "sexual", "contact_sexual",
                  "indecent_images", "violent", "against_child", "internet_facilitated", "schedule",
                  "maximum_penalty_years", "handling")),
        ItemKind("sentences", m.Sentence, "sentence", "Sentences and release dates",
                 ("conviction", "kind", "sentenced_on", "length_months", "extension_months", "remand_days",
                  "custody_from", "release_kind", "release_date", "release_date_source", "released_on", "licence_start",
                  "licence_end", "licence_end_source", "sentence_expiry", "order_end", "disqualified_from_working_with_children",
                  "runs", "runs_with", "overlap_months", "notes", "handling")),
        ItemKind("custody", m.CustodyPeriod, "period in custody", "Custody and remand",
                 ("kind", "sentence", "establishment", "started_on", "expected_release", "ended_on", "handling")),
        ItemKind("notification", m.NotificationRequirement, "notification requirement", "Notification requirements",
                 ("conviction", "civil_order", "relevant_date", "in_custody_on_relevant_date", "released_on",
                  "discharge_months", "police_station", "ended_early_on", "handling")),
        ItemKind("notifications", m.NotificationEvent, "notification", "Notifications to the police",
                 ("requirement", "kind", "event_date", "received_on", "police_station", "verified_by_visit", "details",
                  "stay_address", "stay_ends_on", "returns_on", "notice", "handling")),
        ItemKind("civil-orders", m.CivilOrder, "civil order", "Civil orders",
                 ("kind", "status", "conviction", "applied_on", "applicant", "court", "starts_on", "ends_on",
                  "until_further_order", "countries", "passport_surrendered_on", "passport_station", "copy", "notes",
                  "handling")),
        ItemKind("prohibitions", m.Prohibition, "prohibition", "Prohibitions",
                 ("order", "category", "text", "starts_on", "ends_on", "handling")),
        ItemKind("order-history", m.OrderEvent, "application, variation or court outcome", "Applications, variations and court outcomes",
                 ("order", "kind", "occurred_on", "court", "outcome", "handling")),
        ItemKind("breaches", m.Breach, "breach", "Breaches",
                 ("against", "sentence", "order", "notification", "occurred_on", "what", "evidence", "decision",
                  "decided_on", "decided_by", "handling")),
        ItemKind("recalls", m.Recall, "recall", "Recalls",
                 ("sentence", "breach", "kind", "urgency", "requested_on", "requested_by", "reason", "decision",
                  "decided_at", "arrested_at", "returned_to_custody_on", "re_released_on", "handling")),
        ItemKind("further-offences", m.FurtherOffence, "further offence", "Further offences",
                 ("offence", "offence_code", "occurred_on", "charged_on", "while_under", "sexual", "violent",
                  "maximum_penalty_years", "conviction", "notes", "handling")),
    ]
}

BY_MODEL = {k.model: k for k in KINDS.values()}
# Links between this part's records: they must stay on the same person.
LINKS = {"conviction": m.Conviction, "sentence": m.Sentence, "runs_with": m.Sentence, "civil_order": m.CivilOrder, "order": m.CivilOrder,
         "requirement": m.NotificationRequirement, "notification": m.NotificationEvent, "breach": m.Breach}
# Fields that record what has already happened, so they cannot be in the future.
PAST_DATES = {"offence_date", "convicted_on", "sentenced_on", "released_on", "received_on", "applied_on",
              "passport_surrendered_on", "occurred_on", "decided_on", "requested_on", "returned_to_custody_on",
              "re_released_on", "charged_on", "ended_on", "ended_early_on"}
