# Reference for BENCHMARKS.md: the same per-cell summary computed with pandas
# from the tidy CSV (`loopshop export big --format csv`). Not run by the tests.
# Usage: python3 benches/reference/pandas_summary.py big.csv > /dev/null
import sys, pandas as pd
df = pd.read_csv(sys.argv[1])
num = df.dropna(subset=["value"])
g = num.groupby(["stage", "dimension", "round"])["value"]
out = pd.DataFrame({"n": g.count(), "median": g.median(), "mean": g.mean(), "sd": g.std(),
                    "q1": g.quantile(0.25), "q3": g.quantile(0.75)})
out["iqr"] = out["q3"] - out["q1"]
dk = df[df["value"].isna()].groupby(["stage", "dimension", "round"]).size()
out["dont_know"] = dk.reindex(out.index).fillna(0).astype(int)
out.to_csv(sys.stdout)
