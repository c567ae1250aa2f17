// swift-tools-version:6.0
import PackageDescription

/// Ionscape: ion transport in network glasses. Dependencies point downwards only (docs/architecture.md).
///
/// The core builds and links without MPI or MUMPS:
///   ionscape → {CAIT, Transport, KMC} → Landscape → Glass;  Transport, CAIT → SparseSolvers → Modules;
///   Transport → WorkUnits.
/// The MPI side plugs into the core's protocols (`RankGroup`, `FactorisationBackend`):
///   MPIFarm (MPI start-up, communicators, the unit farm) → CMPI, WorkUnits;
///   MPISolvers (MUMPS, hypre) → CMUMPS, CHYPRE, MPIFarm, SparseSolvers;
///   MPITransport (MPI rank groups, the MUMPS and hypre backends of route 1) → Transport, MPISolvers.
let package = Package(
    name: "Ionscape",
    products: [
        .executable(name: "ionscape", targets: ["ionscape"]),
        .library(name: "SparseSolvers", targets: ["SparseSolvers"]),
        .library(name: "Glass", targets: ["Glass"]),
        .library(name: "Landscape", targets: ["Landscape"]),
        .library(name: "Transport", targets: ["Transport"]),
        .library(name: "CAIT", targets: ["CAIT"]),
        .library(name: "KMC", targets: ["KMC"]),
        .library(name: "WorkUnits", targets: ["WorkUnits"]),
        .library(name: "MPIFarm", targets: ["MPIFarm"]),
        .library(name: "MPISolvers", targets: ["MPISolvers"]),
        .library(name: "MPITransport", targets: ["MPITransport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
    ],
    targets: [
        // C system libraries from Debian's -dev packages (installed by `make deps`).
        .systemLibrary(name: "CCHOLMOD", path: "Modules/CCHOLMOD", providers: [.apt(["libsuitesparse-dev"])]),
        .systemLibrary(name: "CLAPACKE", path: "Modules/CLAPACKE", providers: [.apt(["liblapacke-dev"])]),
        .systemLibrary(name: "COpenBLAS", path: "Modules/COpenBLAS", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CMETIS", path: "Modules/CMETIS", providers: [.apt(["libmetis-dev"])]),
        // Open MPI 4.1; its include path comes from pkg-config.
        .systemLibrary(name: "CMPI", path: "Modules/CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),
        .systemLibrary(name: "CMUMPS", path: "Modules/CMUMPS", providers: [.apt(["libmumps-dev"])]),
        // hypre 2.26; Debian ships no .pc file, so Modules/CHYPRE/pkgconfig/hypre.pc gives the include
        // paths (the Makefile puts it on PKG_CONFIG_PATH).
        .systemLibrary(name: "CHYPRE", path: "Modules/CHYPRE", pkgConfig: "hypre", providers: [.apt(["libhypre-dev"])]),

        .target(name: "SparseSolvers", dependencies: ["CCHOLMOD", "CLAPACKE", "COpenBLAS", "CMETIS"]),
        .target(name: "Glass"),
        .target(name: "Landscape", dependencies: ["Glass"]),
        // Work units of a sweep on threads: the dealing order and failure rule, no physics.
        .target(name: "WorkUnits"),
        .target(name: "Transport", dependencies: [
            "Landscape", "SparseSolvers", "WorkUnits", .product(name: "Numerics", package: "swift-numerics")]),
        .target(name: "CAIT", dependencies: ["Landscape", "SparseSolvers"]),
        .target(name: "KMC", dependencies: ["Landscape", .product(name: "Numerics", package: "swift-numerics")]),
        // Launcher detection, MPI start-up and messages, and the scheduler of a sweep's work units
        // over threads and ranks. No physics.
        .target(name: "MPIFarm", dependencies: ["CMPI", "WorkUnits"]),
        // Sparse solvers shared by the ranks of an MPI communicator (MUMPS; CG + BoomerAMG on hypre). No physics.
        .target(name: "MPISolvers", dependencies: ["CMUMPS", "CHYPRE", "MPIFarm", "SparseSolvers"]),
        // Transport's protocols over MPI: rank groups and the MUMPS and hypre backends of route 1.
        .target(name: "MPITransport", dependencies: ["Transport", "MPISolvers", "MPIFarm", "SparseSolvers"]),
        .executableTarget(name: "ionscape", dependencies: [
            "Glass", "Landscape", "Transport", "CAIT", "KMC", "MPIFarm", "MPITransport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "TOMLKit", package: "TOMLKit"),
            .product(name: "SwiftCSV", package: "SwiftCSV"),
        ]),

        // Benchmark driver (`make bench`); measures stages, never run by the tests.
        .executableTarget(name: "ionscape-bench", dependencies: [
            "Glass", "Landscape", "Transport", "CAIT", "KMC", "SparseSolvers", "MPIFarm", "MPITransport", "WorkUnits",
        ], path: "benchmarks/Sources/ionscape-bench"),

        .testTarget(name: "SparseSolversTests", dependencies: [
            "SparseSolvers", .product(name: "Numerics", package: "swift-numerics")]),
        .testTarget(name: "GlassTests", dependencies: [
            "Glass", .product(name: "Numerics", package: "swift-numerics")]),
        .testTarget(name: "LandscapeTests", dependencies: [
            "Landscape", .product(name: "Numerics", package: "swift-numerics")]),
        .testTarget(name: "TransportTests", dependencies: [
            "Transport", "SparseSolvers", "Landscape", .product(name: "Numerics", package: "swift-numerics")]),
        .testTarget(name: "CAITTests", dependencies: [
            "CAIT", .product(name: "Numerics", package: "swift-numerics")]),
        .testTarget(name: "WorkUnitsTests", dependencies: ["WorkUnits"]),
        // Imports the toolchain's `Distributed` beside MPIFarm: the names must not collide.
        .testTarget(name: "MPIFarmTests", dependencies: ["MPIFarm", "WorkUnits"]),
        .testTarget(name: "KMCTests", dependencies: [
            "KMC", "Landscape", "Glass", "Transport", .product(name: "Numerics", package: "swift-numerics")]),
        // Checks run under mpirun by CLITests (MUMPS against CHOLMOD, distributed stages against
        // serial); prints numbers, asserts nothing.
        .executableTarget(name: "ionscape-mpi-check", dependencies: [
            "Glass", "Landscape", "Transport", "MPIFarm", "MPISolvers", "MPITransport", "SparseSolvers",
        ], path: "Tests/MPICheck"),
        .testTarget(name: "CLITests", dependencies: ["ionscape", "ionscape-mpi-check", "Landscape"]),
    ]
)
