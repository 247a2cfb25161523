"""Generates patients.csv and its hierarchies: a synthetic table for Probity's anonymization examples.

No real person is in it. Deterministic (seed 20261130): running it again writes the same bytes.
"""
import random

rng = random.Random(20261130)
REGIONS = {"101": 0.35, "102": 0.2, "813": 0.25, "816": 0.15, "903": 0.05}
DIAGNOSES = ["flu", "asthma", "diabetes", "hypertension", "migraine", "fracture"]

rows = []
for i in range(2000):
    age = min(90, max(18, int(rng.gauss(48, 17))))
    sex = rng.choice(["female", "male"])
    region = rng.choices(list(REGIONS), weights=list(REGIONS.values()))[0]
    zip_code = region + "%02d" % rng.randrange(0, 40)
    weights = [3, 2, 1 + age / 30, 1 + age / 20, 2, 1.5]
    diagnosis = rng.choices(DIAGNOSES, weights=weights)[0]
    rows.append((age, sex, zip_code, diagnosis))

with open("patients.csv", "w", newline="\n") as f:
    f.write("age,sex,zip,diagnosis\n")
    for r in rows:
        f.write("%d,%s,%s,%s\n" % r)

with open("hierarchies/age.csv", "w", newline="\n") as f:
    for age in range(18, 91):
        lo5 = age // 5 * 5
        lo10 = age // 10 * 10
        lo20 = age // 20 * 20
        f.write("%d;%d-%d;%d-%d;%d-%d;*\n" % (age, lo5, lo5 + 4, lo10, lo10 + 9, lo20, lo20 + 19))

with open("hierarchies/sex.csv", "w", newline="\n") as f:
    f.write("female;*\nmale;*\n")

with open("hierarchies/zip.csv", "w", newline="\n") as f:
    for region in REGIONS:
        for j in range(40):
            z = region + "%02d" % j
            f.write("%s;%s*;%s**;%s***;*\n" % (z, z[:4], z[:3], z[:2]))
