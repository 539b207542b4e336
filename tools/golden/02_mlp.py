#!/usr/bin/python3
"""Golden data for chapter 02 (multilayer perceptrons and optimisation), computed with PyTorch.

Run from the repository root with the Debian python (python3-torch 1.13, CPU):

    /usr/bin/python3 tools/golden/02_mlp.py

It writes small .npy files (inputs and expected outputs, float32 / int64) into
tests/02_mlp/golden/, which are committed: the tests never need PyTorch. One function per
exercise, called in order from main(); each draws from the one torch.manual_seed(0) stream, so
add new sections at the end of main() to keep the earlier files unchanged. Inputs are drawn in
float32; expected values are computed by PyTorch in float64 from those float32 inputs and stored
as float32.
"""

import numpy as np
import torch
import torch.nn.functional as F

import nnlab_golden as golden
from nnlab_golden import leaf, randn

OUT = golden.out_dir("02_mlp")


def save(name, t):
    golden.save(OUT, name, t)


def linear_layer():
    """02.1: y = x W + b (W stored as (D, H), i.e. the transpose of torch's Linear weight)."""
    x, W, b, dy = leaf(randn(5, 4)), leaf(randn(4, 3)), leaf(randn(3)), randn(5, 3)
    y = F.linear(x, W.t(), b)
    y.backward(dy)
    for name, t in (("x", x), ("W", W), ("b", b), ("dy", dy), ("y", y), ("dx", x.grad),
                    ("dW", W.grad), ("db", b.grad)):
        save(f"linear_layer_{name}", t)


def activations():
    """02.2: relu, sigmoid, tanh, exact gelu, forward and backward on the same x and dy."""
    x, dy = randn(4, 6, scale=3.0), randn(4, 6)
    x[0, 0] = 0.0  # relu'(0) = 0 in torch
    save("activations_x", x)
    save("activations_dy", dy)
    for name, f in (("relu", torch.relu), ("sigmoid", torch.sigmoid), ("tanh", torch.tanh),
                    ("gelu", lambda t: F.gelu(t, approximate="none"))):
        xl = leaf(x)
        y = f(xl)
        y.backward(dy)
        save(f"activations_{name}_y", y)
        save(f"activations_{name}_dx", xl.grad)


def softmax_cross_entropy():
    """02.3: mean cross-entropy of the softmax, and its gradient."""
    z = leaf(randn(6, 5, scale=2.0))
    y = torch.randint(0, 5, (6,))
    loss = F.cross_entropy(z, y)
    loss.backward()
    save("softmax_cross_entropy_logits", z)
    save("softmax_cross_entropy_labels", y)
    save("softmax_cross_entropy_loss", loss)
    save("softmax_cross_entropy_dlogits", z.grad)


def dropout():
    """02.4: the mask nnlab::Rng(5) gives for p = 0.3 on a (4, 5) input (one uniform per element,
    row-major, keep when u >= p), and torch's y = x * mask with its backward."""
    p = np.float32(0.3)
    x, dy = leaf(randn(4, 5)), randn(4, 5)
    rng = golden.NnlabRng(5)
    scale = np.float32(1.0) / (np.float32(1.0) - p)
    mask = np.array([[scale if rng.uniform() >= p else 0.0 for _ in range(5)] for _ in range(4)],
                    dtype=np.float32)
    y = x * torch.from_numpy(mask).double()
    y.backward(dy)
    save("dropout_x", x)
    save("dropout_dy", dy)
    save("dropout_mask", mask)
    save("dropout_y", y)
    save("dropout_dx", x.grad)


def init():
    """02.5: xavier_uniform(3, 5) and he_normal(4, 3) from nnlab::Rng(11) and Rng(12), with the
    bound and std torch.nn.init uses (gain 1 for Xavier, kaiming_normal_ with fan_in, relu)."""
    w = torch.empty(5, 3)  # torch stores (out, in)
    fan_in, fan_out = torch.nn.init._calculate_fan_in_and_fan_out(w)
    a = np.float32(1.0 * np.sqrt(6.0 / (fan_in + fan_out)))
    rng = golden.NnlabRng(11)
    xav = np.array([[-a + (a - (-a)) * rng.uniform() for _ in range(5)] for _ in range(3)],
                   dtype=np.float32)
    save("init_xavier", xav)
    save("init_xavier_bound", np.float32(a))
    w = torch.empty(3, 4)
    fan_in, _ = torch.nn.init._calculate_fan_in_and_fan_out(w)
    std = np.float32(torch.nn.init.calculate_gain("relu") / np.sqrt(fan_in))
    rng = golden.NnlabRng(12)
    he = np.array([[std * np.float32(rng.normal()) for _ in range(3)] for _ in range(4)],
                  dtype=np.float32)
    save("init_he", he)
    save("init_he_std", np.float32(std))


def weight_decay():
    """02.6: params "0.weight" (3, 4), "0.bias" (4), "1.weight" (4, 2) with gradients; the L2
    penalty and its gradient by autograd (weights only), and one AdamW step with zero gradients,
    which is exactly the decoupled decay w <- w (1 - lr lambda) (biases in a group with no decay)."""
    lam, lr = 0.1, 0.5
    values = [randn(3, 4), randn(4), randn(4, 2)]
    grads = [randn(3, 4), randn(4), randn(4, 2)]
    for i, (v, g) in enumerate(zip(values, grads)):
        save(f"weight_decay_value{i}", v)
        save(f"weight_decay_grad{i}", g)
    ps = [leaf(v) for v in values]
    penalty = lam / 2 * (ps[0].pow(2).sum() + ps[2].pow(2).sum())
    penalty.backward()
    save("weight_decay_penalty", penalty)
    for i, (p, g) in enumerate(zip(ps, grads)):
        extra = p.grad if p.grad is not None else torch.zeros_like(g)  # the bias: no penalty
        save(f"weight_decay_coupled_grad{i}", g + extra)
    ps = [torch.nn.Parameter(v.clone()) for v in values]
    for p in ps:
        p.grad = torch.zeros_like(p)
    opt = torch.optim.AdamW([{"params": [ps[0], ps[2]], "weight_decay": lam},
                             {"params": [ps[1]], "weight_decay": 0.0}], lr=lr)
    opt.step()
    for i, p in enumerate(ps):
        save(f"weight_decay_decoupled_value{i}", p)


# ---- optimisers and schedules (exercises 02.7-02.10) ------------------------------------------
OPTIM_STEPS = 5


def _run_optimizer(tag, w0, grads, make):
    """Runs torch.optim in float64 from float32 data: saves the parameter after each step."""
    w = torch.nn.Parameter(w0.clone())
    opt = make([w])
    after = []
    for g in grads:
        w.grad = g.clone()
        opt.step()
        after.append(w.detach().clone())
    save(f"optim_{tag}_w", torch.stack(after))  # (steps, 4, 3)


def optimizers():
    w0 = randn(4, 3)
    grads = randn(OPTIM_STEPS, 4, 3)
    save("optim_w0", w0)
    save("optim_grads", grads)
    # The hyper-parameters are repeated in tests/02_mlp/*_test.cpp.
    _run_optimizer("sgd", w0, grads, lambda p: torch.optim.SGD(p, lr=0.1))
    _run_optimizer("momentum", w0, grads, lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9))
    _run_optimizer("adagrad", w0, grads, lambda p: torch.optim.Adagrad(p, lr=0.1, eps=1e-10))
    _run_optimizer("rmsprop", w0, grads,
                   lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-8))
    _run_optimizer("adam", w0, grads, lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.9, 0.999),
                                                                 eps=1e-8))
    _run_optimizer("adam_l2", w0, grads, lambda p: torch.optim.Adam(
        p, lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1))
    _run_optimizer("adamw", w0, grads, lambda p: torch.optim.AdamW(
        p, lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1))


SCHEDULE_EPOCHS = 20


def _run_schedule(tag, make):
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))], lr=0.1)
    sched = make(opt)
    lrs = []
    for _ in range(SCHEDULE_EPOCHS):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    save(f"schedule_{tag}", torch.tensor(lrs, dtype=torch.float64))  # (epochs), base 0.1


def schedules():
    S = torch.optim.lr_scheduler
    # The settings are repeated in tests/02_mlp/lr_schedules_test.cpp.
    _run_schedule("step", lambda o: S.StepLR(o, step_size=3, gamma=0.5))
    _run_schedule("multistep", lambda o: S.MultiStepLR(o, milestones=[2, 5, 5, 11], gamma=0.3))
    _run_schedule("cosine", lambda o: S.CosineAnnealingLR(o, T_max=8, eta_min=0.001))
    _run_schedule("warmup", lambda o: S.LinearLR(o, start_factor=1 / 5, end_factor=1.0,
                                                 total_iters=5))


# ---- gradient clipping (exercise 02.11) ------------------------------------------------------
def grad_clip():
    """02.11: torch.nn.utils.clip_grad_norm_ over three parameters, clipped and not clipped."""
    shapes = [(3, 4), (4,), (2, 3)]
    grads = [randn(*s) for s in shapes]  # global norm 5.34
    for i, g in enumerate(grads):
        save(f"grad_clip_grad{i}", g)
    # The max_norm values are repeated in tests/02_mlp/grad_clip_test.cpp.
    for tag, max_norm in (("clipped", 1.5), ("unclipped", 100.0)):
        ps = [torch.nn.Parameter(torch.zeros(s, dtype=torch.float64)) for s in shapes]
        for p, g in zip(ps, grads):
            p.grad = g.clone()
        norm = torch.nn.utils.clip_grad_norm_(ps, max_norm)
        save(f"grad_clip_{tag}_norm", norm)
        for i, p in enumerate(ps):
            save(f"grad_clip_{tag}_grad{i}", p.grad)


def runner():
    """02.13: six Runner steps of a 4-5-3 MLP (Linear, ReLU, Linear) with softmax cross-entropy,
    gradient clipping at 0.5 and torch.optim.Adam(lr=0.01): 3 epochs over 8 samples in batches
    of 4, in order; then the per-sample mean loss and accuracy over all 8 samples."""
    x, y = randn(8, 4), torch.randint(0, 3, (8,))
    W1, b1, W2, b2 = randn(4, 5, scale=0.5), randn(5, scale=0.1), randn(5, 3, scale=0.5), randn(3, scale=0.1)
    for name, t in (("x", x), ("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2)):
        save(f"runner_{name}", t)
    save("runner_y", y)
    ps = [torch.nn.Parameter(t.clone()) for t in (W1, b1, W2, b2)]
    model = lambda xb: F.linear(F.relu(F.linear(xb, ps[0].t(), ps[1])), ps[2].t(), ps[3])
    opt = torch.optim.Adam(ps, lr=0.01)
    losses = []
    for _ in range(3):
        for start in (0, 4):
            opt.zero_grad()
            loss = F.cross_entropy(model(x[start:start + 4]), y[start:start + 4])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(ps, 0.5)
            opt.step()
            losses.append(loss.item())
    save("runner_losses", torch.tensor(losses, dtype=torch.float64))
    for name, p in zip(("W1", "b1", "W2", "b2"), ps):
        save(f"runner_{name}_after", p.detach())
    with torch.no_grad():
        logits = model(x)
        save("runner_eval_loss", F.cross_entropy(logits, y))
        save("runner_eval_acc", (logits.argmax(1) == y).double().mean())


def main():
    torch.manual_seed(0)
    for make in (linear_layer, activations, softmax_cross_entropy, dropout, init,
                 weight_decay):
        make()
    # 02.7-02.10 (same golden folder, drawn after the sections above)
    optimizers()
    schedules()
    # 02.11 (drawn last, so the files above are unchanged)
    grad_clip()
    # 02.13
    runner()
    golden.report(OUT)


if __name__ == "__main__":
    main()
