/// "Did you mean" hints for misspelt keys, names and choices.
public enum Suggestions {
    /// The candidate closest to `word`, if it is close enough to be a likely typo (at most
    /// two edits away, or at most a third of `word`'s length for long words, and keeping some of
    /// `word`: zone `c` is no typo of zone `a`) or an abbreviation (`word`, of three characters
    /// or more, starts the candidate). Ties go to the earlier candidate.
    ///
    /// - Complexity: O(*n* · *m* · *k*) for *k* candidates of length *m* and a word of length *n*.
    public static func nearest(to word: String, in candidates: [String]) -> String? {
        guard word.utf8.count <= DocumentLimits.maximumSuggestedWordLength else { return nil }
        let limit = max(2, word.count / 3)
        var best: (candidate: String, distance: Int)?
        let length = word.count
        for candidate in candidates {
            let isAbbreviation = length >= 3 && candidate.hasPrefix(word)
            // Lengths further apart than `limit` are no typo, and an abbreviation is exactly its
            // missing characters away: the full distance is worked out only when it can matter.
            let lengthGap = abs(candidate.count - length)
            guard isAbbreviation || lengthGap <= limit else { continue }
            let distance = isAbbreviation ? lengthGap : editDistance(word, candidate)
            let isTypo = distance <= limit && distance < length
            let isClose = isTypo || isAbbreviation
            if isClose, distance < best?.distance ?? Int.max {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// Levenshtein distance: the fewest single-character insertions, deletions and
    /// substitutions that turn `a` into `b`.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, characterOfA) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, characterOfB) in b.enumerated() {
                let substitution = previous[j] + (characterOfA == characterOfB ? 0 : 1)
                current[j + 1] = min(substitution, previous[j + 1] + 1, current[j] + 1)
            }
            previous = current
        }
        return previous[b.count]
    }

    /// `` `a` ``, `` `a` or `b` ``, `` `a`, `b` or `c` ``: names in backticks, for messages.
    static func list(_ names: [String], conjunction: String = "or") -> String {
        let quoted = names.map { "`\($0)`" }
        guard let last = quoted.last else { return "none" }
        guard quoted.count > 1 else { return last }
        return quoted.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }

    /// "did you mean `x`?" when a candidate is close to `word`, otherwise `otherwise`
    /// (which usually lists the candidates).
    static func hint(for word: String, in candidates: [String], otherwise: @autoclosure () -> String) -> String {
        if let near = nearest(to: word, in: candidates) {
            return "did you mean `\(near)`?"
        }
        return otherwise()
    }
}
