/// Rows a claim must leave alone: labels and sources held back because every row with them failed the same way.
public struct ClaimFilter: Sendable, Equatable {
    public var labels: Set<String> = []
    public var sources: Set<String> = []

    public init(labels: Set<String> = [], sources: Set<String> = []) {
        self.labels = labels
        self.sources = sources
    }

    /// Nothing held back.
    public static let none = ClaimFilter()
}
