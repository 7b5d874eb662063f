// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "StatusBatch",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "statusbatch", targets: ["statusbatch"]),
        .library(name: "StatusBatch", targets: ["StatusBatch"]),
        .library(name: "CapillarySimulator", targets: ["CapillarySimulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        // Reading .xlsx workbooks (ZIP archives); see docs/architecture.md.
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CLibz",
            path: "Sources/CLibz",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "StatusBatch",
            dependencies: [
                "CSQLite",
                "CLibz",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(
            name: "CapillarySimulator",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // HTTPS with a certificate a test makes, so `--ca-file` is tested end to end.
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(
            name: "statusbatch",
            dependencies: [
                "StatusBatch",
                "CapillarySimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Issue 17's baseline: async-http-client alone on the same path (Benchmarks/README.md).
        .executableTarget(
            name: "ahc-ceiling",
            dependencies: [.product(name: "AsyncHTTPClient", package: "async-http-client")],
            path: "Benchmarks/AHCCeiling"
        ),
        // And a bare HTTP/1.1 client on swift-nio: what a lean client written on NIO directly could reach.
        .executableTarget(
            name: "nio-ceiling",
            dependencies: [.product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "NIOHTTP1", package: "swift-nio")],
            path: "Benchmarks/NIOCeiling"
        ),
        // NIOEmbedded: a pooled connection's handlers tested on an in-memory channel.
        .testTarget(name: "StatusBatchTests",
                    dependencies: ["StatusBatch", .product(name: "NIOEmbedded", package: "swift-nio")],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "CapillarySimulatorTests", dependencies: ["CapillarySimulator"]),
        .testTarget(name: "EndToEndTests", dependencies: ["CapillarySimulator"]),
    ]
)
