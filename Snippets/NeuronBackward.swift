// One sigmoid neuron with the quadratic cost C = ½(σ(w·x + b) - y)²,
// differentiated by backward().
import Nabla

let w = Tensor([0.6]).requiringGrad().labeled("w")
let b = Tensor([0.9]).requiringGrad().labeled("b")
let x = Tensor([2.0]), y = Tensor([0.0])

let z = (w * x + b).labeled("z")
let a = z.sigmoid().labeled("a")
let cost = (0.5 * (a - y).squared()).sum().labeled("C")
try cost.backward()

// The notes' BP1 for one neuron: δ = (a - y) σ'(z), σ'(z) = a(1 - a);
// BP3 and BP4: ∂C/∂b = δ, ∂C/∂w = x δ.
let delta = (a - y) * a * (1 - a)
print("C =", cost.item)
print("∂C/∂w =", w.grad!.item, " x·δ =", (x * delta).item)
print("∂C/∂b =", b.grad!.item, " δ   =", delta.item)
