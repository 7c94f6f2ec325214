import Foundation
import SimKernel

/// Numbers, times, rates and distributions in words a person reads aloud: "8 h 20 min",
/// "250 ms", "0.8/s", "exponential, mean 5 ms".
enum Wording {
    /// A number with at most four significant digits and no trailing zeros: 0.8, 1.25, 30000.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "undefined" }
        if value.isInfinite { return value > 0 ? "infinite" : "minus infinite" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.4g", value)
        if text.contains("."), !text.contains("e") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// A simulated time [ns].
    static func time(_ nanoseconds: SimTime) -> String {
        seconds(Double(nanoseconds) / Double(SimTime.nanosecondsPerSecond))
    }

    /// A duration [s] in the largest fitting units: "250 ms", "1.5 s", "2 min 20 s", "8 h 20 min",
    /// "14 d"; from a minute up, rounded to whole seconds, and from two days up to days and hours.
    static func seconds(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude == 0 { return "0 s" }
        if magnitude < 1e-3 { return number(value * 1e6) + " µs" }
        if magnitude < 1 { return number(value * 1e3) + " ms" }
        if magnitude < 60 { return number(value) + " s" }
        let sign = value < 0 ? "-" : ""
        let whole = Int(magnitude.rounded())
        let parts: [(Int, String)]
        if whole >= 2 * 86_400 {
            parts = [(whole / 86_400, "d"), ((whole % 86_400 + 1800) / 3600 % 24, "h")]
        } else {
            parts = [(whole / 3600, "h"), (whole % 3600 / 60, "min"), (whole % 60, "s")]
        }
        return sign + parts.filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }.joined(separator: " ")
    }

    /// A rate [1/s]: "0.8/s".
    static func rate(_ perSecond: Double) -> String {
        number(perSecond) + "/s"
    }

    /// "1 instance", "3 instances".
    static func count(_ value: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(value) " + (value == 1 ? singular : plural ?? singular + "s")
    }

    /// A time distribution in words, with its mean.
    static func distribution(_ distribution: Distribution) -> String {
        switch distribution {
        case .constant(let value): return "always " + seconds(value)
        case .uniform(let min, let max): return "uniform between \(seconds(min)) and \(seconds(max))"
        case .exponential(let mean): return "exponential, mean \(seconds(mean))"
        case .normal(let mean, let stddev): return "normal, mean \(seconds(mean)), standard deviation \(seconds(stddev))"
        case .lognormal(let mu, let sigma):
            return "lognormal, median \(seconds(exp(mu))), mean \(seconds(distribution.mean)) (sigma \(number(sigma)))"
        case .gamma(let shape, let scale):
            return "gamma, shape \(number(shape)), scale \(seconds(scale)), mean \(seconds(distribution.mean))"
        case .weibull(let shape, let scale):
            return "Weibull, shape \(number(shape)), scale \(seconds(scale)), mean \(seconds(distribution.mean))"
        case .pareto(let shape, let scale):
            let mean = distribution.mean.isFinite ? "mean \(seconds(distribution.mean))" : "no finite mean"
            return "Pareto, shape \(number(shape)), minimum \(seconds(scale)), \(mean)"
        case .empirical(let values):
            return "one of \(values.count) observed values, mean \(seconds(distribution.mean))"
        }
    }

    /// A time distribution in a few words: its value when constant, else its mean.
    static func short(_ distribution: Distribution) -> String {
        if case .constant(let value) = distribution { return seconds(value) }
        return "mean " + seconds(distribution.mean)
    }

    /// Short phrases joined by " · " into lines of at most `width` characters where they fit:
    /// "timeout 500 ms · breaker · fallback".
    static func wrap(_ phrases: [String], width: Int = 36) -> [String] {
        var lines: [String] = []
        for phrase in phrases {
            if let last = lines.last, last.count + 3 + phrase.count <= width {
                lines[lines.count - 1] = last + " · " + phrase
            } else {
                lines.append(phrase)
            }
        }
        return lines
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        guard let last = items.last else { return "none" }
        return items.count == 1 ? last : items.dropLast().joined(separator: ", ") + " and " + last
    }

    /// A probability as a percentage: "50%", "0.1%".
    static func percent(_ ratio: Double) -> String {
        number(ratio * 100) + "%"
    }
}
