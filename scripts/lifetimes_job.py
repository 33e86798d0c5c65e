"""Reference timings: the Python `lifetimes` package on a summary written by `strata simulate`.

Usage: python lifetimes_job.py SUMMARY.csv MODEL [HORIZON]
Prints one line of JSON: params, fit seconds and (for bg-nbd) predict seconds for P(alive),
expected purchases over HORIZON, expected order value and 12-period CLV.
"""
import json, sys, time
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter, ModifiedBetaGeoFitter, ParetoNBDFitter

path, model = sys.argv[1], sys.argv[2]
horizon = float(sys.argv[3]) if len(sys.argv) > 3 else 39.0
d = pd.read_csv(path)
x, tx, T, m = d["frequency"], d["recency"], d["T"], d["monetary_value"]
out = {"model": model, "customers": len(d)}

fitters = {"bg-nbd": BetaGeoFitter, "pareto-nbd": ParetoNBDFitter, "mbg-nbd": ModifiedBetaGeoFitter}
start = time.perf_counter()
if model == "gamma-gamma":
    repeat = d[d["frequency"] > 0]
    fitted = GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
else:
    fitted = fitters[model]().fit(x, tx, T)
out["fit_seconds"] = time.perf_counter() - start
out["params"] = {k: float(v) for k, v in fitted.params_.items()}

if model == "bg-nbd":
    repeat = d[d["frequency"] > 0]
    spend = GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    start = time.perf_counter()
    p_alive = fitted.conditional_probability_alive(x, tx, T)
    expected = fitted.conditional_expected_number_of_purchases_up_to_time(horizon, x, tx, T)
    aov = spend.conditional_expected_average_profit(x, m)
    # Monthly discounting periods (4.345 weeks) over the horizon, as `strata predict` does with 12 periods
    # over 52.14 weeks (freq="W": times in weeks).
    clv = spend.customer_lifetime_value(fitted, x, tx, T, m, time=round(horizon / 4.345), discount_rate=0.01, freq="W")
    out["predict_seconds"] = time.perf_counter() - start
    out["p_alive_sum"] = float(p_alive.sum())
    out["expected_sum"] = float(expected.sum())
print(json.dumps(out))
