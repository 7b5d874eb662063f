#!/usr/bin/env python3
"""Writes samples/customers.csv and samples/customers.jsonl (the same records), deterministically.

Usage: make_samples.py [ROWS] [OUT_PREFIX]   (defaults: 300 rows, samples/customers)
Large ROWS give benchmark inputs: every row is then valid and unique unless --mixed is given.
"""
import csv, json, random, sys

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 300
prefix = sys.argv[2] if len(sys.argv) > 2 else "samples/customers"
mixed = rows <= 1000 or "--mixed" in sys.argv
rng = random.Random(42)
labels = ["Gold", "Silver", "Platinum", "VIP", "Dormant", "Suspicious", "Churn Risk"]
header = ["identifierName", "identifierValue", "label", "reason", "source", "accountId", "createdOn"]
records = []
for i in range(rows):
    mobile = f"91{9800000000 + i * 7:010d}"
    rec = ["mobile", mobile, labels[i % len(labels)], "Quarterly tier review", "INSTORE", "", ""]
    if mixed:
        k = i % 30
        if k == 3: rec[0], rec[1] = "email", f"user{i}+promo@example.com"
        elif k == 5: rec[1] = f"9170{i:06d}8015"         # customer unknown to the simulator -> 8015
        elif k == 7: rec[2] = "Diamond"                      # label the org lacks -> 8086
        elif k == 9: rec[4] = "SHOPIFY"                      # not a Capillary source -> rejected
        elif k == 11: rec[1] = ""                            # no identifier -> rejected
        elif k == 13: rec[3] = "x" * 51                      # reason too long -> rejected
        elif k == 15: rec[6] = "31/01/2026 09:30"            # not ISO 8601 -> rejected
        elif k == 17: rec[6] = "2026-01-31T09:30:00Z"        # valid createdOn
        elif k == 19: rec[0], rec[1] = "externalId", f"EXT-{i}/A&B #{i}"
        elif k == 21: rec[3] = 'Customer said "please", twice,\nsee ticket'  # quotes, comma, line break
        elif k == 23 and i >= 30: rec[1] = f"91{9800000000 + (i - 22) * 7:010d}"  # duplicate: supersedes the row of i-22
        elif k == 25: rec[0] = "MOBILE"                      # any case is accepted, canonical sent
        if i in (44, 188): rec[1] = f"9171{i:06d}0503"     # always 503 -> gave_up
    records.append(rec)

with open(prefix + ".csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(header)
    for n, rec in enumerate(records):
        if mixed and n == 27:
            f.write(",".join(rec[:3]) + "\n")                # too few fields -> rejected
        else:
            w.writerow(rec)
with open(prefix + ".jsonl", "w") as f:
    for n, rec in enumerate(records):
        obj = {k: v for k, v in zip(header, rec) if v != ""}
        if mixed and n == 27:
            f.write("{not json\n")
        else:
            f.write(json.dumps(obj, ensure_ascii=False) + "\n")
