import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Appends one JSON object per request to a file: what tests use to prove what was sent, how often and when.
/// Credentials never appear: only whether (`auth`, `auth_key`) and which (`auth_scheme`) header was sent, and the body only
/// for the status PUT (so a token request's key and secret stay out).
/// Each line is one `write(2)` on a descriptor opened with O_APPEND, so concurrent writers never interleave
/// lines and no lock is held around the I/O. The server calls it off its event loop.
final class RequestLog: Sendable {
    private let descriptor: Int32

    init(path: String) throws {
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
    }

    deinit { close(descriptor) }

    func append(request: SimulatedRequest, query: [String: String], reply: SimulatedReply, now: Double) {
        var entry: [String: Any] = [
            "t": Int((now * 1000).rounded()),
            "method": request.method,
            "path": request.path,
            "query": request.rawQuery,
            "identifierName": query["identifierName"] ?? "",
            "identifierValue": query["identifierValue"] ?? "",
            "source": query["source"] ?? "",
            "status": reply.drop ? 0 : reply.status,
            "dropped": reply.drop,
            "applied": reply.applied,
            "auth": request.header("authorization") != nil,
            "auth_scheme": Self.authScheme(request),
        ]
        if let accountId = query["accountId"] { entry["accountId"] = accountId }
        if let window = reply.quotaWindow { entry["window"] = window }
        // Attribution headers are not secrets: logged so tests can see they reached the wire.
        if let type = request.header("X-CAP-API-ATTRIBUTION-ENTITY-TYPE") { entry["attributionType"] = type }
        if let code = request.header("X-CAP-API-ATTRIBUTION-ENTITY-CODE") { entry["attributionCode"] = code }
        if let org = request.header("X-CAP-API-AUTH-ORG-ID") { entry["orgId"] = org }
        // The org key is a secret: only whether it came.
        entry["auth_key"] = request.header("X-CAP-API-AUTH-KEY") != nil
        if request.path == "/v2/customers/lookup/status",
           let body = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any] {
            entry["body"] = body
        }
        if let reply = try? JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any] {
            if let createdId = reply["createdId"] { entry["createdId"] = createdId }
            if let first = (reply["errors"] as? [[String: Any]])?.first, let code = first["code"] { entry["code"] = code }
        }
        guard var line = try? JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys]) else { return }
        line.append(UInt8(ascii: "\n"))
        line.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    /// "oauth" when an `X-CAP-API-OAUTH-TOKEN` header was sent, else "basic" when an `Authorization` header was,
    /// else "none".
    static func authScheme(_ request: SimulatedRequest) -> String {
        if request.header("x-cap-api-oauth-token") != nil { return "oauth" }
        return request.header("authorization") != nil ? "basic" : "none"
    }

    func flush() { _ = fsync(descriptor) }
}
