#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Built two ways (see scripts/fuzz.sh):
// - with `-sanitize=fuzzer -DOPSAUDIT_FUZZ`: libFuzzer supplies `main` and calls
//   `LLVMFuzzerTestOneInput`; the target comes from OPSAUDIT_FUZZ_TARGET.
// - plainly (`swift build`): a replay tool, `OpsAuditFuzz TARGET FILE...`, that runs inputs
//   once, so a crash file can be reproduced without the sanitizer toolchain.

/// Writes to standard error (fd 2: the C `stderr` global is not concurrency-safe in Swift 6).
func complain(_ message: String) {
    _ = message.withCString { write(2, $0, strlen($0)) }
}

/// The target named by OPSAUDIT_FUZZ_TARGET, read once.
let selectedTarget: FuzzTarget = {
    guard let name = getenv("OPSAUDIT_FUZZ_TARGET").map({ String(cString: $0) }), let target = FuzzTarget(rawValue: name) else {
        complain("OPSAUDIT_FUZZ_TARGET must be one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n")
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    selectedTarget.run(bytes)
    return 0
}

#if OPSAUDIT_FUZZ
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// SwiftPM links an executable's entry point as `<module>_main` (aliased to `main`), so the
/// fuzz build defines that symbol and hands control to libFuzzer's driver.
@_cdecl("OpsAuditFuzz_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzOne(data, size) }
}
#else
/// Replays inputs through one target without libFuzzer.
@main
enum Replay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            complain("usage: OpsAuditFuzz TARGET FILE...  (targets: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")))\n")
            exit(2)
        }
        for path in arguments.dropFirst() {
            guard let file = fopen(path, "rb") else { complain("cannot open \(path)\n"); exit(1) }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = fread(&buffer, 1, buffer.count, file)
                if n <= 0 { break }
                bytes += buffer[..<n]
            }
            fclose(file)
            target.run(bytes)
        }
        print("ran \(arguments.count - 1) input(s) through \(name)")
    }
}
#endif
