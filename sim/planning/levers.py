"""The pathway's lever lattice, apart from the search so that the command line can list it without
loading the model (docs/model.md 15)."""

#: The plan's margin, spare teachers and size headroom (its insurance against drift, against losing a
#: teacher and against pupils moving to town, docs/model.md 13), the exchange rate (share of a core
#: school's eligible teachers posted a year, swapped like for like where no member needs them; 10 % is
#: the rule's floor over all senders) and the yearly upkeep (1: every year, schools below a standard
#: get what they lack: standards_upkeep and the capital programme on every deficit, both at the margin, and
#: town schools admit pupils only up to the size limit less the headroom: intake_cap).
LEVERS = {"margin": (0.0, 0.05, 0.10, 0.15, 0.20), "spare_teachers": (1, 2), "size_headroom": (0.0, 0.1),
          "exchange_rate": (0.15, 0.20), "upkeep": (0, 1)}
#: The levers the plan takes; the others are policies' and run in the simulation.
PLAN_LEVERS = ("margin", "spare_teachers", "size_headroom")
