#!/usr/bin/env python3
"""Writes docs/man/opsaudit.1 from the CLI's own argument definitions.

The text comes from swift-argument-parser's `--experimental-dump-help` JSON (the same source as
`--help` and the shell completions), rendered as a troff man page with the `man` macros.
A test (Tests/OpsAuditKitTests/ManPageTests.swift) fails when the committed page is stale.

usage: scripts/gen-man.py [BINARY] > docs/man/opsaudit.1
"""
import json, os, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build/debug/opsaudit")
tool = json.loads(subprocess.run([binary, "--experimental-dump-help"], capture_output=True, text=True, check=True).stdout)


def esc(text):
    """Escapes troff: backslashes, leading dots and quotes."""
    text = (text or "").replace("\\", "\\e").replace("-", "\\-")
    return "\n".join(("\\&" + line) if line.startswith((".", "'")) else line for line in text.split("\n"))


def names(arg):
    parts = []
    for name in arg.get("names", []):
        parts.append(("\\-" if name["kind"] == "short" else "\\-\\-") + name["name"].replace("-", "\\-"))
    return ", ".join(parts)


def render_arguments(command, out):
    for arg in command.get("arguments", []):
        if not arg.get("shouldDisplay", True):
            continue
        if arg["kind"] == "positional":
            out.append(".TP\n\\fI%s\\fR" % esc(arg.get("valueName", "")))
        else:
            value = " \\fI%s\\fR" % esc(arg["valueName"]) if arg["kind"] == "option" else ""
            out.append(".TP\n\\fB%s\\fR%s" % (names(arg), value))
        text = esc(arg.get("abstract", ""))
        if "defaultValue" in arg:
            text += " (default: %s)" % esc(str(arg["defaultValue"]))
        out.append(text)


def render(command, path, out):
    title = " ".join(path)
    out.append('.SS "%s"' % esc(title) if len(path) > 1 else ".SH OPTIONS")
    if len(path) > 1:
        out.append(esc(command.get("abstract", "")))
        if command.get("discussion"):
            out.append(".PP\n" + esc(command["discussion"]))
    render_arguments(command, out)
    for sub in command.get("subcommands", []):
        if sub.get("shouldDisplay", True) and sub["commandName"] != "help":
            render(sub, path + [sub["commandName"]], out)


command = tool["command"]
out = ['.TH OPSAUDIT 1 "" "opsaudit" "User Commands"',
       ".SH NAME", "opsaudit \\- " + esc(command.get("abstract", "")),
       ".SH SYNOPSIS", ".B opsaudit", "[\\fIsubcommand\\fR] [\\fIoptions\\fR]",
       ".SH DESCRIPTION",
       "Reads a repository's Dockerfiles, CI pipelines, deploy configurations, env files, package "
       "manifests, docs and source code signals, applies a rule catalog, and reports scored "
       "categories, an overall score, a maturity level and a roadmap.",
       ".PP", "The default subcommand is \\fBscan\\fR."]
render(command, ["opsaudit"], out)
out += [".SH EXIT STATUS",
        ".TP\n0\nThe scan finished and the quality gate passed.",
        ".TP\n1\nThe quality gate failed; every failed condition is printed.",
        ".TP\n2\nUsage or configuration error, or the target could not be read.",
        ".SH ENVIRONMENT",
        ".TP\nNO_COLOR\nWhen set and not empty, the terminal summary has no colour.",
        ".TP\nSOURCE_DATE_EPOCH\nThe date written in reports, for reproducible output.",
        ".TP\nGITHUB_ACTIONS, GITHUB_STEP_SUMMARY\nWith \\fB\\-\\-annotations\\fR, annotations and a step summary on GitHub Actions.",
        ".SH FILES",
        ".TP\n\\&.opsaudit.yml\nConfiguration: exclusions, rule settings, gate, custom rules, report options.",
        ".TP\n\\&.opsaudit/history.sqlite\nRun history written by \\fBscan \\-\\-record\\fR.",
        ".SH SEE ALSO",
        "The README and docs/ of the opsaudit repository; \\fBopsaudit rules list\\fR and \\fBopsaudit explain\\fR \\fIID\\fR."]
sys.stdout.write("\n".join(out) + "\n")
