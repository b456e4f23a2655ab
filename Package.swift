// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Autodiff",
    products: [
        .library(name: "Autodiff", targets: ["Autodiff"]),
        .library(name: "AutodiffPlot", targets: ["AutodiffPlot"]),
    ],
    targets: [
        // The few hottest micro-kernels (matmul), with a CPU check at run time
        // so that a plain `swift build` still uses AVX2/FMA or AVX-512.
        .target(name: "CAutodiffKernels"),
        // Buffer kernels: plain functions over arrays; know nothing of derivatives.
        .target(name: "AutodiffKernels", dependencies: ["CAutodiffKernels"]),
        .target(name: "Autodiff", dependencies: ["AutodiffKernels"]),
        .target(name: "AutodiffPlot"),
        .testTarget(name: "AutodiffKernelsTests", dependencies: ["AutodiffKernels"]),
        .testTarget(name: "AutodiffTests", dependencies: ["Autodiff"]),
        .testTarget(name: "AutodiffPlotTests", dependencies: ["AutodiffPlot"]),
    ]
)
