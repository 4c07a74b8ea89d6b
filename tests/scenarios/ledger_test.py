#!/usr/bin/python3
"""`beibu ledger` on a hand-written sections table (tests/data/ledger/sections.csv).

Expected by hand from the rule in data/beibu/agreements.yaml (NH3-N measured as DIN,
TP as DIP) and GB 3838-2002 (NH3-N <= 0.15/0.5/1.0/1.5/2.0, TP <= 0.02/0.1/0.2/0.3/0.4):
- jiuzhou:CN.GX->CN.GD: NH3N (DIN) 1.2 > 1.0 but <= 1.5 (IV), TP (DIP) 0.15 <= 0.2 (III):
  worst Class IV, target III not met -> Guangxi (upstream) pays Guangdong 3.0e8 CNY.
- beilun_estuary: NH3N 0.4 <= 0.5 (II), TP 0.08 <= 0.1 (II): Class II, met
  -> Viet Nam (downstream) pays Guangxi 1.0e7 CNY.
- Net: CN.GD +3.0e8, CN.GX -3.0e8 + 1.0e7 = -2.9e8, VN -1.0e7.
The COD rows and the summary row ("all", no mean) are not used.
usage: ledger_test.py BEIBU DATA_DIR TESTDATA_DIR OUT"""
import csv
import subprocess
import sys

beibu, data, tdata, out = sys.argv[1:5]
rc = subprocess.run([beibu, "--quiet", "ledger", "-", "--sections", tdata + "/ledger/sections.csv",
                     "--agreements", data + "/beibu/agreements.yaml", "-o", out]).returncode
ok = rc == 0
rows = {r["agreement"]: r for r in csv.DictReader(open(out + "/ledger.csv"))}
expect = {"jiuzhou": ("no", "CN.GX", "CN.GD", 3.0e8, "Class IV"), "beilun": ("yes", "VN", "CN.GX", 1.0e7, "Class II")}
for a, (met, payer, payee, amount, cls) in expect.items():
    r = rows.get(a)
    good = r is not None and (r["met"], r["payer"], r["payee"], float(r["amount"]), r["class"]) == (met, payer, payee, amount, cls)
    print(("ok  " if good else "FAIL"), a, r and (r["met"], r["payer"], r["payee"], r["amount"], r["class"]))
    ok &= good
net = {r["jurisdiction"]: float(r["net (receives + / pays -)"]) for r in csv.DictReader(open(out + "/net_positions.csv"))}
want = {"CN.GD (CNY)": 3.0e8, "CN.GX (CNY)": -2.9e8, "VN (CNY)": -1.0e7}
print("net positions", net)
ok &= net == want
md = open(out + "/ledger.md").read()
ok &= "CN.GX owes CN.GD 300000000 CNY" in md and "NH3N as DIN 1.2" in md
print("ok" if ok else "FAIL")
sys.exit(0 if ok else 1)
