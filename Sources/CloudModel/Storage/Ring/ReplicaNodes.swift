/// The nodes holding one key's replicas, nearest clockwise first (the first is the primary
/// replica), stored inline so that looking up a key allocates nothing.
/// - Complexity: O(1) to append and to read an element.
struct ReplicaNodes: RandomAccessCollection {
    /// Most replicas a key can have: the size of the inline storage (8 per region, at most 16
    /// over a multi-region cluster's regions).
    static let capacity = 16

    private var storage: (
        Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32
    ) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    /// Replicas held [count], at most `capacity`.
    private(set) var count = 0

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    /// Node index of the replica at `position` (0 is the primary).
    subscript(position: Int) -> Int32 {
        precondition(position >= 0 && position < count, "replica index out of range")
        // A homogeneous tuple is laid out like a C array, so element i sits at byte 4 i.
        return withUnsafeBytes(of: storage) { $0.load(fromByteOffset: position * 4, as: Int32.self) }
    }

    /// Adds the next replica, farther round the ring than those already held.
    mutating func append(_ node: Int32) {
        precondition(count < Self.capacity, "a key has at most \(Self.capacity) replicas")
        let offset = count * 4
        withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: node, toByteOffset: offset, as: Int32.self) }
        count += 1
    }
}
