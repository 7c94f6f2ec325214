/// A handle to a pooled record: its slot and the slot's generation when it was handed out, so
/// a late event about a record that has since been freed (and the slot reused) is recognised.
public struct SlotHandle: Hashable, Sendable {
    var slot: Int32
    var generation: UInt32
}

/// Records kept in a growable array whose freed slots are reused, so memory follows the
/// records alive at once, not the records ever made.
/// - Complexity: O(1) amortised to allocate and free.
struct SlotPool<Record> {
    private(set) var records: ContiguousArray<Record> = []
    private var generations: ContiguousArray<UInt32> = []
    private var free: [Int32] = []

    /// Records alive now.
    var liveCount: Int { records.count - free.count }

    /// Slots ever used: the largest number alive at once.
    var capacity: Int { records.count }

    mutating func allocate(_ record: Record) -> SlotHandle {
        if let slot = free.popLast() {
            records[Int(slot)] = record
            return SlotHandle(slot: slot, generation: generations[Int(slot)])
        }
        records.append(record)
        generations.append(0)
        return SlotHandle(slot: Int32(records.count - 1), generation: 0)
    }

    /// Slots holding live records, in slot order.
    /// - Complexity: O(capacity); meant for rare events such as an instance failing.
    var liveSlots: [Int32] {
        let freed = Set(free)
        return (0..<Int32(records.count)).filter { !freed.contains($0) }
    }

    /// Frees a live slot; handles to it stop being valid.
    mutating func release(_ slot: Int32) {
        generations[Int(slot)] &+= 1
        free.append(slot)
    }

    /// The current generation of a slot: a handle to its record as it is now.
    func generation(of slot: Int32) -> UInt32 { generations[Int(slot)] }

    func isValid(_ handle: SlotHandle) -> Bool {
        generations[Int(handle.slot)] == handle.generation
    }

    subscript(slot: Int32) -> Record {
        get { records[Int(slot)] }
        _modify { yield &records[Int(slot)] }
    }
}
