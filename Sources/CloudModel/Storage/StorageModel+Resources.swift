import SimKernel

/// CPU thread pools and disk channels: queues in front of parallel servers.
extension StorageModel {
    /// Starts or queues the CPU part of an item; false if the node's queue is full.
    mutating func submitCPU<E: StorageEventCarrier>(node: Int32, item: WorkItem, in simulator: inout Simulator<E>)
        -> Bool
    {
        let index = Int(node)
        if nodes[index].cpuBusy < nodes[index].cpuServers {
            startCPU(node: node, item: item, in: &simulator)
            return true
        }
        guard nodes[index].cpuQueue.count < nodes[index].queueCapacity else {
            statistics.rejections += 1
            return false
        }
        nodes[index].cpuQueue.push(item)
        return true
    }

    mutating func startCPU<E: StorageEventCarrier>(node: Int32, item: WorkItem, in simulator: inout Simulator<E>) {
        nodes[Int(node)].cpuBusy += 1
        statistics.cpuBusy.add(1, at: simulator.now)
        simulator.schedule(.cpuDone(node: node, item: item), of: hostIndex, after: cpuTime.sampleTime(cpuStream))
    }

    mutating func cpuDone<E: StorageEventCarrier>(node: Int32, item: WorkItem, in simulator: inout Simulator<E>) {
        nodes[Int(node)].cpuBusy -= 1
        statistics.cpuBusy.add(-1, at: simulator.now)
        if let next = nodes[Int(node)].cpuQueue.pop() { startCPU(node: node, item: next, in: &simulator) }
        afterCPU(item, at: node, in: &simulator)
    }

    /// Starts or queues a disk operation on a node's disks, or on the shared array (node -1).
    mutating func submitDisk<E: StorageEventCarrier>(
        node: Int32, write: Bool, item: WorkItem, in simulator: inout Simulator<E>
    ) {
        if write { statistics.deviceWrites += writeAmplification } else { statistics.deviceReads += 1 }
        let disk = diskIndex(node)
        if write {
            guard disks[disk].writeBusy < disks[disk].writeChannels else {
                disks[disk].writeQueue.push(item)
                return
            }
        } else {
            guard disks[disk].readBusy < disks[disk].readChannels else {
                disks[disk].readQueue.push(item)
                return
            }
        }
        startDisk(node: node, write: write, item: item, in: &simulator)
    }

    mutating func startDisk<E: StorageEventCarrier>(
        node: Int32, write: Bool, item: WorkItem, in simulator: inout Simulator<E>
    ) {
        let now = simulator.now
        let disk = diskIndex(node)
        let base: Double
        if write {
            base = disks[disk].writeTime.sample(diskStream)
            disks[disk].writeBusy += 1
            statistics.diskWritesBusy.add(1, at: now)
        } else {
            base = disks[disk].readTime.sample(diskStream)
            disks[disk].readBusy += 1
            statistics.diskReadsBusy.add(1, at: now)
        }
        simulator.schedule(
            .diskDone(node: node, item: item), of: hostIndex, after: SimTime(seconds: base * disks[disk].slowdown))
    }

    mutating func diskDone<E: StorageEventCarrier>(node: Int32, item: WorkItem, in simulator: inout Simulator<E>) {
        let now = simulator.now
        let disk = diskIndex(node)
        let write = item.write
        let next: WorkItem?
        if write {
            disks[disk].writeBusy -= 1
            statistics.diskWritesBusy.add(-1, at: now)
            next = disks[disk].writeQueue.pop()
        } else {
            disks[disk].readBusy -= 1
            statistics.diskReadsBusy.add(-1, at: now)
            next = disks[disk].readQueue.pop()
        }
        if let next { startDisk(node: node, write: write, item: next, in: &simulator) }
        afterDisk(item, at: node, in: &simulator)
    }

    /// Index in `disks` of a node's disks; the shared array (node -1) is last.
    func diskIndex(_ node: Int32) -> Int { node < 0 ? disks.count - 1 : Int(node) }
}
