/// Case-insensitive tests of a string against an ASCII needle, over its UTF-8 bytes: no
/// lowercased copy, no Foundation search. Rules run these for every route, variable and path of
/// large repositories.
public enum ASCIIText {
    /// True when `text` contains `needle`, ignoring ASCII case (`needle` is written in lower case).
    public static func contains(_ text: some StringProtocol, _ needle: StaticString) -> Bool {
        search(text, needle) { bytes, needle in contains(bytes, needle) }
    }

    /// True when `text` starts with `needle`, ignoring ASCII case.
    public static func hasPrefix(_ text: some StringProtocol, _ needle: StaticString) -> Bool {
        search(text, needle) { bytes, needle in hasPrefix(bytes, needle) }
    }

    /// True when `text` ends with `needle`, ignoring ASCII case.
    public static func hasSuffix(_ text: some StringProtocol, _ needle: StaticString) -> Bool {
        search(text, needle) { bytes, needle in hasSuffix(bytes, needle) }
    }

    /// True when `text` is `needle`, ignoring ASCII case.
    public static func equals(_ text: some StringProtocol, _ needle: StaticString) -> Bool {
        search(text, needle) { bytes, needle in bytes.count == needle.count && hasPrefix(bytes, needle) }
    }

    private static func search(_ text: some StringProtocol, _ needle: StaticString,
                               _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        let needle = buffer(needle)
        // Native strings are contiguous UTF-8; a bridged one is copied once.
        if let result = text.utf8.withContiguousStorageIfAvailable({ body($0, needle) }) { return result }
        return Array(text.utf8).withUnsafeBufferPointer { body($0, needle) }
    }

    static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
        hasPrefix(bytes, buffer(needle))
    }

    static func hasSuffix(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
        hasSuffix(bytes, buffer(needle))
    }

    static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
        contains(bytes, buffer(needle))
    }

    private static func buffer(_ needle: StaticString) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
    }

    static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    static func equalsIgnoringCase<A: Collection<UInt8>, B: Collection<UInt8>>(_ bytes: A, _ lowered: B) -> Bool {
        guard bytes.count == lowered.count else { return false }
        return zip(bytes, lowered).allSatisfy { lower($0) == $1 }
    }

    static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= needle.count && equalsIgnoringCase(bytes[..<needle.count], needle)
    }

    static func hasSuffix(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= needle.count && equalsIgnoringCase(bytes[(bytes.count - needle.count)...], needle)
    }

    static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= needle.count else { return false }
        for start in 0...(bytes.count - needle.count) where equalsIgnoringCase(bytes[start..<(start + needle.count)], needle) {
            return true
        }
        return false
    }
}
