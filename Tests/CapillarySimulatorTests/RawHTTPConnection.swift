import Foundation
#if canImport(Glibc)
import Glibc
private func systemClose(_ fd: Int32) -> Int32 { Glibc.close(fd) }
private func systemSend(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int, _ flags: Int32) -> Int {
    Glibc.send(fd, bytes, count, flags)
}
#elseif canImport(Darwin)
import Darwin
private func systemClose(_ fd: Int32) -> Int32 { Darwin.close(fd) }
private func systemSend(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int, _ flags: Int32) -> Int {
    Darwin.send(fd, bytes, count, flags)
}
#endif

/// One HTTP response as read off a raw socket.
struct RawHTTPResponse {
    var statusLine: String
    var status: Int
    /// Header names lower-cased.
    var headers: [String: String]
    var body: String

    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
    }
}

enum RawHTTPError: Error {
    case socket(Int32), connect(Int32), send(Int32), timeout, closed, malformed(String)
}

/// A blocking TCP connection to 127.0.0.1 that writes request bytes as given and reads responses
/// (Content-Length framed), so keep-alive and dropped connections can be observed exactly.
final class RawHTTPConnection {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var isClosed = false

    init(port: Int, timeout: Double = 2) throws {
        #if os(Linux)
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw RawHTTPError.socket(errno) }
        var time = timeval(tv_sec: Int(timeout), tv_usec: .init(Int((timeout - timeout.rounded(.down)) * 1_000_000)))
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            _ = systemClose(fd)
            throw RawHTTPError.connect(code)
        }
    }

    deinit { close() }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        _ = systemClose(fd)
    }

    /// Writes `text` as it is.
    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            #if os(Linux)
            let flags = Int32(MSG_NOSIGNAL)
            #else
            let flags: Int32 = 0
            #endif
            let sent = bytes.withUnsafeBytes { systemSend(fd, $0.baseAddress! + offset, $0.count - offset, flags) }
            guard sent > 0 else { throw RawHTTPError.send(errno) }
            offset += sent
        }
    }

    /// Reads more bytes into the buffer; false at end of stream.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
        if count > 0 {
            buffer += chunk[0..<count]
            return true
        }
        if count == 0 { return false }
        if errno == EAGAIN || errno == EWOULDBLOCK { throw RawHTTPError.timeout }
        if errno == ECONNRESET { return false }
        throw RawHTTPError.closed
    }

    /// Reads one response; throws `.closed` when the server closes before sending one.
    func readResponse() throws -> RawHTTPResponse {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            headEnd = buffer.indices.dropLast(3).first { Array(buffer[$0..<$0 + 4]) == separator }
            if headEnd == nil, try !fill() { throw RawHTTPError.closed }
        }
        let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { throw RawHTTPError.malformed(statusLine) }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        let bodyStart = headEnd! + 4
        while buffer.count < bodyStart + length {
            if try !fill() { throw RawHTTPError.closed }
        }
        let body = String(decoding: buffer[bodyStart..<bodyStart + length], as: UTF8.self)
        buffer.removeFirst(bodyStart + length)
        return RawHTTPResponse(statusLine: statusLine, status: status, headers: headers, body: body)
    }

    /// Reads until the server closes the connection and returns what arrived (throws on timeout).
    func readUntilClosed() throws -> [UInt8] {
        while try fill() {}
        defer { buffer.removeAll() }
        return buffer
    }
}

/// The bytes of a PUT to the status endpoint on a raw connection.
func rawPut(query: String, body: String = Sim.goldBody, version: String = "HTTP/1.1",
            extraHeaders: [String] = []) -> String {
    var lines = ["PUT \(Sim.path)?\(query) \(version)", "Host: 127.0.0.1", "Content-Type: application/json",
                 "Content-Length: \(body.utf8.count)"]
    lines += extraHeaders
    return lines.joined(separator: "\r\n") + "\r\n\r\n" + body
}
