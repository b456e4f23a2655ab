// `x > 1` on tensors would otherwise fail with a compiler error about
// `BinaryInteger` (the standard library's heterogeneous comparison is the
// nearest match), and `x == y` with one about `Equatable`. These overloads
// exist only to be found, so that the compiler points at the elementwise
// operators instead: a tensor has no single truth value to give as a
// `Bool`. `==` and `!=` are among them because `Tensor` is not `Equatable`
// (exact equality of floating-point data is rarely the question; see
// `allClose`), so they take nothing away: `optionalTensor == nil`, tuple
// and array comparisons of other types still work.

extension Tensor {
    @available(*, unavailable, message: "use .> for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: x.item() > y.item()")
    public static func > (a: Tensor, b: Tensor) -> Bool { fatalError() }
    @available(*, unavailable, message: "use .< for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: x.item() < y.item()")
    public static func < (a: Tensor, b: Tensor) -> Bool { fatalError() }
    @available(*, unavailable, message: "use .>= for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: x.item() >= y.item()")
    public static func >= (a: Tensor, b: Tensor) -> Bool { fatalError() }
    @available(*, unavailable, message: "use .<= for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: x.item() <= y.item()")
    public static func <= (a: Tensor, b: Tensor) -> Bool { fatalError() }
    @available(*, unavailable, message: "use .== for an elementwise comparison giving a 0/1 tensor (for select), or allClose(x, y) to compare whole tensors")
    public static func == (a: Tensor, b: Tensor) -> Bool { fatalError() }
    @available(*, unavailable, message: "use .!= for an elementwise comparison giving a 0/1 tensor (for select), or !allClose(x, y) to compare whole tensors")
    public static func != (a: Tensor, b: Tensor) -> Bool { fatalError() }

    @available(*, unavailable, message: "use .> for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: x.item() > 1")
    public static func > (a: Tensor, b: Float) -> Bool { fatalError() }
    @available(*, unavailable, message: "use .> for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: 1 > x.item()")
    public static func > (a: Float, b: Tensor) -> Bool { fatalError() }
    @available(*, unavailable, message: "use .< for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: x.item() < 1")
    public static func < (a: Tensor, b: Float) -> Bool { fatalError() }
    @available(*, unavailable, message: "use .< for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: 1 < x.item()")
    public static func < (a: Float, b: Tensor) -> Bool { fatalError() }
    @available(*, unavailable, message: "use .>= for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: x.item() >= 1")
    public static func >= (a: Tensor, b: Float) -> Bool { fatalError() }
    @available(*, unavailable, message: "use .>= for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: 1 >= x.item()")
    public static func >= (a: Float, b: Tensor) -> Bool { fatalError() }
    @available(*, unavailable, message: "use .<= for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: x.item() <= 1")
    public static func <= (a: Tensor, b: Float) -> Bool { fatalError() }
    @available(*, unavailable, message: "use .<= for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: 1 <= x.item()")
    public static func <= (a: Float, b: Tensor) -> Bool { fatalError() }
    @available(*, unavailable, message: "use .== for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: x.item() == 1")
    public static func == (a: Tensor, b: Float) -> Bool { fatalError() }
    @available(*, unavailable, message: "use .== for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: 1 == x.item()")
    public static func == (a: Float, b: Tensor) -> Bool { fatalError() }
    @available(*, unavailable, message: "use .!= for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: x.item() != 1")
    public static func != (a: Tensor, b: Float) -> Bool { fatalError() }
    @available(*, unavailable, message: "use .!= for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: 1 != x.item()")
    public static func != (a: Float, b: Tensor) -> Bool { fatalError() }

    // A `Double` (`let t = 0.5; x > t`): disfavored as the arithmetic forms,
    // so that a literal finds the `Float` form rather than an ambiguity.
    @_disfavoredOverload
    @available(*, unavailable, message: "use .> for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: x.doubleItem() > t")
    public static func > (a: Tensor, b: Double) -> Bool { fatalError() }
    @_disfavoredOverload
    @available(*, unavailable, message: "use .> for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: t > x.doubleItem()")
    public static func > (a: Double, b: Tensor) -> Bool { fatalError() }
    @_disfavoredOverload
    @available(*, unavailable, message: "use .< for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: x.doubleItem() < t")
    public static func < (a: Tensor, b: Double) -> Bool { fatalError() }
    @_disfavoredOverload
    @available(*, unavailable, message: "use .< for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: t < x.doubleItem()")
    public static func < (a: Double, b: Tensor) -> Bool { fatalError() }
    @_disfavoredOverload
    @available(*, unavailable, message: "use .>= for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: x.doubleItem() >= t")
    public static func >= (a: Tensor, b: Double) -> Bool { fatalError() }
    @_disfavoredOverload
    @available(*, unavailable, message: "use .>= for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: t >= x.doubleItem()")
    public static func >= (a: Double, b: Tensor) -> Bool { fatalError() }
    @_disfavoredOverload
    @available(*, unavailable, message: "use .<= for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: x.doubleItem() <= t")
    public static func <= (a: Tensor, b: Double) -> Bool { fatalError() }
    @_disfavoredOverload
    @available(*, unavailable, message: "use .<= for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: t <= x.doubleItem()")
    public static func <= (a: Double, b: Tensor) -> Bool { fatalError() }
    @_disfavoredOverload
    @available(*, unavailable, message: "use .== for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: x.doubleItem() == t")
    public static func == (a: Tensor, b: Double) -> Bool { fatalError() }
    @_disfavoredOverload
    @available(*, unavailable, message: "use .== for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: t == x.doubleItem()")
    public static func == (a: Double, b: Tensor) -> Bool { fatalError() }
    @_disfavoredOverload
    @available(*, unavailable, message: "use .!= for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: x.doubleItem() != t")
    public static func != (a: Tensor, b: Double) -> Bool { fatalError() }
    @_disfavoredOverload
    @available(*, unavailable, message: "use .!= for an elementwise comparison giving a 0/1 tensor (for select), or compare numbers: t != x.doubleItem()")
    public static func != (a: Double, b: Tensor) -> Bool { fatalError() }
}
