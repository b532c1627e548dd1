"""`goat eval`: batched generation, suites, scoring with the chain audit, and reports."""
