#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Driver coverage report from a guest run with goya.coverage=1.

The guest's /init (images/init) prints, between markers on the serial
console, every traceable function of the habanalabs module
(available_filter_functions, [habanalabs]) and the ones the run executed
(ftrace function tracer armed before insmod).  This maps each function to
its source file with the symbols/DWARF line info of the .ko that was
booted (nm -l; the out-of-tree build keeps debug info) and reports
functions hit per area (common/, goya/, ...) and per file, the goya/
functions never reached, and what changed between two runs.  Several
logs (runs of the same module) are reported together: a function counts
as hit if any run executed it.

usage: coverage.py --ko habanalabs.ko LOG [LOG...] [--compare OLD_LOG]
                   [--unreached all|goya|none] [--top N] [--json FILE]
"""
import argparse
import collections
import json
import re
import subprocess
import sys

AREAS = ("common", "goya", "gaudi", "gaudi2", "other")


def parse_log(path):
    """-> (all functions set, hit set, overrun) from a serial log."""
    sections = {}
    cur = None
    overrun = None
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\r\n")
            m = re.match(r"^GOYA-COV-BEGIN (\w+)$", line)
            if m:
                cur = m.group(1)
                sections[cur] = []
                continue
            if re.match(r"^GOYA-COV-END \w+$", line):
                cur = None
                continue
            m = re.match(r"^GOYA-COV-OVERRUN (\d+)$", line)
            if m:
                overrun = int(m.group(1))
                continue
            if cur and line and not line.startswith("["):
                sections[cur].append(line.strip())
    if "functions" not in sections or "hit" not in sections:
        sys.exit("coverage: %s has no GOYA-COV-BEGIN functions/hit sections "
                 "(was the guest booted with goya.coverage=1 and did it "
                 "finish?)" % path)
    funcs = set(sections["functions"])
    if not funcs:
        sys.exit("coverage: %s lists no habanalabs functions (module not "
                 "loaded, or no tracefs?)" % path)
    hit = set(sections["hit"]) & funcs
    return funcs, hit, overrun


def parse_logs(paths):
    """-> the union of parse_log() over runs of one module."""
    funcs, hit, overrun = parse_log(paths[0])
    for path in paths[1:]:
        f, h, o = parse_log(path)
        if f != funcs:
            sys.exit("coverage: %s and %s were not runs of the same module "
                     "(their traceable functions differ)" % (paths[0], path))
        hit |= h
        if o is not None:
            overrun = (overrun or 0) + o
    return funcs, hit, overrun


def func_files(ko):
    """function name -> set of source paths relative to the driver dir."""
    try:
        out = subprocess.run(["nm", "-l", "--defined-only", ko], check=True,
                             capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit("coverage: nm -l %s failed: %s" % (ko, e))
    files = collections.defaultdict(set)
    for line in out.splitlines():
        parts = line.split(None, 3)
        if len(parts) < 3 or parts[1] not in "tTwW":
            continue
        name = parts[2]
        loc = parts[3] if len(parts) > 3 else ""
        path = loc.rsplit(":", 1)[0] if loc else ""
        m = re.search(r"drivers/(?:misc|accel)/habanalabs/(.*)$", path)
        if m:
            rel = m.group(1)
        elif path:
            m = re.search(r"/(include/.*)$", path)
            rel = m.group(1) if m else path
        else:
            rel = "?"
        # ftrace shows names without the compiler's .isra/.constprop suffixes
        files[name.split(".")[0]].add(rel)
    return files


def area_of(rel):
    top = rel.split("/", 1)[0]
    return top if top in AREAS and "/" in rel else "other"


def classify(funcs, files):
    """function -> (area, file)"""
    out = {}
    for fn in funcs:
        # ftrace keeps the compiler's .isra.0/.part.0/.constprop.0 suffixes
        cands = sorted(files.get(fn) or files.get(fn.split(".")[0]) or {"?"})
        # a name defined in several files (static helpers): prefer goya/,
        # then common/ (what a Goya run can reach)
        cands.sort(key=lambda r: (area_of(r) != "goya",
                                  area_of(r) != "common", r))
        out[fn] = (area_of(cands[0]), cands[0])
    return out


def pct(a, b):
    return "%5.1f%%" % (100.0 * a / b) if b else "    -"


def report(args):
    funcs, hit, overrun = parse_logs(args.log)
    files = func_files(args.ko)
    cls = classify(funcs, files)
    by_area = collections.defaultdict(lambda: [0, 0])
    by_file = collections.defaultdict(lambda: [0, 0, []])
    for fn, (area, rel) in cls.items():
        by_area[area][1] += 1
        by_file[rel][1] += 1
        if fn in hit:
            by_area[area][0] += 1
            by_file[rel][0] += 1
        else:
            by_file[rel][2].append(fn)
    p = print
    p("habanalabs driver coverage (functions executed / traceable functions)")
    p("  log: %s" % " + ".join(args.log))
    p("  module: %s" % args.ko)
    if overrun:
        p("  WARNING: the trace buffer overran (%d events lost): functions "
          "may be missing" % overrun)
    p("")
    p("  %-8s %6s %6s %7s" % ("area", "hit", "total", ""))
    for a in AREAS:
        if by_area[a][1]:
            p("  %-8s %6d %6d %7s" % (a + "/" if a != "other" else a,
                                       by_area[a][0], by_area[a][1],
                                       pct(*by_area[a])))
    p("  %-8s %6d %6d %7s" % ("all", len(hit), len(funcs),
                              pct(len(hit), len(funcs))))
    p("  (gaudi/ and gaudi2/ are other ASICs: not reachable with a Goya)")
    p("")
    p("per file (common/ and goya/):")
    for rel in sorted(by_file):
        if area_of(rel) not in ("common", "goya"):
            continue
        h, t, _ = by_file[rel]
        p("  %-40s %4d/%-4d %s" % (rel, h, t, pct(h, t)))
    p("")
    p("largest unreached areas (common/ and goya/ files by functions never "
      "executed):")
    big = sorted(((t - h, rel) for rel, (h, t, _) in by_file.items()
                  if area_of(rel) in ("common", "goya") and t > h),
                 reverse=True)[:args.top]
    for n, rel in big:
        p("  %4d  %s" % (n, rel))
    if args.unreached != "none":
        want = ("goya",) if args.unreached == "goya" else ("common", "goya")
        p("")
        p("never reached (%s):" % ", ".join(w + "/" for w in want))
        for rel in sorted(by_file):
            if area_of(rel) not in want or not by_file[rel][2]:
                continue
            p("  %s:" % rel)
            for fn in sorted(by_file[rel][2]):
                p("    %s" % fn)
    result = {
        "log": args.log[0] if len(args.log) == 1 else args.log,
        "functions": len(funcs), "hit": len(hit),
        "overrun": overrun,
        "areas": {a: {"hit": v[0], "total": v[1]}
                  for a, v in by_area.items()},
        "files": {r: {"hit": v[0], "total": v[1], "unreached": sorted(v[2])}
                  for r, v in by_file.items()},
    }
    if args.compare:
        ofuncs, ohit, _ = parse_log(args.compare)
        ocls = classify(ofuncs, files)
        gained = sorted(hit - ohit)
        lost = sorted((ohit - hit) & funcs)
        p("")
        p("compared with %s: %d -> %d functions hit" %
          (args.compare, len(ohit), len(hit)))
        for a in AREAS:
            oh = sum(1 for fn in ohit if ocls.get(fn, ("other",))[0] == a)
            if by_area[a][1] or oh:
                p("  %-8s %5d -> %5d" % (a, oh, by_area[a][0]))
        p("newly reached (%d):" % len(gained))
        for fn in gained:
            p("  + %-48s %s" % (fn, cls[fn][1]))
        p("no longer reached (%d):" % len(lost))
        for fn in lost:
            p("  - %-48s %s" % (fn, cls[fn][1]))
        only_old = sorted(ofuncs - funcs)
        only_new = sorted(funcs - ofuncs)
        if only_old or only_new:
            p("functions that exist in only one of the modules: %d removed, "
              "%d added" % (len(only_old), len(only_new)))
        result["compare"] = {"with": args.compare, "gained": gained,
                             "lost": lost}
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1, sort_keys=True)
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("log", nargs="+",
                    help="serial log(s) of goya.coverage=1 runs")
    ap.add_argument("--ko", required=True,
                    help="the habanalabs.ko that was booted (with symbols)")
    ap.add_argument("--compare", metavar="OLD_LOG",
                    help="report what became reachable/unreachable")
    ap.add_argument("--unreached", choices=("all", "goya", "none"),
                    default="goya", help="list never-reached functions")
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--json", metavar="FILE", help="also write JSON")
    report(ap.parse_args())


if __name__ == "__main__":
    main()
