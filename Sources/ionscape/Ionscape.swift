import ArgumentParser
import Foundation

/// The `ionscape` command-line front end (CLI.md).
///
/// Exit codes: 0 success, 2 bad input (including argument errors), 1 failed computation.
@main
struct Ionscape: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ionscape",
        abstract: "Ion transport in network glasses: site-energy landscapes, percolation, conductivities, CAIT.",
        discussion: """
        `ionscape help COMMAND` lists a command's options with their units and defaults; the \
        physics is described in docs/model.md. Shell completion: `ionscape \
        --generate-completion-script bash` (or zsh, fish) prints a script, e.g. \
        `ionscape --generate-completion-script bash > /etc/bash_completion.d/ionscape`.
        """,
        version: RunRecord.engineVersion,
        subcommands: [NFUCommand.self, LandscapeCommand.self, ActivationEnergyCommand.self, ConductivityCommand.self, ArrheniusCommand.self,
                      ValidateKronCommand.self, FitCommand.self, ValidateCommand.self, CAITCommand.self, CAITFitCommand.self, Reproduce.self,
                      VersionCommand.self]
    )

    static func main() {
        _ = RunClock.launched   // run records time the run from here
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as ComputationError {
            fail("error: \(error.description)", code: 1)
        } catch let error as InputError {
            fail("error: \(error.description)", code: 2)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            // Argument-parser failures are bad input (CLI.md: exit 2); library errors raised by
            // invalid parameters are mapped by `ErrorClassification`.
            let isInput = code == .validationFailure || ErrorClassification.isBadInput(error)
            fail(isInput && code == .validationFailure ? fullMessage(for: error) : "error: \(error)",
                 code: isInput ? 2 : 1)
        }
    }

    private static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
        Foundation.exit(code)
    }
}
