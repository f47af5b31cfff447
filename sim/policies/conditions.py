"""Conditions a document names as weaknesses, modelled so they can be switched on and off."""

from sim.dynamics.params import ASSUMPTION, Param
from sim.policies.base import Policy, register


@register
class FundingShortfall(Policy):
    """Part of the schools' resource budgets arrives late or not at all."""

    name = "funding_shortfall"
    summary = "a share of resource budgets arrives late or not at all (a stated weakness)"
    OUTCOMES = (("mean_quality", -1),)
    PARAMS = {
        "shortfall_share": Param(0.2, "share of budget", 0.0, 1.0,
                                 "Weicheng seed: funding 'not timely, not sufficient'; size " + ASSUMPTION,
                                 "share of each school's resource budget not delivered this year"),
    }

    def prepare(self, model):
        model.budget *= 1.0 - self.p["shortfall_share"] * model.schools.evaluated

    def apply(self, model) -> float:
        return 0.0


@register
class WeakIncentives(Policy):
    """Weak performance-pay incentives: teachers put less into improving."""

    name = "weak_incentives"
    summary = "weak performance-pay incentives slow teachers' growth (a stated weakness)"
    OUTCOMES = (("mean_quality", -1),)
    PARAMS = {
        "effort_loss": Param(0.2, "share of growth", 0.0, 1.0,
                             "Weicheng seed: performance pay reform 'not strong enough'; Wu 2020; size " + ASSUMPTION,
                             "share of teachers' yearly skill growth lost"),
    }

    def prepare(self, model):
        model.growth_multiplier *= 1.0 - self.p["effort_loss"]

    def apply(self, model) -> float:
        return 0.0
