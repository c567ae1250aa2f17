import ArgumentParser

/// Placeholder for the paper's figure set until the front-end issue lands.
struct Reproduce: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Reproduce the paper's figure set.")
    @Flag(help: "Small sizes, a few minutes on 2 cores.") var quick = false
    @Option(help: "Run folder for outputs.") var out: String = "runs/quick"

    func run() throws {
        print("ionscape reproduce: the figure set arrives with the front-end issue (quick=\(quick), out=\(out)).")
    }
}
