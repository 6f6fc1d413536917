"""The profession x domain heatmap as an analyst would compute it without readiness: pandas
reading every CSV, and every workbook through openpyxl, then the same metric.

usage: baseline_pandas.py DATA_DIR capabilities.csv aliases.csv OUT_DIR
"""
import glob
import os
import re
import sys

import pandas as pd

data, caps_csv, aliases_csv, out = sys.argv[1:5]
os.makedirs(out, exist_ok=True)


def fold(s):
    s = re.sub(r"[.'’]", "", str(s).lower())
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


frames = [pd.read_csv(p, dtype=str) for p in sorted(glob.glob(os.path.join(data, "*.csv")))]
# The Excel exports have a title row and a blank row above the header.
frames += [pd.read_excel(p, dtype=str, header=2, engine="openpyxl") for p in sorted(glob.glob(os.path.join(data, "*.xlsx")))]
wide = pd.concat(frames, ignore_index=True)
cap_cols = [c for c in wide.columns if str(c).startswith("[")]
long = wide.melt(id_vars=["Response ID", "Profession", "Archetype"], value_vars=cap_cols, var_name="header", value_name="answer")
long = long.dropna(subset=["answer"])
long["capability_id"] = long["header"].str.extract(r"^\[([^\]]+)\]", expand=False)
meets = {"very confident", "extremely confident", "agree", "strongly agree"}
long["key"] = long["answer"].map(fold)
long = long[long["key"] != "not sure"]
long["meets"] = long["key"].isin(meets).astype(float)

caps = pd.read_csv(caps_csv, dtype=str)
aliases = pd.read_csv(aliases_csv, dtype=str)
prof = aliases[aliases.kind == "profession"].set_index("alias_key")["code"]
arch = aliases[aliases.kind == "archetype"].set_index("alias_key")["code"]
long["profession_code"] = long["Profession"].map(fold).map(prof)
long["archetype_code"] = long["Archetype"].map(fold).map(arch)
long = long.merge(caps, on="capability_id")
relevant = long["archetype_code"].isna() | [a in b for a, b in zip(long["archetype_code"].fillna(""), long["archetypes"])]
long = long[relevant]
rd = long.groupby(["Response ID", "profession_code", "domain_id"], dropna=False)["meets"].mean().reset_index(name="readiness")
heat = rd.groupby(["profession_code", "domain_id"], dropna=False)["readiness"].agg(["mean", "count"]).reset_index()
heat.columns = ["profession_code", "domain_id", "readiness", "n"]
heat["readiness"] = heat["readiness"].round(4)
heat.to_csv(os.path.join(out, "heatmap.csv"), index=False)
print(f"{len(wide)} respondents, {len(long)} relevant answers, {len(heat)} cells")
