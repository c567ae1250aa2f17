import Foundation
@testable import CAIT

/// Small problems shared by the CAIT tests.
enum TestProblems {
    /// A coarse version of the illustrative scenario (few cells, short run) for debug-build tests.
    static func coarseScenario(foreign: ForeignIon = .potassium, cells: Int = 120,
                               hours: Double = 2) -> CAITScenario {
        var scenario = CAITScenario.illustrative(foreign: foreign)
        scenario.cells = cells
        scenario.thickness = 0.6e-6
        scenario.surfaceCellWidth = 0.5e-9
        scenario.duration = hours * 3600
        return scenario
    }
}
