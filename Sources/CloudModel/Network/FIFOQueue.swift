/// First-in, first-out queue on a growable ring buffer.
/// - Complexity: amortised O(1) to push and pop; storage grows to the longest queue seen.
struct FIFOQueue<Element> {
    private var storage: ContiguousArray<Element> = []
    private var head = 0
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    /// The element that `pop` would return.
    var first: Element? { count > 0 ? storage[head] : nil }

    mutating func push(_ value: Element) {
        if count == storage.count {
            // Full: unroll the ring so it starts at 0, then let the array grow geometrically.
            if head != 0 {
                storage = ContiguousArray(storage[head...] + storage[..<head])
                head = 0
            }
            storage.append(value)
        } else {
            let index = head + count
            storage[index < storage.count ? index : index - storage.count] = value
        }
        count += 1
    }

    mutating func pop() -> Element? {
        guard count > 0 else { return nil }
        let value = storage[head]
        head += 1
        if head == storage.count { head = 0 }
        count -= 1
        return value
    }
}
