"""Licences and their conditions, exclusion zones on a map, and the checks of addresses and routes against them."""
