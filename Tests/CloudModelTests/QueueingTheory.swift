import Foundation

/// Closed forms the simulations are checked against.
enum QueueingTheory {
    /// Erlang C: probability that an arrival waits in M/M/c with offered load a = lambda/mu.
    static func erlangC(servers c: Int, offeredLoad a: Double) -> Double {
        let rho = a / Double(c)
        var term = 1.0  // a^k / k!
        var sum = 0.0
        for k in 0..<c {
            sum += term
            term *= a / Double(k + 1)
        }
        let last = term / (1 - rho)
        return last / (sum + last)
    }

    /// Mean waiting time in queue of M/M/c [s].
    static func mmcWaiting(arrivalRate lambda: Double, serviceRate mu: Double, servers c: Int) -> Double {
        erlangC(servers: c, offeredLoad: lambda / mu) / (Double(c) * mu - lambda)
    }

    /// Blocking probability of M/M/1/K (K = total places, in service plus waiting).
    static func mm1kBlocking(rho: Double, places k: Int) -> Double {
        (1 - rho) * pow(rho, Double(k)) / (1 - pow(rho, Double(k + 1)))
    }
}
