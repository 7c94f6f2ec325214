/// A growable table of records that a copy shares, as `SlotPool`'s records are.
///
/// The model's tables that its handlers write several times an event (instances, their loads,
/// deployables, per-service statistics) are kept in one: writing a record is a store, without
/// the uniqueness check, a runtime call, that an array's copy-on-write makes before every
/// write. Models own their tables and are never copied while they run; a figure that must be
/// kept as it was at some moment is copied out (`Array(table)`).
/// - Complexity: O(1) to read or write a record; amortised O(1) to append.
struct SharedTable<Element>: RandomAccessCollection, MutableCollection, ExpressibleByArrayLiteral {
    private let storage: Storage

    init() { storage = Storage() }

    init<Records: Sequence>(_ records: Records) where Records.Element == Element {
        storage = Storage()
        for record in records { append(record) }
    }

    init(arrayLiteral records: Element...) { self.init(records) }

    @inline(__always) var startIndex: Int { 0 }
    @inline(__always) var endIndex: Int { storage.count }

    subscript(index: Int) -> Element {
        @inline(__always) get {
            precondition(index >= 0 && index < storage.count, "record index out of range")
            return storage.records.record(index).pointee
        }
        @inline(__always) nonmutating set {
            precondition(index >= 0 && index < storage.count, "record index out of range")
            storage.records.record(index).pointee = newValue
        }
        @inline(__always) nonmutating _modify {
            precondition(index >= 0 && index < storage.count, "record index out of range")
            yield &storage.records.record(index).pointee
        }
    }

    /// Adds a record at the end (all copies see it).
    func append(_ record: Element) {
        if storage.count == storage.size { storage.grow() }
        storage.records.initialize(storage.count, to: record)
        storage.count += 1
    }

    final class Storage {
        @exclusivity(unchecked) var records: LineAlignedRecords<Element>
        @exclusivity(unchecked) var count = 0
        var size = 0

        init() { records = LineAlignedRecords(capacity: 0) }

        /// Doubles the room (at least 16 records), moving the records.
        func grow() {
            let larger = Swift.max(16, size * 2)
            records = records.moved(toCapacity: larger, count: count)
            size = larger
        }

        deinit {
            records.deinitialize(count: count)
            records.deallocate()
        }
    }
}
