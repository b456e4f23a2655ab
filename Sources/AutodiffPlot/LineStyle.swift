import Foundation

/// How a series' line is stroked, as in matplotlib format strings.
public enum LineStyle: String, Sendable, CaseIterable {
    /// `"-"`: a continuous line.
    case solid = "-"
    /// `"--"`: dashes.
    case dashed = "--"
    /// `"-."`: alternating dashes and dots.
    case dashDot = "-."
    /// `":"`: dots.
    case dotted = ":"
    /// No line at all (only markers are drawn); chosen when a format names a marker but no line style.
    case none = ""

    /// The SVG `stroke-dasharray` lengths for a line of the given width, or `nil` for a solid line.
    ///
    /// These are matplotlib's default patterns, which scale with the line width.
    public func dashArray(lineWidth: Double) -> [Double]? {
        let unit: [Double]
        switch self {
        case .solid, .none: return nil
        case .dashed: unit = [3.7, 1.6]
        case .dashDot: unit = [6.4, 1.6, 1, 1.6]
        case .dotted: unit = [1, 1.65]
        }
        return unit.map { $0 * lineWidth }
    }
}

/// A symbol drawn at every data point, as in matplotlib format strings (`"o"`, `"x"`, ...).
public enum Marker: Character, Sendable, CaseIterable {
    /// `"."`: a small filled dot.
    case point = "."
    /// `"o"`: a filled circle.
    case circle = "o"
    /// `"s"`: a filled square.
    case square = "s"
    /// `"D"`: a filled diamond.
    case diamond = "D"
    /// `"^"`: a filled triangle pointing up.
    case triangleUp = "^"
    /// `"v"`: a filled triangle pointing down.
    case triangleDown = "v"
    /// `"+"`: a plus sign.
    case plus = "+"
    /// `"x"`: a diagonal cross.
    case cross = "x"
    /// `"*"`: a filled star.
    case star = "*"
}

/// An error from `AutodiffPlot`, with a one-line ``description`` suitable for a command-line tool.
public enum PlotError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// A matplotlib-style format string could not be parsed; `reason` says why.
    case invalidFormat(String, reason: String)

    /// One line saying what was wrong, e.g. `invalid format string "m-q": unrecognized character "q" ...`.
    public var description: String {
        switch self {
        case let .invalidFormat(format, reason):
            return "invalid format string \(format.debugDescription): \(reason)"
        }
    }

    /// The same as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }
}

/// A parsed matplotlib format string such as `"m--"`: an optional colour, line style and marker.
///
/// Components may come in any order, as in matplotlib: a colour letter (`b g r c m y k w`) or a
/// cycle colour `C0`...`C9`; a line style (`-`, `--`, `-.`, `:`); a marker (`. o s D ^ v + x *`).
/// Missing parts take defaults when the series is added: the colour comes from the axes' colour
/// cycle (which only advances for series without a colour, as in matplotlib), the line is solid
/// unless a marker alone was given (then no line is drawn).
///
/// String literals convert directly (`fmts: ["-", "m--"]`); a malformed *literal* is a programmer
/// error and traps, like a malformed regex literal would fail to compile. Text that comes from
/// users (a command-line flag) should go through ``init(parsing:)``, which throws ``PlotError``.
public struct PlotFormat: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The explicit colour, or `nil` to take the next colour of the axes' cycle.
    public var color: Color?
    /// The explicit line style, or `nil` for the default (see ``resolvedLineStyle``).
    public var lineStyle: LineStyle?
    /// The marker drawn at each point, or `nil` for none.
    public var marker: Marker?

    /// Creates a format from its parts; all `nil` is the plain default (`""`).
    public init(color: Color? = nil, lineStyle: LineStyle? = nil, marker: Marker? = nil) {
        self.color = color
        self.lineStyle = lineStyle
        self.marker = marker
    }

    /// The book's default `fmts`: `("-", "m--", "g-.", "r:")`.
    public static let bookDefaults: [PlotFormat] = ["-", "m--", "g-.", "r:"]

    /// The line style actually drawn: the explicit one, else solid, or none when only a marker was given.
    public var resolvedLineStyle: LineStyle {
        lineStyle ?? (marker == nil ? .solid : LineStyle.none)
    }

    /// Parses a matplotlib format string, throwing ``PlotError/invalidFormat(_:reason:)`` with a
    /// one-line reason for an unknown character or a repeated component.
    public init(parsing format: String) throws(PlotError) {
        self.init()
        let chars = Array(format)
        var i = 0
        func fail(_ reason: String) -> PlotError { .invalidFormat(format, reason: reason) }
        while i < chars.count {
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            if c == "-", let next, next == "-" || next == "." {
                guard lineStyle == nil else { throw fail("two line styles") }
                lineStyle = next == "-" ? .dashed : .dashDot
                i += 2
            } else if c == "-" || c == ":" {
                guard lineStyle == nil else { throw fail("two line styles") }
                lineStyle = c == "-" ? .solid : .dotted
                i += 1
            } else if let m = Marker(rawValue: c) {
                guard marker == nil else { throw fail("two markers") }
                marker = m
                i += 1
            } else if let colour = Color(letter: c) {
                guard color == nil else { throw fail("two colours") }
                color = colour
                i += 1
            } else if c == "C" {
                guard let next, let digit = next.wholeNumberValue, next.isASCII else {
                    throw fail("\"C\" must be followed by a digit 0-9 (a colour of the default cycle)")
                }
                guard color == nil else { throw fail("two colours") }
                color = Color.defaultCycle[digit]
                i += 2
            } else {
                throw fail("unrecognized character \(String(c).debugDescription) "
                    + "(expected a colour b g r c m y k w C0-C9, a line style - -- -. :, or a marker . o s D ^ v + x *)")
            }
        }
    }

    /// Converts a string literal; traps with the parse error's message if the literal is malformed.
    public init(stringLiteral value: String) {
        do {
            try self.init(parsing: value)
        } catch {
            preconditionFailure(error.description)
        }
    }

    /// The canonical format string (colour, line style, marker), e.g. `"m--"`; `""` for the default.
    public var description: String {
        var text = ""
        if let color {
            if let letter = "bgrcmykw".first(where: { Color(letter: $0) == color }) {
                text.append(letter)
            } else if let index = Color.defaultCycle.firstIndex(of: color) {
                text += "C\(index)"
            } else {
                text += color.hex
            }
        }
        if let lineStyle { text += lineStyle.rawValue }
        if let marker { text.append(marker.rawValue) }
        return text
    }
}
