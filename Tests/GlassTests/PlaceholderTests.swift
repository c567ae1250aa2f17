import Testing
@testable import Glass
@Test func glassModuleLinks() { _ = GlassModule.self }
