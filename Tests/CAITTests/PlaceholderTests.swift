import Testing
@testable import CAIT
@Test func caitModuleLinks() { _ = CAITModule.self }
