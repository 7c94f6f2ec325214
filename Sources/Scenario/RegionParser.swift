import CloudModel
import SimKernel
import Yams

/// Where a runtime runs: one region (`region:` with `zones:`) or several (`regions:`, each with
/// its zones and its share of the users).
extension NodeReader {
    /// The runtime's regions from its fields: `regions`, or `region` with `zones`. Zones are every
    /// region's, in file order; `regions` is empty for one region given the old way. Each part
    /// is nil when it could not be read (reported), so that zones still check references when
    /// the region's name is wrong.
    func runtimeRegions(
        _ fields: Fields, defaultRegion: String
    ) -> (region: String?, zones: [String]?, regions: [RegionSpec]?) {
        guard let regionsNode = fields["regions"] else {
            let region = optional("region", in: fields, default: defaultRegion) { name($0, what: "`region`") }
            let zones = required("zones", in: fields).flatMap(zoneNames)
            return (region, zones, [])
        }
        var clash = false
        for key in ["region", "zones"] {
            guard let node = fields[key] else { continue }
            report(
                "`\(key)` cannot be given with `regions`: each region lists its own zones; "
                    + "give `regions` or `region` with `zones`", at: node)
            clash = true
        }
        guard let regions = regionList(regionsNode), !clash else { return (nil, nil, nil) }
        return (regions[0].name, regions.flatMap(\.zones), regions)
    }

    /// `regions`: a mapping of region names to `{zones: [...], traffic: 60%}`. Zone names are
    /// unique across regions; `traffic` shares sum to 100%, regions without one sharing what the
    /// others leave equally.
    private func regionList(_ node: Node) -> [RegionSpec]? {
        let expected = "a mapping of region names to their zones, like `us-east-1: {zones: [us-east-1a, us-east-1b]}`"
        guard let entries = namedEntries(node, key: "regions", expected: expected) else { return nil }
        var zoneGiven: [String: (region: String, node: Node)] = [:]
        var parsed: [(name: String, zones: [String], traffic: Double?, node: Node)?] = []
        for entry in entries {
            let name = name(entry.key, what: "a region name")
            let place = "region `\(entry.name)`"
            guard let mapping = mapping(entry.value, what: place, expected: "a mapping with `zones:` and `traffic:`") else {
                parsed.append(nil)
                continue
            }
            let fields = fields(of: entry.value, mapping, place: place, allowed: ["zones", "traffic"])
            var zones = required("zones", in: fields).flatMap(zoneNames)
            if let names = zones, case .sequence(let items) = fields["zones"]! {
                for (zone, item) in zip(names, items) {
                    if let first = zoneGiven[zone] {
                        let at = first.node.mark.map { " (given at \($0.line):\($0.column))" } ?? ""
                        report(
                            "zone `\(zone)` is already in region `\(first.region)`\(at); zone names are unique "
                                + "across regions", at: item)
                        zones = nil
                    } else {
                        zoneGiven[zone] = (entry.name, item)
                    }
                }
            }
            let traffic = optionalSetting("traffic", in: fields) { percentage($0, key: "traffic") }
            guard let name, let zones, let traffic else {
                parsed.append(nil)
                continue
            }
            parsed.append((name, zones, traffic, fields["traffic"] ?? entry.key))
        }
        guard !parsed.contains(where: { $0 == nil }) else { return nil }
        let regions = parsed.compactMap { $0 }
        let given = regions.compactMap(\.traffic).reduce(0, +)
        let unstated = regions.filter { $0.traffic == nil }.count
        let tolerance = 1e-9
        if given > 1 + tolerance || (unstated == 0 && abs(given - 1) > tolerance) {
            let shares = regions.compactMap { region in region.traffic.map { "`\(region.name)` \(Self.percent($0))" } }
            report(
                "`traffic` of the regions expects shares summing to 100%, found \(Self.percent(given)) "
                    + "(\(shares.joined(separator: ", ")))", at: node)
            return nil
        }
        let rest = unstated == 0 ? 0 : max(0, 1 - given) / Double(unstated)
        return regions.map { RegionSpec(name: $0.name, zones: $0.zones, traffic: $0.traffic ?? rest) }
    }

    /// A share written as a percentage (`60%`) or a ratio (`0.6`).
    func percentage(_ node: Node, key: String) -> Double? {
        let expected = "a percentage from 0% to 100%, like `60%`, or a ratio from 0 to 1"
        guard let text = scalarText(node, key: key, expected: expected) else { return nil }
        let value = text.hasSuffix("%") ? Units.number(String(text.dropLast())).map { $0 / 100 } : Units.number(text)
        guard let value, (0...1).contains(value) else {
            report("`\(key)` expects \(expected), found \(found(node))", at: node)
            return nil
        }
        return value
    }

    /// `0.6` as `60%`, for messages.
    private static func percent(_ ratio: Double) -> String {
        let value = (ratio * 100 * 1e6).rounded() / 1e6
        return value == value.rounded() ? "\(Int(value))%" : "\(value)%"
    }
}
