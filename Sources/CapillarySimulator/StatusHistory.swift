/// Status changes per customer and the customers' numeric ids. A customer is its lower-cased identifierName,
/// `:`, and its decoded identifierValue; it gets the next id (from 700000001) the first time it is seen.
struct StatusHistory {
    /// One successful status change.
    struct Entry {
        var label: String
        var reason: String
        /// ISO 8601, as the request gave it or the engine's time of the change.
        var createdOn: String
        var createdId: Int
    }

    private var entries: [String: [Entry]] = [:]
    private var ids: [String: Int] = [:]
    private var customers: [Int: String] = [:]
    private var nextId = 700_000_001

    /// The customer's id, assigned now if it has none yet.
    mutating func id(of customer: String) -> Int {
        if let id = ids[customer] { return id }
        let id = nextId
        nextId += 1
        ids[customer] = id
        customers[id] = customer
        return id
    }

    /// Records a status change (and gives the customer an id if needed).
    mutating func record(_ entry: Entry, for customer: String) {
        _ = id(of: customer)
        entries[customer, default: []].append(entry)
    }

    /// The customer with this id, if the id was assigned.
    func customer(withId id: Int) -> String? { customers[id] }

    /// The customer's changes, oldest first.
    func entries(of customer: String) -> [Entry] { entries[customer] ?? [] }

    /// How many changes each customer received.
    var counts: [String: Int] { entries.mapValues(\.count) }
}
