import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// async-http-client alone on StatusBatch's path (issue 17): ROWS status PUTs, CONCURRENCY in flight, one
/// connection each, against BASE_URL; no job, no pacing, no state. Prints the wall time and rows/s, the
/// ceiling StatusBatch's end-to-end figure is measured against.
///
///     swift run -c release --scratch-path .build-release ahc-ceiling BASE_URL [ROWS] [CONCURRENCY]
@main
struct AHCCeiling {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2 else {
            FileHandle.standardError.write(Data("usage: ahc-ceiling BASE_URL [ROWS] [CONCURRENCY]\n".utf8))
            exit(2)
        }
        let base = arguments[1]
        let rows = arguments.count > 2 ? Int(arguments[2]) ?? 20_000 : 20_000
        let concurrency = arguments.count > 3 ? Int(arguments[3]) ?? 32 : 32
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = concurrency
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let body = #"{"reason":"benchmark run","label":"Gold"}"#
        let start = Date()
        let failures = try await withThrowingTaskGroup(of: Int.self) { group in
            var next = 0, failures = 0
            func add() {
                let value = String(format: "91%010d7", next)
                next += 1
                group.addTask {
                    var request = HTTPClientRequest(
                        url: "\(base)/v2/customers/lookup/status?source=INSTORE&identifierName=mobile&identifierValue=\(value)")
                    request.method = .PUT
                    request.headers.add(name: "Content-Type", value: "application/json")
                    request.headers.add(name: "Accept", value: "application/json")
                    request.headers.add(name: "Authorization", value: "Basic YmVuY2g6YmVuY2g=")
                    request.body = .bytes(ByteBuffer(string: body))
                    let response = try await client.execute(request, timeout: .seconds(30))
                    _ = try await response.body.collect(upTo: 1 << 20)
                    return response.status == .ok ? 0 : 1
                }
            }
            for _ in 0..<min(concurrency, rows) { add() }
            while let failed = try await group.next() {
                failures += failed
                if next < rows { add() }
            }
            return failures
        }
        let seconds = Date().timeIntervalSince(start)
        try await client.shutdown()
        print(String(format: "ahc-ceiling: %d rows in %.2f s, %.0f rows/s, %d not 200 (concurrency %d)",
                     rows, seconds, Double(rows) / seconds, failures, concurrency))
    }
}
