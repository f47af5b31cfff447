"""Tolerance logic, null models and the observed-against-simulated table, the same for every hindcast."""

from dataclasses import asdict, dataclass, field

import numpy as np

PASS, FAIL, INFO = "PASS", "FAIL", "info"
#: The model within its tolerance, but a null model too: the hindcast cannot tell them apart.
NOT_DISCRIMINATING = "NOT DISCRIMINATING"
MODEL, TIE = "model", "tie"


def within(error: float, tolerance: float) -> bool:
    """|error| <= tolerance, forgiving float noise at the boundary (a stated 0.10 includes 0.10)."""
    return bool(np.isfinite(error) and abs(error) <= tolerance + 1e-12)


def relative_error(observed: float, simulated: float) -> float:
    """(simulated - observed) / observed."""
    return (simulated - observed) / abs(observed)


def absolute_error(observed: float, simulated: float) -> float:
    return simulated - observed


def inside(x: float, low: float, high: float) -> bool:
    return bool(low <= x <= high)


def status(ok: bool) -> str:
    return PASS if ok else FAIL


def judge(model_error: float, null_errors: dict[str, float], tolerance: float) -> str:
    """FAIL when the model misses the tolerance; NOT DISCRIMINATING when a null model meets it too; else PASS."""
    if not within(model_error, tolerance):
        return FAIL
    return NOT_DISCRIMINATING if any(within(e, tolerance) for e in null_errors.values()) else PASS


def closest(model_error: float, null_errors: dict[str, float]) -> str:
    """Which of the model and the null models is nearest the observation ("tie" when several are)."""
    errors = {k: abs(e) if np.isfinite(e) else np.inf for k, e in {MODEL: model_error, **null_errors}.items()}
    best = min(errors.values())
    nearest = [k for k, e in errors.items() if e <= best + 1e-12]
    return nearest[0] if len(nearest) == 1 else TIE


@dataclass
class Check:
    """One row of the table: an observed figure, the simulated one, the error and the verdict."""

    quantity: str
    observed: float
    simulated: float
    error: float
    error_kind: str  # "sim - obs" or "(sim - obs) / obs"
    tolerance: str
    status: str  # PASS, FAIL, NOT DISCRIMINATING or info (shown, not judged)
    observed_spread: str = ""
    simulated_spread: str = ""
    source: str = ""
    nulls: dict[str, float] = field(default_factory=dict)  # each null model's value
    null_errors: dict[str, float] = field(default_factory=dict)  # ... and its error, as ``error``
    closer: str = ""  # "model" or the null model nearest the observation
    band: str = ""  # the simulated value's range over the parameter band


@dataclass
class Result:
    name: str
    title: str
    checks: list[Check]
    notes: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        """FAIL if a judged row fails (or none is judged); NOT DISCRIMINATING if a null model also
        meets a row's tolerance; PASS when every judged row passes and no null model does."""
        judged = [c.status for c in self.checks if c.status != INFO]
        if not judged or FAIL in judged:
            return FAIL
        return NOT_DISCRIMINATING if NOT_DISCRIMINATING in judged else PASS

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


def range_check(quantity, observed: np.ndarray, simulated: np.ndarray, source="", judged=True) -> Check:
    """The simulated median inside the observed range (min-max) and at least half its minimum; the
    error is the distance to the nearer end (0 inside)."""
    low, high = float(np.min(observed)), float(np.max(observed))
    sim_med = float(np.median(simulated))
    error = min(0.0, sim_med - low) + max(0.0, sim_med - high)
    ok = low <= sim_med <= high
    return Check(quantity, float(np.median(observed)), sim_med, error, "sim - nearer end of obs range",
                 "sim median inside the observed range", status(ok) if judged else INFO,
                 f"range {low:.3f}-{high:.3f}, n={len(observed)}",
                 f"10-90 % {np.percentile(simulated, 10):.3f}-{np.percentile(simulated, 90):.3f}, n={len(simulated)}",
                 source)


def relative_check(quantity, observed: float, simulated: np.ndarray, tolerance: float | None, band=(10, 90),
                   source="", digits=2) -> Check:
    """A figure against the median over replicates; ``tolerance`` None makes it an information row."""
    sim_med, lo, hi = np.percentile(simulated, [50, *band])
    error = relative_error(observed, sim_med)
    verdict = INFO if tolerance is None else status(within(error, tolerance))
    return Check(quantity, float(observed), float(sim_med), float(error), "(sim - obs) / obs",
                 "" if tolerance is None else f"|error| <= {tolerance:.0%}", verdict, "",
                 f"{band[0]}-{band[1]} % {lo:,.{digits}f}-{hi:,.{digits}f}, n={len(simulated)}", source)


def null_check(quantity, observed: float, simulated: np.ndarray, nulls: dict[str, np.ndarray], tolerance: float,
               relative: bool, band_values=(), source="", digits=2, spread=(10, 90), center=np.median) -> Check:
    """The model (``center`` of its replicates: the median, or the mean for a share pooled over
    replicates of equal size) and each null model against one observation, judged by ``judge``;
    ``relative``: errors as a share of the observation, else absolute. ``band_values``: the
    simulated values over the parameter band (shown as their range)."""
    err = relative_error if relative else absolute_error
    sim = center(simulated)
    lo, hi = np.percentile(simulated, spread)
    null_values = {k: float(center(v)) for k, v in nulls.items()}
    null_errors = {k: float(err(observed, v)) for k, v in null_values.items()}
    error = float(err(observed, sim))
    fmt = f",.{digits}f"
    band = f"{min(band_values):{fmt}} to {max(band_values):{fmt}}" if len(band_values) else ""
    return Check(quantity, float(observed), float(sim), error, "(sim - obs) / obs" if relative else "sim - obs",
                 f"|error| <= {tolerance:.0%}" if relative else f"|error| <= {tolerance:.2f}",
                 judge(error, null_errors, tolerance), "",
                 f"{spread[0]}-{spread[1]} % {lo:{fmt}}-{hi:{fmt}}, n={len(simulated)}", source,
                 null_values, null_errors, closest(error, null_errors), band)


def shown(quantity, simulated: np.ndarray, band=(10, 90), digits=2, center=np.median) -> Check:
    """An information row with no observation: the simulated value and its spread."""
    lo, hi = np.percentile(simulated, band)
    return Check(quantity, float("nan"), float(center(simulated)), float("nan"), "", "", INFO, "",
                 f"{band[0]}-{band[1]} % {lo:,.{digits}f}-{hi:,.{digits}f}, n={len(simulated)}")


def _num(v: float) -> str:
    if not np.isfinite(v):
        return ""
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3f}"


def _err(c: Check, e: float) -> str:
    return "" if not np.isfinite(e) else f"{e:+.1%}" if c.error_kind.startswith("(") else f"{e:+.3f}"


def format_result(result: Result, lang: str = "en") -> str:
    """A plain-text table of one hindcast, its verdict and notes, its headings, statuses and model
    codes in ``lang`` (its title, quantities, sources and notes quote the literature: English)."""
    from sim.wording import label, padded, width_of

    def word(key: str, **fields) -> str:
        return label(key, lang, **fields)

    nulls = list(dict.fromkeys(k for c in result.checks for k in c.nulls))
    head = tuple(word(f"vh.{k}") for k in ("quantity", "observed", "simulated", "error", "tolerance", "status"))
    extra = (*(word("vh.null_error", name=word(k)) for k in nulls), *((word("vh.closer"),) if nulls else ()),
             *((word("vh.band"),) if any(c.band for c in result.checks) else ()))
    rows = []
    for c in result.checks:
        row = [c.quantity, _num(c.observed), _num(c.simulated), _err(c, c.error), c.tolerance, word(c.status)]
        row += [f"{_num(c.nulls[k])} ({_err(c, c.null_errors[k])})" if k in c.nulls else "" for k in nulls]
        row += [word(c.closer) if c.closer else ""] if nulls else []
        row += [c.band] if any(x.band for x in result.checks) else []
        rows.append(tuple(row))
    widths = [max(width_of(r[i]) for r in (head + extra, *rows)) for i in range(len(head + extra))]

    def line(cells) -> str:  # padded by the columns a terminal gives each character (Chinese: two)
        return "  ".join(padded(c, w, right=i not in (0, 4)) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    lines = [f"== {result.name}: {result.title}  ->  {word(result.verdict)}", line((*head, *extra))]
    lines += [line(r) for r in rows]
    spreads = [(c.quantity, c.observed_spread, c.simulated_spread) for c in result.checks
               if c.observed_spread or c.simulated_spread]
    if spreads:
        lines.append(word("vh.spread"))
        lines += [f"  {q.strip()}: " + "; ".join(f"{word(k)} {v}" for k, v in (("vh.observed", o), ("vh.simulated", s))
                                                 if v) for q, o, s in spreads]
    sources = dict.fromkeys(c.source for c in result.checks if c.source)
    lines += [word("vh.sources")] + [f"  {s}" for s in sources]
    lines += [word("vh.notes")] + [f"  - {n}" for n in result.notes] if result.notes else []
    return "\n".join(lines)
