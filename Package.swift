// swift-tools-version: 6.0
import PackageDescription

// The kernel and models run millions of events in the test suite; compiled without optimisation
// they are 20-50 times slower, so they are optimised in debug builds too (tests stay fast).
let optimisedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "cnsim",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cnsim", targets: ["cnsim"]),
        .library(name: "SimKernel", targets: ["SimKernel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // libgsl-dev through pkg-config; the shim wraps GSL globals Swift 6 cannot import.
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        // Time, event list, random streams, statistics. Knows nothing of clouds.
        .target(
            name: "SimKernel",
            dependencies: ["CGSL", .product(name: "Histogram", package: "hdrhistogram-swift")],
            swiftSettings: optimisedInDebug
        ),
        // Services, instances, requests: the cloud model built on the kernel.
        .target(name: "CloudModel", dependencies: ["SimKernel"], swiftSettings: optimisedInDebug),
        // YAML -> validated description, errors with file:line:column.
        .target(name: "Scenario", dependencies: ["CloudModel", "SimKernel", "Yams"]),
        // CSV and tables.
        .target(
            name: "Reports",
            dependencies: ["Scenario", "CloudModel", "SimKernel", .product(name: "CSV", package: "CSV.swift")]
        ),
        // Commands; the executable below only calls into this.
        .target(
            name: "CnsimCLI",
            dependencies: [
                "Reports", "Scenario", "CloudModel", "SimKernel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "cnsim", dependencies: ["CnsimCLI"]),
        .testTarget(name: "SimKernelTests", dependencies: ["SimKernel", "CGSL"]),
        .testTarget(name: "CloudModelTests", dependencies: ["CloudModel", "SimKernel"]),
        .testTarget(name: "ScenarioTests", dependencies: ["Scenario", "CloudModel"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Scenario", "CloudModel", "SimKernel", "Yams"]),
        // End-to-end: runs the built `cnsim` executable as a user would.
        // Expected/ holds stored outputs the tests compare with.
        .testTarget(name: "CnsimCLITests", dependencies: ["cnsim", "Reports", "Yams"], exclude: ["Expected"]),
    ]
)
