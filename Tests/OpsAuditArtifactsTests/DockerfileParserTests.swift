import Foundation
import OpsAuditModel
import OpsAuditTestSupport
import Testing
@testable import OpsAuditArtifacts

private func parse(_ text: String, path: String = "Dockerfile") -> (Dockerfile, [Diagnostic]) {
    let result = DockerfileParser.parse(TextFile(path: path, text: text))
    return (result.artifacts.first as! Dockerfile, result.diagnostics)
}

@Suite struct DockerfileParserTests {
    @Test func directivesAndBacktickEscape() {
        let (file, diagnostics) = parse("""
        # syntax=docker/dockerfile:1.7
        #  escape = `
        # not a directive=1
        FROM mcr.microsoft.com/windows/servercore:ltsc2022
        RUN New-Item -Path C:\\x ; `
            Write-Host done
        """)
        #expect(diagnostics.isEmpty)
        #expect(file.escape == "`")
        #expect(file.directives["syntax"]?.value == "docker/dockerfile:1.7")
        #expect(file.directives["syntax"]?.location.line == 1)
        #expect(file.directives["escape"]?.location == Location(path: "Dockerfile", line: 2, column: 13))
        #expect(file.directives["not"] == nil)
        let run = file.instructions[1]
        #expect(run.keyword == "RUN")
        #expect(run.arguments == "New-Item -Path C:\\x ;     Write-Host done")
        #expect(run.location == Location(path: "Dockerfile", line: 5, column: 1))
        #expect(run.endLine == 6)
        #expect(run.script?.text == "New-Item -Path C:\\x ; \\\n    Write-Host done")
        #expect(run.script?.lineLocations.map(\.line) == [5, 6])
    }

    @Test func directiveAfterCommentOrBlankLineIsIgnored() {
        let (file, _) = parse("# hello\n# escape=`\nFROM x\n")
        #expect(file.escape == "\\")
        #expect(file.directives.isEmpty)
        let (blank, _) = parse("\n# syntax=foo\nFROM x\n")
        #expect(blank.directives.isEmpty)
    }

    @Test func continuationsSkipCommentsAndBlankLines() {
        let (file, diagnostics) = parse("""
        FROM debian:12
        RUN apt-get update && \\
            # a comment docker drops
            apt-get install -y \\

              curl  \\\t
            && rm -rf /var/lib/apt/lists/*
        USER app
        """)
        #expect(diagnostics.isEmpty)
        let run = file.instructions[1]
        #expect(run.arguments == "apt-get update &&     apt-get install -y       curl      && rm -rf /var/lib/apt/lists/*")
        #expect(run.location.line == 2)
        #expect(run.argumentsLocation == Location(path: "Dockerfile", line: 2, column: 5))
        #expect(run.endLine == 7)
        #expect(run.script?.lineLocations.map(\.line) == [2, 4, 6, 7])
        #expect(run.script?.text.split(separator: "\n").first == "apt-get update && \\")
        #expect(file.instructions[2].location.line == 8)
        #expect(file.finalStage?.user?.value == "app")
        #expect(file.finalStage?.user?.location == Location(path: "Dockerfile", line: 8, column: 6))
    }

    @Test func flagsAloneOnTheFirstLine() {
        let (file, _) = parse("FROM a\nRUN --mount=type=cache,target=/root/.cache \\\n    pip install -r r.txt\n")
        let run = file.instructions[1]
        #expect(run.argumentsLocation == Location(path: "Dockerfile", line: 3, column: 5))
        #expect(run.script?.text == "pip install -r r.txt")
        #expect(run.script?.location == Location(path: "Dockerfile", line: 3, column: 5))
    }

    @Test func escapedEscapeDoesNotContinue() {
        let (file, _) = parse("FROM a\nRUN echo C:\\\\\nUSER x\n")
        #expect(file.instructions.map(\.keyword) == ["FROM", "RUN", "USER"])
        #expect(file.instructions[1].arguments == "echo C:\\\\")
        #expect(file.instructions[1].endLine == 2)
    }

    @Test func heredocs() {
        let (file, diagnostics) = parse("""
        FROM alpine
        RUN <<EOF
        apk update
        apk add git
        EOF
        RUN --mount=type=cache,target=/var/cache <<-"SCRIPT" bash
        \tset -e
        \techo "$HOME"
        \tSCRIPT
        COPY <<one.txt <<two.txt /dest/
        first
        one.txt
        second
        two.txt
        CMD ["sh"]
        """)
        #expect(diagnostics.isEmpty)
        let bare = file.instructions[1]
        #expect(bare.heredocs.count == 1)
        #expect(bare.heredocs[0].name == "EOF")
        #expect(bare.heredocs[0].body == "apk update\napk add git")
        #expect(bare.heredocs[0].location == Location(path: "Dockerfile", line: 2, column: 5))
        #expect(bare.heredocs[0].bodyStartLine == 3)
        #expect(bare.heredocs[0].endLine == 5)
        #expect(bare.endLine == 5)
        #expect(bare.script?.text == "apk update\napk add git")
        #expect(bare.script?.lineLocations.map(\.line) == [3, 4])

        let chomp = file.instructions[2]
        #expect(chomp.flag("mount")?.value == "type=cache,target=/var/cache")
        #expect(chomp.flag("mount")?.location.column == 5)
        #expect(chomp.heredocs[0].isQuoted)
        #expect(chomp.heredocs[0].stripsLeadingTabs)
        #expect(chomp.heredocs[0].body == "set -e\necho \"$HOME\"")
        #expect(chomp.script?.text == "<<-\"SCRIPT\" bash\n\tset -e\n\techo \"$HOME\"\n\tSCRIPT")
        #expect(chomp.script?.lineLocations.map(\.line) == [6, 7, 8, 9])

        let copy = file.instructions[3]
        #expect(copy.heredocs.map(\.name) == ["one.txt", "two.txt"])
        #expect(copy.heredocs.map(\.body) == ["first", "second"])
        #expect(copy.heredocs[1].bodyStartLine == 13)
        #expect(copy.endLine == 14)
        #expect(copy.script == nil)
        #expect(file.instructions[4].location.line == 15)
        #expect(file.instructions[4].form == .exec(["sh"]))
    }

    @Test func heredocInsideQuotesIsNotAHeredoc() {
        let (file, _) = parse("FROM a\nRUN echo '<<EOF' && cat <<<word\nUSER x\n")
        #expect(file.instructions[1].heredocs.isEmpty)
        #expect(file.instructions[2].keyword == "USER")
    }

    @Test func execAndShellForms() {
        let (file, _) = parse("""
        FROM node:20
        CMD ["node", "server.js"]
        ENTRYPOINT [ "tini", "--" ]
        RUN [not json]
        CMD node "a b"
        SHELL ["/bin/bash", "-c"]
        VOLUME ["/data"]
        ENV A=[1]
        """)
        let forms = file.instructions.map(\.form)
        #expect(forms[1] == .exec(["node", "server.js"]))
        #expect(forms[2] == .exec(["tini", "--"]))
        #expect(forms[3] == .shell("[not json]"))
        #expect(file.instructions[3].script?.text == "[not json]")
        #expect(forms[4] == .shell("node \"a b\""))
        #expect(file.instructions[4].script?.location == Location(path: "Dockerfile", line: 5, column: 5))
        #expect(file.instructions[1].script == nil)
        #expect(forms[5] == .exec(["/bin/bash", "-c"]))
        #expect(forms[6] == .exec(["/data"]))
        #expect(forms[7] == .shell("A=[1]"))
    }

    @Test func stagesPlatformAndCopyFrom() {
        let (file, diagnostics) = parse("""
        ARG NODE=20
        FROM --platform=$BUILDPLATFORM node:${NODE} AS Build
        USER builder
        RUN npm ci
        FROM build as test
        from gcr.io/distroless/nodejs20
        copy --from=build --chown=1000:1000 /app /app
        """)
        #expect(diagnostics.isEmpty)
        #expect(file.instructions[0].stageIndex == nil)
        #expect(file.stages.count == 3)
        let build = file.stages[0]
        #expect(build.baseImage == Located("node:${NODE}", at: Location(path: "Dockerfile", line: 2, column: 32)))
        #expect(build.name?.value == "Build")
        #expect(build.name?.location.column == 48)
        #expect(build.instructions.first?.flag("platform")?.value == "$BUILDPLATFORM")
        #expect(build.instructions.count == 3)
        #expect(file.stages[1].name?.value == "test")
        #expect(file.stages[1].user?.value == "builder")
        #expect(file.stages[1].user?.location.line == 3)
        #expect(file.stages[2].user == nil)
        let copy = file.instructions.last!
        #expect(copy.keyword == "COPY")
        #expect(copy.stageIndex == 2)
        #expect(copy.flag("from")?.value == "build")
        #expect(copy.flag("chown")?.value == "1000:1000")
        #expect(copy.arguments == "/app /app")
        #expect(copy.argumentsLocation.column == 37)
        #expect(file.stage(named: "BUILD")?.index == 0)
        #expect(file.stage(named: "1")?.index == 1)
        #expect(file.stage(named: "alpine") == nil)
        #expect(file.finalStage?.index == 2)
    }

    @Test func healthcheckExposeAndOnbuild() {
        let (file, diagnostics) = parse("""
        FROM python:3.12 AS base
        HEALTHCHECK --interval=30s --timeout=3s \\
          CMD curl -f http://localhost:8000/health || exit 1
        EXPOSE 8000 9090/udp
        ONBUILD USER root
        ONBUILD RUN --mount=type=secret,id=x make
        FROM base
        EXPOSE 80
        FROM base AS quiet
        HEALTHCHECK NONE
        """)
        #expect(diagnostics.isEmpty)
        let base = file.stages[0]
        let check = base.healthcheck
        #expect(check?.flag("interval")?.value == "30s")
        #expect(check?.flag("timeout")?.value == "3s")
        #expect(check?.form == .shell("curl -f http://localhost:8000/health || exit 1"))
        #expect(check?.script?.text == "curl -f http://localhost:8000/health || exit 1")
        #expect(check?.script?.location == Location(path: "Dockerfile", line: 3, column: 7))
        #expect(base.healthcheckDisabled == false)
        #expect(base.exposedPorts.map(\.value) == ["8000", "9090/udp"])
        #expect(base.exposedPorts[1].location == Location(path: "Dockerfile", line: 4, column: 13))
        #expect(base.user == nil)
        let onbuild = file.instructions.filter(\.onbuild)
        #expect(onbuild.map(\.keyword) == ["USER", "RUN"])
        #expect(onbuild[1].flag("mount")?.value == "type=secret,id=x")
        #expect(onbuild[1].script?.text == "make")
        #expect(onbuild[1].location.column == 1)
        #expect(file.stages[1].healthcheck?.location.line == 2)
        #expect(file.stages[1].exposedPorts.map(\.value) == ["80"])
        #expect(file.stages[2].healthcheckDisabled)
        #expect(file.stages[2].healthcheck?.location.line == 10)
    }

    @Test func healthcheckExecForm() {
        let (file, _) = parse("FROM a\nHEALTHCHECK --retries=3 CMD [\"/bin/check\", \"-q\"]\n")
        let check = file.finalStage?.healthcheck
        #expect(check?.form == .exec(["/bin/check", "-q"]))
        #expect(check?.script == nil)
        #expect(check?.flag("retries")?.value == "3")
    }

    @Test func flagsWithQuotesBareFlagsAndDoubleDash() {
        let (file, _) = parse("FROM a\nCOPY --link --chmod=\"755\" -- --weird /x\nRUN --network=none echo hi\n")
        let copy = file.instructions[1]
        #expect(copy.flags.map(\.name) == ["link", "chmod"])
        #expect(copy.flag("link")?.hasValue == false)
        #expect(copy.flag("chmod")?.value == "755")
        #expect(copy.arguments == "--weird /x")
        #expect(file.instructions[2].flag("network")?.value == "none")
        #expect(file.instructions[2].flag("mount") == nil)
    }

    @Test func keywordsAreCaseInsensitiveAndCRLFIsStripped() {
        let (file, diagnostics) = parse("from alpine\r\nrun echo a \\\r\n  b\r\nuser 1000\r\n")
        #expect(diagnostics.isEmpty)
        #expect(file.instructions.map(\.keyword) == ["FROM", "RUN", "USER"])
        #expect(file.instructions[1].arguments == "echo a   b")
        #expect(file.finalStage?.user?.value == "1000")
    }

    @Test func malformedInputsGiveDiagnosticsAndParsingGoesOn() {
        let (file, diagnostics) = parse("""
        ENV EARLY=1
        FROM alpine
        FROBNICATE now
        RUN <<EOF
        echo never closed
        """)
        #expect(diagnostics.map(\.location?.line) == [1, 3, 4])
        #expect(diagnostics[0].message.contains("before the first `FROM`"))
        #expect(diagnostics[1].message.contains("unknown instruction `FROBNICATE`"))
        #expect(diagnostics[2].message.contains("unterminated heredoc"))
        #expect(file.instructions.map(\.keyword) == ["ENV", "FROM", "FROBNICATE", "RUN"])
        #expect(file.instructions[0].stageIndex == nil)
        #expect(file.instructions[3].heredocs.first?.isTerminated == false)
        #expect(file.instructions[3].heredocs.first?.body == "echo never closed")
        #expect(file.instructions[3].endLine == 5)

        let (eof, eofDiagnostics) = parse("FROM a\nRUN echo \\\n\n# trailing\n")
        #expect(eofDiagnostics.count == 1)
        #expect(eofDiagnostics.first?.message.contains("continuation at end of file") == true)
        #expect(eofDiagnostics.first?.location?.line == 2)
        #expect(eof.instructions[1].arguments == "echo")

        let (_, noFrom) = parse("RUN x\n")
        #expect(noFrom.contains { $0.message.contains("no `FROM`") })
        let (_, badEscape) = parse("# escape=x\nFROM a\n")
        #expect(badEscape.first?.message.contains("invalid escape") == true)
    }

    @Test func templatesDoNotFloodDiagnostics() {
        let template = "FROM a\n" + String(repeating: "{% if x %}\n", count: 50)
        let (_, diagnostics) = parse(template, path: "Dockerfile.j2")
        #expect(diagnostics.count == 11)
        #expect(diagnostics.last?.message.contains("40 more parse problems") == true)
    }

    @Test func keywordAloneOnItsLine() {
        let (file, _) = parse("FROM a\nRUN \\\n  apt-get update \\\n  && apt-get clean\n")
        let run = file.instructions[1]
        #expect(run.argumentsLocation == Location(path: "Dockerfile", line: 3, column: 3))
        #expect(run.script?.text == "apt-get update \\\n  && apt-get clean")
        #expect(run.script?.lineLocations.map(\.line) == [3, 4])
    }

    @Test func hostileInputDoesNotHang() {
        let long = String(repeating: "a\\\n", count: 20_000) + "FROM x\n" + String(repeating: "<<", count: 50_000)
        let (file, _) = parse("FROM a\nRUN " + long)
        #expect(file.instructions.count >= 2)
        let (empty, emptyDiagnostics) = parse("")
        #expect(empty.instructions.isEmpty && emptyDiagnostics.isEmpty)
    }

    @Test func corpusDockerfilesParse() throws {
        let files = Corpus.files().filter { $0.file.kind == .dockerfile }
        #expect(files.count > 50)
        var diagnosed: [String] = []
        for entry in files {
            let bytes = try [UInt8](Data(contentsOf: entry.url))
            let analysis = FileAnalyzer.analyze(entry.file, bytes: bytes)
            let dockerfile = analysis.artifacts.first as? Dockerfile
            #expect(dockerfile != nil, "\(entry.repo)/\(entry.file.path)")
            if !analysis.diagnostics.isEmpty {
                diagnosed.append("\(entry.repo)/\(entry.file.path): \(analysis.diagnostics.map(\.message))")
            }
        }
        #expect(Double(diagnosed.count) < Double(files.count) * 0.02, "\(diagnosed.count)/\(files.count): \(diagnosed)")
    }
}
