/// A grid of braille characters, each a 2 x 4 block of dots, remembering which series drew last
/// in each character so the text can be coloured.
struct BrailleCanvas {
    let columns: Int
    let rows: Int
    private var bits: [UInt8]
    private var owner: [Int]

    init(columns: Int, rows: Int) {
        self.columns = max(1, columns)
        self.rows = max(1, rows)
        bits = Array(repeating: 0, count: self.columns * self.rows)
        owner = Array(repeating: -1, count: self.columns * self.rows)
    }

    /// Width in dots.
    var dotWidth: Int { columns * 2 }
    /// Height in dots.
    var dotHeight: Int { rows * 4 }

    /// Sets the dot at (x, y), counted from the top left; dots outside are ignored.
    mutating func set(_ x: Int, _ y: Int, series: Int) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        // Braille numbering: dots 1-3 and 7 down the left column, 4-6 and 8 down the right.
        let masks: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
        let cell = (y / 4) * columns + x / 2
        bits[cell] |= masks[x % 2][y % 4]
        owner[cell] = series
    }

    /// Draws polylines given in dot coordinates, with the line style's on/off pattern in dots.
    mutating func draw(_ pieces: [[Point]], style: LineStyle, series: Int) {
        let pattern: [Bool]
        switch style {
        case .none: return
        case .solid: pattern = [true]
        case .dashed: pattern = [true, true, true, false, false]
        case .dashDot: pattern = [true, true, true, false, false, true, false, false]
        case .dotted: pattern = [true, false]
        }
        for piece in pieces {
            var phase = 0
            for (index, (a, b)) in zip(piece, piece.dropFirst()).enumerated() {
                let steps = max(1, Int(max(abs(b.x - a.x), abs(b.y - a.y)).rounded(.up)))
                for s in (index == 0 ? 0 : 1)...steps {
                    let t = Double(s) / Double(steps)
                    if pattern[phase % pattern.count] {
                        set(Int((a.x + t * (b.x - a.x)).rounded()), Int((a.y + t * (b.y - a.y)).rounded()), series: series)
                    }
                    phase += 1
                }
            }
        }
    }

    /// The braille character at a cell, or `nil` if no dot is set there.
    func character(column: Int, row: Int) -> Character? {
        let value = bits[row * columns + column]
        guard value != 0, let scalar = Unicode.Scalar(0x2800 + UInt32(value)) else { return nil }
        return Character(scalar)
    }

    /// The series that drew last in a cell, or -1.
    func owner(column: Int, row: Int) -> Int { owner[row * columns + column] }
}

/// A fixed-size page of characters with optional colours; writes outside it are clipped, so the
/// rendered text always has exactly the requested size.
struct TextGrid {
    let width: Int
    let height: Int
    private var chars: [Character]
    private var colors: [Color?]

    init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        chars = Array(repeating: " ", count: self.width * self.height)
        colors = Array(repeating: nil, count: self.width * self.height)
    }

    mutating func put(_ character: Character, row: Int, column: Int, color: Color? = nil) {
        guard row >= 0, row < height, column >= 0, column < width else { return }
        // Control characters and newlines would break the layout.
        let safe: Character = character.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f } ? " " : character
        chars[row * width + column] = safe
        colors[row * width + column] = color
    }

    mutating func put(_ text: String, row: Int, column: Int, color: Color? = nil) {
        for (offset, character) in text.enumerated() {
            put(character, row: row, column: column + offset, color: color)
        }
    }

    /// The lines joined by newlines; with `color`, 24-bit ANSI colour escapes around coloured runs.
    func render(color: Bool) -> String {
        var lines: [String] = []
        for row in 0..<height {
            var line = ""
            var current: Color?
            for column in 0..<width {
                let index = row * width + column
                if color && colors[index] != current {
                    if current != nil { line += "\u{1B}[0m" }
                    if let c = colors[index] { line += "\u{1B}[38;2;\(c.red);\(c.green);\(c.blue)m" }
                    current = colors[index]
                }
                line.append(chars[index])
            }
            if color && current != nil { line += "\u{1B}[0m" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
