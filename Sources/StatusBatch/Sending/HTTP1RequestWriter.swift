import NIOCore
import NIOHTTP1

/// The handler next to the socket (or to TLS) of a pooled connection, in place of NIO's request encoder: an
/// exchange's request goes out as the bytes `bytes(of:target:)` made by the thread that sent it (the worker
/// pool's, for rows), in one write. The head before them (method only) is for the response decoder, which
/// needs each request's method to read its answer; it is not written.
final class HTTP1RequestWriter: ChannelOutboundHandler {
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = ByteBuffer

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .body(.byteBuffer(let bytes)): context.write(wrapOutboundOut(bytes), promise: promise)
        case .body(.fileRegion): promise?.fail(ChannelError.operationUnsupported)
        case .head, .end: promise?.succeed(())
        }
    }

    /// The head handed to the response decoder for a request of `method` (it reads only the method).
    static func head(for method: HTTPMethod) -> HTTPRequestHead {
        switch method {
        case .GET: return getHead
        case .PUT: return putHead
        case .POST: return postHead
        default: return HTTPRequestHead(version: .http1_1, method: method, uri: "/")
        }
    }

    private static let getHead = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/")
    private static let putHead = HTTPRequestHead(version: .http1_1, method: .PUT, uri: "/")
    private static let postHead = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/")

    /// `request` as HTTP/1.1 bytes for `target`: the request line, `Host`, its headers, `Content-Length` when it
    /// has a body or is a PUT or POST, then the body. `HTTPRequestCheck` passed it first.
    static func bytes(of request: CapillaryRequest, target: HTTPTarget) -> ByteBuffer {
        var out = ByteBufferAllocator().buffer(capacity: 256 + request.body.count)
        out.writeString(request.method)
        out.writeStaticString(" ")
        out.writeString(target.requestTarget)
        out.writeStaticString(" HTTP/1.1\r\nHost: ")
        out.writeString(target.origin.hostHeader)
        out.writeStaticString("\r\n")
        for header in request.headers {
            out.writeString(header.name)
            out.writeStaticString(": ")
            out.writeString(header.value)
            out.writeStaticString("\r\n")
        }
        if !request.body.isEmpty || request.method == "PUT" || request.method == "POST" {
            out.writeStaticString("Content-Length: ")
            out.writeString(String(request.body.count))
            out.writeStaticString("\r\n")
        }
        out.writeStaticString("\r\n")
        out.writeBytes(request.body)
        return out
    }
}
