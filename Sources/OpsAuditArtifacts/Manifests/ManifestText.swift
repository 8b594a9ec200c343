// Small text helpers shared by the line-oriented manifest parsers.
extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpacesAndTabs() -> String {
        let start = firstIndex { $0 != " " && $0 != "\t" } ?? endIndex
        let end = lastIndex { $0 != " " && $0 != "\t" }.map { index(after: $0) } ?? start
        return start < end ? String(self[start..<end]) : ""
    }

    /// The text without leading and trailing characters from `characters`.
    func trimming(characters: String) -> String {
        let start = firstIndex { !characters.contains($0) } ?? endIndex
        let end = lastIndex { !characters.contains($0) }.map { index(after: $0) } ?? start
        return start < end ? String(self[start..<end]) : ""
    }
}
