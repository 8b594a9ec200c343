#!/usr/bin/env python3
"""Runs opsaudit over every repository of ../shared/corpus and prints, per rule, its outcome
counts and every finding, for the hand review recorded in docs/rules/validation-*.md.

usage: scripts/corpus-findings.py [--binary .build/debug/opsaudit] [RULE-ID ...]
"""
import argparse, collections, json, os, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
parser = argparse.ArgumentParser()
parser.add_argument("--binary", default=os.path.join(root, ".build/debug/opsaudit"))
parser.add_argument("--corpus", default=os.path.join(os.path.dirname(root), "shared/corpus"))
parser.add_argument("rules", nargs="*")
args = parser.parse_args()

status = collections.defaultdict(collections.Counter)
findings = collections.defaultdict(list)
for repo in sorted(os.listdir(args.corpus)):
    path = os.path.join(args.corpus, repo)
    if not os.path.isdir(path):
        continue
    run = subprocess.run([args.binary, "scan", path, "--format", "json", "--timestamp", "2026-01-01T00:00:00Z"],
                         capture_output=True, text=True, timeout=120)
    if run.returncode not in (0, 1):
        print(f"{repo}: exit {run.returncode}: {run.stderr.strip()}", file=sys.stderr)
        continue
    report = json.loads(run.stdout)
    for rule in report["rules"]:
        if args.rules and rule["id"] not in args.rules:
            continue
        status[rule["id"]][rule["status"]] += 1
        for finding in rule["findings"]:
            loc = finding.get("location")
            where = f'{loc["path"]}:{loc["line"]}' if loc else "(repository)"
            findings[rule["id"]].append(f'{repo}/{where}: {finding["message"]}')

for rule in sorted(status):
    counts = status[rule]
    print(f"## {rule}: {counts['passed']} passed, {counts['failed']} failed, {counts['not_applicable']} n/a, "
          f"{len(findings[rule])} findings")
    for line in findings[rule]:
        print("  " + line)
