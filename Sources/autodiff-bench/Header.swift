import Foundation

/// The comment lines that open the output, as the peers' `timing.header`:
/// what ran, how it was built and on what machine, so that a saved output
/// says where its numbers come from.
func printHeader(_ rule: TimingRule) {
    #if DEBUG
    let build = "debug"  // numbers from a debug build mean nothing
    #else
    let build = "release"
    #endif
    let cpu = cpuInfo()
    var facts = [
        "peer=autodiff", "build=\(build)", "swift=\(compilerVersion)",
        "machine=\(architecture)", "cores=\(ProcessInfo.processInfo.activeProcessorCount)",
        "simd=\(cpu.simd)",
    ]
    if let reps = rule.fixedReps { facts.append("reps=\(reps)") }
    print("# " + facts.joined(separator: " "))
    print("# cpu=\(cpu.model)")
    if rule.fixedReps.map({ $0 < TimingRule.standard.minReps }) ?? false {
        print("# fewer than \(TimingRule.standard.minReps) timed calls: a smoke test, not a measurement")
    }
}

/// The CPU model and the widest vector extensions it has (from
/// `/proc/cpuinfo`; Linux only), since the library picks its kernels by them.
private func cpuInfo() -> (model: String, simd: String) {
    guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return ("?", "?") }
    func field(_ name: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix(name) }?
            .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces)
    }
    let flags = Set((field("flags") ?? "").split(separator: " ").map(String.init))
    let simd = ["avx512f", "avx2", "fma", "neon", "asimd"].filter(flags.contains)
    return (field("model name") ?? "?", simd.isEmpty ? "none" : simd.joined(separator: ","))
}

private var architecture: String {
    #if arch(x86_64)
    "x86_64"
    #elseif arch(arm64)
    "arm64"
    #else
    "other"
    #endif
}

/// The compiler that built us, to the minor version.
private var compilerVersion: String {
    #if compiler(>=6.5)
    ">=6.5"
    #elseif compiler(>=6.4)
    "6.4"
    #elseif compiler(>=6.3)
    "6.3"
    #elseif compiler(>=6.2)
    "6.2"
    #else
    "<6.2"
    #endif
}
