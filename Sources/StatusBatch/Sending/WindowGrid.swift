/// Where a fixed window's boundaries lie, from the sightings each run of refusals leaves: the boundary lies
/// between the run's last refusal and the first admission after it. Boundaries `window` apart fit every
/// sighting at once, so each sighting narrows both the window's length and the boundaries' phase — far more
/// than the midpoint of one sighting (up to a second wide) can. A sliding window, or sightings that no grid
/// fits, give no grid. Pure.
public struct WindowGrid: Sendable, Equatable {
    /// The sightings kept (the latest ones), as the earliest and latest time the boundary can have been.
    public private(set) var sightings: [ClosedRange<Double>] = []
    static let kept = 12
    /// Window lengths APIs use, in seconds.
    static let roundLengths: [Double] = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600, 86400]

    public init() {}

    /// A boundary seen somewhere in `bracket`.
    public mutating func saw(_ bracket: ClosedRange<Double>) {
        sightings.append(bracket)
        if sightings.count > Self.kept { sightings.removeFirst() }
    }

    /// When to try again after a refusal at `now` (`lead` after a boundary): at the middle of the next boundary's
    /// range, and if that was too early, at its end; nil without a grid.
    public func nextTry(after now: Double, approximately: Double, lead: Double) -> Double? {
        guard let range = nextBoundary(after: now - lead, approximately: approximately) else { return nil }
        let middle = range.middle + lead
        return now < middle ? middle : range.upperBound + lead
    }

    /// True when `now` lies within `slack` seconds before the next boundary's range, or in it: a refusal then is the
    /// grid's phase, not a quota set too high.
    public func isNearBoundary(_ now: Double, approximately: Double, slack: Double) -> Bool {
        guard let range = nextBoundary(after: now, approximately: approximately) else { return false }
        return now >= range.lowerBound - slack
    }

    /// The range of the first boundary whose range ends after `time`.
    private func nextBoundary(after time: Double, approximately: Double) -> ClosedRange<Double>? {
        guard let (window, latest) = fit(approximately: approximately) else { return nil }
        let windowsOn = max(0, ((time - latest.upperBound) / window).rounded(.up))
        return (latest.lowerBound + windowsOn * window)...(latest.upperBound + windowsOn * window)
    }

    /// The grid every sighting fits, for windows of about `approximately` seconds: the window's length (a round one
    /// such as 10 s or a minute when the sightings allow it, as APIs' windows are; else the middle of what they
    /// allow) and the range in which the latest sighting's boundary lies. Nil with fewer than two sightings or none that fit.
    public func fit(approximately: Double) -> (window: Double, latest: ClosedRange<Double>)? {
        guard sightings.count >= 2, approximately > 0, let first = sightings.first, let last = sightings.last else {
            return nil
        }
        let index = sightings.map { (($0.middle - first.middle) / approximately).rounded() }
        guard let lastIndex = index.last, lastIndex >= 1 else { return nil }
        var shortest = 0.0, longest = Double.infinity
        for i in sightings.indices {
            for j in sightings.indices where index[j] > index[i] {
                let windows = index[j] - index[i]
                shortest = max(shortest, (sightings[j].lowerBound - sightings[i].upperBound) / windows)
                longest = min(longest, (sightings[j].upperBound - sightings[i].lowerBound) / windows)
            }
        }
        guard shortest <= longest, abs((shortest + longest) / 2 - approximately) <= 0.2 * approximately else { return nil }
        let window = Self.roundLengths.first { (shortest...longest).contains($0) } ?? (shortest + longest) / 2
        var earliest = last.lowerBound, latest = last.upperBound
        for (sighting, i) in zip(sightings, index) {
            let shift = (lastIndex - i) * window
            earliest = max(earliest, sighting.lowerBound + shift)
            latest = min(latest, sighting.upperBound + shift)
        }
        // Projected with the middle length the sightings may miss one another slightly: the latest alone then.
        return (window, earliest <= latest ? earliest...latest : last)
    }
}

extension ClosedRange where Bound == Double {
    /// The point halfway between the bounds.
    var middle: Double { (lowerBound + upperBound) / 2 }
}
