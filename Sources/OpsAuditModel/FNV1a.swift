/// 64-bit FNV-1a: a small, stable, dependency-free hash for fingerprints, catalog versions and
/// the short digests of redacted secrets (not for security). One implementation, so the values
/// the reports print never drift between its users.
public struct FNV1a: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    /// Hashes a string's UTF-8 bytes followed by a separator, so ("ab","c") ≠ ("a","bc").
    public mutating func combine(_ text: String) {
        for byte in text.utf8 { combine(byte) }
        combine(0xFF)
    }

    /// Hashes raw bytes, with no separator.
    public mutating func combine(bytes: some Sequence<UInt8>) {
        for byte in bytes { combine(byte) }
    }

    public mutating func combine(_ byte: UInt8) {
        value ^= UInt64(byte)
        value &*= 0x100_0000_01b3
    }
}
