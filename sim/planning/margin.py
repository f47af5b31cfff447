"""The margin and spare teachers a plan aims at by default, apart from the optimiser so that the
command line can say them without loading it."""

#: Default margin: the cheapest tried whose plan still passes the high-quality test one simulated
#: year later (status quo, no policy) in at least 80 % of replicates, on both example tables
#: (experiments/plan_margin.py, 200 replicates, seed 1). Every failure a year on is a school slipping
#: under the 6-of-7 / 85 % rule, mostly a small school losing one of its few backbone or degree
#: teachers; the CVs never failed. So a whole spare teacher of each kind guards better than a
#: relative margin, and far more cheaply. margin, spare: cost (M yuan), P(pass next year):
#:   tests/data/plan_county.csv:   0, 0: 1.29, 0.655 | 0.05, 0: 1.93, 0.74 | 0.10, 0: 3.58, 0.955
#:     0.15, 0: 7.62, 0.95 | 0.25, 0: 14.75, 0.94 | 0, 1: 1.47, 0.96 | 0.05, 1: 2.11, 0.97 | 0.15, 1: 12.3, 1.00
#:   experiments/data/bureau_county.xlsx (100 replicates, seed 0): 0, 0: 0.54, 0.66 | 0, 1: 1.09, 0.90 |
#:     0, 2 and 0.05, 1: infeasible (too few backbone teachers in a community to give every school a spare)
#:   (docs/model.md section 13; measured after issues 18 and 19)
DEFAULT_MARGIN = 0.0
DEFAULT_SPARE = 1
