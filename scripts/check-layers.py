#!/usr/bin/env python3
"""Draws the folder-level include graph of lib/ and fails when an include runs up the layers.

The layers, lowest first (an area may include its own layer and any layer below it):

    text support  ->  codec http  ->  har saz netlog  ->  convert  ->  formats
    ->  rules  ->  detect  ->  signin  ->  redact  ->  pipeline  ->  report

(signin/ reads Entra sign-in log exports and finds their errors with the detectors' code table,
so it sits above detect/ for now.)

Public headers (include/tracesan/X.h) belong to the area that implements them (PUBLIC below).

    scripts/check-layers.py            # the graph as text; exit 1 on an upward include
    scripts/check-layers.py --dot      # the graph in Graphviz dot
"""
import os
import re
import sys
from collections import defaultdict

LAYERS = [
    ["text", "support"],
    ["codec", "http"],
    ["har", "saz", "netlog"],
    ["convert"],
    ["formats"],
    ["rules"],
    ["detect"],
    ["signin"],
    ["redact"],
    ["pipeline"],
    ["report"],
]
PUBLIC = {
    "Error.h": "support",
    "Io.h": "support",
    "Trace.h": "support",
    "Har.h": "har",
    "Saz.h": "saz",
    "NetLog.h": "netlog",
    "Rules.h": "rules",
    "AadErrors.h": "detect",
    "Redactor.h": "redact",
    "Pipeline.h": "pipeline",
    "SigninLog.h": "signin",
    "HtmlReport.h": "report",
}
LEVEL = {area: i for i, areas in enumerate(LAYERS) for area in areas}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def area_of_include(path, public_areas):
    if path.startswith("tracesan/"):
        return public_areas.get(path[len("tracesan/"):])
    first = path.split("/", 1)[0]
    return first if "/" in path else None


def main(argv):
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    lib = os.path.join(root, "lib")
    public_areas = dict(PUBLIC)
    edges = defaultdict(set)
    problems = []
    for dirpath, _, files in os.walk(lib):
        rel = os.path.relpath(dirpath, lib)
        area = rel.split(os.sep)[0]
        for name in sorted(files):
            if not name.endswith((".cpp", ".h")):
                continue
            where = os.path.join("lib", rel, name)
            if area not in LEVEL:
                problems.append(f"{where}: area {area}/ is not in any layer (add it to LAYERS)")
                continue
            text = open(os.path.join(dirpath, name), encoding="utf-8", errors="replace").read()
            for included in INCLUDE.findall(text):
                target = area_of_include(included, public_areas)
                if target is None:
                    if included.startswith("tracesan/"):
                        problems.append(f"{where}: {included} is a public header with no layer (add it to PUBLIC)")
                    continue
                if target == area:
                    continue
                edges[area].add(target)
                if target not in LEVEL:
                    problems.append(f"{where}: includes {included} from {target}/, which is in no layer")
                elif LEVEL[target] > LEVEL[area]:
                    problems.append(f"{where}: includes {included}: {area}/ (layer {LEVEL[area]}) "
                                    f"must not depend on {target}/ (layer {LEVEL[target]})")
    if "--dot" in argv:
        print("digraph lib {\n  rankdir=BT;")
        for area in sorted(edges):
            for target in sorted(edges[area]):
                print(f'  "{area}" -> "{target}";')
        print("}")
    else:
        for level, areas in enumerate(LAYERS):
            for area in areas:
                if area in edges or any(area in t for t in edges.values()):
                    deps = ", ".join(sorted(edges.get(area, ())))
                    print(f"{level} {area:9} -> {deps}")
        sys.stdout.flush()
    for p in problems:
        print(f"check-layers: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
