// swift-tools-version:6.0
// Programs behind the reliability scripts (scripts/leak-check.sh,
// scripts/stress.sh, scripts/memory-check.sh), built in release against
// the library at the repository root. One package, so that the library is
// built once for all three.
import PackageDescription

let package = Package(
    name: "reliability",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Autodiff", path: "../..")],
    targets: [
        // A short, varied run of the library, for valgrind --leak-check=full.
        .executableTarget(name: "leakcheck", dependencies: [.product(name: "Autodiff", package: "Autodiff")]),
        // Transforms on 8 threads, every result checked. The workload is
        // the unit test's (Tests/AutodiffTests/Reliability/Concurrency/StressWorkload.swift).
        .executableTarget(name: "stress", dependencies: [.product(name: "Autodiff", package: "Autodiff")]),
        // Resident memory over many gradient calls. The workload is the unit
        // test's (Tests/AutodiffTests/Reliability/Memory/MemoryWorkload.swift).
        .executableTarget(name: "memory", dependencies: [.product(name: "Autodiff", package: "Autodiff")]),
    ]
)
