"""Planning: the cheapest teacher moves and purchases that make a county pass the high-quality
resource test with a margin (``edusim plan``; formulation in docs/model.md section 13)."""

from sim.planning.optimise import DEFAULT_MARGIN, Plan, plan

__all__ = ["DEFAULT_MARGIN", "Plan", "plan"]
