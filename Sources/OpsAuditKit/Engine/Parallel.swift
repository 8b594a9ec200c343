import Foundation

/// Maps `items` on up to `parallelism` threads (nil: all cores), keeping order. The work per
/// item must be independent. With 1 the map runs on the calling thread: the reference run for
/// determinism tests and the way to keep a scan off a busy machine's other cores.
func parallelMap<Item: Sendable, Result: Sendable>(_ items: [Item], parallelism: Int? = nil,
                                                   _ transform: @Sendable (Item) -> Result) -> [Result] {
    let workers = min(items.count, max(1, parallelism ?? ProcessInfo.processInfo.activeProcessorCount))
    guard items.count > 1, workers > 1 else { return items.map(transform) }
    let slots = ResultSlots<Result>(count: items.count)
    if parallelism == nil {
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            slots.set(index, transform(items[index]))
        }
    } else {
        // A fixed number of workers, each taking every `workers`-th item.
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: items.count, by: workers) {
                slots.set(index, transform(items[index]))
            }
        }
    }
    return slots.values()
}

/// Write-once slots filled from concurrent iterations; the lock makes the writes visible.
private final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }

    func values() -> [Value] {
        lock.lock()
        defer { lock.unlock() }
        return storage.map { $0! }
    }
}
