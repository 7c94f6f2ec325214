import Yams

/// Turns YAML text into a node tree, keeping repeated keys so that the loader can report
/// them in place along with every other problem in the file.
///
/// Yams rejects a whole document at its first repeated key, naming the key and where one of
/// its occurrences starts. Each occurrence so named is masked in the text by a stand-in of the
/// same length in Unicode scalars, so every mark in the file stays where it was, and the text
/// is composed again; at the end the stand-ins in the tree are turned back into the real keys.
enum DocumentComposer {
    /// What composing a text gave.
    enum Outcome {
        /// The root node of the (single) document.
        case document(Node)
        /// No document at all: an empty file, or only comments.
        case empty
        /// Not YAML, or YAML that cannot be read further: where, and why.
        case invalid(line: Int, column: Int, message: String)
    }

    static func compose(_ yaml: String) -> Outcome {
        var masking = KeyMasking(yaml)
        var repeats = 0
        let maximumRepeats = DocumentLimits.maximumRepeatedKeys(bytes: yaml.utf8.count)
        while true {
            do {
                // No tag resolution: the readers look at a scalar's text alone, and resolving
                // tags runs a few regular expressions on every scalar, most of composing's time.
                guard let root = try Yams.compose(yaml: masking.text, .basic) else { return .empty }
                if let place = DocumentLimits.placeOfExpansionPastLimit(root) {
                    let message =
                        "the document holds more than \(DocumentLimits.maximumNodes) values once its aliases are "
                        + "expanded (the limit); write the values out or use fewer aliases"
                    return .invalid(line: place.line, column: place.column, message: message)
                }
                do {
                    return .document(try MergeKeys.expand(document: masking.restore(root)))
                } catch {
                    return .invalid(line: error.line, column: error.column, message: error.message)
                }
            } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
                let key = duplicates.first ?? ""
                repeats += 1
                if repeats > maximumRepeats {
                    let mark = context.mark
                    let message =
                        "duplicate key `\(key)` in this mapping (more than \(maximumRepeats) "
                        + "repeated keys in the file; remove these first)"
                    return .invalid(line: mark.line, column: mark.column, message: message)
                }
                if !masking.mask(key, at: context.mark) {
                    let mark = context.mark
                    let message = "duplicate key `\(key)` in this mapping"
                    return .invalid(line: mark.line, column: mark.column, message: message)
                }
            } catch {
                return invalid(error)
            }
        }
    }

    /// The position and text of a Yams error.
    private static func invalid(_ error: Error) -> Outcome {
        switch error as? YamlError {
        case .scanner(let context, let problem, let mark, _)?,
            .parser(let context, let problem, let mark, _)?,
            .composer(let context, let problem, let mark, _)?:
            return .invalid(line: mark.line, column: mark.column, message: "invalid YAML: " + explain(problem, context))
        case .reader(let problem, let offset, _, let yaml)?:
            let (line, column) = position(ofCharacter: offset ?? 0, in: yaml)
            return .invalid(line: line, column: column, message: "invalid YAML: \(problem)")
        default:
            return .invalid(line: 1, column: 1, message: "invalid YAML: \(error)")
        }
    }

    /// libyaml's problem with its context: "could not find expected ':' (while scanning a
    /// simple key at 6:3)", or "expected a single document in the stream, but found another
    /// document" when the problem reads as the second half of a sentence.
    private static func explain(_ problem: String, _ context: YamlError.Context?) -> String {
        guard let context else { return problem }
        if problem.hasPrefix("but ") { return "\(context.text), \(problem)" }
        return "\(problem) (\(context.text) at \(context.mark.line):\(context.mark.column))"
    }

    /// 1-based line and column (in Unicode scalars) of the character at `offset`.
    private static func position(ofCharacter offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for character in text.prefix(offset) {
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        return (line, column)
    }
}

/// The text being composed, with some keys masked by stand-ins.
private struct KeyMasking {
    private var scalars: [Unicode.Scalar]
    /// Stand-in → the key it masks.
    private var originals: [String: String] = [:]
    /// Private-use scalars absent from the file: the alphabet of stand-ins. Worked out only
    /// when a file repeats a key.
    private lazy var alphabet: [Unicode.Scalar] = {
        let used = Set(scalars)
        return (0xE000...0xF8FF).compactMap(Unicode.Scalar.init).filter { !used.contains($0) }
    }()

    init(_ yaml: String) {
        scalars = Array(yaml.unicodeScalars)
    }

    var text: String { String(String.UnicodeScalarView(scalars)) }

    /// Masks the scalar key `key` starting at `mark`; false if that is not possible (the text
    /// there is not `key` verbatim, the key is empty, or it is itself a stand-in).
    mutating func mask(_ key: String, at mark: Mark) -> Bool {
        let keyScalars = Array(key.unicodeScalars)
        guard originals[key] == nil, !keyScalars.isEmpty, var start = offset(of: mark) else { return false }
        if scalars[start] == "\"" || scalars[start] == "'" { start += 1 }
        let range = start..<(start + keyScalars.count)
        guard range.upperBound <= scalars.count, Array(scalars[range]) == keyScalars,
            let standIn = standIn(number: originals.count, length: keyScalars.count)
        else { return false }
        scalars.replaceSubrange(range, with: standIn.unicodeScalars)
        originals[standIn] = key
        return true
    }

    /// `node` with every stand-in turned back into its key; marks, tags and styles kept.
    func restore(_ node: Node) -> Node {
        guard !originals.isEmpty else { return node }
        switch node {
        case .scalar(let scalar):
            guard let key = originals[scalar.string] else { return node }
            return .scalar(Node.Scalar(key, scalar.tag, scalar.style, scalar.mark))
        case .mapping(let mapping):
            let pairs = mapping.map { (restore($0.key), restore($0.value)) }
            return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
        case .sequence(let sequence):
            return .sequence(Node.Sequence(sequence.map(restore), sequence.tag, sequence.style, sequence.mark))
        case .alias:
            return node
        }
    }

    /// The `number`th stand-in of `length` scalars: `number` written in base `alphabet.count`.
    private mutating func standIn(number: Int, length: Int) -> String? {
        guard !alphabet.isEmpty else { return nil }
        var digits = String.UnicodeScalarView()
        var rest = number
        for _ in 0..<length {
            digits.append(alphabet[rest % alphabet.count])
            rest /= alphabet.count
        }
        return rest == 0 ? String(digits) : nil
    }

    /// Index in `scalars` of a mark, counting lines the way libyaml does.
    private func offset(of mark: Mark) -> Int? {
        var index = scalars.first == "\u{FEFF}" ? 1 : 0
        var line = 1
        while line < mark.line, index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if scalar == "\r", index < scalars.count, scalars[index] == "\n" { index += 1 }
            if ["\r", "\n", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar) { line += 1 }
        }
        let offset = index + mark.column - 1
        return line == mark.line && offset < scalars.count ? offset : nil
    }
}
