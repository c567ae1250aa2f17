import Distributed
import MPIFarm
import Testing

/// Ionscape's MPI runtime sits beside the toolchain's `Distributed` module without shadowing it:
/// both import into one file, and each name resolves to its own module (the target was itself
/// called `Distributed` once, which made a downstream `import Distributed` ambiguous).
@Suite struct ModuleNameTests {
    @Test func toolchainDistributedAndMPIFarmImportTogether() {
        let system: any DistributedActorSystem.Type = LocalTestingDistributedActorSystem.self
        #expect(String(reflecting: system) == "Distributed.LocalTestingDistributedActorSystem")
        #expect(String(reflecting: ThreadLevel.self) == "MPIFarm.ThreadLevel")
        #expect(ThreadLevel.serialized < ThreadLevel.multiple)
    }

    /// `--solver mumps` calls MPI from a pool thread, which needs at least MPI_THREAD_SERIALIZED:
    /// a library that provides less is refused with a message that says what is missing.
    @Test func threadLevelBelowSerializedIsRefused() {
        #expect(throws: MPIError.threadSupport(provided: .funneled, required: .serialized)) {
            try ThreadLevel.require(.serialized, provided: .funneled)
        }
        #expect(throws: Never.self) { try ThreadLevel.require(.serialized, provided: .multiple) }
        #expect(MPIError.threadSupport(provided: .funneled, required: .serialized).description
            == "the MPI library provides thread level MPI_THREAD_FUNNELED, MPI_THREAD_SERIALIZED is needed")
    }
}
