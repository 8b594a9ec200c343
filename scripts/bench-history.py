#!/usr/bin/env python3
"""Benchmark of `opsaudit trend --git`: builds a synthetic application repository with a long
history in a temporary directory (git fast-import, deterministic), replays it and prints the
commits per second and the share of file analyses served from the blob-id cache.

Not a timed test: run it by hand and copy the result into docs/performance-history.md.

    swift build -c release --product opsaudit
    python3 scripts/bench-history.py --commits 1000 [--files 600] [--binary .build/release/opsaudit]
    python3 scripts/bench-history.py --repo /path/to/real/repo --max 300
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile
import time

WORKFLOW = """on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: {{ node-version: 20 }}
      - run: npm ci
      - run: npm test{suffix}
      - run: npm run lint
"""

DOCKERFILE = """FROM node:20-alpine
WORKDIR /app
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
{user}
{health}
CMD ["node", "src/server.js"]
"""


def source_file(rng, index, revision):
    lines = [f"// module {index} revision {revision}", "const logger = require('../lib/logger');", ""]
    for f in range(rng.randint(20, 60)):
        lines.append(f"function handler{index}_{f}(req, res) {{")
        lines.append(f"  const value = process.env.FEATURE_{index % 17}_{f % 5} || 'default';")
        lines.append(f"  logger.info('handler {index}.{f}', {{ value }});")
        lines.append(f"  return res.json({{ ok: true, n: {rng.randint(0, 10**6)} }});")
        lines.append("}")
    lines.append(f"module.exports = {{ handler{index}_0 }};")
    return "\n".join(lines) + "\n"


def generate(path, commits, files, seed):
    rng = random.Random(seed)
    tree = {
        "package.json": '{"name": "bench-app", "scripts": {"test": "jest", "lint": "eslint .", "start": "node src/server.js"},'
                        ' "dependencies": {"express": "^4.19.0", "pino": "^9.0.0"}}\n',
        "README.md": "# bench-app\n\nA synthetic application for the history benchmark.\n",
        "src/server.js": "const express = require('express');\nconst app = express();\n"
                         "app.get('/healthz', (req, res) => res.send('ok'));\n"
                         "process.on('SIGTERM', () => server.close());\nconst server = app.listen(3000);\n",
        "lib/logger.js": "module.exports = require('pino')();\n",
    }
    revisions = [0] * files
    for i in range(files):
        tree[f"src/modules/m{i:04d}.js"] = source_file(rng, i, 0)
    stream = []
    mark = 0
    for c in range(commits):
        changed = {}
        # Most commits touch a few source files; some add or change operations files.
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(files)
            revisions[i] += 1
            changed[f"src/modules/m{i:04d}.js"] = source_file(rng, i, revisions[i])
        if c == commits // 10:
            changed[".github/workflows/ci.yml"] = WORKFLOW.format(suffix=" || true")
        if c == commits // 4:
            changed[".github/workflows/ci.yml"] = WORKFLOW.format(suffix="")
        if c == commits // 3:
            changed["Dockerfile"] = DOCKERFILE.format(user="", health="")
        if c == commits // 2:
            changed["Dockerfile"] = DOCKERFILE.format(user="USER node", health="HEALTHCHECK CMD wget -qO- http://localhost:3000/healthz || exit 1")
        if c == (2 * commits) // 3:
            changed["docs/runbook.md"] = "# Runbook\n\n## Rollback\n\nRedeploy the previous image with `fly deploy --image`.\n"
        if c % 50 == 49:
            changed["README.md"] = tree["README.md"] + f"\nRelease {c // 50}.\n"
        if c == 0:
            changed.update(tree)
        tree.update(changed)
        when = 1_735_689_600 + c * 6 * 3600
        stream.append(f"commit refs/heads/main\nmark :{mark + 1}\ncommitter Bench <bench@example.com> {when} +0000\n")
        message = f"change {c}"
        stream.append(f"data {len(message)}\n{message}\n")
        if mark:
            stream.append(f"from :{mark}\n")
        mark += 1
        for name, text in sorted(changed.items()):
            data = text.encode()
            stream.append(f"M 100644 inline {name}\ndata {len(data)}\n")
            stream.append(text + "\n")
    subprocess.run(["git", "init", "-q", "-b", "main", path], check=True)
    subprocess.run(["git", "-C", path, "fast-import", "--quiet"], input="".join(stream).encode(), check=True)
    subprocess.run(["git", "-C", path, "checkout", "-q", "main"], check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--files", type=int, default=600, help="source files in the synthetic repository")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repo", help="replay this existing repository instead of a synthetic one")
    parser.add_argument("--max", type=int, help="passed to trend --max")
    parser.add_argument("--binary", default=".build/release/opsaudit")
    args = parser.parse_args()

    binary = os.path.abspath(args.binary)
    with tempfile.TemporaryDirectory(prefix="opsaudit-bench-") as tmp:
        repo = args.repo
        if not repo:
            repo = os.path.join(tmp, "repo")
            started = time.time()
            generate(repo, args.commits, args.files, args.seed)
            print(f"generated {args.commits} commits, {args.files + 4} files in {time.time() - started:.1f} s", file=sys.stderr)
        count = subprocess.run(["git", "-C", repo, "rev-list", "--first-parent", "--count", "HEAD"],
                               capture_output=True, text=True, check=True).stdout.strip()
        size = subprocess.run(["git", "-C", repo, "ls-files"], capture_output=True, text=True, check=True).stdout.count("\n")
        command = [binary, "trend", "--git", repo, "--format", "csv", "--timing"]
        if args.max:
            command += ["--max", str(args.max)]
        started = time.time()
        result = subprocess.run(command, capture_output=True, text=True)
        elapsed = time.time() - started
        if result.returncode != 0:
            sys.exit(result.stderr)
        rows = result.stdout.strip().splitlines()[1:]
        print(f"repository: {count} commits on the first-parent line, {size} files at HEAD")
        print(result.stderr.strip())
        print(f"wall clock {elapsed:.1f} s; first point {rows[0].split(',')[3]}, last point {rows[-1].split(',')[3]} (overall score)")


if __name__ == "__main__":
    main()
