#!/usr/bin/env python3
"""Recomputes summary.csv and Kendall's W (concordance.csv) of this data
package from ratings.csv, bands.csv and consensus_rule.csv, with pandas
only, and compares them with the files loopshop wrote.

    python3 reproduce.py

Exits 0 when every number agrees to 1e-9, and 1 listing each differing
cell otherwise. The rules, as the codebook states them:
- the round read: per session and dimension the latest round in
  ratings.csv that rated it (ratings.csv holds only the rounds reports
  may show, or only the round asked for with --round);
- "don't know" (an empty value) is counted in dont_know and left out of
  every statistic;
- quartiles and the median by linear interpolation (R's type 7, pandas'
  default); sd with n - 1;
- level: the band (bands.csv) holding the median, [from, to), the last
  band closed at the top; agreement: the share of ratings in the band that
  holds most of them;
- consensus: n >= min_n, iqr <= max_iqr, agreement >= min_agreement;
- Kendall's W per dimension over the participants who rated every stage,
  with mid-ranks and the tie correction; chi2 = m (n - 1) W.
"""
import sys
from pathlib import Path

import pandas as pd

TOLERANCE = 1e-9
HERE = Path(__file__).resolve().parent


def read(name):
    return pd.read_csv(HERE / name, dtype=str, keep_default_na=False)


def number(text):
    return float(text) if text != "" else float("nan")


def band_index(bands, x):
    """Index of the band of one dimension that holds x, or None."""
    last = len(bands) - 1
    for i, (lo, hi) in enumerate(bands):
        if x >= lo and (x < hi or (i == last and x <= hi)):
            return i
    return None


def cell_stats(values, dont_know, bands, rule):
    n = len(values)
    out = {"n": float(n), "dont_know": float(dont_know)}
    if n == 0:
        for k in ("median", "mean", "sd", "q1", "q3", "iqr", "agreement"):
            out[k] = float("nan")
        out["level"], out["consensus"] = "", "false"
        return out
    s = pd.Series(values, dtype=float)
    out["median"] = float(s.quantile(0.5))
    out["q1"], out["q3"] = float(s.quantile(0.25)), float(s.quantile(0.75))
    out["iqr"] = out["q3"] - out["q1"]
    out["mean"] = float(s.mean())
    out["sd"] = float(s.std(ddof=1)) if n >= 2 else float("nan")
    level = band_index([(lo, hi) for lo, hi, _ in bands], out["median"])
    out["level"] = bands[level][2] if level is not None else ""
    counts = [0] * len(bands)
    for v in values:
        b = band_index([(lo, hi) for lo, hi, _ in bands], v)
        if b is not None:
            counts[b] += 1
    out["agreement"] = (max(counts) if counts else 0) / n
    agreed = (
        n >= int(rule["min_n"])
        and out["iqr"] <= number(rule["max_iqr"]) + TOLERANCE
        and out["agreement"] >= number(rule["min_agreement"]) - TOLERANCE
    )
    out["consensus"] = "true" if agreed else "false"
    return out


def kendall_w(selected, stages):
    """(m, W, chi2) over the raters who gave a number to every stage."""
    n = len(stages)
    numeric = selected.dropna(subset=["number"])
    grid = numeric.pivot_table(
        index=["session", "participant"], columns="stage", values="number", aggfunc="last"
    ).reindex(columns=stages)
    grid = grid.dropna()
    m = len(grid)
    if m < 2 or n < 2:
        return m, float("nan"), float("nan")
    ranks = grid.rank(axis=1, method="average")
    ties = 0.0
    for _, row in grid.iterrows():
        t = row.value_counts()
        ties += float(((t**3) - t).sum())
    sums = ranks.sum(axis=0)
    s = float(((sums - m * (n + 1) / 2) ** 2).sum())
    denominator = m * m * (n**3 - n) - m * ties
    if denominator <= 1e-9:
        return m, float("nan"), float("nan")
    w = min(max(12 * s / denominator, 0.0), 1.0)
    return m, w, m * (n - 1) * w


def differs(expected, got):
    if isinstance(got, str):
        return expected != got
    e = number(expected)
    if e != e or got != got:  # NaN: both must be missing
        return (e != e) != (got != got)
    return abs(e - got) > TOLERANCE


def main():
    ratings = read("ratings.csv")
    rule = read("consensus_rule.csv").iloc[0]
    bands_table = read("bands.csv")
    summary = read("summary.csv")
    concordance = read("concordance.csv")

    ratings["round"] = ratings["round"].astype(int)
    ratings["number"] = ratings["value"].map(number)
    ratings["group"] = ratings["role"].str.strip().replace("", "unspecified")
    latest = ratings.groupby(["session", "dimension"])["round"].transform("max")
    selected = ratings[ratings["round"] == latest]

    bands = {}
    for _, b in bands_table.iterrows():
        bands.setdefault(b["dimension"], []).append((number(b["from"]), number(b["to"]), b["band"]))
    for d in bands:
        bands[d].sort()

    problems = []
    columns = ["n", "dont_know", "median", "mean", "sd", "q1", "q3", "iqr", "level", "agreement", "consensus"]
    for _, row in summary.iterrows():
        cell = selected[(selected["stage"] == row["stage"]) & (selected["dimension"] == row["dimension"])]
        if row["group"] != "all":
            cell = cell[cell["group"] == row["group"]]
        values = cell["number"].dropna().tolist()
        dont_know = int(cell["number"].isna().sum())
        got = cell_stats(values, dont_know, bands.get(row["dimension"], []), rule)
        for c in columns:
            if differs(row[c], got[c]):
                problems.append(
                    f"summary.csv {row['stage']},{row['dimension']},{row['group']} {c}: "
                    f"written {row[c] or 'empty'}, recomputed {got[c]}"
                )

    for _, row in concordance.iterrows():
        d = row["dimension"]
        stages = summary[(summary["dimension"] == d) & (summary["group"] == "all")]["stage"].tolist()
        m, w, chi2 = kendall_w(selected[selected["dimension"] == d], stages)
        for c, got in (("m", float(m)), ("w", w), ("chi2", chi2)):
            if differs(row[c], got):
                problems.append(f"concordance.csv {d} {c}: written {row[c] or 'empty'}, recomputed {got}")

    if problems:
        print(f"{len(problems)} value(s) differ:")
        print("\n".join(problems))
        return 1
    print(f"reproduced: {len(summary)} rows of summary.csv and {len(concordance)} of concordance.csv agree to {TOLERANCE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
