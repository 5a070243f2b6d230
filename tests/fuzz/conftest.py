"""Hypothesis profiles for the fuzz suite, chosen by the HYPOTHESIS_PROFILE variable.

- ``ci`` (the default, for ``make test``): a few dozen examples a property, a few
  hundred in all, derandomised so a run is repeatable; well under a minute.
- ``fuzz`` (``make fuzz``): 10,000 examples a property, random, with the example
  database so a failure found once is replayed first next time.
- ``dev``: hypothesis's defaults (100 examples), random.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_SLOW_OK = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
]

settings.register_profile(
    "ci",
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=_SLOW_OK,
)
settings.register_profile(
    "fuzz",
    max_examples=10_000,
    deadline=None,
    print_blob=True,
    suppress_health_check=_SLOW_OK,
)
settings.register_profile("dev", deadline=None, suppress_health_check=_SLOW_OK)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
