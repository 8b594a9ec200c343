import ArgumentParser
import Foundation

// Exit codes: 0 scan done and gate passed, 1 gate failed, 2 usage error or unreadable target.
// ArgumentParser exits 64 on usage errors; we map every failure but the gate's to 2 so CI
// scripts can tell "the repository is not ready" (1) from "opsaudit could not run" (2).
// A git child that exits early must not kill us through a write to its closed pipe.
signal(SIGPIPE, SIG_IGN)
do {
    var command = try OpsAuditCommand.parseAsRoot()
    try command.run()
} catch let exit as ExitCode where exit.rawValue <= 2 {
    Foundation.exit(exit.rawValue)
} catch {
    let code = OpsAuditCommand.exitCode(for: error)
    let message = OpsAuditCommand.fullMessage(for: error)
    if code == .success {
        if !message.isEmpty { print(message) }
        Foundation.exit(0)
    }
    if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
    Foundation.exit(2)
}
