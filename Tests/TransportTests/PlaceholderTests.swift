import Testing
@testable import Transport
@Test func transportModuleLinks() { _ = TransportModule.self }
