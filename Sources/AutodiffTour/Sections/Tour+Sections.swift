// The stops of the tour in book order. Each one's code is its body, shown
// step by step as it runs (see TourCode); the files under Sections/ import
// only Autodiff and AutodiffPlot, as a reader's program would.

extension Tour {
    static let calculusSections: [TourSection] = [derivatives, visualization, gradients, chainRule, calculusDiscussion]

    static let calculusExercises: [TourSection] = [
        elementaryDerivatives, combinationRules, constantMultiple, powerTower, stationaryPoints,
        cubicTangent, twoVariableGradient, normGradient, multivariateChainRule, inverseDerivative,
    ]

    static let autodiffSections: [TourSection] = [simpleFunction, nonScalar, detaching, controlFlow, autodiffDiscussion]

    static let autodiffExercises: [TourSection] = [
        secondDerivativeCost, backpropagateTwice, vectorControlFlow, sinePlot,
        dependencyGraph, chainRuleOnGraph, forwardAndReverse, modeTimings,
    ]
}
