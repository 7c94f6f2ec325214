import Foundation
import SimKernel

/// Draws the key of a client operation from 0 ..< keys: every key equally likely, or by Zipf's
/// law over popularity ranks, with the ranks scattered over the key space.
///
/// Memory: nothing for uniform keys; 8 bytes per key for Zipf (8 MB for a million keys), the
/// cumulative weights of the ranks.
/// - Complexity: O(1) per uniform draw; O(log keys) per Zipf draw; O(keys) to build for Zipf.
struct KeySampler {
    /// Distinct keys [count].
    let keys: Int
    /// Zipf only: the weight of ranks 1 ... i + 1 at index i, where rank k weighs 1 / k^s;
    /// empty for uniform keys.
    private let cumulativeWeights: [Double]
    /// Zipf only: the key of 0-based rank r is (r × rankStride) mod keys.
    ///
    /// Coprime to `keys`, so ranks map to keys one to one. Close to keys / golden ratio, so
    /// consecutive ranks land far apart and the hottest ranks spread almost evenly over the key
    /// range (the three-gap theorem). The ring hashes keys anyway; the scatter keeps key ids
    /// free of rank order for anything that groups keys by id.
    let rankStride: Int

    init(distribution: KeyDistribution, keys: Int) {
        precondition(keys >= 1, "a workload needs at least one key")
        self.keys = keys
        switch distribution {
        case .uniform:
            cumulativeWeights = []
            rankStride = 1
        case .zipf(let exponent):
            precondition(exponent.isFinite && exponent >= 0, "a Zipf exponent is finite and not negative")
            // Ranks times the stride must fit in an Int.
            precondition(keys <= Int(Int32.max), "Zipf keys are limited to 2^31 - 1")
            var weights = [Double](repeating: 0, count: keys)
            var total = 0.0
            for rank in 1...keys {
                total += pow(Double(rank), -exponent)
                weights[rank - 1] = total
            }
            cumulativeWeights = weights
            rankStride = Self.coprimeStride(keys: keys)
        }
    }

    /// The key of the next operation.
    /// - Complexity: O(1) for uniform keys, O(log keys) for Zipf; no allocation.
    func next(_ stream: RandomStream) -> Int {
        if cumulativeWeights.isEmpty { return stream.integer(below: keys) }
        // u < 1, so the target never exceeds the last weight and some rank always matches.
        return key(at: stream.uniform())
    }

    /// The key at `u` in [0, 1) on the distribution's cumulative scale: the same `u` gives the
    /// same key in every sampler with the same distribution and key count (a request's key
    /// shared by its calls).
    /// - Complexity: O(1) for uniform keys, O(log keys) for Zipf.
    func key(at u: Double) -> Int {
        if cumulativeWeights.isEmpty { return min(Int(u * Double(keys)), keys - 1) }
        let target = u * cumulativeWeights[keys - 1]
        var low = 0
        var high = keys - 1
        while low < high {
            let middle = (low + high) >> 1
            if cumulativeWeights[middle] < target { low = middle + 1 } else { high = middle }
        }
        return key(ofRank: low)
    }

    /// The key of the 0-based popularity rank `rank` (uniform keys: the rank itself).
    func key(ofRank rank: Int) -> Int { rank * rankStride % keys }

    /// The integer nearest keys / golden ratio, or the next one up that shares no factor with keys.
    private static func coprimeStride(keys: Int) -> Int {
        var stride = max(1, Int((Double(keys) * 0.618_033_988_749_895).rounded()))
        while greatestCommonDivisor(stride, keys) != 1 { stride += 1 }
        return stride
    }

    private static func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}
