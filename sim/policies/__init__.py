"""Policies as objects: one class per mechanism, found by name in ``REGISTRY``."""

from sim.policies import exchange, pairing, sharing  # noqa: F401  (registration)
from sim.policies.base import REGISTRY, Policy, register

__all__ = ["REGISTRY", "Policy", "register"]
