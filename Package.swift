// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Autodiff",
    platforms: [.macOS(.v15)],  // Synchronization.Atomic
    products: [
        .library(name: "Autodiff", targets: ["Autodiff"]),
        .library(name: "AutodiffPlot", targets: ["AutodiffPlot"]),
        .library(name: "AutodiffNN", targets: ["AutodiffNN"]),
        .executable(name: "autodiff", targets: ["autodiff"]),
        .executable(name: "autodiff-bench", targets: ["autodiff-bench"]),
    ],
    dependencies: [
        // For the command-line tools only; the libraries depend on nothing.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // The few hottest micro-kernels (matmul), with a CPU check at run time
        // so that a plain `swift build` still uses AVX2/FMA or AVX-512.
        .target(name: "CAutodiffKernels"),
        // Buffer kernels: plain functions over arrays; know nothing of derivatives.
        // Not yet with `swiftSettings: [.strictMemorySafety()]`: that needs
        // swift-tools-version 6.2, and the pointer loops here draw about
        // 1,570 warnings (each unsafe expression to be marked `unsafe`).
        .target(name: "AutodiffKernels", dependencies: ["CAutodiffKernels"]),
        .target(name: "Autodiff", dependencies: ["AutodiffKernels"]),
        // Depends on Autodiff so that a Tensor plots directly (a conformance
        // must live beside the protocol or the type; see README).
        .target(name: "AutodiffPlot", dependencies: ["Autodiff"]),
        // Layers, losses, optimizers and safetensors files, built only on the
        // public surface of Autodiff.
        // Data/digits.csv is scikit-learn's digits data set (BSD-3; its
        // source and licence in Data/digits-LICENSE.md), for Digits.load().
        .target(name: "AutodiffNN", dependencies: ["Autodiff"],
                resources: [.copy("Data/digits.csv"), .copy("Data/digits-LICENSE.md")]),
        // The tour of the book's sections 2.4 and 2.5, as a library so that
        // its output can be tested; `autodiff` is a thin command line over it.
        // The EmbedTourCode plugin puts the source text of each section's code
        // into the library, so that the code it prints is the code it runs.
        .target(name: "AutodiffTour", dependencies: ["Autodiff", "AutodiffPlot"],
                plugins: ["EmbedTourCode"]),
        .plugin(name: "EmbedTourCode", capability: .buildTool(), dependencies: ["tour-code"]),
        // The plugin's tool: reads the section files, writes their code as strings.
        .executableTarget(name: "tour-code"),
        .executableTarget(name: "autodiff", dependencies: [
            "AutodiffTour", "AutodiffNN", "AutodiffPlot",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // AutodiffKernels for the thread pool only: W5's plain streaming
        // read runs on the same threads as the products it is compared with.
        .executableTarget(name: "autodiff-bench", dependencies: [
            "Autodiff", "AutodiffNN", "AutodiffKernels",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "AutodiffKernelsTests", dependencies: ["AutodiffKernels"]),
        .testTarget(name: "AutodiffTests", dependencies: ["Autodiff"]),
        .testTarget(name: "AutodiffPlotTests", dependencies: ["AutodiffPlot", "Autodiff"]),
        // Fixtures: safetensors files written by Python's safetensors package
        // (scripts/make-safetensors-fixture.py).
        .testTarget(name: "AutodiffNNTests", dependencies: ["AutodiffNN"], resources: [.copy("Fixtures")]),
        // The command lines are run as built executables: listed so that they
        // are built. Golden/ holds the expected text of each stop, read from
        // the source tree.
        .testTarget(name: "AutodiffTourTests", dependencies: ["AutodiffTour", "autodiff", "autodiff-bench"],
                    exclude: ["Golden"]),
    ]
)

// The DocC plugin, for scripts/build-docs.sh only: added when
// AUTODIFF_DOCC_PLUGIN is set, so that a package depending on this one
// never fetches or builds it.
if Context.environment["AUTODIFF_DOCC_PLUGIN"] != nil {
    package.dependencies.append(.package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"))
}
