/// Shell quoting of command-line words, so that a command the tool prints can be pasted into sh, bash or zsh
/// as it is: a word with anything but letters, digits and `@%+=:,./_-` is put in single quotes (a `'` in it
/// becomes `'\''`), so `$`, spaces, `*`, `!` and newlines stay literal.
public enum ShellWords {
    /// `word` as one shell word.
    public static func quote(_ word: String) -> String {
        guard word.isEmpty || word.unicodeScalars.contains(where: { !isPlain($0) }) else { return word }
        return "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: #"'\''"#) + "'"
    }

    /// `words` as one command line.
    public static func join(_ words: [String]) -> String {
        words.map(quote).joined(separator: " ")
    }

    private static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "@", "%", "+", "=", ":", ",", ".", "/", "_", "-": return true
        default: return false
        }
    }
}
