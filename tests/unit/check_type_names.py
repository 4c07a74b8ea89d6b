#!/usr/bin/python3
"""Every class, struct and enum that a header declares at namespace scope has a name no
other header declares in the same namespace. Two definitions of one name (say two
`beibu::Series`) are an ODR violation: the program links, and templates instantiated on
the name (std::map<std::string, Series>) take one layout for both, which AddressSanitizer
reports as a crash and a Release build turns into silent corruption.

usage: check_type_names.py ROOT       (exit 1 listing each name declared twice)
       check_type_names.py --self-test
"""
import os
import re
import sys

DECL = re.compile(r"^(?:struct|class|enum(?: class)?)\s+([A-Za-z_]\w*)\s*(?:final\s*)?(?::[^;{]*)?\{", re.M)
NS_OPEN = re.compile(r"^namespace\s+([\w:]+)\s*\{", re.M)


def declarations(text):
    """(namespace, name) of each type defined at column 0 (namespace scope) in `text`."""
    out = []
    opens = [(m.start(), m.group(1)) for m in NS_OPEN.finditer(text)]
    for m in DECL.finditer(text):
        ns = [n for pos, n in opens if pos < m.start()]
        out.append((ns[-1] if ns else "", m.group(1)))
    return out


def scan(root):
    seen = {}
    for d in ("core", "ingest", "mesh", "solver", "scenarios", "cli"):
        for dirpath, _, files in os.walk(os.path.join(root, d)):
            for f in files:
                if f.endswith(".hpp"):
                    p = os.path.join(dirpath, f)
                    for key in declarations(open(p, encoding="utf-8", errors="replace").read()):
                        seen.setdefault(key, []).append(os.path.relpath(p, root))
    return {k: v for k, v in seen.items() if len(v) > 1}


def self_test():
    a = "namespace beibu {\n\nstruct Series {\n  int x;\n};\n\n}  // namespace beibu\n"
    b = "namespace beibu {\n\nclass Series {\n public:\n};\nstruct Other {};\n}\n"
    c = "namespace beibu::hydro {\n\nstruct Series {\n};\n}\n"
    da, db, dc = declarations(a), declarations(b), declarations(c)
    ok = da == [("beibu", "Series")] and ("beibu", "Series") in db and dc == [("beibu::hydro", "Series")]
    print("ok: the scan finds beibu::Series in both and tells beibu::hydro apart" if ok else "FAIL: scan")
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(self_test())
    dup = scan(sys.argv[1])
    for (ns, name), files in sorted(dup.items()):
        print(f"{ns}::{name} is defined in {len(files)} headers: {', '.join(files)}")
    print("ok: no type name is defined twice in one namespace" if not dup else f"{len(dup)} name(s) defined twice")
    sys.exit(1 if dup else 0)
