import OpsAuditModel
import Testing
@testable import OpsAuditArtifacts

private func dockerfile(_ text: String, path: String = "Dockerfile") -> Dockerfile {
    DockerfileParser.parse(TextFile(path: path, text: text)).artifacts.first as! Dockerfile
}

@Suite struct DockerfileQueriesTests {
    @Test func imageReferences() {
        let node = DockerImageReference(parsing: "node:20-alpine")
        #expect(node.repository == "node" && node.tag == "20-alpine" && node.digest == nil && node.isPinned)
        let port = DockerImageReference(parsing: "registry.internal:5000/team/app")
        #expect(port.repository == "registry.internal:5000/team/app" && port.tag == nil && !port.isPinned)
        let latest = DockerImageReference(parsing: "ghcr.io/acme/api:Latest")
        #expect(latest.tag == "Latest" && !latest.isPinned)
        let digest = DockerImageReference(parsing: "python@sha256:abcdef")
        #expect(digest.tag == nil && digest.hasDigest && digest.isPinned)
        let both = DockerImageReference(parsing: "localhost:5000/x:1.2@sha256:00ff")
        #expect(both.repository == "localhost:5000/x" && both.tag == "1.2" && both.digest == "sha256:00ff")
        #expect(DockerImageReference(parsing: "scratch").isScratch)
        #expect(!DockerImageReference(parsing: "node:").isPinned)
    }

    @Test func stageBasesResolveGlobalArgumentsAliasesAndScratch() {
        let file = dockerfile("""
        ARG BASE_IMAGE=node:20
        ARG VARIANT
        ARG GO=1.22
        FROM --platform=$BUILDPLATFORM golang:${GO}-alpine AS tools
        FROM ${BASE_IMAGE} AS Build
        ARG BASE_IMAGE=ignored:1
        FROM build AS final
        FROM scratch
        FROM python:${VARIANT}
        FROM ruby:${VARIANT:-3.3}
        """)
        let bases = file.stages.map { file.base(of: $0) }
        guard case let .image(tools, toolArgs) = bases[0] else { Issue.record("\(bases[0])"); return }
        #expect(tools.tag == "1.22-alpine")
        #expect(toolArgs.map(\.name.value) == ["GO"])
        #expect(file.stages[0].baseImage.location == Location(path: "Dockerfile", line: 4, column: 32))
        guard case let .image(node, nodeArgs) = bases[1] else { Issue.record("\(bases[1])"); return }
        #expect(node.repository == "node" && node.tag == "20")
        #expect(nodeArgs.first?.name.location == Location(path: "Dockerfile", line: 1, column: 5))
        #expect(bases[2] == .stage(1))
        #expect(bases[3] == .scratch)
        #expect(bases[4] == .unresolved(variables: ["VARIANT"]))
        guard case let .image(ruby, _) = bases[5] else { Issue.record("\(bases[5])"); return }
        #expect(ruby.tag == "3.3")
        #expect(file.lineage(of: file.stages[2]).map(\.index) == [2, 1])
        #expect(file.rootImage(of: file.stages[2]) == "node:20")
        #expect(file.rootImage(of: file.stages[3]) == nil)
    }

    @Test func wordsAndAssignmentsKeepPositions() {
        let file = dockerfile("""
        FROM alpine:3.20
        ENV A=1 B="two words" \\
            C='x y'
        ENV LEGACY value with spaces
        ARG TOKEN
        COPY --chown=app:app ["src", "/app/src"]
        COPY package.json package-lock.json ./
        COPY <<EOF /etc/motd
        hello
        EOF
        """)
        let env = file.instructions[1].assignments
        #expect(env.map(\.name.value) == ["A", "B", "C"])
        #expect(env.map(\.value) == ["1", "two words", "x y"])
        #expect(env[2].name.location == Location(path: "Dockerfile", line: 3, column: 5))
        let legacy = file.instructions[2].assignments
        #expect(legacy.count == 1 && legacy[0].name.value == "LEGACY" && legacy[0].value == "value with spaces")
        #expect(file.instructions[3].assignments == [DockerArgument(name: Located("TOKEN", at: Location(path: "Dockerfile", line: 5, column: 5)), value: nil)])
        #expect(file.instructions[4].copySources.map(\.value) == ["src"])
        #expect(file.instructions[4].copyDestination?.value == "/app/src")
        #expect(file.instructions[5].copySources.map(\.value) == ["package.json", "package-lock.json"])
        #expect(file.instructions[5].copySources[1].location == Location(path: "Dockerfile", line: 7, column: 19))
        #expect(file.instructions[6].copySources.isEmpty)
        #expect(file.instructions[6].copyDestination?.value == "/etc/motd")
    }

    @Test func runCommandsAreSplitOnceWithPipes() {
        let file = dockerfile("""
        FROM debian:12
        RUN set -o pipefail && curl -fsSL https://x | \\
            sh -s -- --yes
        """)
        let commands = file.instructions[1].commands
        #expect(commands.map { $0.words.first } == ["set", "curl", "sh"])
        #expect(commands[1].feedsPipe && !commands[1].pipedWithoutPipefail)
        #expect(!commands[2].feedsPipe)
        #expect(commands[2].location.line == 3)
        #expect(file.instructions[0].commands.isEmpty)
    }

    @Test func packageCommands() {
        let file = dockerfile("""
        FROM debian:12
        RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get -y install --no-install-recommends gcc=4:12.2 libpq-dev \\
            && python3 -m pip install --no-cache-dir -r requirements.txt 'uvicorn[standard]>=0.30' \\
            && apt-get purge -y --auto-remove gcc
        RUN apk add --no-cache --virtual .build-deps build-base musl-dev && apk del .build-deps
        """)
        let run = file.instructions[1].packageCommands
        #expect(run.map(\.manager) == [.apt, .pip, .apt])
        #expect(run.map(\.action) == [.install, .install, .remove])
        #expect(run[0].packages == ["gcc", "libpq-dev"])
        #expect(run[0].hasOption("--no-install-recommends") && !run[0].hasOption("--no-cache"))
        #expect(run[1].packages == ["uvicorn"])
        #expect(run[1].hasOption("--no-cache-dir"))
        #expect(run[1].command.location.line == 3)
        #expect(run[2].packages == ["gcc"])
        #expect(file.instructions[1].cacheMountTargets == ["/var/cache/apt"])
        let apk = file.instructions[2].packageCommands
        #expect(apk[0].virtualName == ".build-deps" && apk[0].packages == ["build-base", "musl-dev"])
        #expect(apk[1].action == .remove && apk[1].packages == [".build-deps"])
    }

    @Test func dependencyInstalls() {
        func install(_ text: String) -> String? {
            dockerfile("FROM x:1\nRUN \(text)").instructions[1].commands.first?.dependencyInstall
        }
        #expect(install("npm ci --omit=dev") == "npm")
        #expect(install("npm install") == "npm")
        #expect(install("npm install -g pm2") == nil)
        #expect(install("npm install express") == nil)
        #expect(install("yarn --frozen-lockfile") == "yarn")
        #expect(install("pip install --no-cache-dir -r requirements.txt") == "pip")
        #expect(install("pip install .") == nil)
        #expect(install("poetry install --no-root") == "poetry")
        #expect(install("go mod download") == "go")
        #expect(install("bundle install --jobs 4") == "bundler")
        #expect(install("go build ./...") == nil)
    }

    @Test func wholeContextCopies() {
        let file = dockerfile("""
        FROM node:20
        COPY . .
        COPY --from=build /app .
        ADD ./ /app
        COPY src/ /app/src
        """)
        #expect(file.instructions[1].wholeContextSource?.location == Location(path: "Dockerfile", line: 2, column: 6))
        #expect(file.instructions[2].wholeContextSource == nil)
        #expect(file.instructions[3].wholeContextSource?.value == "./")
        #expect(file.instructions[4].wholeContextSource == nil)
    }

    @Test func shippedStageSkipsTrailingDevelopmentTargets() {
        let file = dockerfile("FROM python:3.12 AS builder\nFROM builder AS dev-envs\nFROM builder AS Test\n")
        #expect(file.shippedStage?.index == 0)
        #expect(file.describe(file.stages[0]) == "shipped stage `builder` (`FROM python:3.12`)")
        let plain = dockerfile("FROM node:20 AS build\nFROM build AS final-stage\n")
        #expect(plain.shippedStage?.index == 1)
        #expect(plain.describe(plain.stages[1]) == "final stage `final-stage` (`FROM build`, based on `node:20`)")
        let allDev = dockerfile("FROM node:20 AS dev\n")
        #expect(allDev.shippedStage?.index == 0)
    }

    @Test func productionCandidates() {
        #expect(dockerfile("FROM x:1", path: "services/api/Dockerfile").isProductionCandidate)
        #expect(dockerfile("FROM x:1", path: "prod.Dockerfile").isProductionCandidate)
        for path in ["tests/functions/Dockerfile", "docker/Dockerfile.j2", ".gitpod.Dockerfile", ".devcontainer/Dockerfile",
                     "{{ cookiecutter.slug }}/Dockerfile", "Dockerfile.dev", "playwright/compose/Dockerfile"] {
            #expect(!dockerfile("FROM x:1", path: path).isProductionCandidate, "\(path)")
        }
    }

    @Test func startCommandFollowsDockerInheritance() {
        let file = dockerfile("""
        FROM node:20 AS base
        CMD ["node", "a.js"]
        FROM base AS entry
        ENTRYPOINT ["tini", "--"]
        FROM entry AS own
        CMD ["node", "b.js"]
        FROM base AS child
        """)
        let entry = file.startCommand(of: file.stages[1])
        #expect(entry.entrypoint?.location.line == 4 && entry.cmd == nil)
        let own = file.startCommand(of: file.stages[2])
        #expect(own.entrypoint?.location.line == 4 && own.cmd?.location.line == 6)
        let child = file.startCommand(of: file.stages[3])
        #expect(child.entrypoint == nil && child.cmd?.location.line == 2)
    }

    @Test func secretsInArgumentsAndCopiedFiles() {
        let file = dockerfile("""
        FROM x:1
        ARG TOKEN
        ENV API_KEY=changeme DB_PASSWORD=Hx9Kq2eZvKYlo2C8 COPY_OF="$DB_PASSWORD" \
            DATABASE_URL=postgres://app:Zq8x7C6v5B4n@db/app LOCAL_URL=postgres://placeholder:placeholder@localhost/x
        COPY .env.production .env.example id_rsa certs/ca.pem tls/server.key jenkins.io-2026.key config/ ./
        COPY --from=build /app/.env /app/
        """)
        let secrets = file.instructions.flatMap(\.assignments).filter(\.looksSecret).map(\.name.value)
        #expect(secrets == ["DB_PASSWORD", "DATABASE_URL"])
        #expect(file.instructions[3].secretFileSources.map(\.value) == [".env.production", "id_rsa", "tls/server.key"])
        #expect(file.instructions[4].secretFileSources.isEmpty)
    }

    @Test func dockerignoreMatchingIsAnchoredAtTheContextRoot() {
        func context(_ text: String) -> DockerBuildContext {
            let ignore = IgnoreFile.parse(TextFile(path: ".dockerignore", text: text), kind: .dockerignore).artifacts.first as! IgnoreFile
            return DockerBuildContext(directory: "", dockerignore: ignore)
        }
        let plain = context("node_modules\n/.git/\n./.env*\n!.env.example\n")
        #expect(plain.excludes("node_modules", isDirectory: true))
        #expect(!plain.excludes("web/node_modules", isDirectory: true))
        #expect(plain.excludes(".git", isDirectory: true))
        #expect(plain.excludes(".env") && plain.excludes(".env.local"))
        #expect(!plain.excludes(".env.example"))
        #expect(plain.decidingPattern(".env.example")?.negated == true)
        #expect(plain.decidingPattern("src/app.js") == nil)
        let deep = context("**/node_modules\n")
        #expect(deep.excludes("web/node_modules", isDirectory: true))
        let allow = context("*\n! src\n")
        #expect(allow.excludes(".git", isDirectory: true) && !allow.excludes("src", isDirectory: true))
        let sub = DockerBuildContext(directory: "api", dockerignore: nil)
        #expect(sub.relative("api/package.json") == "package.json" && sub.relative("web/package.json") == nil)
    }

    @Test func thousandsOfChainedStagesStayFast() {
        var text = "ARG BASE=alpine:3.20\nFROM ${BASE} AS s0\n"
        for i in 1..<3000 { text += "FROM s\(i - 1) AS s\(i)\nRUN echo \(i)\n" }
        let file = dockerfile(text)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(file.lineage(of: file.stages[2999]).count == 3000)
            #expect(file.rootImage(of: file.stages[2999]) == "alpine:3.20")
            #expect(file.shippedStage?.index == 2999)
        }
        #expect(elapsed < .seconds(2))
    }

    @Test func inheritanceFollowsArgumentResolvedStageNames() {
        let file = dockerfile("""
        ARG RUNTIME=Base
        FROM node:20 AS base
        USER node
        HEALTHCHECK CMD node health.js
        FROM ${RUNTIME}
        """)
        #expect(file.base(of: file.stages[1]) == .stage(0))
        #expect(file.stages[1].user?.value == "node")
        #expect(file.stages[1].healthcheck?.location.line == 4)
    }
}
