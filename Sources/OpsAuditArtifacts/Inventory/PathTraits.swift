/// What a repository path says about its file: test or example code, documentation. Rules ask
/// this for every source file, route and secret, so the checks run over the path's UTF-8 bytes
/// without lowercasing or splitting it.
public enum PathTraits {
    /// Directory names holding tests, fixtures or examples: code that does not run in production.
    static let testDirectories = markers(["test", "tests", "spec", "specs", "__tests__", "__mocks__", "fixtures", "testdata",
                                          "e2e", "examples", "example", "mocks", "cypress", "playwright"])
    /// Directory names whose files are documentation, tests or samples (sample credentials live there).
    static let documentationOrTestDirectories = markers(["test", "tests", "spec", "specs", "__tests__", "fixtures", "testdata",
                                                         "docs", "doc", "examples", "example"])

    /// Tests, specs, fixtures and examples: a directory named like one, or a test file name
    /// (`x.test.ts`, `x.spec.js`, `x_test.go`, `test_x.py`, `x_test.py`, `x_spec.rb`).
    public static func isTestOrExample(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            let nameStart = lastComponentStart(bytes)
            if hasDirectory(bytes, nameStart: nameStart, in: testDirectories) { return true }
            let name = UnsafeBufferPointer(rebasing: bytes[nameStart...])
            return ASCIIText.contains(name, ".test.") || ASCIIText.contains(name, ".spec.") || ASCIIText.hasSuffix(name, "_test.go")
                || ASCIIText.hasPrefix(name, "test_") || ASCIIText.hasSuffix(name, "_test.py") || ASCIIText.hasSuffix(name, "_spec.rb")
        }
    }

    /// Documentation, tests, fixtures and examples, where sample credentials and placeholder
    /// configuration are expected: such directories, Markdown files, and `.test.` / `_test.` names.
    public static func isDocumentationOrTest(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            hasDirectory(bytes, nameStart: lastComponentStart(bytes), in: documentationOrTestDirectories)
                || ASCIIText.hasSuffix(bytes, ".md") || ASCIIText.contains(bytes, ".test.") || ASCIIText.contains(bytes, "_test.")
        }
    }

    private static func markers(_ names: [String]) -> [[UInt8]] { names.map { Array($0.utf8) } }

    private static func lastComponentStart(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var index = bytes.count
        while index > 0, bytes[index - 1] != UInt8(ascii: "/") { index -= 1 }
        return index
    }

    /// Reverse-domain package roots: `com/example/` in a Java or Kotlin tree is the conventional
    /// package of real application code, not an examples directory.
    static let packageRoots = markers(["com", "org", "net", "io", "dev"])
    static let exampleDirectories = markers(["example", "examples"])

    /// True when a directory component before `nameStart` equals one of `names`, ignoring ASCII
    /// case (`com/example` excepted, see `packageRoots`).
    private static func hasDirectory(_ bytes: UnsafeBufferPointer<UInt8>, nameStart: Int, in names: [[UInt8]]) -> Bool {
        var start = 0
        var previous = 0..<0
        while start < nameStart {
            var end = start
            while end < nameStart, bytes[end] != UInt8(ascii: "/") { end += 1 }
            let component = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if names.contains(where: { ASCIIText.equalsIgnoringCase(component, $0) }) {
                let parent = UnsafeBufferPointer(rebasing: bytes[previous])
                let isPackage = exampleDirectories.contains { ASCIIText.equalsIgnoringCase(component, $0) }
                    && packageRoots.contains { ASCIIText.equalsIgnoringCase(parent, $0) }
                if !isPackage { return true }
            }
            previous = start..<end
            start = end + 1
        }
        return false
    }
}
