/// First-in, first-out queue of request slots on a growable ring buffer.
/// - Complexity: amortised O(1) to push and pop; storage grows to the longest queue seen.
struct FIFOQueue {
    private var storage: ContiguousArray<Int32> = ContiguousArray(repeating: 0, count: 16)
    private var head = 0
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    mutating func push(_ value: Int32) {
        if count == storage.count { grow() }
        storage[(head + count) & (storage.count - 1)] = value
        count += 1
    }

    mutating func pop() -> Int32? {
        guard count > 0 else { return nil }
        let value = storage[head]
        head = (head + 1) & (storage.count - 1)
        count -= 1
        return value
    }

    /// Doubles the capacity (kept a power of two), unrolling the ring so it starts at index 0.
    private mutating func grow() {
        var larger = ContiguousArray<Int32>(repeating: 0, count: storage.count * 2)
        for offset in 0..<count {
            larger[offset] = storage[(head + offset) & (storage.count - 1)]
        }
        storage = larger
        head = 0
    }
}
