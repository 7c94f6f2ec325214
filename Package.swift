// swift-tools-version: 6.0
import PackageDescription

// The kernel and models run millions of events in the test suite; compiled without optimisation
// they are 20-50 times slower, so they are optimised in debug builds too (tests stay fast).
//
// Release builds of the kernel and models are optimised with the profile in `Sources/Profile`:
// branch and call counts measured on `cnsim bench`, from which the compiler lays out the hot paths
// (profile-guided optimisation; results do not change, only the code's layout and inlining).
// `.ci/profile` measures it again: a profile older than the code only loses speed. With
// CNSIM_PROFILE_GENERATE=DIRECTORY set, `.ci/profile`'s build counts instead of using the profile.
let profileGenerate = Context.environment["CNSIM_PROFILE_GENERATE"]
let profileFlags =
    profileGenerate.map { ["-Xfrontend", "-ir-profile-generate=\($0)"] }
    ?? ["-Xfrontend", "-ir-profile-use=\(Context.packageDirectory)/Sources/Profile/cnsim.profdata"]
let optimised: [SwiftSetting] = [
    .unsafeFlags(["-O"], .when(configuration: .debug)), .unsafeFlags(profileFlags, .when(configuration: .release)),
]

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
            swiftSettings: optimised
        ),
        // Services, instances, requests: the cloud model built on the kernel.
        .target(name: "CloudModel", dependencies: ["SimKernel"], swiftSettings: optimised),
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
