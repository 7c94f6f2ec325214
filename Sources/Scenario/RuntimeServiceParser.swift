import CloudModel
import SimKernel
import Yams

/// A runtime service (a group of instances over zones, unless a deployable packages it) and its
/// autoscaling policy.
extension NodeReader {
    /// Every key a runtime service may have.
    static let runtimeServiceKeys = [
        "instances", "zones", "servers", "cores", "queue_capacity", "boot_time", "time_to_failure",
        "health_check_delay", "price_per_hour", "load_balancing", "error_probability", "autoscaling",
    ]

    /// The keys of a service that describe its instance group: its deployable's, which a
    /// packaged service takes from `deployables` instead.
    static let instanceGroupKeys = runtimeServiceKeys.filter { $0 != "error_probability" }

    /// A service of `runtime`; `zones` (nil when they could not be read) are those it may use.
    func runtimeService(_ entry: Entry, zones: [String]?) -> RuntimeServiceSpec? {
        let name = name(entry.key, what: "a service name")
        let place = "service `\(entry.name)`"
        let expected = "a mapping of settings (`{}` for all defaults)"
        guard let mapping = mapping(entry.value, what: place, expected: expected) else { return nil }
        let fields = fields(of: entry.value, mapping, place: place, allowed: Self.runtimeServiceKeys)
        let defaults = RuntimeServiceSpec(name: entry.name)
        let group = instanceGroup(fields, place: place, zones: zones)
        let errorProbability = optional("error_probability", in: fields, default: defaults.errorProbability) {
            ratio($0, key: "error_probability")
        }
        guard let name, let group, let errorProbability else { return nil }
        return RuntimeServiceSpec(
            name: name, instances: group.instances, zones: group.zones, servers: group.servers, cores: group.cores,
            queueCapacity: group.queueCapacity, bootTime: group.bootTime, timeToFailure: group.timeToFailure,
            healthCheckDelay: group.healthCheckDelay, pricePerHour: group.pricePerHour,
            loadBalancing: group.loadBalancing, errorProbability: errorProbability, autoscaling: group.autoscaling)
    }

    /// The instance-group settings among `fields` (a service's or a deployable's, at `place`),
    /// as a deployable with no name or services yet.
    func instanceGroup(_ fields: Fields, place: String, zones: [String]?) -> DeployableSpec? {
        let defaults = DeployableSpec(name: "", services: [])
        let instances = optional("instances", in: fields, default: defaults.instances) {
            wholeNumber($0, key: "instances", atLeast: 1)
        }
        let placement = optional("zones", in: fields, default: defaults.zones) {
            distinctNames(
                $0, key: "zones", expected: "a list of zones of `runtime` (`[]` for all)", allowingEmpty: true
            ) {
                reference($0, key: "zones", kind: "zone", among: zones)
            }
        }
        let servers = optional("servers", in: fields, default: defaults.servers) {
            wholeNumber($0, key: "servers", atLeast: 1)
        }
        let cores = optionalSetting("cores", in: fields, cores)
        let queueCapacity = optional("queue_capacity", in: fields, default: defaults.queueCapacity, queueCapacity)
        let bootTime = optional("boot_time", in: fields, default: defaults.bootTime) {
            distribution($0, key: "boot_time")
        }
        let timeToFailure = optionalSetting("time_to_failure", in: fields) {
            distributionWithPositiveMean($0, key: "time_to_failure")
        }
        let healthCheckDelay = optional("health_check_delay", in: fields, default: defaults.healthCheckDelay) {
            simTime($0, key: "health_check_delay")
        }
        let price = optional("price_per_hour", in: fields, default: defaults.pricePerHour, pricePerHour)
        let loadBalancing = optional("load_balancing", in: fields, default: defaults.loadBalancing) {
            choice($0, key: "load_balancing")
        }
        let autoscaling = optionalSetting("autoscaling", in: fields, autoscaling)
        if let instances, let autoscaling = autoscaling ?? nil,
            !(autoscaling.minInstances...autoscaling.maxInstances).contains(instances)
        {
            let range = "autoscaling's `min` (\(autoscaling.minInstances)) and `max` (\(autoscaling.maxInstances))"
            if let instancesNode = fields["instances"] {
                report(
                    "`instances` expects a whole number between \(range), found \(found(instancesNode))",
                    at: instancesNode)
            } else if let autoscalingNode = fields["autoscaling"] {
                report(
                    "\(place) starts with `instances` \(instances) by default, not between \(range); "
                        + "give `instances:`", at: autoscalingNode)
            }
        }
        guard let instances, let placement, let servers, let cores, let queueCapacity, let bootTime, let timeToFailure,
            let healthCheckDelay, let price, let loadBalancing, let autoscaling
        else { return nil }
        return DeployableSpec(
            name: "", services: [], instances: instances, zones: placement, servers: servers, cores: cores,
            queueCapacity: queueCapacity, bootTime: bootTime, timeToFailure: timeToFailure,
            healthCheckDelay: healthCheckDelay, pricePerHour: price, loadBalancing: loadBalancing,
            autoscaling: autoscaling)
    }

    /// Cores of one instance: a number from 0.001 (a millicore, the finest a container's CPU limit
    /// goes) to the count limit; fractions allowed, as processor sharing gives them a meaning.
    func cores(_ node: Node) -> Double? {
        let maximum = ScenarioLimits.maximumCount
        let expected = "a number from 0.001 to \(maximum) (cores per instance, like `4` or `0.5`)"
        return number(node, key: "cores", expected: expected) { (0.001...Double(maximum)).contains($0) }
    }

    /// A price of one instance [USD/h], at least 0.
    func pricePerHour(_ node: Node) -> Double? {
        // Bounded so that a cost (price × instances × hours) stays finite.
        let maximum = ScenarioLimits.maximumPricePerHour
        return number(node, key: "price_per_hour", expected: "a number from 0 to \(Int(maximum)) (USD per instance-hour)") {
            (0...maximum).contains($0)
        }
    }

    /// Target tracking between `min` and `max` instances.
    private func autoscaling(_ node: Node) -> AutoscalingSpec? {
        let expected = "a mapping with `min:`, `max:` and `target_utilisation:` or `target_requests_per_instance:`"
        guard let mapping = mapping(node, what: "`autoscaling`", expected: expected) else { return nil }
        let fields = fields(
            of: node, mapping, place: "`autoscaling`",
            allowed: [
                "min", "max", "target_utilisation", "target_requests_per_instance", "evaluation_period", "cooldown",
                "scale_in_protection",
            ])
        let defaults = AutoscalingSpec(minInstances: 1, maxInstances: 1, target: .utilisation(1))
        let minimum = required("min", in: fields).flatMap { wholeNumber($0, key: "min", atLeast: 1) }
        let maximumNode = required("max", in: fields)
        var maximum = maximumNode.flatMap { wholeNumber($0, key: "max", atLeast: 1) }
        if let minimum, let maximumNode, let given = maximum, given < minimum {
            report("`max` expects a whole number of at least `min` (\(minimum)), found `\(given)`", at: maximumNode)
            maximum = nil
        }
        let target: AutoscalingSpec.Target?
        switch oneOf("target_utilisation", "target_requests_per_instance", in: fields) {
        case "target_utilisation":
            target = fields["target_utilisation"].flatMap {
                number($0, key: "target_utilisation", expected: "a number above 0 and at most 1") { $0 > 0 && $0 <= 1 }
            }.map(AutoscalingSpec.Target.utilisation)
        case "target_requests_per_instance":
            target = fields["target_requests_per_instance"].flatMap { rate($0, key: "target_requests_per_instance") }
                .map(AutoscalingSpec.Target.requestsPerInstance)
        default:
            target = nil
        }
        let evaluationPeriod = optional("evaluation_period", in: fields, default: defaults.evaluationPeriod) {
            simTime($0, key: "evaluation_period", positive: true)
        }
        let cooldown = optional("cooldown", in: fields, default: defaults.cooldown) { simTime($0, key: "cooldown") }
        let protection = optional("scale_in_protection", in: fields, default: defaults.scaleInProtection) {
            simTime($0, key: "scale_in_protection")
        }
        guard let minimum, let maximum, let target, let evaluationPeriod, let cooldown, let protection
        else { return nil }
        return AutoscalingSpec(
            minInstances: minimum, maxInstances: maximum, target: target, evaluationPeriod: evaluationPeriod,
            cooldown: cooldown, scaleInProtection: protection)
    }
}

/// Keys the parsers read that other layers name too.
public enum ScenarioKeys {
    /// The keys of a runtime service that describe its instance group: its deployable's when packaged.
    public static var instanceGroup: [String] { NodeReader.instanceGroupKeys }
}
