"""Planning: the cheapest teacher moves and purchases that make a county pass the high-quality
resource test with a margin (``edusim plan``; formulation in docs/model.md section 13). The
optimiser is ``sim.planning.optimise.plan``; this package imports nothing, so that naming its
defaults (``sim.planning.margin``) stays light."""
