import Autodiff
import Foundation

/// Operations that change how derivatives flow rather than values:
/// `stopGradient`/`detached`, `checkpoint`, `customVJP` and `customJVP`.
let derivativeControlOperations: [PropertyOperation] = [
    // x * stopGradient(x) has the value x², but its derivative treats the
    // stopped factor as the constant it is at the point x0: that of x0 * x.
    // Second derivatives are not checked: the gradient x0 stops its own
    // derivative by design, where central differences of it see 1.
    PropertyOperation(name: "stopGradient", hasSecondOrder: false) { choices in
        let x = choices.array(choices.shape(), .standard)
        let method = choices.bool()
        var instance = PropertyInstance(
            call: method ? "x * x.detached()" : "x * stopGradient(x)", inputs: [x],
            library: { method ? $0[0] * $0[0].detached() : $0[0] * stopGradient($0[0]) },
            reference: { $0[0].map { $0 * $0 } })
        instance.smoothReference = { ReferenceArray.zip($0[0], x, *) }
        return instance
    },
    // Rematerialisation changes nothing in values or derivatives.
    PropertyOperation(name: "checkpoint") { choices in
        let x = choices.array(choices.shape(), .standard)
        return PropertyInstance(call: "checkpoint { sin($0) * $0 }(x)", inputs: [x],
                                library: { checkpoint({ sin($0) * $0 })($0[0]) },
                                reference: { $0[0].map { Foundation.sin($0) * $0 } })
    },
    // A hand-written pullback (here the true one) replaces the recorded one.
    PropertyOperation(name: "customVJP") { choices in
        let x = choices.array(choices.shape(), .standard)
        return PropertyInstance(call: "customVJP { (value: exp(x), pullback: { g in g * exp(x) }) }(x)", inputs: [x],
                                library: { customVJP { x in (value: exp(x), pullback: { g in g * exp(x) }) }($0[0]) },
                                reference: { $0[0].map(Foundation.exp) })
    },
    // A hand-written differential, transposed for reverse mode.
    PropertyOperation(name: "customJVP") { choices in
        let x = choices.array(choices.shape(), .standard)
        return PropertyInstance(call: "customJVP({ sin($0) }, differential: { x, dx in dx * cos(x) })(x)", inputs: [x],
                                library: { customJVP({ sin($0) }, differential: { x, dx in dx * cos(x) })($0[0]) },
                                reference: { $0[0].map(Foundation.sin) })
    },
]
