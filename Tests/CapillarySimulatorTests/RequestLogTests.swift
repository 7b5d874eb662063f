import Foundation
import Testing
@testable import CapillarySimulator

/// RequestLog (through the engine's `logPath`): one JSON line per handled request, with decoded values.
@Suite("RequestLog")
struct RequestLogTests {
    /// Runs `body` with an engine logging to a fresh temporary file, then returns the file's lines
    /// (after `flushLog()`) parsed; the file is removed afterwards.
    static func logged(_ configure: (inout SimulatorOptions) -> Void = { _ in },
                       _ body: (SimulatorEngine) throws -> Void) throws -> (lines: [[String: Any]], text: String) {
        let path = Sim.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try Sim.engine { $0.logPath = path; configure(&$0) }
        try body(engine)
        engine.flushLog()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = try text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], "\($0)")
        }
        #expect(text.hasSuffix("\n") || text.isEmpty)
        return (lines, text)
    }

    @Test("N handled requests give exactly N lines")
    func oneLinePerRequest() throws {
        let (lines, text) = try Self.logged { engine in
            for index in 0..<25 { Sim.answer(engine, Sim.request(value: "91980000\(index)1"), now: 1000 + Double(index)) }
            Sim.answer(engine, Sim.request(path: "/nope"))
            Sim.answer(engine, Sim.request(method: "GET"))
        }
        #expect(lines.count == 27)
        #expect(text.split(separator: "\n").count == 27)
    }

    @Test("a success line has every key, the decoded values and the createdId, but no code")
    func successLine() throws {
        var reply: SimulatedReply?
        let (lines, _) = try Self.logged { engine in
            let request = Sim.request(rawQuery: Sim.query(value: "%2B919800000001"))
            reply = Sim.answer(engine, request, now: 1_700_000_000.1234)
        }
        let line = try #require(lines.first)
        #expect(lines.count == 1)
        #expect(Set(line.keys) == ["t", "method", "path", "query", "identifierName", "identifierValue", "source",
                                   "status", "dropped", "applied", "auth", "auth_key", "auth_scheme", "body", "createdId"])
        #expect(line["auth_key"] as? Bool == false)
        #expect((line["t"] as? NSNumber)?.int64Value == 1_700_000_000_123)
        #expect(line["method"] as? String == "PUT")
        #expect(line["path"] as? String == Sim.path)
        #expect(line["query"] as? String == "source=INSTORE&identifierName=mobile&identifierValue=%2B919800000001")
        #expect(line["identifierName"] as? String == "mobile")
        #expect(line["identifierValue"] as? String == "+919800000001")
        #expect(line["source"] as? String == "INSTORE")
        #expect((line["status"] as? NSNumber)?.intValue == 200)
        #expect(line["auth"] as? Bool == false)
        #expect(line["auth_scheme"] as? String == "none")
        #expect(line["dropped"] as? Bool == false)
        let body = try #require(line["body"] as? [String: Any])
        #expect(body["reason"] as? String == "r")
        #expect(body["label"] as? String == "Gold")
        #expect((line["createdId"] as? NSNumber)?.intValue == reply?.createdId)
    }

    @Test("an error line has the error code and no createdId")
    func errorLine() throws {
        let (lines, _) = try Self.logged { engine in
            Sim.answer(engine, Sim.request(body: #"{"reason":"r","label":"Bronze"}"#))
            Sim.answer(engine, Sim.request(path: "/nope"))
            Sim.answer(engine, Sim.request(value: "919800000503"))
        }
        #expect(lines.count == 3)
        #expect(lines.map { ($0["status"] as? NSNumber)?.intValue } == [400, 404, 503])
        #expect(lines.map { ($0["code"] as? NSNumber)?.intValue } == [8086, 404, 503])
        #expect(lines.allSatisfy { $0["createdId"] == nil })
    }

    @Test("auth is a boolean; the Authorization value never appears in the log")
    func authIsBoolean() throws {
        let secret = "Basic c2VjcmV0LXVzZXI6MGNjMTc1YjljMGYxYjZhODMxYzM5OWUyNjk3NzI2NjE="
        let (lines, text) = try Self.logged({ $0.expectedAuthorization = secret }) { engine in
            Sim.answer(engine, Sim.request(headers: Sim.jsonHeaders + [("Authorization", secret)]))
            Sim.answer(engine, Sim.request(value: "919800000002", headers: Sim.jsonHeaders + [("Authorization", "Basic bad")]))
            Sim.answer(engine, Sim.request(value: "919800000003"))
        }
        #expect(lines.map { $0["auth"] as? Bool } == [true, true, false])
        #expect(lines.map { ($0["status"] as? NSNumber)?.intValue } == [200, 401, 401])
        #expect(!text.contains("c2VjcmV0"))
        #expect(!text.contains("Basic"))
        #expect(text.contains("\"auth\":true") && text.contains("\"auth\":false"))
    }

    @Test("percent-decoded values: email and UTF-8")
    func decodedValues() throws {
        let (lines, _) = try Self.logged { engine in
            Sim.answer(engine, Sim.request(value: "a%40b.com", name: "email"))
            Sim.answer(engine, Sim.request(value: "m%C3%BCller", name: "externalid"))
        }
        #expect(lines.map { $0["identifierValue"] as? String } == ["a@b.com", "müller"])
        #expect(lines.map { $0["query"] as? String }.allSatisfy { $0?.contains("%") == true })
    }

    @Test("accountId is logged when given; a non-JSON body is left out")
    func accountIdAndBody() throws {
        let (lines, _) = try Self.logged { engine in
            let query = Sim.query(source: "WECHAT", value: "919800000001", extra: "&accountId=acc%201")
            Sim.answer(engine, Sim.request(rawQuery: query))
            Sim.answer(engine, Sim.request(value: "919800000002", body: "not json"))
        }
        #expect(lines[0]["accountId"] as? String == "acc 1")
        #expect((lines[0]["status"] as? NSNumber)?.intValue == 200)
        #expect(lines[1]["accountId"] == nil)
        #expect(lines[1]["body"] == nil)
        #expect((lines[1]["code"] as? NSNumber)?.intValue == 8087)
    }

    @Test("a dropped request is logged with status 0 and dropped true")
    func droppedLine() throws {
        let (lines, text) = try Self.logged({ $0.dropRate = 1 }) { engine in
            Sim.answer(engine, Sim.request())
        }
        #expect(lines.count == 1)
        #expect((lines[0]["status"] as? NSNumber)?.intValue == 0)
        #expect(lines[0]["dropped"] as? Bool == true)
        #expect(text.contains("\"dropped\":true"))
        #expect(lines[0]["createdId"] == nil && lines[0]["code"] == nil)
    }

    @Test("a rate-limited request is logged with status 429 and code 429")
    func limitedLine() throws {
        let (lines, _) = try Self.logged({ $0.perSecondLimit = 1 }) { engine in
            Sim.answer(engine, Sim.request(), now: 1000)
            Sim.answer(engine, Sim.request(value: "919800000002"), now: 1000.5)
        }
        #expect(lines.map { ($0["status"] as? NSNumber)?.intValue } == [200, 429])
        #expect((lines[1]["code"] as? NSNumber)?.intValue == 429)
    }

    @Test("an existing log is appended to, not truncated")
    func appends() throws {
        let path = Sim.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("{\"earlier\":true}\n".utf8).write(to: URL(fileURLWithPath: path))
        let engine = try Sim.engine { $0.logPath = path }
        Sim.answer(engine, Sim.request())
        engine.flushLog()
        let again = try Sim.engine { $0.logPath = path }
        Sim.answer(again, Sim.request())
        again.flushLog()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.first == "{\"earlier\":true}")
    }

    @Test("an unwritable log path makes the engine fail to start")
    func unwritablePath() {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("missing-\(UUID().uuidString)/log.jsonl").path
        #expect(throws: (any Error).self) { try SimulatorEngine(options: { var o = SimulatorOptions(); o.logPath = path; return o }()) }
    }

    @Test("concurrent requests each write one whole line")
    func concurrentLines() async throws {
        let path = Sim.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try Sim.engine { $0.logPath = path }
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask { Sim.answer(engine, Sim.request(value: "9197\(index)1"), now: 1000) }
            }
        }
        engine.flushLog()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 200)
        let values = Set(lines.compactMap {
            ((try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any])?["identifierValue"] as? String
        })
        #expect(values.count == 200)
    }
}
