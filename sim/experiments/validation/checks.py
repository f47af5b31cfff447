"""Tolerance logic and the observed-against-simulated table, the same for every hindcast."""

from dataclasses import asdict, dataclass, field

import numpy as np

PASS, FAIL, INFO = "PASS", "FAIL", "info"


def within(error: float, tolerance: float) -> bool:
    """|error| <= tolerance, forgiving float noise at the boundary (a stated 0.10 includes 0.10)."""
    return bool(np.isfinite(error) and abs(error) <= tolerance + 1e-12)


def relative_error(observed: float, simulated: float) -> float:
    """(simulated - observed) / observed."""
    return (simulated - observed) / abs(observed)


def inside(x: float, low: float, high: float) -> bool:
    return bool(low <= x <= high)


def status(ok: bool) -> str:
    return PASS if ok else FAIL


@dataclass
class Check:
    """One row of the table: an observed figure, the simulated one, the error and the verdict."""

    quantity: str
    observed: float
    simulated: float
    error: float
    error_kind: str  # "sim - obs" or "(sim - obs) / obs"
    tolerance: str
    status: str  # PASS, FAIL or info (shown, not judged)
    observed_spread: str = ""
    simulated_spread: str = ""
    source: str = ""


@dataclass
class Result:
    name: str
    title: str
    checks: list[Check]
    notes: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        judged = [c.status for c in self.checks if c.status != INFO]
        return PASS if judged and all(s == PASS for s in judged) else FAIL

    def as_dict(self) -> dict:
        return {"name": self.name, "title": self.title, "verdict": self.verdict,
                "checks": [asdict(c) for c in self.checks], "notes": self.notes}


def median_check(quantity, observed: np.ndarray, simulated: np.ndarray, tolerance: float, band=(10, 90),
                 source="", judged=True) -> Check:
    """Distributions compared: the simulated median within ``tolerance`` of the observed median,
    and the observed median inside the simulated ``band`` percentiles."""
    obs_med, q1, q3 = np.percentile(observed, [50, 25, 75])
    sim_med, lo, hi = np.percentile(simulated, [50, *band])
    error = sim_med - obs_med
    ok = within(error, tolerance) and inside(obs_med, lo, hi)
    return Check(quantity, float(obs_med), float(sim_med), float(error), "sim - obs",
                 f"|error| <= {tolerance:.2f}; obs median in sim {band[0]}-{band[1]} %",
                 status(ok) if judged else INFO, f"IQR {q1:.3f}-{q3:.3f}, n={len(observed)}",
                 f"{band[0]}-{band[1]} % {lo:.3f}-{hi:.3f}, n={len(simulated)}", source)


def relative_check(quantity, observed: float, simulated: np.ndarray, tolerance: float | None, band=(10, 90),
                   source="", digits=2) -> Check:
    """A figure against the median over replicates; ``tolerance`` None makes it an information row."""
    sim_med, lo, hi = np.percentile(simulated, [50, *band])
    error = relative_error(observed, sim_med)
    verdict = INFO if tolerance is None else status(within(error, tolerance))
    return Check(quantity, float(observed), float(sim_med), float(error), "(sim - obs) / obs",
                 "" if tolerance is None else f"|error| <= {tolerance:.0%}", verdict, "",
                 f"{band[0]}-{band[1]} % {lo:,.{digits}f}-{hi:,.{digits}f}, n={len(simulated)}", source)


def _num(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3f}"


def format_result(result: Result) -> str:
    """A plain-text table of one hindcast, its verdict and notes."""
    head = ("quantity", "observed", "simulated", "error", "tolerance", "status")
    rows = []
    for c in result.checks:
        err = f"{c.error:+.1%}" if c.error_kind.startswith("(") else f"{c.error:+.3f}"
        rows.append((c.quantity, _num(c.observed), _num(c.simulated), err, c.tolerance, c.status))
    widths = [max(len(r[i]) for r in (head, *rows)) for i in range(len(head))]
    fmt = "  ".join(f"{{:{'<' if i in (0, 4) else '>'}{w}}}" for i, w in enumerate(widths))
    lines = [f"== {result.name}: {result.title}  ->  {result.verdict}", fmt.format(*head)]
    lines += [fmt.format(*r) for r in rows]
    spreads = [(c.quantity, c.observed_spread, c.simulated_spread) for c in result.checks
               if c.observed_spread or c.simulated_spread]
    if spreads:
        lines.append("spread:")
        lines += [f"  {q.strip()}: " + "; ".join(f"{k} {v}" for k, v in (("observed", o), ("simulated", s)) if v)
                  for q, o, s in spreads]
    sources = dict.fromkeys(c.source for c in result.checks if c.source)
    lines += ["sources:"] + [f"  {s}" for s in sources]
    lines += ["notes:"] + [f"  - {n}" for n in result.notes] if result.notes else []
    return "\n".join(lines)
