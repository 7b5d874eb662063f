import Foundation
import Testing
@testable import StatusBatch

/// ReadBackRule: when a status log confirms an update, verifies a succeeded one, and what label came before.
@Suite("ReadBackRule")
struct ReadBackRuleTests {
    /// When the row was first sent (2023-11-14T22:13:20Z).
    static let sentAt = 1_700_000_000.0
    /// 2026-11-30T10:15:02Z, in seconds since 1970.
    static let november = 1_796_033_702.0
    /// The row under test: label VIP, reason "Quarterly review".
    static let update = mobileUpdate("919800000001")

    /// A log entry; by default the active one carrying the row's label and reason, made 2 s after the send.
    static func entry(label: String = "VIP", reason: String = "Quarterly review", createdOn: Double? = sentAt + 2,
                      createdId: String? = "566881934", isActive: Bool = true) -> StatusLogEntry {
        StatusLogEntry(label: label, reason: reason, createdOn: createdOn, createdId: createdId, isActive: isActive)
    }

    /// `confirm` for `update` with the first send at `sentAt` and the default skew.
    static func confirm(_ log: [StatusLogEntry], update: CustomerUpdate = update,
                        sentAfter: Double? = sentAt) -> ReadBackRule.Verdict {
        ReadBackRule.confirm(log, update: update, sentAfter: sentAfter)
    }

    @Test("an active entry with the row's label and reason confirms the update, with that entry's createdId")
    func matchingEntry() {
        #expect(Self.confirm([Self.entry()]) == .applied(createdId: "566881934"))
        #expect(Self.confirm([Self.entry(createdId: nil)]) == .applied(createdId: nil))
    }

    @Test("a different label or a different reason is not our update")
    func differentLabelOrReason() {
        #expect(Self.confirm([Self.entry(label: "GOLD")]) == .notApplied)
        #expect(Self.confirm([Self.entry(reason: "Quarterly review 2")]) == .notApplied)
        #expect(Self.confirm([Self.entry(reason: "chargeback")]) == .notApplied)
    }

    @Test("the label is compared case-insensitively, ignoring surrounding blanks")
    func labelCase() {
        #expect(Self.confirm([Self.entry(label: "vip")]) == .applied(createdId: "566881934"))
        #expect(Self.confirm([Self.entry(label: " Vip ")]) == .applied(createdId: "566881934"))
        let lower = mobileUpdate("919800000001", label: "suspicious")
        #expect(Self.confirm([Self.entry(label: "SUSPICIOUS")], update: lower) == .applied(createdId: "566881934"))
    }

    @Test("a reason longer than 50 characters matches the first 50 the API stored")
    func longReason() {
        let reason = String(repeating: "0123456789", count: 6) + "xyz"
        let update = mobileUpdate("919800000001", reason: reason)
        #expect(ReadBackRule.storedReasonLength == 50)
        #expect(Self.confirm([Self.entry(reason: String(reason.prefix(50)))], update: update) == .applied(createdId: "566881934"))
        #expect(Self.confirm([Self.entry(reason: reason)], update: update) == .applied(createdId: "566881934"))
        #expect(Self.confirm([Self.entry(reason: String(reason.prefix(49)))], update: update) == .notApplied)
        #expect(Self.confirm([Self.entry(reason: String(reason.prefix(51)))], update: update) == .notApplied)
    }

    @Test("a reason of at most 50 characters must match whole, not just a prefix")
    func shortReasonNeedsWholeMatch() {
        let reason = String(repeating: "r", count: 50)
        let update = mobileUpdate("919800000001", reason: reason)
        #expect(Self.confirm([Self.entry(reason: reason)], update: update) == .applied(createdId: "566881934"))
        #expect(Self.confirm([Self.entry(reason: String(reason.prefix(49)))], update: update) == .notApplied)
    }

    @Test("an entry made before the first send, less the clock skew, is an older change: not applied")
    func tooOld() {
        #expect(ReadBackRule.clockSkew == 300)
        #expect(Self.confirm([Self.entry(createdOn: Self.sentAt - 301)]) == .notApplied)
        #expect(Self.confirm([Self.entry(createdOn: Self.sentAt - 86_400)]) == .notApplied)
        #expect(ReadBackRule.confirm([Self.entry(createdOn: Self.sentAt - 61)], update: Self.update,
                                     sentAfter: Self.sentAt, skew: 60) == .notApplied)
    }

    @Test("an entry within the clock-skew allowance before the first send is applied")
    func withinSkew() {
        #expect(ReadBackRule.confirm([Self.entry(createdOn: Self.sentAt - 120)], update: Self.update,
                                     sentAfter: Self.sentAt, skew: 300) == .applied(createdId: "566881934"))
        #expect(Self.confirm([Self.entry(createdOn: Self.sentAt - 300)]) == .applied(createdId: "566881934"))
        #expect(Self.confirm([Self.entry(createdOn: Self.sentAt)]) == .applied(createdId: "566881934"))
        // Without a first-send time there is nothing to compare with.
        #expect(Self.confirm([Self.entry(createdOn: Self.sentAt - 86_400)], sentAfter: nil) == .applied(createdId: "566881934"))
    }

    @Test("any entry counts: our entry followed by someone else's change is still applied")
    func anyEntryCounts() {
        let ours = Self.entry(createdId: "1", isActive: false)
        let other = Self.entry(label: "GOLD", reason: "later", createdOn: Self.sentAt + 9, createdId: "2", isActive: true)
        #expect(Self.confirm([other, ours]) == .applied(createdId: "1"))
        #expect(Self.confirm([ours, other]) == .applied(createdId: "1"))
        let ourActive = Self.entry(createdId: "3", isActive: true)
        let older = Self.entry(label: "GOLD", createdId: "4", isActive: false)
        #expect(Self.confirm([older, ourActive]) == .applied(createdId: "3"))
    }

    @Test("without isActive flags every entry is still looked at")
    func noActiveFlags() {
        let ours = Self.entry(createdId: "1", isActive: false)
        let other = Self.entry(label: "GOLD", createdId: "2", isActive: false)
        #expect(Self.confirm([ours, other]) == .applied(createdId: "1"))
        #expect(Self.confirm([other, ours]) == .applied(createdId: "1"))
        #expect(Self.confirm([other]) == .notApplied)
    }

    @Test("an empty status log confirms nothing")
    func emptyLog() {
        #expect(Self.confirm([]) == .notApplied)
        #expect(Self.confirm([], sentAfter: nil) == .notApplied)
    }

    @Test("a row with its own createdOn is matched on that instant, whatever zone it was written in")
    func ownCreatedOnSameInstant() {
        let india = CustomerUpdate(identifierName: "mobile", identifierValue: "919800000001", label: "VIP",
                                   reason: "Quarterly review", source: "INSTORE", createdOn: "2026-11-30T15:45:02+05:30")
        // The row's own time is long before the first send: the send time does not apply.
        #expect(Self.confirm([Self.entry(createdOn: Self.november)], update: india, sentAfter: Self.november + 90_000)
            == .applied(createdId: "566881934"))
        var utc = india
        utc.createdOn = "2026-11-30T10:15:02Z"
        #expect(Self.confirm([Self.entry(createdOn: Self.november + 0.5)], update: utc) == .applied(createdId: "566881934"))
    }

    @Test("a row with its own createdOn: an entry neither at that instant nor after the first send is not applied",
          arguments: [1.0, -1.0, 1.5, 60.0, -3600.0, 19_800.0])
    func ownCreatedOnDifferentInstant(delta: Double) {
        let update = CustomerUpdate(identifierName: "mobile", identifierValue: "919800000001", label: "VIP",
                                    reason: "Quarterly review", source: "INSTORE", createdOn: "2026-11-30T15:45:02+05:30")
        let sentLater = Self.november + 90_000
        #expect(Self.confirm([Self.entry(createdOn: Self.november + delta)], update: update, sentAfter: sentLater)
            == .notApplied)
        // The API may stamp the change with its own time instead: an entry after the first send is ours.
        #expect(Self.confirm([Self.entry(createdOn: sentLater + 2)], update: update, sentAfter: sentLater)
            == .applied(createdId: "566881934"))
    }

    @Test("an entry with the row's label and reason but no readable createdOn leaves the verdict undecided")
    func entryWithoutTime() {
        #expect(Self.confirm([Self.entry(createdOn: nil)]) == .undecided)
        #expect(Self.confirm([Self.entry(label: "GOLD", createdOn: nil)]) == .notApplied)
        // A readable entry of ours decides, whatever else the log holds.
        #expect(Self.confirm([Self.entry(createdOn: nil, createdId: "1"), Self.entry(createdOn: Self.sentAt, createdId: "2")])
            == .applied(createdId: "2"))
    }

    @Test("verify: the active label equal to the row's (any case) is verified, anything else mismatched")
    func verify() {
        let update = Self.update
        #expect(ReadBackRule.verify([Self.entry()], update: update) == .verified)
        #expect(ReadBackRule.verify([Self.entry(label: "vip", reason: "other", createdOn: nil)], update: update) == .verified)
        #expect(ReadBackRule.verify([Self.entry(label: "GOLD")], update: update) == .mismatched)
        #expect(ReadBackRule.verify([Self.entry(label: "GOLD", isActive: true), Self.entry(isActive: false)],
                                    update: update) == .mismatched)
        #expect(ReadBackRule.verify([Self.entry(label: "GOLD", isActive: false), Self.entry(isActive: true)],
                                    update: update) == .verified)
        #expect(ReadBackRule.verify([], update: update) == .mismatched)
    }

    @Test("previousLabel is the active entry's label, else the newest's, and nil for an empty log")
    func previousLabel() {
        #expect(ReadBackRule.previousLabel([Self.entry(label: "GOLD", isActive: false), Self.entry(label: "Silver")]) == "Silver")
        #expect(ReadBackRule.previousLabel([Self.entry(label: "GOLD", isActive: false),
                                            Self.entry(label: "Silver", isActive: false)]) == "GOLD")
        #expect(ReadBackRule.previousLabel([]) == nil)
    }

    @Test("StatusLogEntry.active picks the isActive entry, else the first")
    func activeEntry() {
        let a = Self.entry(label: "A", isActive: false)
        let b = Self.entry(label: "B", isActive: true)
        #expect(StatusLogEntry.active(in: [a, b]) == b)
        #expect(StatusLogEntry.active(in: [a, Self.entry(label: "C", isActive: false)]) == a)
        #expect(StatusLogEntry.active(in: []) == nil)
    }
}
