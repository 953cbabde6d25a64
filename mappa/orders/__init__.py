"""Convictions, sentences, licences, civil orders, notification requirements, exclusion zones and enforcement."""
