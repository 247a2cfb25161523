#!/usr/bin/python3
"""Expected values for DataAuditReferenceTest, from Debian's python3-scipy, python3-sklearn and
python3-statsmodels (an independent computation of each statistic the data report shows).

Run from this directory with Debian's python: /usr/bin/python3 make_fixtures.py > fixtures.json
"""
import json
import math
import sys

import numpy as np
from scipy.stats import chi2_contingency, chisquare
from scipy.stats.contingency import association
from sklearn.metrics import mutual_info_score
from statsmodels.stats.contingency_tables import StratifiedTable
import scipy, sklearn, statsmodels

out = {"made_with": {"scipy": scipy.__version__, "sklearn": sklearn.__version__, "statsmodels": statsmodels.__version__}}

# representation: goodness of fit of counts A 60, B 30, C 10 against shares .5 .3 .2
g = chisquare([60, 30, 10], [50, 30, 20])
out["gof"] = {"counts": [60, 30, 10], "shares": [0.5, 0.3, 0.2], "statistic": g.statistic, "p": g.pvalue}

# missingness: groups x (missing, present), Pearson without continuity correction
t = np.array([[12, 48], [2, 28], [5, 5]])
c = chi2_contingency(t, correction=False)
out["missingness"] = {"table": t.tolist(), "statistic": c[0], "df": int(c[2]), "p": c[1]}

# proxies: a feature with levels 0, 1, 2 against groups a, b
x = [0] * 20 + [1] * 10 + [2] * 5 + [0] * 5 + [1] * 15 + [2] * 25
y = ["a"] * 35 + ["b"] * 45
ct = np.array([[20, 5], [10, 15], [5, 25]])
out["proxy"] = {"feature": x, "group": y, "mi_bits": mutual_info_score(x, y) / math.log(2),
                "cramers_v": association(ct, method="cramer")}

# Cochran-Mantel-Haenszel with continuity correction: R's Rabbits data (penicillin level strata)
rabbits = [[[0, 6], [0, 5]], [[3, 3], [0, 6]], [[6, 0], [2, 4]], [[5, 1], [6, 0]], [[2, 0], [5, 0]]]
st = StratifiedTable([np.array(s) for s in rabbits])
r = st.test_null_odds(correction=True)
out["cmh"] = {"tables": rabbits, "statistic": r.statistic, "p": r.pvalue}

# Adult (data/adult/adult.data): sex against relationship and marital status; race against the 1990 census
cols = ["age", "workclass", "fnlwgt", "education", "education_num", "marital_status", "occupation", "relationship",
        "race", "sex", "capital_gain", "capital_loss", "hours_per_week", "native_country", "income"]
rows = []
with open("../../../../../data/adult/adult.data", encoding="ascii") as f:
    for line in f:
        parts = [p.strip() for p in line.strip().split(",")]
        if len(parts) == len(cols):
            rows.append(dict(zip(cols, parts)))
sex = [r["sex"] for r in rows]
adult = {"rows": len(rows)}
for feat in ["relationship", "marital_status", "occupation"]:
    v = [r[feat] for r in rows]
    levels = sorted(set(v)); groups = sorted(set(sex))
    table = np.array([[sum(1 for a, b in zip(v, sex) if a == l and b == s) for s in groups] for l in levels])
    adult[feat] = {"mi_bits": mutual_info_score(v, sex) / math.log(2), "cramers_v": association(table, method="cramer")}
census = {"White": 199686070, "Black": 29986060, "Amer-Indian-Eskimo": 1959234, "Asian-Pac-Islander": 7273662, "Other": 9804847}
race = [r["race"] for r in rows]
obs = [race.count(k) for k in census]
tot = sum(census.values())
exp = [len(rows) * census[k] / tot for k in census]
g = chisquare(obs, exp)
adult["race_gof"] = {"groups": list(census), "observed": obs, "statistic": g.statistic, "p": g.pvalue}
out["adult"] = adult

json.dump(out, sys.stdout, indent=1, sort_keys=True)
print()
