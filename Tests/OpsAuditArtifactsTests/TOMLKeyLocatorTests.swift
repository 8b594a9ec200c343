import Foundation
import Testing
import OpsAuditModel
import OpsAuditTestSupport
@testable import OpsAuditArtifacts

@Suite struct TOMLKeyLocatorTests {
    func locate(_ text: String) -> TOMLKeyLocator {
        TOMLKeyLocator(TextFile(path: "x.toml", text: text))
    }

    func line(_ locator: TOMLKeyLocator, _ path: TOMLKeyPath) -> Int? { locator.location(of: path)?.line }

    @Test func keyPathRoundTrips() {
        #expect(TOMLKeyPath("vm[0].memory").components == [.key("vm"), .index(0), .key("memory")])
        #expect(TOMLKeyPath("a.\"b.c\"[2]").components == [.key("a"), .key("b.c"), .index(2)])
        #expect(TOMLKeyPath([.key("a"), .key("b c"), .index(1), .key("d")]).description == "a.\"b c\"[1].d")
        #expect(TOMLKeyPath("x").appending(index: 3).appending("y") == "x[3].y")
    }

    @Test func topLevelKeysAndTables() {
        let locator = locate("""
        # comment [not.a.header]
        app = "demo"   # trailing [x]
        kill_timeout = 5

        [http_service]
          internal_port = 8080
        [http_service.concurrency]
        type = "requests"
        """)
        #expect(line(locator, "app") == 2)
        #expect(locator.location(of: "app")?.column == 1)
        #expect(line(locator, "kill_timeout") == 3)
        #expect(line(locator, "http_service") == 5)
        #expect(line(locator, "http_service.internal_port") == 6)
        #expect(locator.location(of: "http_service.internal_port")?.column == 3)
        #expect(line(locator, "http_service.concurrency") == 7)
        #expect(line(locator, "http_service.concurrency.type") == 8)
        #expect(locator.location(of: "not") == nil)
        #expect(locator.location(of: "x") == nil)
    }

    @Test func arraysOfTablesAreIndexed() {
        let locator = locate("""
        [[vm]]
        memory = "256mb"
        [[vm]]
        memory = "1gb"
        [[services]]
        internal_port = 1
          [[services.ports]]
          port = 80
          [[services.ports]]
          port = 443
          [[services.http_checks]]
          path = "/a"
          [services.http_checks.headers]
          X = "y"
        [[services]]
          [[services.ports]]
          port = 8080
        """)
        #expect(line(locator, "vm") == 1)
        #expect(line(locator, "vm[0]") == 1)
        #expect(line(locator, "vm[0].memory") == 2)
        #expect(line(locator, "vm[1]") == 3)
        #expect(line(locator, "vm[1].memory") == 4)
        #expect(locator.elementCount(of: "vm") == 2)
        #expect(locator.isArrayOfTables("vm"))
        #expect(line(locator, "services[0].ports[1].port") == 10)
        #expect(line(locator, "services[0].http_checks[0].path") == 12)
        #expect(line(locator, "services[0].http_checks[0].headers.X") == 14)
        #expect(line(locator, "services[1].ports[0].port") == 17)
        #expect(locator.elementCount(of: "services[1].ports") == 1)
    }

    @Test func dottedAndQuotedKeys() {
        let locator = locate("""
        a.b = 1
        "quoted key" = 2
        'lit.eral'.x = 3
        site."google.com" = true
        [ "spaced header" . inner ]
        k = 4
        """)
        #expect(line(locator, "a") == 1)
        #expect(line(locator, "a.b") == 1)
        #expect(line(locator, TOMLKeyPath([.key("quoted key")])) == 2)
        #expect(line(locator, TOMLKeyPath([.key("lit.eral"), .key("x")])) == 3)
        #expect(line(locator, TOMLKeyPath([.key("site"), .key("google.com")])) == 4)
        #expect(line(locator, TOMLKeyPath([.key("spaced header"), .key("inner"), .key("k")])) == 6)
    }

    @Test func inlineTablesAndArrays() {
        let locator = locate("""
        checks = { alive = { type = "tcp", port = 8080 }, path = "/h" }
        ports = [
          { port = 80, handlers = ["http"] },  # first
          { port = 443 },
        ]
        after = 1
        """)
        #expect(line(locator, "checks") == 1)
        #expect(line(locator, "checks.path") == 1)
        #expect(locator.location(of: "checks.path")?.column == 51)
        #expect(line(locator, "checks.alive.port") == 1)
        #expect(locator.nearestLocation(of: "checks.alive.port.deeper")?.line == 1)
        #expect(line(locator, "ports[0]") == 3)
        #expect(line(locator, "ports[1].port") == 4)
        #expect(locator.elementCount(of: "ports") == 2)
        #expect(line(locator, "after") == 6)
    }

    @Test func multilineStringsAndArraysAreSkipped() {
        let locator = locate("""
        script = \"\"\"
        [not_a_header]
        fake = 1
        \\\"\"\"
        \"\"\"
        lit = '''
        [[nope]]
        '''
        list = [
          "[x]", # [y]
          '''
        [z]
        ''',
        ]
        [real]
        key = "a # not a comment"
        next = 2
        """)
        #expect(locator.location(of: "not_a_header") == nil)
        #expect(locator.location(of: "fake") == nil)
        #expect(locator.location(of: "nope") == nil)
        #expect(locator.location(of: "z") == nil)
        #expect(line(locator, "lit") == 6)
        #expect(line(locator, "list") == 9)
        #expect(line(locator, "real") == 15)
        #expect(line(locator, "real.next") == 17)
    }

    @Test func crlfAndUnicodeColumns() {
        let locator = locate("[t]\r\né = 1\r\n  ü.k = 2\r\n")
        #expect(line(locator, "t") == 1)
        #expect(line(locator, TOMLKeyPath([.key("t"), .key("ü"), .key("k")])) == 3)
        #expect(locator.location(of: TOMLKeyPath([.key("t"), .key("ü"), .key("k")]))?.column == 3)
    }

    @Test func hostileInputDoesNotHangOrCrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let locator = locate("a = \(deep)\nb = 1\n[unterminated\nc = \"open\nd = '''never closed\n")
        #expect(line(locator, "a") == 1)
        #expect(line(locator, "b") == 2)
        let wide = "x = [" + String(repeating: "1,", count: 200_000) + "]\ny = 2"
        let big = locate(wide)
        #expect(big.elementCount(of: "x") == 200_000)
        #expect(line(big, "y") == 2)
        _ = locate("= = [[ ]] {{ \"\"\" '''")
    }
}

/// The locator and TOMLKit read the same text: on every valid corpus TOML file, every key
/// TOMLKit sees (tables, arrays of tables, inline tables) must have a location.
@Suite struct TOMLKeyLocatorCorpusTests {
    @Test func everyKeyTOMLKitSeesIsLocated() throws {
        var files = 0, keys = 0
        var missing: [String] = []
        for entry in Corpus.files() where entry.file.path.hasSuffix(".toml") {
            guard case let .text(text, _) = TextFile.decode(path: entry.file.path, bytes: try [UInt8](Data(contentsOf: entry.url))),
                  case let .document(document) = TOMLDocument.parse(text) else { continue }
            files += 1
            var stack = [(TOMLNode(value: document.root, path: TOMLKeyPath(), document: document), 0)]
            while let (node, depth) = stack.popLast() {
                if !node.path.components.isEmpty {
                    keys += 1
                    if document.locator.location(of: node.path) == nil { missing.append("\(entry.repo)/\(entry.file.path): \(node.path)") }
                }
                guard depth < 6 else { continue }
                if node.value.array != nil {
                    stack += node.elements.map { ($0, depth + 1) }
                } else if node.value.table != nil {
                    stack += node.children.map { ($0.node, depth + 1) }
                }
            }
        }
        #expect(files > 0)
        #expect(keys > files)
        #expect(missing.isEmpty, "\(missing.count) of \(keys) keys not located: \(missing.prefix(20))")
    }
}
