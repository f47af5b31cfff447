"""Hindcasts: the model held against observations it was not tuned to (``edusim validate``).

``catalogue`` states what each hindcast compares, its tolerance and sources (light: the CLI's
help reads it); ``checks`` the tolerance logic and the table; ``cv_spread`` and ``national``
the two hindcasts; ``run`` runs them and writes the run folder. A hindcast that fails is a
finding, reported as such: nothing here adjusts the model towards a target.
"""
