import MPIFarm
import Testing

/// Launcher detection reads only the environment (see `Launch`).
@Suite struct LaunchTests {
    @Test func noLauncherIsAPlainRun() throws {
        let launch = try Launch.detect(environment: ["PATH": "/usr/bin"]).get()
        #expect(launch == .plain)
        #expect(!launch.isDistributed && launch.isRoot)
    }

    @Test func openMPIVariables() throws {
        let launch = try Launch.detect(environment: ["OMPI_COMM_WORLD_RANK": "2", "OMPI_COMM_WORLD_SIZE": "3",
                                                     "PMIX_RANK": "2"]).get()
        #expect(launch == Launch(launcher: .openMPI, rank: 2, size: 3))
        #expect(launch.isDistributed && !launch.isRoot)
    }

    @Test func oneRankIsAPlainRun() throws {
        let launch = try Launch.detect(environment: ["OMPI_COMM_WORLD_RANK": "0", "OMPI_COMM_WORLD_SIZE": "1"]).get()
        #expect(!launch.isDistributed && launch.isRoot)
    }

    @Test func pmiAndPMIx() throws {
        #expect(try Launch.detect(environment: ["PMI_RANK": "1", "PMI_SIZE": "4"]).get()
            == Launch(launcher: .pmi, rank: 1, size: 4))
        #expect(try Launch.detect(environment: ["PMIX_RANK": "5", "SLURM_STEP_NUM_TASKS": "8"]).get()
            == Launch(launcher: .pmix, rank: 5, size: 8))
        // PMIx alone does not give the size; MPI is asked for it after initialisation.
        let pmix = try Launch.detect(environment: ["PMIX_RANK": "0"]).get()
        #expect(pmix.size == nil && pmix.isDistributed)
    }

    @Test func slurmBatchVariablesAloneAreAPlainRun() throws {
        // A batch script has these too; a plain `ionscape` line in it must not wait for peers.
        let launch = try Launch.detect(environment: ["SLURM_PROCID": "0", "SLURM_NTASKS": "64", "SLURM_JOB_ID": "7"]).get()
        #expect(launch == .plain)
    }

    @Test func malformedVariablesAreReported() {
        #expect(throws: MPIError.launchEnvironment(name: "OMPI_COMM_WORLD_RANK", value: "x")) {
            try Launch.detect(environment: ["OMPI_COMM_WORLD_RANK": "x", "OMPI_COMM_WORLD_SIZE": "2"]).get()
        }
        #expect(throws: MPIError.launchEnvironment(name: "OMPI_COMM_WORLD_SIZE", value: "2")) {
            try Launch.detect(environment: ["OMPI_COMM_WORLD_RANK": "2", "OMPI_COMM_WORLD_SIZE": "2"]).get()
        }
        #expect(throws: MPIError.launchEnvironment(name: "PMI_SIZE", value: "unset")) {
            try Launch.detect(environment: ["PMI_RANK": "0"]).get()
        }
    }
}
