"""The one shared risk management plan that every agency works to."""
