"""The names a many-county command offers (criteria, allocation rules, programmes), apart from the
code that runs them, so that building the command line imports nothing heavy."""

from dataclasses import dataclass

#: What "pass" means for a county, and the yearly column that says it.
CRITERIA = {"assessment": "assessment_pass", "resources": "pass_resources", "cvs": "high_quality_cv_pass"}
#: The P(pass) a county must reach by default.
DEFAULT_LEVEL = 0.8
#: The rules ``allocate`` compares.
RULES = ("pro_rata", "shortfall", "closest", "optimised")


@dataclass(frozen=True)
class Programme:
    policy: str  # the registered policy the province funds
    param: str  # its parameter set from the county's amount
    unit: str  # unit of the budget and of each county's amount
    whole: bool = False  # amounts in whole units (posts)


PROGRAMMES = {
    "construction": Programme("capital_programme", "budget_yuan_per_pupil", "yuan / year"),
    "posts": Programme("recruitment", "hires_per_year", "teacher posts / year", whole=True),
    "allowances": Programme("rural_allowance", "allowance_yuan", "yuan / year"),
}


