import OpsAuditModel
import Testing

/// The hash behind fingerprints, catalog versions and redacted-secret digests: its values are
/// printed in reports and baselines, so they must never change.
@Suite struct FNV1aTests {
    @Test func publishedVectors() {
        // Reference values of 64-bit FNV-1a (Fowler/Noll/Vo test suite).
        var empty = FNV1a()
        empty.combine(bytes: [UInt8]())
        #expect(empty.value == 0xcbf2_9ce4_8422_2325)
        var a = FNV1a()
        a.combine(bytes: Array("a".utf8))
        #expect(a.value == 0xaf63_dc4c_8601_ec8c)
        var foobar = FNV1a()
        foobar.combine(bytes: Array("foobar".utf8))
        #expect(foobar.value == 0x8594_4171_f739_67e8)
    }

    @Test func stringsAreSeparated() {
        var ab = FNV1a(), a = FNV1a()
        ab.combine("ab"); ab.combine("c")
        a.combine("a"); a.combine("bc")
        #expect(ab.value != a.value)
    }
}
