import Foundation

/// A labelled tick mark on an axis.
struct Tick: Equatable {
    /// Where the tick sits, in the axis' internal linear space (log10 of the value on a log axis).
    var position: Double
    /// The data value at the tick.
    var value: Double
    /// The label as plain text, e.g. `"0.5"`, `"-2"`, `"1e6"`, or `"10^3"` for a log decade.
    var label: String
    /// For a log decade, the power of ten, so renderers can write 10 with a superscript.
    var exponent: Int? = nil
}

/// The ticks of one axis: labelled major ticks and unlabelled minor ones (positions only).
struct TickSet: Equatable {
    var major: [Tick] = []
    var minor: [Double] = []
}

/// Choice of tick values: "nice" 1, 2, 5 x 10^k steps on linear axes, decades on log axes.
enum Ticks {
    /// Ticks for `range` (in the scale's internal space), at most `maxTicks` labelled ticks, choosing
    /// the densest candidate whose labels `fits` accepts (the caller checks they do not overlap).
    static func make(range: ClosedRange<Double>, scale: Scale, maxTicks: Int,
                     fits: ([Tick]) -> Bool = { _ in true }) -> TickSet {
        switch scale {
        case .linear:
            return TickSet(major: linear(lo: range.lowerBound, hi: range.upperBound, maxTicks: maxTicks, fits: fits))
        case .log:
            return log(lo: range.lowerBound, hi: range.upperBound, maxTicks: maxTicks, fits: fits)
        }
    }

    /// Linear ticks at multiples of the smallest step m x 10^k (m in 1, 2, 5) that gives at most
    /// `maxTicks` ticks in [lo, hi] and that `fits` accepts.
    static func linear(lo: Double, hi: Double, maxTicks: Int, fits: ([Tick]) -> Bool = { _ in true }) -> [Tick] {
        let span = hi - lo
        guard span > 0, span.isFinite, lo.isFinite else { return [] }
        let limit = max(1, maxTicks)
        var k = Int(Foundation.floor(Foundation.log10(span / Double(limit)))) - 1
        var fallback: [Tick] = []
        // The sparsest fitting candidate seen so far with two or more ticks but over the limit:
        // better than a lone tick when 1, 2, 5 steps jump from too many ticks straight to one.
        var overLimit: [Tick]?
        let scientific = useScientific(lo: lo, hi: hi)
        for _ in 0..<12 {
            for m in [1.0, 2.0, 5.0] {
                let step = m * pow10(k)
                let first = (lo / step - 1e-9).rounded(.up)
                let last = (hi / step + 1e-9).rounded(.down)
                let count = last - first + 1
                guard count >= 1, count <= Double(limit) + 2 else { continue }
                let ticks = stride(from: first, through: last, by: 1).map { i -> Tick in
                    // i * m is an exact integer, so dividing by an exact power of ten rounds once.
                    let value = k >= 0 ? i * m * pow10(k) : i * m / pow10(-k)
                    return Tick(position: value, value: value, label: label(value, decimals: max(0, -k), scientific: scientific))
                }
                let fitting = fits(ticks)
                if count > Double(limit) {
                    if fitting { overLimit = ticks }
                    continue
                }
                if fitting { return ticks.count >= 2 ? ticks : (overLimit ?? ticks) }
                fallback = ticks
            }
            k += 1
        }
        return overLimit ?? fallback
    }

    /// Log ticks: decades 10^k (every `n`-th decade when there are too many), with minor ticks at
    /// 2...9 x 10^k; for ranges spanning less than two decades, 1, 2, 5 x 10^k or linear ticks instead.
    static func log(lo: Double, hi: Double, maxTicks: Int, fits: ([Tick]) -> Bool = { _ in true }) -> TickSet {
        guard hi > lo, lo.isFinite, hi.isFinite else { return TickSet() }
        let limit = max(1, maxTicks)
        let kLo = Int((lo - 1e-9).rounded(.up)), kHi = Int((hi + 1e-9).rounded(.down))
        if kHi - kLo >= 1 {
            var chosen: [Tick] = []
            var every = 1
            for n in [1, 2, 3, 4, 5, 10, 20, 50, 100, 200] {
                let ticks = stride(from: kLo, through: kHi, by: 1).filter { $0 % n == 0 }.map { k in
                    Tick(position: Double(k), value: pow10(k), label: "10^\(k)", exponent: k)
                }
                chosen = ticks
                every = n
                if !ticks.isEmpty, ticks.count <= limit, fits(ticks) { break }
            }
            var minor: [Double] = []
            if every == 1 {
                if hi - lo <= 12 {
                    for k in Int(lo.rounded(.down))...Int(hi.rounded(.up)) {
                        for m in 2...9 {
                            let p = Double(k) + Foundation.log10(Double(m))
                            if p >= lo && p <= hi { minor.append(p) }
                        }
                    }
                }
            } else {
                minor = stride(from: kLo, through: kHi, by: 1).filter { $0 % every != 0 }.map(Double.init)
            }
            return TickSet(major: chosen, minor: minor)
        }
        // Less than two decades: label 1, 2, 5 x 10^k if there are enough of them.
        var ticks: [Tick] = []
        var minor: [Double] = []
        let scientific = useScientific(lo: pow10(lo), hi: pow10(hi))
        for k in Int(lo.rounded(.down))...Int(hi.rounded(.up)) {
            for m in 1...9 {
                let value = Double(m) * pow10(k)
                let p = Foundation.log10(value)
                guard p >= lo - 1e-12 && p <= hi + 1e-12 else { continue }
                if m == 1 || m == 2 || m == 5 {
                    ticks.append(Tick(position: p, value: value, label: label(value, decimals: max(0, -k), scientific: scientific)))
                } else {
                    minor.append(p)
                }
            }
        }
        if ticks.count >= 2 && ticks.count <= limit && fits(ticks) {
            return TickSet(major: ticks, minor: minor)
        }
        let linearTicks = linear(lo: pow10(lo), hi: pow10(hi), maxTicks: limit) { candidate in
            fits(candidate.filter { $0.value > 0 }.map { Tick(position: Foundation.log10($0.value), value: $0.value, label: $0.label) })
        }
        return TickSet(major: linearTicks.filter { $0.value > 0 }.map {
            Tick(position: Foundation.log10($0.value), value: $0.value, label: $0.label)
        })
    }

    /// Whether labels in [lo, hi] should use `1.5e6` notation (very large or very small magnitudes).
    static func useScientific(lo: Double, hi: Double) -> Bool {
        let magnitude = max(abs(lo), abs(hi))
        return magnitude >= 1e6 || magnitude < 1e-4
    }

    /// A tick label: `decimals` digits after the point with trailing zeros trimmed ("0.5", "1", "-2"),
    /// or mantissa-exponent form ("2.5e6") when `scientific`.
    static func label(_ value: Double, decimals: Int, scientific: Bool) -> String {
        guard scientific, value != 0 else { return fixed(value, decimals: decimals) }
        var exponent = Int(Foundation.log10(abs(value)).rounded(.down))
        var mantissa = value / pow10(exponent)
        if abs(mantissa) >= 9.9995 {
            exponent += 1
            mantissa /= 10
        }
        return fixed(mantissa, decimals: 3) + "e\(exponent)"
    }

    /// `value` rounded to `decimals` digits, trailing zeros and a bare point removed, never "-0".
    /// Built by hand so output does not depend on the locale.
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        let places = min(max(decimals, 0), 15)
        let scaled = (abs(value) * pow10(places)).rounded()
        guard scaled < 9e15 else {
            // Too large to format exactly: drop decimals, and past 2^53 use Swift's own description.
            return places > 0 ? fixed(value, decimals: places - 1) : "\(value)"
        }
        let digits = UInt64(scaled)
        let unit = UInt64(pow10(places))
        var text = digits != 0 && value < 0 ? "-" : ""
        text += String(digits / unit)
        if places > 0 {
            var fraction = String(digits % unit)
            fraction = String(repeating: "0", count: places - fraction.count) + fraction
            while fraction.last == "0" { fraction.removeLast() }
            if !fraction.isEmpty { text += "." + fraction }
        }
        return text
    }

    /// 10^k, exact for |k| <= 22.
    static func pow10(_ k: Int) -> Double {
        Foundation.pow(10, Double(k))
    }

    /// 10^x for a fractional exponent (a position on a log axis).
    static func pow10(_ x: Double) -> Double {
        Foundation.pow(10, x)
    }
}
