#!/usr/bin/env python3
"""Generates a synthetic repository for benchmarking opsaudit.

Usage: scripts/gen-repo.py DIR [--files N] [--seed S]
       scripts/gen-monorepo DIR [--files N]     (the same generator, for docs/performance.md)

The tree mixes what a real monorepo holds: source files in several languages that declare HTTP
routes and read environment variables, configs (Dockerfiles, workflows, fly.toml, render.yaml,
compose, package.json, Kubernetes manifests, env examples), docs, and a node_modules/ tree that a scan must skip (ignored by the
generated .gitignore). Deterministic for a given seed.
"""
import argparse
import os
import random

LANGS = {
    "ts": ("import express from 'express'\nconst app = express()\n",
           "app.get('/api/{name}/{i}', (req, res) => res.json({{ ok: process.env.{env} }}))\n"),
    "js": ("const fastify = require('fastify')()\n",
           "fastify.post('/v1/{name}/{i}', async () => ({{ v: process.env.{env} }}))\n"),
    "py": ("import os\nfrom flask import Flask\napp = Flask(__name__)\n",
           "@app.route('/{name}/{i}')\ndef h_{name}_{i}():\n    return os.environ.get('{env}', '')\n"),
    "go": ("package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n)\n",
           "func h{i}(w http.ResponseWriter, r *http.Request) {{ _ = os.Getenv(\"{env}\"); http.HandleFunc(\"/{name}/{i}\", nil) }}\n"),
    "rb": ("require 'sinatra'\n", "get '/{name}/{i}' do\n  ENV.fetch('{env}', 'x')\nend\n"),
    "java": ("package app;\n\n", "// @GetMapping(\"/{name}/{i}\") String h{i}() {{ return System.getenv(\"{env}\"); }}\n"),
    "rs": ("use std::env;\n", "fn h{i}() -> String {{ env::var(\"{env}\").unwrap_or_default() }} // route /{name}/{i}\n"),
}
WORDS = ["users", "orders", "billing", "search", "auth", "catalog", "cart", "reports", "admin", "events"]
ENVS = ["DATABASE_URL", "REDIS_URL", "SENTRY_DSN", "PORT", "LOG_LEVEL", "FEATURE_FLAGS", "S3_BUCKET"]

CONFIGS = {
    "Dockerfile": "FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nUSER node\nHEALTHCHECK CMD curl -f http://localhost:8080/healthz\nCMD [\"node\", \"server.js\"]\n",
    ".github/workflows/ci.yml": "on: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci\n      - run: npm test\n",
    "fly.toml": "app = \"{name}\"\nprimary_region = \"ams\"\n\n[http_service]\n  internal_port = 8080\n\n  [[http_service.checks]]\n    path = \"/healthz\"\n    interval = \"15s\"\n\n[[vm]]\n  memory = \"1gb\"\n",
    "render.yaml": "services:\n  - type: web\n    name: {name}\n    healthCheckPath: /healthz\n",
    "docker-compose.yml": "services:\n  app:\n    build: .\n  db:\n    image: postgres:16\n",
    "package.json": "{{\"name\": \"{name}\", \"scripts\": {{\"test\": \"node --test\"}}, \"dependencies\": {{\"express\": \"^4.19.0\"}}}}\n",
    ".env.example": "DATABASE_URL=\nPORT=8080\n",
    "k8s/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: {name}\n          image: ghcr.io/acme/{name}:1.0.0\n          readinessProbe:\n            httpGet: {{path: /healthz, port: 8080}}\n          resources:\n            limits: {{memory: 256Mi}}\n",
    "README.md": "# {name}\n\nService {name}. See docs/.\n",
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--files", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    root = args.dir
    count = 0

    def write(path, text):
        nonlocal count
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)
        count += 1

    write(".gitignore", "node_modules/\ndist/\n.env\n")
    services = max(1, args.files // 400)
    # Ignored dependencies: about 15% of the files, never read by a scan.
    for i in range(args.files * 15 // 100):
        write(f"node_modules/pkg{i % 300}/lib/m{i}.js", "module.exports = function () { return process.env.X }\n" * 20)
    for s in range(services):
        name = f"svc{s}-{rng.choice(WORDS)}"
        for path, template in CONFIGS.items():
            if rng.random() < 0.8 or path == "README.md":
                write(f"services/{name}/{path}", template.format(name=name))
        write(f"services/{name}/docs/runbook.md", f"# {name} runbook\n\n## Rollback\n\n`fly releases rollback`.\n")
    while count < args.files:
        ext = rng.choice(list(LANGS))
        head, route = LANGS[ext]
        service = f"svc{rng.randrange(services)}"
        body = head + "".join(route.format(name=rng.choice(WORDS), i=i, env=rng.choice(ENVS))
                              for i in range(rng.randrange(3, 40)))
        if rng.random() < 0.1:
            write(f"docs/{service}/page{count}.md", "# Notes\n\n" + "Lorem ipsum dolor sit amet. " * rng.randrange(5, 200) + "\n")
        else:
            write(f"services/{service}/src/mod{count // 50}/file{count}.{ext}", body)
    print(f"{count} files in {root}")


if __name__ == "__main__":
    main()
