import ArgumentParser
import SparseSolvers

/// `ionscape version`: the engine's version and those of the libraries it links (as in the
/// run records); `ionscape --version` prints the engine's alone.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the versions of Ionscape, CHOLMOD and OpenBLAS.")

    func run() throws {
        print("ionscape \(RunRecord.engineVersion)")
        print("cholmod \(cholmodVersion)")
        print("openblas \(BLASThreads.configuration)")
    }
}
