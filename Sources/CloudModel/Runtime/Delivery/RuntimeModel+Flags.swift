import SimKernel

/// Feature flags in the runtime: a flagged change ships dark — its code is on the instances but
/// inactive, so a bad one's flaws do nothing — and its flag is switched on `enable_after` once
/// its deploy serves all traffic. Switching a bad flag on is the moment its code meets users (a
/// ledger record exposed then); monitoring's action on it is to switch the flag off, `flip_time`
/// later, which restores. Works the same for train and immutable deployables.
extension RuntimeModel {
    /// Whether a new change of `service` ships behind a flag.
    mutating func drawsFlag(service: Int) -> Bool {
        guard let flags = delivery!.spec.flags else { return false }
        return delivery!.flagStreams[service].bernoulli(flags.share)
    }

    /// Schedules the flag on of every flagged change `deploy` brought to all traffic.
    mutating func scheduleFlags(of deploy: Int, in simulator: inout Simulator<Event>) {
        guard let flags = delivery!.spec.flags else { return }
        for change in delivery!.ledger.deploys[deploy].changes {
            let state = delivery!.ledger.changes[change]
            guard state.flagged, !state.flagOn else { continue }
            let delay = flags.enableAfter.sampleTime(delivery!.flagStreams[state.service])
            simulator.schedule(.delivery(.flagOn(change: Int32(change), deploy: Int32(deploy))), after: delay)
        }
    }

    /// The flag of `change` goes on, unless the deploy that shipped it was rolled back since (the
    /// change ships again, and its next deploy switches it on).
    mutating func flagOn(_ change: Int, shippedBy deploy: Int, at now: SimTime) {
        guard !delivery!.ledger.deploys[deploy].rolledBack, !delivery!.ledger.changes[change].flagOn else { return }
        let deployable = delivery!.ledger.deploys[deploy].deployable
        delivery!.flagRecords[change] = delivery!.ledger.flagOn(change, deployable: deployable, at: now)
        setFlaws(of: change, active: true)
    }

    /// The open flag incident an alert on `deployable`'s series of `service` is put down to: a bad
    /// change of that service whose flag is on and not being switched off; nil for none.
    func flagBehindAlert(on deployable: Int, service: Int) -> Int? {
        guard let delivery else { return nil }
        return delivery.ledger.deployables[deployable].openIncidents.last { record in
            let deploy = delivery.ledger.deploys[record]
            let change = deploy.changes[0]
            return deploy.flag && deploy.restoredAt == nil && delivery.ledger.changes[change].service == service
                && !delivery.flipping.contains(change)
        }
    }

    /// Monitoring's action on a bad flag: switched off `flip_time` from now.
    mutating func switchOff(flag record: Int, alert: Int, at now: SimTime, in simulator: inout Simulator<Event>) {
        let change = delivery!.ledger.deploys[record].changes[0]
        if delivery!.ledger.deploys[record].alertAt == nil {
            delivery!.ledger.deploys[record].alertAt = monitor!.alerts[alert].fired.alert
            delivery!.ledger.deploys[record].actionAt = now
        }
        delivery!.flipping.insert(change)
        simulator.schedule(.delivery(.flagOff(change: Int32(change))), after: delivery!.spec.flags!.flipTime)
    }

    /// The flag is off: the change's code is dark again, and its incident restored.
    mutating func flagOff(_ change: Int, at now: SimTime) {
        delivery!.flipping.remove(change)
        delivery!.ledger.changes[change].flagOn = false
        setFlaws(of: change, active: false)
        let record = delivery!.flagRecords[change]!
        delivery!.ledger.markRestored(delivery!.ledger.deploys[record].deployable, at: now)
    }

    private mutating func setFlaws(of change: Int, active: Bool) {
        for group in serverGroups.indices {
            for flaw in serverGroups[group].flaws.indices where serverGroups[group].flaws[flaw].change == Int32(change)
            {
                serverGroups[group].flaws[flaw].active = active
            }
        }
    }
}
