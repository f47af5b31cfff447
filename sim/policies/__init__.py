"""Policies as objects: one class per mechanism, found by name in ``REGISTRY``."""

from sim.policies import (  # noqa: F401  (registration)
    capital,
    conditions,
    exchange,
    intake,
    leadership,
    lessons,
    pairing,
    people,
    sharing,
    upkeep,
)
from sim.policies.base import REGISTRY, Policy, register

__all__ = ["REGISTRY", "Policy", "register"]
