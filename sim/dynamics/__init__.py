"""Model dynamics: the county model, teachers' careers, money and stocks, enrollment, quality, parameters."""
