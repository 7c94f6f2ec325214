import SimKernel

/// Call trees flattened into the model's node tables: stages and repeats as group nodes,
/// publishes, caches.
extension RuntimeModel {
    /// Appends a call tree to the flat node table, children of a node contiguous; returns the
    /// root's index. A storage call becomes a workload of its cluster, named by the node's path
    /// under the region (`home.call.0`), which also names its key stream. A call from another
    /// service (`caller`, -1 for the user) of the callee's own deployable is in-process, and has
    /// no client policy but a fallback: there is no network hop to guard, only a failure to
    /// catch. A service calling itself still calls another instance, as it always has.
    ///
    /// A call in several stages has a group per stage as its children, in sequence (see
    /// `RuntimeModel+CallGroups`); its calls keep the paths of their place in its `children`.
    static func flatten(
        _ node: CallNode, caller: Int32, path: String, streams: RandomStreams, into tree: inout CallTreeTables
    ) -> Int32 {
        let index = Int32(tree.nodes.count)
        if node.publish { return appendPublish(to: node, path: path, streams: streams, into: &tree) }
        let target = tree.targets[node.service]!
        let deployable = node.storage == nil ? tree.deployables[Int(target)] : -1
        let inProcess = deployable >= 0 && caller >= 0 && caller != target && tree.deployables[Int(caller)] == deployable
        let client = inProcess ? ClientPolicy(fallback: node.client.fallback) : node.client
        let stages = node.childStages
        let inStages = stages.count > 1
        let childCount = inStages ? stages.count : node.children.count
        let fanOut = inStages ? FanOut.sequential : stages[0].fanOut
        var state = CallNodeState(
            service: target, waitFor: Int32(fanOut.waitFor(of: childCount)), firstChild: 0,
            childCount: Int32(childCount), parallel: fanOut.isParallel,
            hasClientState: client.circuitBreaker != nil || client.bulkhead != nil || client.retry?.budget != nil,
            probability: node.probability, workStream: streams.stream("\(path).work").draws,
            callStream: streams.stream("\(path).call").draws, timeout: client.timeout)
        let clientStream = streams.stream("\(path).client")
        state.deployable = deployable
        state.inProcess = inProcess
        state.onCores = deployable >= 0 && tree.hasCores[Int(deployable)]
        if let access = node.storage {
            let cluster = Int(state.service) - tree.serviceCount
            state.storageCluster = Int32(cluster)
            state.storageWorkload = Int32(tree.storageWorkloads[cluster].count)
            state.requestKey = access.key == .request
            tree.storageWorkloads[cluster].append(
                StorageWorkloadSpec(
                    name: String(path.dropFirst(tree.region.count + 1)), operation: access.operation, rate: 0,
                    keys: access.keys, consistency: access.consistency))
        }
        tree.nodes.append(state)
        tree.nodeWork.append(node.work)
        tree.nodeClients.append(CallNodeClient(policy: client, stream: clientStream))
        func flattenChildren(_ range: Range<Int>, fanOut: FanOut) -> [Int32] {
            range.map {
                flattenRepeated(
                    node.children[$0], fanOut: fanOut, caller: target, path: "\(path).\($0)", streams: streams,
                    into: &tree)
            }
        }
        var children: [Int32] = []
        if inStages {
            var first = 0
            for (number, stage) in stages.enumerated() {
                let group = appendGroup(
                    of: target, fanOut: stage.fanOut, members: stage.calls, path: "\(path).stage\(number)",
                    streams: streams, into: &tree)
                setChildren(of: group, flattenChildren(first..<first + stage.calls, fanOut: stage.fanOut), in: &tree)
                children.append(group)
                first += stage.calls
            }
        } else {
            children = flattenChildren(0..<node.children.count, fanOut: fanOut)
        }
        setChildren(of: index, children, in: &tree)
        if let cache = node.cache {
            flattenCache(cache, of: index, caller: caller, path: path, streams: streams, into: &tree)
        }
        return index
    }

    /// Appends a child call at `path` among calls run under `fanOut`: the call itself, or for a
    /// repeated call a group (path `PATH.repeat`) that lists it as often as it may be made, run
    /// under `fanOut` and waiting for all; the group has the call's probability, and a drawn
    /// count skips the calls not made (`RuntimeModel.startGroup`).
    static func flattenRepeated(
        _ node: CallNode, fanOut: FanOut, caller: Int32, path: String, streams: RandomStreams,
        into tree: inout CallTreeTables
    ) -> Int32 {
        guard let count = node.repetitions else {
            return flatten(node, caller: caller, path: path, streams: streams, into: &tree)
        }
        let group = appendGroup(
            of: caller, fanOut: fanOut.isParallel ? .parallel(waitFor: nil) : .sequential, members: count.most,
            path: "\(path).repeat", probability: node.probability, streams: streams, into: &tree)
        switch count {
        case .fixed: break
        case .poisson, .uniform, .empirical:
            tree.drawnRepetitions[group] = CallRepetition(count: count, stream: streams.stream("\(path).repeat"))
        }
        var once = node
        once.repetitions = nil
        once.probability = 1
        let call = flatten(once, caller: caller, path: path, streams: streams, into: &tree)
        setChildren(of: group, Array(repeating: call, count: count.most), in: &tree)
        return group
    }

    /// Appends a group of `members` calls of the service `target` (a stage, or a call's
    /// repetitions), run under `fanOut`; its calls are set once flattened (`setChildren`). Its
    /// stream, named by `path`, draws whether it is made (`probability`) and a drawn count.
    static func appendGroup(
        of target: Int32, fanOut: FanOut, members: Int, path: String, probability: Double = 1,
        streams: RandomStreams, into tree: inout CallTreeTables
    ) -> Int32 {
        let stream = streams.stream(path)
        var state = CallNodeState(
            service: target, waitFor: Int32(fanOut.waitFor(of: members)), firstChild: 0, childCount: Int32(members),
            parallel: fanOut.isParallel, hasClientState: false, probability: probability, workStream: stream.draws,
            callStream: stream.draws, timeout: nil)
        state.deployable = tree.deployables[Int(target)]
        state.inProcess = true
        state.kind = .group
        tree.nodes.append(state)
        tree.nodeWork.append(.constant(0))
        tree.nodeClients.append(CallNodeClient(policy: ClientPolicy(), stream: stream))
        return Int32(tree.nodes.count - 1)
    }

    /// Appends a node that publishes to a queue: its `service` is the queue's index, its stream
    /// (`PATH.call`) draws whether the message is sent.
    static func appendPublish(
        to node: CallNode, path: String, streams: RandomStreams, into tree: inout CallTreeTables
    ) -> Int32 {
        let stream = streams.stream("\(path).call")
        var state = CallNodeState(
            service: tree.queues[node.service]!, waitFor: 0, firstChild: 0, childCount: 0, parallel: false,
            hasClientState: false, probability: node.probability, workStream: stream.draws, callStream: stream.draws,
            timeout: nil)
        state.kind = .publish
        tree.nodes.append(state)
        tree.nodeWork.append(.constant(0))
        tree.nodeClients.append(CallNodeClient(policy: ClientPolicy(), stream: stream))
        setChildren(of: Int32(tree.nodes.count - 1), [], in: &tree)
        return Int32(tree.nodes.count - 1)
    }

    /// Places `children` as node `index`'s, after every node's placed so far.
    static func setChildren(of index: Int32, _ children: [Int32], in tree: inout CallTreeTables) {
        tree.nodes[Int(index)].firstChild = Int32(tree.childNodes.count)
        tree.childNodes.append(contentsOf: children)
    }

    /// The calls a cache node `index` makes on a miss (`PATH.miss`), on an error (`PATH.on_error`)
    /// and after a miss answered (`PATH.refill`), on behalf of its own `caller`, and its hit
    /// stream (`PATH.cache`).
    static func flattenCache(
        _ cache: CachePolicy, of index: Int32, caller: Int32, path: String, streams: RandomStreams,
        into tree: inout CallTreeTables
    ) {
        let onMiss = flatten(cache.onMiss, caller: caller, path: "\(path).miss", streams: streams, into: &tree)
        let onError = cache.onError.map {
            flatten($0, caller: caller, path: "\(path).on_error", streams: streams, into: &tree)
        }
        if let refill = cache.refill {
            let node = flatten(refill, caller: caller, path: "\(path).refill", streams: streams, into: &tree)
            tree[link: node].refills = tree.nodes[Int(index)].service
            tree.thenCall(node, after: onMiss)
        }
        tree[link: index].cache = Int32(tree.caches.count)
        if let onError { tree[link: onError].rescues = tree.nodes[Int(index)].service }
        tree.caches.append(
            CacheNodeState(
                hitRatio: cache.hitRatio, stream: streams.stream("\(path).cache").draws, onMiss: onMiss,
                onError: onError ?? -1))
    }
}

/// The flat call-tree tables under construction, and what call nodes name.
struct CallTreeTables {
    var nodes: [CallNodeState] = []
    /// Each node's work, by node index.
    var nodeWork: [Distribution] = []
    var nodeClients: [CallNodeClient] = []
    var childNodes: [Int32] = []
    var caches: [CacheNodeState] = []
    /// As `nodes`, up to the last node with a part in a cache.
    var cacheLinks: [CacheLink] = []
    /// Index of each call target: services first, then storage clusters.
    let targets: [String: Int32]
    /// Index of each queue.
    let queues: [String: Int32]
    let serviceCount: Int
    let region: String
    /// Per storage cluster, a workload for each call node that targets it.
    var storageWorkloads: [[StorageWorkloadSpec]]
    /// The groups of repeated calls whose count is drawn, by node.
    var drawnRepetitions: [Int32: CallRepetition] = [:]

    /// The deployable of each service, by service index.
    let deployables: [Int32]
    /// Whether each deployable has `cores`, by deployable index.
    let hasCores: [Bool]

    init(spec: RuntimeSpec, deployables: [Int32]) {
        self.deployables = deployables
        hasCores = spec.packaging.map { $0.cores != nil }
        let names = spec.services.map(\.name) + spec.storage.map(\.name)
        targets = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) })
        queues = Dictionary(uniqueKeysWithValues: spec.queues.enumerated().map { ($1.name, Int32($0)) })
        serviceCount = spec.services.count
        region = spec.region
        storageWorkloads = Array(repeating: [], count: spec.storage.count)
    }

    /// Node `next` is called once a call of node `node` has answered in full: after its own
    /// `then` calls, and, when `node` is a cache, after whatever answers for it (a hit, its
    /// `on_miss` or `on_error` call).
    mutating func thenCall(_ next: Int32, after node: Int32) {
        let link = self[link: node]
        if link.then >= 0 {
            thenCall(next, after: link.then)
        } else {
            self[link: node].then = next
        }
        guard link.cache >= 0 else { return }
        let cache = caches[Int(link.cache)]
        thenCall(next, after: cache.onMiss)
        if cache.onError >= 0 { thenCall(next, after: cache.onError) }
    }

    /// The cache part of node `index`, made on first use.
    subscript(link index: Int32) -> CacheLink {
        get { cacheLinks.count > Int(index) ? cacheLinks[Int(index)] : CacheLink() }
        set {
            while cacheLinks.count <= Int(index) { cacheLinks.append(CacheLink()) }
            cacheLinks[Int(index)] = newValue
        }
    }
}
