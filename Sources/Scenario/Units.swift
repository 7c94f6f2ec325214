/// Durations, rates and plain numbers as scenario files write them: `2m20s`, `50/s`, `1.5`.
///
/// Only the text is looked at, never YAML's own typing, so `10` and `"10"` read the same.
enum Units {
    /// Why a text is not a duration.
    enum DurationProblem: Error, Equatable {
        /// Not of the form `<number><unit>…` (a bare number other than 0 included).
        case notADuration
        /// A well-formed duration with a leading minus sign.
        case negative
    }

    /// Why a text is not a rate.
    enum RateProblem: Error, Equatable {
        /// Not of the form `<number>/<unit>`.
        case notARate
        /// A well-formed rate of zero or less.
        case notPositive
    }

    /// Duration units, largest first, with their length [ns]. A duration names each at most
    /// once, in this order: `1h30m`, never `30m1h`.
    static let durationUnits: [(names: [String], nanoseconds: Double)] = [
        (["w"], 604_800e9), (["d"], 86_400e9), (["h"], 3_600e9), (["m"], 60e9), (["s"], 1e9),
        (["ms"], 1e6), (["us", "µs", "μs"], 1e3), (["ns"], 1),
    ]

    /// Rate units (the period after the slash) with their length [s].
    static let rateUnits: [(name: String, seconds: Double)] = [
        ("ms", 0.001), ("s", 1), ("min", 60), ("h", 3_600), ("d", 86_400), ("w", 604_800),
    ]

    /// The length of a duration such as `2m20s` or `0.25ms` [ns]; a bare `0` is zero.
    ///
    /// Nanoseconds rather than seconds so that whole units add up exactly; divide by 1e9
    /// for seconds (`250ms` then gives exactly 0.25).
    static func duration(_ text: String) -> Result<Double, DurationProblem> {
        if text.hasPrefix("-") {
            let magnitude = duration(String(text.dropFirst()))
            return .failure((try? magnitude.get()) == nil ? .notADuration : .negative)
        }
        if let bare = decimal(Substring(text)) {
            return bare == 0 ? .success(0) : .failure(.notADuration)
        }
        var rest = Substring(text)
        var total = 0.0
        var previousRank = -1
        while !rest.isEmpty {
            let digits = rest.prefix(while: isDecimalCharacter)
            rest = rest.dropFirst(digits.count)
            let unit = String(rest.prefix { !isDecimalCharacter($0) })
            rest = rest.dropFirst(unit.count)
            guard let value = decimal(digits),
                let rank = durationUnits.firstIndex(where: { $0.names.contains(unit) }),
                rank > previousRank
            else { return .failure(.notADuration) }
            total += value * durationUnits[rank].nanoseconds
            previousRank = rank
        }
        return previousRank < 0 ? .failure(.notADuration) : .success(total)
    }

    /// Events per second of a rate such as `50/s` or `3000/min` [1/s].
    static func rate(_ text: String) -> Result<Double, RateProblem> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = number(String(parts[0])),
            let period = rateUnits.first(where: { $0.name == parts[1] })?.seconds
        else { return .failure(.notARate) }
        return count > 0 ? .success(count / period) : .failure(.notPositive)
    }

    /// A finite decimal number, optionally signed and with an exponent: `3`, `-0.5`, `1e-3`.
    static func number(_ text: String) -> Double? {
        var rest = Substring(text)
        if let sign = rest.first, sign == "+" || sign == "-" { rest = rest.dropFirst() }
        let mantissa = rest.prefix(while: isDecimalCharacter)
        rest = rest.dropFirst(mantissa.count)
        guard decimal(mantissa) != nil else { return nil }
        if let e = rest.first {
            guard e == "e" || e == "E" else { return nil }
            var exponent = rest.dropFirst()
            if let sign = exponent.first, sign == "+" || sign == "-" { exponent = exponent.dropFirst() }
            guard !exponent.isEmpty, exponent.allSatisfy(isDigit) else { return nil }
        }
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// An unsigned decimal `12` or `12.5` (digits on both sides of the point).
    private static func decimal(_ text: Substring) -> Double? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count),
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isDigit) })
        else { return nil }
        return Double(text).flatMap { $0.isFinite ? $0 : nil }
    }

    private static func isDigit(_ character: Character) -> Bool {
        character.isASCII && character.isWholeNumber
    }

    private static func isDecimalCharacter(_ character: Character) -> Bool {
        isDigit(character) || character == "."
    }
}
