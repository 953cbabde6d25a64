"""Risk assessment: typed risks, actuarial calculators, approval and review."""
