/// An opaque RGB colour, written to SVG as `#rrggbb`.
///
/// The named colours are matplotlib's single-letter colours (so `"m"` is matplotlib's magenta
/// `#bf00bf`, not pure `#ff00ff`), and ``defaultCycle`` is matplotlib's default property cycle
/// (`C0` to `C9`), so figures look like the book's.
public struct Color: Hashable, Sendable, CustomStringConvertible {
    /// Red component, 0 to 255.
    public var red: UInt8
    /// Green component, 0 to 255.
    public var green: UInt8
    /// Blue component, 0 to 255.
    public var blue: UInt8

    /// Creates a colour from its components.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// Parses `"#rrggbb"` or `"rrggbb"` (case-insensitive); `nil` for anything else.
    public init?(hex: String) {
        var digits = Substring(hex)
        if digits.hasPrefix("#") { digits = digits.dropFirst() }
        guard digits.count == 6, digits.allSatisfy(\.isHexDigit),
              let value = UInt32(digits, radix: 16) else { return nil }
        self.init(red: UInt8(value >> 16 & 0xff), green: UInt8(value >> 8 & 0xff), blue: UInt8(value & 0xff))
    }

    /// The colour as `#rrggbb` in lower case, as written to SVG.
    public var hex: String {
        let digits = Array("0123456789abcdef")
        var text = "#"
        for component in [red, green, blue] {
            text.append(digits[Int(component >> 4)])
            text.append(digits[Int(component & 0xf)])
        }
        return text
    }

    /// The same as ``hex``.
    public var description: String { hex }

    /// matplotlib `"b"`: `#0000ff`.
    public static let blue = Color(red: 0, green: 0, blue: 255)
    /// matplotlib `"g"`: `#008000`.
    public static let green = Color(red: 0, green: 128, blue: 0)
    /// matplotlib `"r"`: `#ff0000`.
    public static let red = Color(red: 255, green: 0, blue: 0)
    /// matplotlib `"c"`: `#00bfbf`.
    public static let cyan = Color(red: 0, green: 191, blue: 191)
    /// matplotlib `"m"`: `#bf00bf`.
    public static let magenta = Color(red: 191, green: 0, blue: 191)
    /// matplotlib `"y"`: `#bfbf00`.
    public static let yellow = Color(red: 191, green: 191, blue: 0)
    /// matplotlib `"k"`: `#000000`.
    public static let black = Color(red: 0, green: 0, blue: 0)
    /// matplotlib `"w"`: `#ffffff`.
    public static let white = Color(red: 255, green: 255, blue: 255)

    /// matplotlib's default colour cycle `C0`...`C9` (the "tab10" palette), used for series whose
    /// format gives no colour: blue `#1f77b4`, orange `#ff7f0e`, green `#2ca02c`, red `#d62728`, ...
    public static let defaultCycle: [Color] = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ].map { Color(hex: $0)! }

    /// The colour of a matplotlib colour letter (`b g r c m y k w`), or `nil`.
    public init?(letter: Character) {
        switch letter {
        case "b": self = .blue
        case "g": self = .green
        case "r": self = .red
        case "c": self = .cyan
        case "m": self = .magenta
        case "y": self = .yellow
        case "k": self = .black
        case "w": self = .white
        default: return nil
        }
    }
}
