import Testing
@testable import StatusBatch

/// TokenBook: OAuth tokens needed on first use, renewed before they run out, replaced once after a 401.
@Suite("TokenBook")
struct TokenBookTests {
    @Test("other credentials: no token is ever needed and a 401 is fatal")
    func staticCredentials() {
        var book = TokenBook(generatesTokens: false)
        #expect(!book.needsToken(now: 0))
        #expect(book.refused(generation: 0) == .fatal)
    }

    @Test("a token on first use, the same until shortly before it runs out (10 %, at most 30 s), then a new one")
    func renewal() {
        var book = TokenBook(generatesTokens: true)
        #expect(book.needsToken(now: 100))
        book.issued("token-1", lifetime: 300, now: 100)
        #expect(book.token == "token-1" && book.generation == 1)
        #expect(!book.needsToken(now: 369))
        #expect(book.needsToken(now: 371))
        book.issued("token-2", lifetime: 100, now: 371)
        #expect(!book.needsToken(now: 460))
        #expect(book.needsToken(now: 461))
        #expect(book.generation == 2)
    }

    @Test("one new token after a 401; a 401 for that new token is fatal; stale 401s are not")
    func refusal() {
        var book = TokenBook(generatesTokens: true)
        book.issued("token-1", lifetime: 300, now: 0)
        #expect(book.refused(generation: 1) == .retry)
        #expect(book.needsToken(now: 1))
        book.issued("token-2", lifetime: 300, now: 1)
        #expect(book.refused(generation: 1) == .retry, "a request that still carried the old token")
        #expect(book.refused(generation: 2) == .fatal)
    }

    @Test("four requests in flight refused with one token: all retried, one new token")
    func concurrentRefusals() {
        var book = TokenBook(generatesTokens: true)
        book.issued("token-1", lifetime: 300, now: 0)
        for _ in 0..<4 { #expect(book.refused(generation: 1) == .retry) }
        book.issued("token-2", lifetime: 300, now: 1)
        #expect(book.refused(generation: 2) == .fatal)
    }

    @Test("after an accepted request a later 401 again earns one new token")
    func acceptedResets() {
        var book = TokenBook(generatesTokens: true)
        book.issued("token-1", lifetime: 300, now: 0)
        #expect(book.refused(generation: 1) == .retry)
        book.issued("token-2", lifetime: 300, now: 1)
        book.accepted()
        #expect(book.refused(generation: 2) == .retry)
    }
}
