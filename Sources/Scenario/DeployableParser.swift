import CloudModel
import Yams

/// `deployables`: which services ship and run together. A deployable takes the instance-group
/// settings a service on its own has; the services it packages keep `error_probability` only.
extension NodeReader {
    /// A deployable of `runtime`: its `services` (among `services`, nil when they could not be
    /// read) and its instance group over `zones`.
    func deployable(_ entry: Entry, zones: [String]?, services: [String]?) -> DeployableSpec? {
        let name = name(entry.key, what: "a deployable name")
        let place = "deployable `\(entry.name)`"
        let expected = "a mapping with `services:` and the settings of its instances"
        guard let mapping = mapping(entry.value, what: place, expected: expected) else { return nil }
        let fields = fields(
            of: entry.value, mapping, place: place, allowed: ["services", "release"] + Self.instanceGroupKeys)
        let members = required("services", in: fields).flatMap {
            distinctNames(
                $0, key: "services", expected: "a non-empty list of the services it packages, like `[web, catalog]`",
                allowingEmpty: false
            ) { reference($0, key: "services", kind: "service", among: services) }
        }
        let group = instanceGroup(fields, place: place, zones: zones)
        guard let name, let members, var group else { return nil }
        group.name = name
        group.services = members
        return group
    }

    /// Reports packaging that contradicts itself: a service in two deployables, a deployable
    /// named like a service it does not package alone (or like an endpoint or storage cluster),
    /// and instance-group settings on a packaged service, which are its deployable's.
    /// `generated` are the services `generate` makes.
    func reportPackagingConflicts(
        _ deployables: [Entry], services: [Entry], generated: [String], endpoints: [Entry], storage: [Entry]
    ) {
        var packagedIn: [String: (deployable: Entry, item: Node)] = [:]
        for deployable in deployables {
            let members = memberNodes(deployable)
            for item in members {
                guard let service = item.scalar?.string else { continue }
                if let first = packagedIn[service], first.deployable.name != deployable.name {
                    let at = first.item.mark.map { " (at \($0.line):\($0.column))" } ?? ""
                    report(
                        "service `\(service)` is already in deployable `\(first.deployable.name)`\(at); "
                            + "a service ships in one deployable", at: item)
                } else if packagedIn[service] == nil {
                    packagedIn[service] = (deployable, item)
                }
            }
            let names = members.compactMap { $0.scalar?.string }
            let clash = services.first { $0.name == deployable.name }
            if (clash != nil || generated.contains(deployable.name)), names != [deployable.name] {
                let origin = clash.flatMap { $0.key.mark.map { " (given at \($0.line):\($0.column))" } } ?? ""
                report(
                    "deployable `\(deployable.name)` has the same name as service `\(deployable.name)`\(origin) "
                        + "but does not package it alone; only a deployable of that one service may share its name",
                    at: deployable.key)
            }
            if let endpoint = endpoints.first(where: { $0.name == deployable.name }) {
                reportSameName(deployable, kind: "deployable", otherKind: "endpoint", givenAt: endpoint.key)
            }
            if let cluster = storage.first(where: { $0.name == deployable.name }) {
                reportSameName(deployable, kind: "deployable", otherKind: "storage cluster", givenAt: cluster.key)
            }
        }
        for service in services {
            guard let owner = packagedIn[service.name]?.deployable, case .mapping(let settings) = service.value
            else { continue }
            let own = groupSettings(owner)
            for (key, _) in settings {
                guard let setting = key.scalar?.string, Self.instanceGroupKeys.contains(setting) else { continue }
                if let other = own[setting] {
                    let at = other.mark.map { " (at \($0.line):\($0.column))" } ?? ""
                    report(
                        "`\(setting)` is given both for service `\(service.name)` and for its deployable "
                            + "`\(owner.name)`\(at); the deployable's instances serve it, so give it there only",
                        at: key)
                } else {
                    report(
                        "`\(setting)` does not apply to service `\(service.name)`, which runs on the instances of "
                            + "deployable `\(owner.name)`; give it on the deployable", at: key)
                }
            }
        }
    }

    /// The items of a deployable's `services` list, as written.
    private func memberNodes(_ deployable: Entry) -> [Node] {
        guard case .mapping(let mapping) = deployable.value,
            let list = mapping.first(where: { $0.key.scalar?.string == "services" })?.value,
            case .sequence(let items) = list
        else { return [] }
        return Array(items)
    }

    /// A deployable's instance-group keys, by name.
    private func groupSettings(_ deployable: Entry) -> [String: Node] {
        guard case .mapping(let mapping) = deployable.value else { return [:] }
        var keys: [String: Node] = [:]
        for (key, _) in mapping {
            if let name = key.scalar?.string, Self.instanceGroupKeys.contains(name) { keys[name] = key }
        }
        return keys
    }
}
