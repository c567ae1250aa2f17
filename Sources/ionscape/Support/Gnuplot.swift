import Foundation

/// A 2-D figure rendered by gnuplot into PNG and SVG (the `gnuplot-nox` Debian package).
struct GnuplotFigure {
    enum Style {
        case lines, points, linesPoints
        /// y error bars from the third data column.
        case errorBars
        /// y error bars plus a connecting line.
        case errorLines
        /// Histogram-like steps.
        case steps
        /// Steps with the area under them shaded (translucent), for a part of a distribution
        /// drawn under the whole (PSED under SED).
        case shadedSteps
    }

    struct Series {
        let title: String
        let style: Style
        /// Rows of (x, y) or (x, y, dy).
        let points: [[Double]]
        /// Extra gnuplot style of this series (e.g. `lc rgb '#0072b2' dt 2`), or nil.
        var lineStyle: String? = nil
    }

    /// Line colours on a white background, in plotting order (Okabe–Ito without its yellow,
    /// which gnuplot's default cycle puts fifth and which is hard to see).
    static let palette = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#56b4e9", "#e69f00", "#000000", "#7f7f7f"]

    /// Style of member `index` of a pair of curves drawn per item (e.g. native and foreign
    /// profile per ion): one colour per item, the first member dashed.
    static func pairStyle(_ index: Int, first: Bool) -> String {
        "lc rgb '\(palette[index % palette.count])'" + (first ? " dt 2" : "")
    }

    var title: String
    var xLabel: String
    var yLabel: String
    var logX = false
    var logY = false
    var series: [Series] = []
    /// Extra gnuplot lines (e.g. `set key left top`).
    var extra: [String] = []

    mutating func add(_ title: String, _ style: Style, _ points: [[Double]], lineStyle: String? = nil) {
        series.append(Series(title: title, style: style, points: points, lineStyle: lineStyle))
    }

    /// `text` as gnuplot enhanced text: a `_` or `^` not followed by `{` subscripts (superscripts)
    /// the whole word after it, as a plain-text label means it (`D_native` → `D_{native}`); gnuplot
    /// alone would apply it to one character (`D_native` rendering as a subscript n + "ative").
    static func enhancedText(_ text: String) -> String {
        var out = ""
        var characters = Array(text)[...]
        while let c = characters.popFirst() {
            guard c == "_" || c == "^", let next = characters.first, next != "{" else { out.append(c); continue }
            let word = characters.prefix { $0.isLetter || $0.isNumber }
            guard word.count > 1 else { out.append(c); continue }
            out += "\(c){\(String(word))}"
            characters = characters.dropFirst(word.count)
        }
        return out
    }

    /// Writes `<stem>.dat`, `<stem>.gp`, and renders `<stem>.png` and `<stem>.svg` in `directory`.
    /// Returns the names of the rendered files.
    @discardableResult
    func render(stem: String, in directory: String) throws -> [String] {
        // Points need a finite x and y; an undefined error bar (one realisation) is drawn as 0.
        // Series left without points are not plotted, and a figure without any is not drawn.
        let plotted = series.map { s in
            Series(title: s.title, style: s.style, points: s.points.compactMap { p -> [Double]? in
                guard p.count >= 2, p[0].isFinite, p[1].isFinite else { return nil }
                return p.enumerated().map { $0.offset >= 2 && !$0.element.isFinite ? 0 : $0.element }
            })
        }.filter { !$0.points.isEmpty }
        guard !plotted.isEmpty else { return [] }
        var data = ""
        for s in plotted {
            data += "# \(s.title)\n"
            for p in s.points { data += p.map { String($0) }.joined(separator: " ") + "\n" }
            data += "\n\n"
        }
        try AtomicFile.write(data, to: "\(directory)/\(stem).dat")
        var rendered: [String] = []
        for (terminal, ext) in [("pngcairo size 900,620 font 'Sans,11'", "png"), ("svg size 900,620 dynamic font 'Sans,11'", "svg")] {
            let script = self.script(plotted, terminal: terminal, output: "\(stem).\(ext)", data: "\(stem).dat")
            try AtomicFile.write(script, to: "\(directory)/\(stem).\(ext).gp")
            try Self.run(script: "\(stem).\(ext).gp", in: directory)
            try? FileManager.default.removeItem(atPath: "\(directory)/\(stem).\(ext).gp")
            rendered.append("\(stem).\(ext)")
        }
        return rendered
    }

    private func script(_ series: [Series], terminal: String, output: String, data: String) -> String {
        func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        func label(_ s: String) -> String { quoted(Self.enhancedText(s)) }
        var lines = [
            "set terminal \(terminal)",
            "set output \(quoted(output))",
            "set title \(label(title))",
            "set xlabel \(label(xLabel))",
            "set ylabel \(label(yLabel))",
            "set grid",
            "set key below",
        ] + Self.palette.enumerated().map { "set linetype \($0.offset + 1) lc rgb '\($0.element)' lw 2" }
            + ["set linetype cycle \(Self.palette.count)"]
        if logX { lines.append("set logscale x"); lines.append("set format x '10^{%L}'") }
        if logY { lines.append("set logscale y"); lines.append("set format y '10^{%L}'") }
        lines += extra
        let plots = series.enumerated().map { k, s -> String in
            let using: String
            switch s.style {
            case .lines: using = "using 1:2 with lines lw 2"
            case .points: using = "using 1:2 with points pt 7 ps 0.8"
            case .linesPoints: using = "using 1:2 with linespoints lw 2 pt 7 ps 0.7"
            case .errorBars: using = "using 1:2:3 with yerrorbars pt 7 ps 0.7"
            case .errorLines: using = "using 1:2:3 with yerrorlines lw 2 pt 7 ps 0.7"
            case .steps: using = "using 1:2 with steps lw 2"
            case .shadedSteps: using = "using 1:2 with fillsteps fs transparent solid 0.35 noborder"
            }
            let extra = s.lineStyle.map { " " + $0 } ?? ""
            return "\(quoted(data)) index \(k) \(using)\(extra) title \(label(s.title))"
        }
        lines.append("plot " + plots.joined(separator: ", \\\n     "))
        return lines.joined(separator: "\n") + "\n"
    }

    private static func run(script: String, in directory: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gnuplot", script]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let errors = Pipe()
        process.standardError = errors
        do { try process.run() } catch {
            throw ComputationError("cannot start gnuplot (install gnuplot-nox: `make deps`): \(error)")
        }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ComputationError("gnuplot failed on \(directory)/\(script): \(String(decoding: message, as: UTF8.self))")
        }
    }
}
