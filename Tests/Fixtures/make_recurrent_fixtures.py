"""PyTorch references for Tests/NablaTests/Ops/LSTMSequenceTests.swift and GRUSequenceTests.swift.

Run from the repository root with a Python that has torch (the safetensors file is written by the
few lines of safetensors_writer.py, so the safetensors package is not needed):
    python Tests/Fixtures/make_recurrent_fixtures.py

Writes Tests/Fixtures/recurrent/recurrent.safetensors, all float64:
- lstm.*: a torch.nn.LSTM(4, 3, batch_first=True) with bias_hh set to zero (so that one bias per gate
  remains, as in the notes; its gate order i, f, g, o is Nabla's), an input [2, 5, 4], initial states
  [2, 3], the outputs and final states, and the gradients of the loss
  L = Σ outputs ⊙ loss_weights + Σ h_T + 2 Σ c_T with respect to the input (every element),
  weight_ih, weight_hh, bias_ih, h0 and c0.
- gru.*: the notes' GRU written out in torch (torch.nn.GRU applies the reset gate after the
  recurrent matrix, r ⊙ (W_hn h + b_hn), the notes before it, W_h (r ⊙ h)), blocks z, r, h̃, with the
  same input, loss (without the cell term) and gradients from torch's autograd (input, weight_ih,
  weight_hh, bias, h0).
The file is committed, so the Swift tests never need Python.
"""

import pathlib

import torch

from safetensors_writer import write_safetensors

FIXTURES = pathlib.Path(__file__).resolve().parent / "recurrent"
BATCH, STEPS, INPUT, HIDDEN = 2, 5, 4, 3


def lstm_fixture(x, loss_weights):
    x = x.clone().requires_grad_()
    layer = torch.nn.LSTM(INPUT, HIDDEN, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        layer.bias_hh_l0.zero_()
    layer.bias_hh_l0.requires_grad_(False)
    h0 = torch.randn(BATCH, HIDDEN, dtype=torch.float64, requires_grad=True)
    c0 = torch.randn(BATCH, HIDDEN, dtype=torch.float64, requires_grad=True)
    output, (hidden, cell) = layer(x, (h0.unsqueeze(0), c0.unsqueeze(0)))
    loss = (output * loss_weights).sum() + hidden.sum() + 2 * cell.sum()
    loss.backward()
    return {
        "lstm.input": x, "lstm.loss_weights": loss_weights,
        "lstm.weight_ih": layer.weight_ih_l0, "lstm.weight_hh": layer.weight_hh_l0, "lstm.bias_ih": layer.bias_ih_l0,
        "lstm.h0": h0, "lstm.c0": c0,
        "lstm.output": output, "lstm.hidden": hidden[0], "lstm.cell": cell[0],
        "lstm.grad_input": x.grad, "lstm.grad_weight_ih": layer.weight_ih_l0.grad,
        "lstm.grad_weight_hh": layer.weight_hh_l0.grad, "lstm.grad_bias_ih": layer.bias_ih_l0.grad,
        "lstm.grad_h0": h0.grad, "lstm.grad_c0": c0.grad,
    }


def gru_fixture(x, loss_weights):
    x = x.clone().requires_grad_()
    scale = HIDDEN ** -0.5
    weight_ih = ((torch.rand(3 * HIDDEN, INPUT, dtype=torch.float64) * 2 - 1) * scale).requires_grad_()
    weight_hh = ((torch.rand(3 * HIDDEN, HIDDEN, dtype=torch.float64) * 2 - 1) * scale).requires_grad_()
    bias = ((torch.rand(3 * HIDDEN, dtype=torch.float64) * 2 - 1) * scale).requires_grad_()
    h0 = torch.randn(BATCH, HIDDEN, dtype=torch.float64, requires_grad=True)
    w_z, w_r, w_h = weight_hh.split(HIDDEN)
    h, outputs = h0, []
    for t in range(STEPS):
        u_z, u_r, u_h = (x[:, t] @ weight_ih.T + bias).split(HIDDEN, dim=1)
        z = torch.sigmoid(u_z + h @ w_z.T)
        r = torch.sigmoid(u_r + h @ w_r.T)
        candidate = torch.tanh(u_h + (r * h) @ w_h.T)
        h = z * h + (1 - z) * candidate
        outputs.append(h)
    output = torch.stack(outputs, dim=1)
    loss = (output * loss_weights).sum() + h.sum()
    loss.backward()
    return {
        "gru.input": x, "gru.loss_weights": loss_weights,
        "gru.weight_ih": weight_ih, "gru.weight_hh": weight_hh, "gru.bias": bias, "gru.h0": h0,
        "gru.output": output, "gru.hidden": h,
        "gru.grad_input": x.grad, "gru.grad_weight_ih": weight_ih.grad, "gru.grad_weight_hh": weight_hh.grad, "gru.grad_bias": bias.grad, "gru.grad_h0": h0.grad,
    }


def main():
    torch.manual_seed(0)
    x = torch.randn(BATCH, STEPS, INPUT, dtype=torch.float64)
    loss_weights = torch.randn(BATCH, STEPS, HIDDEN, dtype=torch.float64)
    tensors = {**lstm_fixture(x, loss_weights), **gru_fixture(x, loss_weights)}
    tensors = {name: tensor.detach().contiguous() for name, tensor in tensors.items()}
    FIXTURES.mkdir(exist_ok=True)
    write_safetensors(FIXTURES / "recurrent.safetensors", tensors, {"torch": torch.__version__})
    print("wrote", FIXTURES / "recurrent.safetensors", len(tensors), "tensors")


if __name__ == "__main__":
    main()
