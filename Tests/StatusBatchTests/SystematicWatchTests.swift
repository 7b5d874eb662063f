import Testing
@testable import StatusBatch

/// SystematicWatch: a label, a source or every row failing the same way with no success is held back after the
/// limit, counting requests in flight; errors that belong to their rows (8015) never are.
@Suite("SystematicWatch")
struct SystematicWatchTests {
    static func update(_ value: String, label: String = "Gold", source: String = "INSTORE") -> CustomerUpdate {
        CustomerUpdate(identifierName: "mobile", identifierValue: value, label: label, reason: "r", source: source)
    }

    /// Sends and answers one row; returns what the answer held back.
    static func fail(_ watch: inout SystematicWatch, _ update: CustomerUpdate, code: String?, status: Int = 400)
        -> SystematicWatch.Key? {
        watch.started(update)
        return watch.answered(update, success: false, scope: ErrorScope.of(code: code, httpStatus: status), code: code,
                              httpStatus: status)
    }

    @Test("error scopes: 8086 and 1032 blame the label, 8003 the source, a bare 404/405/415 every row; 8015 its row")
    func scopes() {
        #expect(ErrorScope.of(code: "8086", httpStatus: 400) == .label)
        #expect(ErrorScope.of(code: "UPDATECUSTOMERSTATUS_1032", httpStatus: 200) == .label)
        #expect(ErrorScope.of(code: "8003", httpStatus: 400) == .source)
        #expect(ErrorScope.of(code: nil, httpStatus: 404) == .everyRow)
        #expect(ErrorScope.of(code: "404", httpStatus: 404) == .everyRow)
        #expect(ErrorScope.of(code: nil, httpStatus: 415) == .everyRow)
        #expect(ErrorScope.of(code: "8015", httpStatus: 404) == nil)
        #expect(ErrorScope.of(code: "8015", httpStatus: 400) == nil)
        #expect(ErrorScope.of(code: nil, httpStatus: 400) == nil)
    }

    @Test("an unknown label is held after 20 answers; its rows are blocked and filtered, other labels go on")
    func labelHeld() {
        var watch = SystematicWatch(limit: 20)
        var held: SystematicWatch.Key?
        for i in 0..<20 {
            #expect(!watch.blocks(Self.update("\(i)", label: "Diamond")) || i >= 20)
            held = Self.fail(&watch, Self.update("\(i)", label: "Diamond"), code: "8086") ?? held
        }
        #expect(held == SystematicWatch.Key(scope: .label, value: "Diamond"))
        #expect(watch.blocks(Self.update("x", label: "Diamond")))
        #expect(!watch.blocks(Self.update("y", label: "Gold")))
        #expect(watch.filter == ClaimFilter(labels: ["Diamond"]))
        #expect(watch.message(held!).hasPrefix("label 'Diamond' is not a label of this org"))
        #expect(watch.message(held!).contains("8086, 20 of 20 rows"))
    }

    @Test("requests in flight count: with 15 failures and 5 in flight, a sixth row of the label is not sent")
    func inFlightCounts() {
        var watch = SystematicWatch(limit: 20)
        for i in 0..<15 { _ = Self.fail(&watch, Self.update("\(i)", label: "Diamond"), code: "8086") }
        for i in 15..<20 { watch.started(Self.update("\(i)", label: "Diamond")) }
        #expect(watch.blocks(Self.update("next", label: "Diamond")))
        #expect(watch.filter.labels == ["Diamond"])
        // One of them succeeds after all: the label is not a mistake, nothing is blocked any more.
        _ = watch.answered(Self.update("15", label: "Diamond"), success: true, scope: nil, code: nil, httpStatus: 200)
        #expect(!watch.blocks(Self.update("next", label: "Diamond")))
        #expect(watch.filter == .none)
    }

    @Test("a success among the rows of a label means it is never systematic")
    func successClears() {
        var watch = SystematicWatch(limit: 3)
        watch.started(Self.update("a", label: "VIP"))
        _ = watch.answered(Self.update("a", label: "VIP"), success: true, scope: nil, code: nil, httpStatus: 200)
        for i in 0..<10 { #expect(Self.fail(&watch, Self.update("\(i)", label: "VIP"), code: "8086") == nil) }
        #expect(!watch.blocks(Self.update("b", label: "VIP")))
    }

    @Test("many different customers failing 8015 is never systematic; a wrong source is; limit 0 turns it off")
    func rowErrorsAndSources() {
        var watch = SystematicWatch(limit: 5)
        for i in 0..<50 { #expect(Self.fail(&watch, Self.update("\(i)"), code: "8015") == nil) }
        #expect(!watch.blocks(Self.update("z")) && !watch.blocksEveryRow)
        var held: SystematicWatch.Key?
        for i in 0..<5 { held = Self.fail(&watch, Self.update("s\(i)", source: "FOO"), code: "8003") ?? held }
        #expect(held == SystematicWatch.Key(scope: .source, value: "FOO"))
        #expect(watch.filter == ClaimFilter(sources: ["FOO"]))
        var off = SystematicWatch(limit: 0)
        for i in 0..<50 { #expect(Self.fail(&off, Self.update("\(i)", label: "Diamond"), code: "8086") == nil) }
        #expect(!off.blocks(Self.update("q", label: "Diamond")) && off.filter == .none)
    }

    @Test("every row refused with a bare 404: held as a whole; nothing may be sent once the limit is reached")
    func everyRow() {
        var watch = SystematicWatch(limit: 20)
        var held: SystematicWatch.Key?
        for i in 0..<20 { held = Self.fail(&watch, Self.update("\(i)"), code: nil, status: 404) ?? held }
        #expect(held?.scope == .everyRow)
        #expect(watch.blocksEveryRow)
        #expect(watch.message(held!).contains("check --cluster or --base-url"))
    }

    @Test("in the core: after the limit, a claimed row of the label goes back unsent, claims filter it, the job ends systematic")
    func coreHoldsBack() throws {
        var script = try SendingCoreScript(concurrency: 1) { $0.maxSystematicFailures = 2 }
        let rows = (1...3).map { ClaimedRow(id: $0, line: $0 + 1, update: Self.update("91980000000\($0)", label: "Diamond")) }
        let unknownLabel = SendingCoreScript.reply(.permanent(code: "8086", message: "Invalid label"), status: 400)
        #expect(script.run([
            step(0, .claim(limit: 1)),
            step(0, [.claimed(rows, nextDue: nil)], .start(rowId: 1, scheduledAt: 0)),
            step(0.05, [.answered(rowId: 1, reply: unknownLabel)],
                 .commit(resolutions: [1: .failed(code: "8086", message: "Invalid label")])),
            step(0.05, .wait(until: 0.1)),
            step(0.1, .start(rowId: 2, scheduledAt: 0.1)),
            // Row 3, due now, is not sent: the label is held, and it goes back in the same commit as row 2's answer.
            step(0.15, [.answered(rowId: 2, reply: unknownLabel)],
                 .commit(resolutions: [2: .failed(code: "8086", message: "Invalid label"), 3: .released(step: .send)])),
            step(0.15, .claim(limit: 1, filter: ClaimFilter(labels: ["Diamond"]))),
            step(0.15, [.claimed([], nextDue: nil)], .finish(.systematic(
                "label 'Diamond' is not a label of this org, or not one it may set (8086, 2 of 2 rows): "
                    + "fix the label column or --label, then run with --restart"))),
        ]) == nil)
    }
}
