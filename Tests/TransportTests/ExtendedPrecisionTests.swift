import Foundation
import Testing
@testable import Transport

/// Route 2 against the 120-digit mpmath solution of the full Kirchhoff system
/// (Tests/Reference/kron_reference.py → KronReferenceData.swift), spreads 1e10–1e60.
@Suite struct ExtendedPrecisionTests {
    @Test(arguments: KronReferenceData.cases.map(\.name))
    func kronMatchesExtendedPrecision(name: String) throws {
        let data = KronReferenceData.cases.first { $0.name == name }!
        let roles = data.roles.map { ElectrodeRole(rawValue: UInt8($0))! }
        let net = try ConductanceNetwork(roles: roles, links: data.links, logConductances: data.logConductances)
        // docs/model.md §6: ≤ 1e-12 relative for any spread. The reference carries 20 digits; the inputs
        // differ from mpmath's only by the rounding of exp(log g − scale), ~1e-14 per link.
        let kron = try KronReduction.solve(net)
        #expect(abs(kron.totalConductance / data.totalConductance - 1) <= 1e-12)
    }
}
