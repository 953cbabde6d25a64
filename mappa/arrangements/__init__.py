"""MAPPA: identification, category, level decisions, referrals, screening and meetings."""
