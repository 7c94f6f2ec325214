/// Storage for records laid out on cache lines: each record takes a power of two of bytes up to
/// a line (a 56-byte record takes 64) or whole lines beyond, from a line-aligned start, so no
/// record straddles a line it need not. Reading a 56-byte record is then one cache miss, not
/// two three times in four. Uninitialised until a record is put in; `SlotPool` and `SharedTable`
/// keep track of which are.
struct LineAlignedRecords<Record> {
    static var lineBytes: Int { 64 }

    /// Bytes from one record to the next.
    @inline(__always) static var recordBytes: Int {
        let stride = Swift.max(1, MemoryLayout<Record>.stride)
        if stride >= lineBytes { return (stride + lineBytes - 1) / lineBytes * lineBytes }
        return stride == 1 ? 1 : 1 << (Int.bitWidth - (stride - 1).leadingZeroBitCount)
    }

    let base: UnsafeMutableRawPointer

    init(capacity: Int) {
        base = .allocate(byteCount: Swift.max(1, capacity) * Self.recordBytes, alignment: Self.lineBytes)
    }

    /// Record `index`, which must have been initialised to be read.
    @inline(__always)
    func record(_ index: Int) -> UnsafeMutablePointer<Record> {
        (base + index &* Self.recordBytes).assumingMemoryBound(to: Record.self)
    }

    @inline(__always)
    func initialize(_ index: Int, to record: Record) {
        (base + index &* Self.recordBytes).initializeMemory(as: Record.self, repeating: record, count: 1)
    }

    /// Storage for `capacity` records holding this one's first `count`, moved; this one is freed.
    func moved(toCapacity capacity: Int, count: Int) -> LineAlignedRecords {
        let larger = LineAlignedRecords(capacity: capacity)
        for index in 0..<count {
            let place = larger.base + index &* Self.recordBytes
            place.moveInitializeMemory(as: Record.self, from: record(index), count: 1)
        }
        deallocate()
        return larger
    }

    func deinitialize(count: Int) {
        for index in 0..<count { record(index).deinitialize(count: 1) }
    }

    func deallocate() { base.deallocate() }
}
