import Foundation
import Logging
import Testing
@testable import StatusBatch

/// JSONLogHandler through an injected sink: one parseable object per line, keys, metadata, levels, escaping.
@Suite("JSONLogHandler")
struct JSONLogHandlerTests {
    func logger(level: Logger.Level = .info) -> (Logger, TextRecorder) {
        let recorder = TextRecorder()
        let clock = FakeClock(start: 1_700_000_000.123)
        var logger = Logger(label: "statusbatch") { label in
            JSONLogHandler(label: label, clock: clock, sink: recorder.record)
        }
        logger.logLevel = level
        return (logger, recorder)
    }

    func parse(_ line: String) throws -> [String: String] {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(object as? [String: String])
    }

    @Test("one object per line with time, level, label, message and the metadata as strings")
    func keysAndMetadata() throws {
        var (logger, recorder) = logger()
        logger[metadataKey: "job"] = "/tmp/job"
        logger.info("ingested job", metadata: ["rows": "\(1200)", "nested": ["a": "b"]])
        let lines = recorder.all
        #expect(lines.count == 1)
        #expect(try parse(lines[0]) == ["time": "2023-11-14T22:13:20.123Z", "level": "info", "label": "statusbatch",
                                        "message": "ingested job", "job": "/tmp/job", "rows": "1200",
                                        "nested": #"["a": "b"]"#])
        #expect(lines[0].hasPrefix(#"{"time":"2023-11-14T22:13:20.123Z","level":"info","label":"statusbatch","#))
    }

    @Test("messages below the level are dropped")
    func levelFiltering() throws {
        let (logger, recorder) = logger(level: .warning)
        logger.info("not shown")
        logger.debug("not shown either")
        logger.warning("shown")
        logger.error("shown too")
        #expect(try recorder.all.map { try parse($0)["level"] } == ["warning", "error"])
    }

    @Test("quotes, backslashes and newlines in messages stay on one line and round-trip")
    func escaping() throws {
        let (logger, recorder) = logger()
        let message = "row \"7\" said:\nline two\\end\ttab"
        logger.notice("\(message)", metadata: ["reason": "a \"quoted\"\nvalue"])
        let line = try #require(recorder.all.first)
        #expect(!line.contains("\n"))
        let object = try parse(line)
        #expect(object["message"] == message)
        #expect(object["reason"] == "a \"quoted\"\nvalue")
    }

    @Test("a metadata key that collides with a fixed key is renamed, the fixed one wins")
    func reservedKeys() throws {
        let (logger, recorder) = logger()
        logger.info("real", metadata: ["message": "fake", "level": "fake"])
        let object = try parse(try #require(recorder.all.first))
        #expect(object["message"] == "real")
        #expect(object["level"] == "info")
        #expect(object["metadata.message"] == "fake")
        #expect(object["metadata.level"] == "fake")
    }
}
