import SimKernel
import Testing

@testable import CloudModel

@Suite("Retry budget")
struct RetryBudgetTests {
    let second = SimTime.nanosecondsPerSecond

    /// Retries the budget allows at `time`, recording each one.
    func retriesAllowed(_ budget: inout RetryBudget, at time: SimTime) -> Int {
        var allowed = 0
        while budget.canRetry(at: time) {
            budget.recordRetry(at: time)
            allowed += 1
        }
        return allowed
    }

    @Test("20 % of 100 first attempts allows 20 retries and refuses the 21st")
    func refusesOverBudget() {
        var budget = RetryBudget(budget: 0.2)
        for _ in 0..<100 { budget.recordFirstAttempt(at: 0) }
        #expect(retriesAllowed(&budget, at: 0) == 20)
        #expect(budget.canRetry(at: 0) == false)
    }

    /// In floating point each of these products is a little above 7.
    @Test(
        "shares that floating point cannot hold exactly still give whole retries",
        arguments: [(0.07, 100, 7), (0.14, 50, 7), (0.28, 25, 7)])
    func exactShares(share: Double, firstAttempts: Int, retries: Int) {
        var budget = RetryBudget(budget: share)
        for _ in 0..<firstAttempts { budget.recordFirstAttempt(at: 0) }
        #expect(retriesAllowed(&budget, at: 0) == retries)
    }

    @Test("a fractional allowance rounds up: retries so far < budget × first attempts")
    func fractionalAllowance() {
        var budget = RetryBudget(budget: 0.2)
        budget.recordFirstAttempt(at: 0)
        #expect(retriesAllowed(&budget, at: 0) == 1)
    }

    @Test("no first attempts, no retries; a zero budget never retries")
    func empty() {
        var budget = RetryBudget(budget: 0.2)
        #expect(budget.canRetry(at: 0) == false)
        var none = RetryBudget(budget: 0)
        for _ in 0..<100 { none.recordFirstAttempt(at: 0) }
        #expect(none.canRetry(at: 0) == false)
    }

    @Test("the budget recovers as the 10 s window rolls")
    func recovers() {
        var budget = RetryBudget(budget: 0.2)
        for _ in 0..<100 { budget.recordFirstAttempt(at: 0) }
        #expect(retriesAllowed(&budget, at: 0) == 20)
        // New traffic at 5 s adds its own allowance on top of the spent one.
        for _ in 0..<50 { budget.recordFirstAttempt(at: 5 * second) }
        #expect(retriesAllowed(&budget, at: 5 * second) == 10)
        // At 10 s the first second (100 first attempts, 20 retries) has rolled out.
        #expect(budget.canRetry(at: 10 * second - 1) == false)
        #expect(budget.canRetry(at: 10 * second) == false)
        for _ in 0..<50 { budget.recordFirstAttempt(at: 10 * second) }
        #expect(retriesAllowed(&budget, at: 10 * second) == 10)
        // At 15 s only the 50 first attempts of 10 s remain, with their 10 retries.
        #expect(budget.canRetry(at: 15 * second) == false)
        #expect(budget.canRetry(at: 20 * second - 1) == false)
        for _ in 0..<5 { budget.recordFirstAttempt(at: 20 * second) }
        #expect(retriesAllowed(&budget, at: 20 * second) == 1)
    }
}
