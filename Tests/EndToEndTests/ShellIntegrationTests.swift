import Foundation
import Testing

/// The shell conventions: completion scripts for bash, zsh and fish, and man pages in docs/man that name every
/// option the commands have now (regenerate them with the command in docs/man/README.md when this fails).
struct ShellIntegrationTests {
    static let commands = ["run", "validate", "status", "report", "undo", "simulator"]

    @Test func completionScriptsForBashZshAndFish() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for shell in ["bash", "zsh", "fish"] {
            let script = try BinaryProcess.run(["--generate-completion-script", shell], in: directory)
            #expect(script.status == 0, "\(shell): \(script.stderr)")
            #expect(Self.commands.allSatisfy { script.stdout.contains($0) } && script.stdout.contains("encoding"),
                    "\(shell) completion lacks a command or an option")
            try script.stdout.write(to: directory.appendingPathComponent("completion.\(shell)"), atomically: true, encoding: .utf8)
        }
        let syntax = try ShellProcess.run("bash -n completion.bash", in: directory)
        #expect(syntax.status == 0, "\(syntax.stderr)")
    }

    @Test func manPagesNameEveryOptionOfEveryCommand() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let manuals = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/man")
        for command in Self.commands {
            let page = try String(contentsOf: manuals.appendingPathComponent("statusbatch.\(command).1"), encoding: .utf8)
            let help = try BinaryProcess.run([command, "--help"], in: directory).stdout
            // The options section's lines start with the flag (prose elsewhere may name other commands' flags).
            let optionLines = help.split(separator: "\n").filter { $0.drop { $0 == " " }.hasPrefix("-") }
            let options = Set(optionLines.flatMap { $0.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "-" }) }
                .filter { $0.hasPrefix("--") && $0.count > 2 }.map { String($0.dropFirst(2)) })
            #expect(!options.isEmpty)
            for option in options.sorted() where option != "help" {
                #expect(page.contains("Fl -\(option)"), "docs/man/statusbatch.\(command).1 lacks --\(option): regenerate it")
            }
        }
    }
}
