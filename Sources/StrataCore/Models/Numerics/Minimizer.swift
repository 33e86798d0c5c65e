import Foundation

/// The outcome of a minimisation.
package struct Minimum {
    package var point: [Double]
    package var value: Double
    package var iterations: Int
    package var converged: Bool
    /// BFGS's final inverse-Hessian estimate (a warm start for a related problem).
    package var inverseHessian: [[Double]]? = nil
}

/// Unconstrained minimisation of a smooth function of a few variables: BFGS with a
/// backtracking line search, restarted from a Nelder-Mead simplex when BFGS stalls or meets
/// non-finite values.
package struct Minimizer {
    /// Value and gradient at a point; the value is +∞ (or NaN) where the function is undefined.
    package typealias Objective = ([Double]) -> (value: Double, gradient: [Double])

    package var gradientTolerance = 1e-7
    package var maximumIterations = 500
    /// Evaluations of the objective one ``minimize(_:from:inverseHessian:)`` may spend, over
    /// BFGS, the simplex and the polish: a fit that wanders along a ridge toward a boundary
    /// stops there, not converged, instead of running for minutes. (Fits of real data converge
    /// in well under 500.)
    package var maximumEvaluations = 2_000

    /// Minimises from `start`, optionally with a known inverse-Hessian estimate (e.g. from a fit
    /// on a sample of the same data).
    package func minimize(_ f: Objective, from start: [Double], inverseHessian: [[Double]]? = nil) -> Minimum {
        var evaluations = 0
        // Past the budget every point is undefined, so each search below ends at once.
        func counted(_ x: [Double]) -> (value: Double, gradient: [Double]) {
            evaluations += 1
            return evaluations > maximumEvaluations ? (.infinity, x.map { _ in .nan }) : f(x)
        }
        var result = bfgs(counted, from: start, inverseHessian: inverseHessian)
        if !result.converged {
            // Walk somewhere sensible without gradients, then polish.
            let simplex = nelderMead({ counted($0).value }, from: result.value.isFinite ? result.point : start)
            let polished = bfgs(counted, from: simplex.point)
            let total = result.iterations + simplex.iterations + polished.iterations
            result = polished.value <= simplex.value ? polished : simplex
            result.iterations = total
        }
        if evaluations > maximumEvaluations { result.converged = false }
        return result
    }

    package func bfgs(_ f: Objective, from start: [Double], inverseHessian: [[Double]]? = nil) -> Minimum {
        let n = start.count
        var x = start
        var (fx, g) = f(x)
        guard fx.isFinite, g.allSatisfy(\.isFinite) else {
            return Minimum(point: x, value: .infinity, iterations: 0, converged: false)
        }
        var h = inverseHessian ?? identity(n)
        for iteration in 1...maximumIterations {
            if norm(g) < gradientTolerance {
                return Minimum(point: x, value: fx, iterations: iteration - 1, converged: true, inverseHessian: h)
            }
            var direction = (0..<n).map { i in -(0..<n).reduce(0) { $0 + h[i][$1] * g[$1] } }
            var slope = zip(direction, g).reduce(0) { $0 + $1.0 * $1.1 }
            if slope >= 0 {
                // Not a descent direction: forget the curvature estimate.
                h = identity(n)
                direction = g.map { -$0 }
                slope = -zip(g, g).reduce(0) { $0 + $1.0 * $1.1 }
            }
            // Keep steps in log-parameter space moderate.
            var step = min(1.0, 2.0 / max(direction.map(abs).max() ?? 1, 1e-300))
            var accepted: (x: [Double], f: Double, g: [Double])?
            for _ in 0..<60 {
                let candidate = (0..<n).map { x[$0] + step * direction[$0] }
                let (fc, gc) = f(candidate)
                if fc.isFinite, gc.allSatisfy(\.isFinite), fc <= fx + 1e-4 * step * slope {
                    accepted = (candidate, fc, gc)
                    break
                }
                step *= 0.5
            }
            guard let next = accepted else {
                // No decrease along the direction: at a minimum to machine precision, or stuck.
                return Minimum(point: x, value: fx, iterations: iteration, converged: norm(g) < gradientTolerance * 1e3, inverseHessian: h)
            }
            let s = (0..<n).map { next.x[$0] - x[$0] }
            let y = (0..<n).map { next.g[$0] - g[$0] }
            let sy = zip(s, y).reduce(0) { $0 + $1.0 * $1.1 }
            let previous = fx
            (x, fx, g) = (next.x, next.f, next.g)
            if sy > 1e-300 { h = update(h, s: s, y: y, sy: sy) }
            if abs(previous - fx) <= 1e-15 * max(1, abs(fx)), norm(g) < gradientTolerance * 1e3 {
                return Minimum(point: x, value: fx, iterations: iteration, converged: true, inverseHessian: h)
            }
        }
        return Minimum(point: x, value: fx, iterations: maximumIterations, converged: norm(g) < gradientTolerance, inverseHessian: h)
    }

    /// Nelder-Mead simplex search (standard coefficients), for a rough start.
    package func nelderMead(_ f: ([Double]) -> Double, from start: [Double], iterations: Int = 400) -> Minimum {
        let n = start.count
        func value(_ p: [Double]) -> Double { let v = f(p); return v.isNaN ? .infinity : v }
        var points = [start] + (0..<n).map { i in var p = start; p[i] += 0.5; return p }
        var values = points.map(value)
        var used = 0
        for iteration in 1...iterations {
            used = iteration
            let order = values.indices.sorted { values[$0] < values[$1] }
            points = order.map { points[$0] }
            values = order.map { values[$0] }
            if abs(values[n] - values[0]) <= 1e-12 * max(1, abs(values[0])) { break }
            let centroid = (0..<n).map { i in points[0..<n].reduce(0) { $0 + $1[i] } / Double(n) }
            func along(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (points[n][$0] - centroid[$0]) } }
            let reflected = along(-1), fr = value(reflected)
            if fr < values[0] {
                let expanded = along(-2), fe = value(expanded)
                (points[n], values[n]) = fe < fr ? (expanded, fe) : (reflected, fr)
            } else if fr < values[n - 1] {
                (points[n], values[n]) = (reflected, fr)
            } else {
                let contracted = fr < values[n] ? along(-0.5) : along(0.5)
                let fc = value(contracted)
                if fc < min(fr, values[n]) {
                    (points[n], values[n]) = (contracted, fc)
                } else {
                    for k in 1...n {
                        points[k] = (0..<n).map { points[0][$0] + 0.5 * (points[k][$0] - points[0][$0]) }
                        values[k] = value(points[k])
                    }
                }
            }
        }
        let best = values.indices.min { values[$0] < values[$1] }!
        return Minimum(point: points[best], value: values[best], iterations: used, converged: false)
    }

    private func identity(_ n: Int) -> [[Double]] {
        (0..<n).map { i in (0..<n).map { $0 == i ? 1 : 0 } }
    }

    private func norm(_ v: [Double]) -> Double { v.reduce(0) { max($0, abs($1)) } }

    /// The BFGS inverse-Hessian update.
    private func update(_ h: [[Double]], s: [Double], y: [Double], sy: Double) -> [[Double]] {
        let n = s.count
        let rho = 1 / sy
        let hy = (0..<n).map { i in (0..<n).reduce(0) { $0 + h[i][$1] * y[$1] } }
        let yhy = zip(y, hy).reduce(0) { $0 + $1.0 * $1.1 }
        var next = h
        for i in 0..<n {
            for j in 0..<n {
                next[i][j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j]
            }
        }
        return next
    }
}
