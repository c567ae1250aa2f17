import Testing
@testable import SparseSolvers
@Test func sparseSolversLinks() { _ = SolverError.singular(pivot: 0) }
