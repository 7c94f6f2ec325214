import SimKernel

/// A handle to a pooled record: its slot and the slot's generation when it was handed out, so
/// a late event about a record that has since been freed (and the slot reused) is recognised.
public struct SlotHandle: Hashable, Sendable {
    var slot: Int32
    var generation: UInt32
}

/// Records kept in growable storage whose freed slots are reused, so memory follows the
/// records alive at once, not the records ever made.
///
/// A pool is a reference to its storage: a copy shares the records. Models own their pools and
/// are never copied while they run; in exchange, writing a record is a store, without the
/// uniqueness check (a runtime call) that an array's copy-on-write makes on every write, which
/// a model's handlers do several times an event.
/// - Complexity: O(1) amortised to allocate and free.
struct SlotPool<Record> {
    private let storage = Storage()

    /// Records alive now.
    var liveCount: Int { storage.used - storage.freeCount }

    /// Slots ever used: the largest number alive at once.
    var capacity: Int { storage.used }

    @inline(__always)
    mutating func allocate(_ record: Record) -> SlotHandle {
        let storage = storage
        if storage.freeCount > 0 {
            storage.freeCount &-= 1
            let slot = storage.free[storage.freeCount]
            storage.records.record(Int(slot)).pointee = record
            return SlotHandle(slot: slot, generation: storage.generations[Int(slot)])
        }
        if storage.used == storage.size { storage.grow() }
        let slot = storage.used
        storage.records.initialize(slot, to: record)
        storage.generations[slot] = 0
        storage.used &+= 1
        return SlotHandle(slot: Int32(slot), generation: 0)
    }

    /// Asks for the cache line of a slot's record ahead of its use.
    @inline(__always)
    func prefetch(_ slot: Int32) {
        prefetchCacheLine(UnsafeRawPointer(storage.records.record(Int(slot))))
    }

    /// Slots holding live records, in slot order.
    /// - Complexity: O(capacity); meant for rare events such as an instance failing.
    var liveSlots: [Int32] {
        let freed = Set(UnsafeBufferPointer(start: storage.free, count: storage.freeCount))
        return (0..<Int32(storage.used)).filter { !freed.contains($0) }
    }

    /// Frees a live slot; handles to it stop being valid.
    @inline(__always)
    mutating func release(_ slot: Int32) {
        let storage = storage
        storage.generations[Int(slot)] &+= 1
        // The free list has room for every slot ever used.
        storage.free[storage.freeCount] = slot
        storage.freeCount &+= 1
    }

    /// The current generation of a slot: a handle to its record as it is now.
    @inline(__always)
    func generation(of slot: Int32) -> UInt32 {
        precondition(slot >= 0 && Int(slot) < storage.used, "no such slot")
        return storage.generations[Int(slot)]
    }

    @inline(__always)
    func isValid(_ handle: SlotHandle) -> Bool {
        generation(of: handle.slot) == handle.generation
    }

    subscript(slot: Int32) -> Record {
        @inline(__always) get {
            precondition(slot >= 0 && Int(slot) < storage.used, "no such slot")
            return storage.records.record(Int(slot)).pointee
        }
        @inline(__always) nonmutating _modify {
            precondition(slot >= 0 && Int(slot) < storage.used, "no such slot")
            yield &storage.records.record(Int(slot)).pointee
        }
    }

    /// The records, generations and free list: `size` slots each, `used` of them ever handed out
    /// (and initialised), the first `freeCount` of `free` free now.
    final class Storage {
        var records: LineAlignedRecords<Record>
        var generations: UnsafeMutablePointer<UInt32>
        var free: UnsafeMutablePointer<Int32>
        var size = 0
        var used = 0
        var freeCount = 0

        init() {
            records = LineAlignedRecords(capacity: 0)
            generations = .allocate(capacity: 0)
            free = .allocate(capacity: 0)
        }

        /// Doubles the slots (at least 16), moving the records.
        func grow() {
            let larger = Swift.max(16, size * 2)
            records = records.moved(toCapacity: larger, count: used)
            let newGenerations = UnsafeMutablePointer<UInt32>.allocate(capacity: larger)
            newGenerations.initialize(from: generations, count: used)
            generations.deallocate()
            generations = newGenerations
            let newFree = UnsafeMutablePointer<Int32>.allocate(capacity: larger)
            newFree.initialize(from: free, count: freeCount)
            free.deallocate()
            free = newFree
            size = larger
        }

        deinit {
            records.deinitialize(count: used)
            records.deallocate()
            generations.deallocate()
            free.deallocate()
        }
    }
}
