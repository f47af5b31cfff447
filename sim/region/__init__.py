"""Many counties at once: a prefecture's or province's table, each county projected on its own,
the timetable of which county passes when, and how a provincial budget is shared among them."""
