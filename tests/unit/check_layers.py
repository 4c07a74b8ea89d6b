#!/usr/bin/env python3
"""Checks that dependencies point one way: a source file may include headers of its
own layer and of the layers before it, never of a later one.

    core -> ingest -> mesh -> solver -> scenarios/spec -> scenarios/compliance
         -> scenarios/products -> scenarios/run -> scenarios/apportion -> cli

Usage: check_layers.py REPO_ROOT. Prints every violation (file, line, include) and
exits 1 if there is one; exits 0 and prints the number of includes checked otherwise.
check_layers.py --self-test: the check must catch an include that runs back up, and
pass the same tree without it.
"""
import pathlib
import re
import sys
import tempfile

LAYERS = ["core", "ingest", "mesh", "solver", "scenarios/spec", "scenarios/compliance",
          "scenarios/products", "scenarios/run", "scenarios/apportion", "cli"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def layer_of(path):
    """Index of the layer a repository-relative path belongs to, or None."""
    best = None
    for i, name in enumerate(LAYERS):
        if path == name or path.startswith(name + "/"):
            if best is None or len(name) > len(LAYERS[best]):
                best = i
    return best


def check(root):
    bad, checked = [], 0
    for i, name in enumerate(LAYERS):
        folder = root / name
        if not folder.is_dir():
            bad.append(f"{name}: layer folder missing")
            continue
        for src in sorted(folder.rglob("*")):
            if src.suffix not in (".cpp", ".hpp", ".h", ".in"):
                continue
            rel = src.relative_to(root).as_posix()
            if layer_of(rel) != i:
                continue  # a sub-folder that is a layer of its own
            for n, line in enumerate(src.read_text(encoding="utf-8").splitlines(), 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                target = m.group(1)
                if "/" not in target:
                    # same-folder include: resolve it next to the file
                    target = (src.parent / target).relative_to(root).as_posix()
                j = layer_of(target)
                checked += 1
                if j is not None and j > i:
                    bad.append(f"{rel}:{n}: includes \"{m.group(1)}\" of layer {LAYERS[j]}, "
                               f"which comes after {LAYERS[i]}")
    return bad, checked


def self_test():
    with tempfile.TemporaryDirectory() as d:
        root = pathlib.Path(d)
        for name in LAYERS:
            (root / name).mkdir(parents=True)
        ok = root / "scenarios/compliance/ok.cpp"
        ok.write_text('#include "scenarios/spec/scenario.hpp"\n#include "ok.hpp"\n')
        bad, _ = check(root)
        if bad:
            print("self-test: a downward include was reported:", bad)
            return 1
        (root / "scenarios/compliance/up.cpp").write_text('#include "scenarios/run/scenario_run.hpp"\n')
        (root / "core/up.hpp").write_text('#include "mesh/mesh.hpp"\n')
        bad, _ = check(root)
        want = {"scenarios/compliance/up.cpp:1", "core/up.hpp:1"}
        got = {b.split(": ")[0] for b in bad}
        if got != want:
            print("self-test: expected violations", sorted(want), "got", bad)
            return 1
    print("check_layers self-test: upward includes caught, downward ones allowed")
    return 0


def main():
    if sys.argv[1] == "--self-test":
        return self_test()
    bad, checked = check(pathlib.Path(sys.argv[1]).resolve())
    for b in bad:
        print(b)
    if bad:
        return 1
    print(f"check_layers: {checked} includes in {len(LAYERS)} layers point one way")
    return 0


if __name__ == "__main__":
    sys.exit(main())
