import Foundation
import Testing

/// An .xlsx workbook (a fixture written by openpyxl; Tests/StatusBatchTests/Fixtures/xlsx) sent through the real
/// binary: its rows are sent, the rejected one is reported with its sheet row number, and failed.csv is a CSV with
/// the sheet's header.
struct WorkbookInputTests {
    @Test func aWorkbookIsSentAndReportedByItsSheetRows() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("StatusBatchTests/Fixtures/xlsx/inline-openpyxl.xlsx")
        let input = directory.appendingPathComponent("customers.xlsx")
        try FileManager.default.copyItem(at: fixture, to: input)
        let simulator = try SimulatorProcess(in: directory, arguments: [])
        let run = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--rate", "100/s", "--quiet"],
                                        environment: PacingTests.credentials, in: directory)
        #expect(run.status == 1, "one row has no reason: \(run.stderr)")
        let job = URL(fileURLWithPath: input.path + ".statusbatch")
        #expect(try JobFiles.outcomes(job)["succeeded"] == 2 && JobFiles.outcomes(job)["rejected"] == 1)
        let lines = try JobFiles.results(job).map { $0["line"] ?? "" }
        #expect(lines == ["2", "3", "5"], "sheet rows: \(lines)")
        let sent = simulator.requests().compactMap { $0["body"] as? [String: Any] }
        #expect(sent.contains { $0["createdOn"] as? String == "2026-01-31T15:00:00Z" }, "\(sent)")
        #expect(try JobFiles.read(job, "failed.csv").hasPrefix("mobile,label,reason,createdOn"))
        let other = try BinaryProcess.run(["validate", input.path, "--sheet", "Nope"], in: directory)
        #expect(other.status == 2 && other.stderr.contains("no sheet named 'Nope'"), "\(other.stderr)")
    }
}
