#!/usr/bin/python3
"""Checks that a complete run's manifest.yaml lists every file in the run directory
(docs/operations.md) with its true size and SHA-256, and nothing else. Not listed by
design: manifest.yaml itself, run_complete.yaml (written after it) and the log.

usage: check_manifest_outputs.py RUN_DIR
"""
import hashlib
import os
import sys

import yaml

NOT_LISTED = {"manifest.yaml", "run_complete.yaml", "beibu.log"}

run = sys.argv[1]
with open(os.path.join(run, "manifest.yaml")) as f:
    manifest = yaml.safe_load(f)
failures = []
if manifest.get("complete") is not True:
    failures.append("the manifest does not say complete: true")
listed = {o["path"]: o for o in manifest.get("outputs") or []}
on_disk = set()
for d, _, files in os.walk(run):
    for name in files:
        rel = os.path.relpath(os.path.join(d, name), run)
        if rel not in NOT_LISTED:
            on_disk.add(rel)
for rel in sorted(on_disk - listed.keys()):
    failures.append(f"{rel} is in the run directory but not in the manifest")
for rel in sorted(listed.keys() - on_disk):
    failures.append(f"{rel} is in the manifest but not in the run directory")
for rel in sorted(listed.keys() & on_disk):
    with open(os.path.join(run, rel), "rb") as f:
        data = f.read()
    if len(data) != listed[rel]["bytes"] or hashlib.sha256(data).hexdigest() != str(listed[rel]["sha256"]):
        failures.append(f"{rel}: size or SHA-256 differs from the manifest")
for msg in failures:
    print("FAIL " + msg)
print(f"{len(listed)} outputs listed, {len(on_disk)} files in {run}, {len(failures)} problems")
sys.exit(1 if failures else 0)
