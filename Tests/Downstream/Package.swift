// swift-tools-version:6.0
import PackageDescription

/// A package outside Ionscape that uses its core libraries as a user's script would: it must
/// build and run where no MPI or MUMPS is installed (`make downstream` hides them).
let package = Package(
    name: "IonscapeDownstream",
    dependencies: [.package(name: "Ionscape", path: "../..")],
    targets: [
        .executableTarget(name: "sigma-without-mpi", dependencies: [
            .product(name: "Glass", package: "Ionscape"),
            .product(name: "Landscape", package: "Ionscape"),
            .product(name: "Transport", package: "Ionscape"),
        ]),
    ]
)
