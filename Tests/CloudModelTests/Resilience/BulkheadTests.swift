import Testing

@testable import CloudModel

@Suite("Bulkhead")
struct BulkheadTests {
    @Test("admits up to the limit, rejects and counts the rest, frees places on release")
    func accounting() {
        var bulkhead = Bulkhead(limit: 2)
        #expect(bulkhead.tryAcquire() == true)
        #expect(bulkhead.tryAcquire() == true)
        #expect(bulkhead.tryAcquire() == false)
        #expect(bulkhead.tryAcquire() == false)
        #expect(bulkhead.inFlight == 2)
        #expect(bulkhead.rejected == 2)
        bulkhead.release()
        #expect(bulkhead.inFlight == 1)
        #expect(bulkhead.tryAcquire() == true)
        #expect(bulkhead.tryAcquire() == false)
        bulkhead.release()
        bulkhead.release()
        #expect(bulkhead.inFlight == 0)
        #expect(bulkhead.rejected == 3)
    }

    @Test("a zero limit rejects every call")
    func zero() {
        var bulkhead = Bulkhead(limit: 0)
        #expect(bulkhead.tryAcquire() == false)
        #expect(bulkhead.inFlight == 0)
        #expect(bulkhead.rejected == 1)
    }
}
