import CloudModel
import SimKernel
import Yams

/// A call's `cache:`: its target is a cache, with a hit ratio, a call made on a miss, one made
/// on an error and one that refills the cache after a miss.
extension NodeReader {
    static let cacheKeys = ["hit_ratio", "on_miss", "on_error", "refill"]

    /// The `cache` of the call at `place`; its `on_miss`, `on_error` and `refill` calls are made
    /// by the cache's own `caller` (nil: the user, for a root call).
    func cachePolicy(_ node: Node, of place: String, caller: String?, scope: CallScope) -> CachePolicy? {
        let expected =
            "a mapping with `hit_ratio:` and `on_miss:` (a call), and optionally `on_error:` and `refill:` (calls)"
        let here = "`cache` of \(place)"
        guard let mapping = mapping(node, what: here, expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: here, allowed: Self.cacheKeys)
        let hitRatio = required("hit_ratio", in: fields).flatMap { ratio($0, key: "hit_ratio") }
        func followUp(_ key: String) -> CallNode? {
            guard let given = fields[key] else { return nil }
            let what = "the `\(key)` call of \(place)"
            // A refill is a write: no cache in front of it.
            let foreign = ["probability", "repeat"] + (key == "refill" ? ["cache"] : [])
            if case .mapping(let settings) = given,
                let extra = settings.first(where: { foreign.contains($0.key.scalar?.string ?? "") })
            {
                let once = [
                    "on_miss": "on every miss", "on_error": "on every failure of the cache call",
                    "refill": "after every miss whose `on_miss` call succeeded, a write straight to its target",
                ]
                report(
                    "`\(extra.key.scalar?.string ?? "")` does not apply to \(what): it is made once \(once[key]!)",
                    at: extra.key)
                return nil
            }
            return call(given, place: what, caller: caller, scope: scope)
        }
        let onMiss = required("on_miss", in: fields).flatMap { _ in followUp("on_miss") }
        let onError = fields["on_error"].map { _ in followUp("on_error") }
        let refill = fields["refill"].map { _ in followUp("refill") }
        guard let hitRatio, let onMiss, onError != .some(nil), refill != .some(nil) else { return nil }
        return CachePolicy(hitRatio: hitRatio, onMiss: onMiss, onError: onError ?? nil, refill: refill ?? nil)
    }

    /// `node` with its `cache` (nil: none), or nil when either could not be read; a local
    /// `fallback` and `on_error` both answering a failed cache call is reported.
    func withCache(_ node: CallNode?, _ cache: CachePolicy??, _ fields: Fields) -> CallNode? {
        guard var node, let cache else { return nil }
        guard let cache else { return node }
        if cache.onError != nil, node.client.fallback != nil, case .mapping(let settings)? = fields["cache"],
            let onError = settings.first(where: { $0.key.scalar?.string == "on_error" })
        {
            report(
                "`on_error` and the client's `fallback` both answer a failed cache call; keep one (`on_error` makes a "
                    + "call, served in full when it succeeds; `fallback` answers locally, degraded)", at: onError.key)
            return nil
        }
        node.cache = cache
        return node
    }
}
