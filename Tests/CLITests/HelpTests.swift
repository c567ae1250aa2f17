import Foundation
import Testing

/// `ionscape help` documents every option with its default, cites the repository's own docs,
/// and the documented extras (completion scripts, `version`) work.
@Suite struct HelpTests {
    @Test(arguments: UnusedParameterTests.commands)
    func everyOptionStatesItsDefault(_ command: String) throws {
        let dump = try CLI.run([command, "--experimental-dump-help"])
        let tool = try #require(JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let arguments = try #require((tool["command"] as? [String: Any])?["arguments"] as? [[String: Any]])
        for argument in arguments where argument["kind"] as? String == "option" {
            let name = ((argument["names"] as? [[String: Any]])?.first?["name"] as? String) ?? "?"
            let abstract = (argument["abstract"] as? String ?? "").lowercased()
            #expect(abstract.contains("default") || abstract.contains("required") || argument["defaultValue"] != nil,
                    "\(command) --\(name): help does not state a default: \(abstract)")
        }
        let help = try CLI.run(["help", command])
        #expect(help.status == 0)
        #expect(!help.stdout.contains("SPEC") && !help.stdout.contains("../shared"), "\(command) help cites files users do not have")
    }

    /// The defaults that differ between commands are listed in each command's help.
    @Test func perCommandDefaultsAreListed() throws {
        for (command, fragment) in [("ea", "--x 0:1:0.1"), ("conductivity", "--x 0:1:0.25"), ("arrhenius", "--temperature 303:563:20"),
                                    ("validate-kron", "--size 12"), ("nfu", "--x 0:1:0.1"), ("landscape", "--size 30")] {
            let help = try CLI.run(["help", command])
            let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(text.contains(fragment), "\(command) help lacks '\(fragment)'")
        }
    }

    @Test func completionScriptsAndVersion() throws {
        for shell in ["bash", "zsh", "fish"] {
            let r = try CLI.run(["--generate-completion-script", shell])
            #expect(r.status == 0 && r.stdout.contains("ionscape"), "\(shell): \(r.stderr)")
        }
        let root = try CLI.run(["help"])
        #expect(root.stdout.contains("--generate-completion-script") && root.stdout.contains("docs/model.md"))
        let version = try CLI.run(["--version"])
        #expect(version.status == 0 && !version.stdout.isEmpty)
    }
}
