import Foundation

/// Facts derived from a `RepoModel` on first use and kept for every later query: the
/// application's source signals, routes, CI commands… are read by a dozen rules each, and
/// recomputing them per rule made rule evaluation cost more than parsing on large repositories.
///
/// Only facts that depend on the model's immutable parts (`files`, `analyses`) may be kept here.
/// A fact is computed outside the lock (a fact may ask for another one), so two rules asking at
/// once may both compute it; the first stored value wins, and both are equal anyway.
final class DerivedFacts: @unchecked Sendable {
    /// What a slot holds.
    enum Key: Hashable, Sendable {
        case artifacts(ObjectIdentifier)
        case named(String)
    }

    // Guarded by `lock` (unchecked Sendable for that reason).
    private var slots: [Key: any Sendable] = [:]
    private let lock = NSLock()

    /// A kept value, boxed so an optional fact that is nil is kept too (a bare `nil` would
    /// erase the slot, and casting a missing slot to an optional type succeeds).
    private struct Slot<T: Sendable>: Sendable {
        let value: T
    }

    func value<T: Sendable>(_ key: Key, _ compute: () -> T) -> T {
        if let stored = lock.withLock({ slots[key] }) as? Slot<T> { return stored.value }
        let computed = compute()
        return lock.withLock {
            if let stored = slots[key] as? Slot<T> { return stored.value }
            slots[key] = Slot(value: computed)
            return computed
        }
    }
}

extension RepoModel {
    /// Computes `compute` once per model and returns the kept value afterwards.
    func derived<T: Sendable>(_ name: String, _ compute: () -> T) -> T {
        facts.value(.named(name), compute)
    }
}
