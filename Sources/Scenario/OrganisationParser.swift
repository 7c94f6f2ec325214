import CloudModel
import SimKernel
import Yams

/// A runtime delivery's `organisation`: teams, their developers, their changes and what the
/// teams own.
extension NodeReader {
    /// The organisation: teams own services or deployables by name (`ownable`, nil when
    /// unreadable); one nobody owns simply gets no changes.
    func organisation(_ node: Node, ownable: [String]?) -> OrganisationSpec? {
        let expected = "a mapping with `change_rate:`, `bad_change_probability:` and `teams:`"
        guard let mapping = mapping(node, what: "`organisation`", expected: expected) else { return nil }
        let fields = fields(
            of: node, mapping, place: "`organisation`",
            allowed: ["change_rate", "bad_change_probability", "fix_time", "teams"])
        let changeRate = required("change_rate", in: fields).flatMap { rate($0, key: "change_rate") }
        let bad = required("bad_change_probability", in: fields).flatMap { ratio($0, key: "bad_change_probability") }
        let fixTime = optional("fix_time", in: fields, default: .constant(3_600)) { distribution($0, key: "fix_time") }
        let teamEntries = required("teams", in: fields).flatMap {
            namedEntries($0, key: "teams", expected: "a mapping of team names to their `developers:` and `services:`")
        }
        let teams = teamEntries?.map { team($0, ownable: ownable) }
        if let teams, !teams.contains(where: { $0 == nil }) { checkOwnership(teams.compactMap { $0 }) }
        guard let changeRate, let bad, let fixTime, let teams, !teams.contains(where: { $0 == nil }) else { return nil }
        return OrganisationSpec(
            changeRate: changeRate, badChangeProbability: bad, fixTime: fixTime, teams: teams.compactMap { $0?.spec })
    }

    /// A team: it owns services or deployables, listed under `services:` (or, as before,
    /// `deployables:`).
    private func team(_ entry: Entry, ownable: [String]?) -> (spec: TeamSpec, nodes: [Node])? {
        let name = name(entry.key, what: "a team name")
        let place = "team `\(entry.name)`"
        let kind = "service or deployable"
        guard let mapping = mapping(entry.value, what: place, expected: "a mapping with `developers:` and `services:`")
        else { return nil }
        let fields = fields(of: entry.value, mapping, place: place, allowed: ["developers", "services", "deployables"])
        let developers = required("developers", in: fields).flatMap { wholeNumber($0, key: "developers", atLeast: 1) }
        let listKey = fields["services"] == nil && fields["deployables"] != nil ? "deployables" : "services"
        if fields["services"] != nil, let both = fields["deployables"] {
            report(
                "team `\(entry.name)` lists `services:` and `deployables:`; name both kinds in `services:`", at: both)
        }
        let listNode = required(listKey, in: fields)
        let owned = listNode.flatMap {
            distinctNames($0, key: listKey, expected: "a non-empty list of \(kind) names", allowingEmpty: false) {
                reference($0, key: listKey, kind: kind, among: ownable)
            }
        }
        guard let name, let developers, let owned, let items = listNode?.sequence else { return nil }
        return (TeamSpec(name: name, developers: developers, services: owned), Array(items))
    }

    /// Every service or deployable owned by one team at most: a second owner is reported at its
    /// list item.
    private func checkOwnership(_ teams: [(spec: TeamSpec, nodes: [Node])]) {
        let kind = "service or deployable"
        var owner: [String: String] = [:]
        for team in teams {
            for (service, node) in zip(team.spec.services, team.nodes) {
                if let first = owner[service] {
                    report(
                        "\(kind) `\(service)` is owned by team `\(first)` already; one team owns a \(kind)", at: node)
                } else {
                    owner[service] = team.spec.name
                }
            }
        }
    }
}
