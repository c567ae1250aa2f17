import Testing
@testable import ionscape

/// Plot labels reach gnuplot as enhanced text, where `_x` subscripts one character: a label
/// written as plain text ("D_native") must come out with the whole word subscripted.
@Suite struct GnuplotLabelTests {
    @Test func multiLetterSubscriptsAreBraced() {
        #expect(GnuplotFigure.enhancedText("D_native / D_bulk") == "D_{native} / D_{bulk}")
        #expect(GnuplotFigure.enhancedText("10^-3 and T^2") == "10^-3 and T^2")
        #expect(GnuplotFigure.enhancedText("x^{12}") == "x^{12}")
    }

    /// Labels that already mean what gnuplot does are unchanged.
    @Test func existingLabelsAreUnchanged() {
        for label in ["n / n_b", "E_a (eV)", "log_{10} σ_{dc} (S/cm)", "⟨Δ_c⟩ ± SE", "σ_ε = 0.42", "N_L = 50", "T σ_{dc} (K S/cm)"] {
            #expect(GnuplotFigure.enhancedText(label) == label, "\(label)")
        }
    }
}
