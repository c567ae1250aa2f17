import ArgumentParser
import MPIFarm
import Foundation

/// The `ionscape` command-line front end (docs/model.md §12).
///
/// Exit codes: 0 success, 2 bad input (including argument errors), 1 failed computation.
///
/// Under an MPI launcher (`Launch`) every rank runs the same command: the sweep commands
/// (`DistributedSweepCommand`) spread their work units over the ranks, and rank 0 alone
/// prints, writes files and reports errors; the other commands run on rank 0 only.
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
                      VersionCommand.self, KMCCommand.self, DiffusionCommand.self, ACCommand.self]
    )

    static func main() {
        _ = RunClock.launched   // run records time the run from here
        let launch = Launch.current
        if launch.isDistributed {
            if launch.isRoot { InterruptReport.install() } else { dup2(open("/dev/null", O_WRONLY), STDOUT_FILENO) }
        }
        do {
            var command = try parseAsRoot()
            let spreads = command is DistributedSweepCommand
            if launch.isDistributed && !launch.isRoot && !spreads { Foundation.exit(0) }
            try command.run()
        } catch let stop as FarmStopped {
            Foundation.exit(UnitFarm.endJob(exitCode: stop.exitCode))   // rank 0 reports the failure
        } catch let error as MPIError {
            FileHandle.standardError.write(Data("error: rank \(launch.rank): \(error)\n".utf8))
            MPIRuntime.abort(code: 1)
        } catch let error as ComputationError {
            fail("error: \(error.description)", code: 1)
        } catch let error as InputError {
            fail("error: \(error.description)", code: 2)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(UnitFarm.endJob(exitCode: 0))
            }
            // Argument-parser failures are bad input (exit 2, docs/model.md §12); library errors raised by
            // invalid parameters are mapped by `ErrorClassification`.
            let isInput = code == .validationFailure || ErrorClassification.isBadInput(error)
            fail(isInput && code == .validationFailure ? fullMessage(for: error) : "error: \(error)",
                 code: isInput ? 2 : 1)
        }
        Foundation.exit(UnitFarm.endJob(exitCode: 0))
    }

    /// Prints `message` (rank 0 only: every rank meets the same bad input) and exits.
    private static func fail(_ message: String, code: Int32) -> Never {
        if Launch.current.isRoot {
            FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
        }
        Foundation.exit(UnitFarm.endJob(exitCode: code))
    }
}

/// The commands whose work units are spread over the ranks of an MPI job.
protocol DistributedSweepCommand {}

extension ActivationEnergyCommand: DistributedSweepCommand {}
extension ConductivityCommand: DistributedSweepCommand {}
extension ArrheniusCommand: DistributedSweepCommand {}
extension ValidateKronCommand: DistributedSweepCommand {}
extension Reproduce: DistributedSweepCommand {}
