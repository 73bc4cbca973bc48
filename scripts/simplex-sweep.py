#!/usr/bin/env python3
"""A PyTorch replica of Foil's SimpleX training, for sweeping its settings on a GPU.

Foil trains SimpleX in DJL on the CPU (dev.foil.recsys.model.SimpleX, recsys.train.RecTrainer,
dev.foil.train.AdamW/Schedule): a 99-epoch Gowalla run takes an hour on 2 cores. This script does
the same computation for K settings at once (their parameters stacked on a config axis, sharing
the batch order and the negatives) so one GPU run compares many settings. It is a search tool, not
a second implementation to report: a setting it picks is trained and scored again by `foil recsys`.

Replicated from Foil: the LightGCN files (users/items = max ordinal + 1), a history of at most 100
of the user's training items (a seeded random choice, fixed for the run), h_u = γ·e_u + (1−γ)·V·mean,
dropout on h_u, cosine scores, the loss ReLU(1 − cos(u,i⁺)) + w/n · Σ_j ReLU(cos(u,j⁻) − m) with n
uniform negatives shared by the batch and weight 0 for a row's own training items, N(0, 1e-4)
embeddings and a Xavier-uniform V, AdamW (0.9, 0.999, 1e-8, no decay) under 1 % linear warm-up and
linear decay to 0, a seeded shuffle of the training interactions each epoch, and full-ranking
Recall@20 / NDCG@20 with training items masked. Not replicated: Foil's exact random streams (its
Java generators), so a run here matches a Foil run in distribution, not bit for bit.

Usage: simplex-sweep.py --data DIR --configs FILE.json --out RESULTS.jsonl [--validation 0.1:7]
  FILE.json: a list of {"name", "n", "m", "w", "gamma", "dropout", "lr", "epochs", "seed"}
  (missing keys take Foil's script setting: 2000, 0.9, 400, 0.8, 0.1, 1e-3, 99, 42);
  scripts/simplex-sweep-configs.json holds the 16 settings docs/RECSYS.md reports. With --validation
  the held-out items are a seeded choice of this script's own, not the items Foil's --validation holds out.
  Needs torch (a CUDA GPU for useful speed: 7.7 s per Gowalla epoch for 16 settings on an H200).
"""
import argparse
import json
import math
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

DEFAULTS = {"n": 2000, "m": 0.9, "w": 400.0, "gamma": 0.8, "dropout": 0.1, "lr": 1e-3, "epochs": 99, "seed": 42}
HISTORY = 100
DIM = 64


def read_lightgcn(path):
    users, items = [], []
    with open(path) as f:
        for line in f:
            fields = line.split()
            if len(fields) > 1:
                u = int(fields[0])
                its = sorted(set(int(x) for x in fields[1:]))
                users.extend([u] * len(its))
                items.extend(its)
            elif fields:
                users.append(int(fields[0]))
                items.append(-1)
    u = np.asarray(users, dtype=np.int64)
    i = np.asarray(items, dtype=np.int64)
    return u, i


def validation_split(u, i, num_users, fraction, seed):
    """Holds out round(fraction · degree) of each user's training items (at least 1, never all)."""
    order = np.argsort(u, kind="stable")
    u, i = u[order], i[order]
    starts = np.searchsorted(u, np.arange(num_users + 1))
    keep = np.ones(len(u), dtype=bool)
    rng = np.random.default_rng(seed)
    for user in range(num_users):
        a, b = starts[user], starts[user + 1]
        n = b - a
        if n < 2:
            continue
        held = int(max(1, min(n - 1, math.floor(n * fraction + 0.5))))
        keep[a + rng.permutation(n)[:held]] = False
    return (u[keep], i[keep]), (u[~keep], i[~keep])


def dense(u, i, num_users, num_items, device):
    m = torch.zeros(num_users, num_items, dtype=torch.bool, device=device)
    m[torch.as_tensor(u, device=device), torch.as_tensor(i, device=device)] = True
    return m


def histories(u, i, num_users, seed):
    """[users, HISTORY] item ids and lengths: a seeded random choice of at most HISTORY items each."""
    order = np.argsort(u, kind="stable")
    u, i = u[order], i[order]
    starts = np.searchsorted(u, np.arange(num_users + 1))
    hist = np.zeros((num_users, HISTORY), dtype=np.int64)
    length = np.zeros(num_users, dtype=np.int64)
    rng = np.random.default_rng(seed)
    for user in range(num_users):
        row = i[starts[user]:starts[user + 1]]
        if len(row) > HISTORY:
            row = rng.permutation(row)[:HISTORY]
        hist[user, :len(row)] = row
        length[user] = len(row)
    return hist, length


def rows(table, ids):
    """table[ids] for a [N, K, d] table, through embedding (its backward handles repeated ids well)."""
    return F.embedding(ids, table.view(table.shape[0], -1)).view(*ids.shape, *table.shape[1:])


class Stack:
    """K SimpleX models on one config axis: users [U, K, d], items [I, K, d], mix [K, d, d]."""

    def __init__(self, configs, num_users, num_items, device):
        k = len(configs)
        self.k = k
        users = torch.empty(num_users, k, DIM)
        items = torch.empty(num_items, k, DIM)
        mix = torch.empty(k, DIM, DIM)
        bound = math.sqrt(6.0 / (2 * DIM))
        for c, cfg in enumerate(configs):
            g = torch.Generator().manual_seed(int(cfg["seed"]))
            users[:, c] = torch.randn(num_users, DIM, generator=g) * 1e-4
            items[:, c] = torch.randn(num_items, DIM, generator=g) * 1e-4
            mix[c] = (torch.rand(DIM, DIM, generator=g) * 2 - 1) * bound
        self.params = [p.to(device).requires_grad_() for p in (users, items, mix)]
        self.m1 = [torch.zeros_like(p) for p in self.params]
        self.m2 = [torch.zeros_like(p) for p in self.params]
        t = lambda key: torch.tensor([float(c[key]) for c in configs], device=device)
        self.gamma, self.dropout, self.margin, self.weight = t("gamma"), t("dropout"), t("m"), t("w")
        self.n = torch.tensor([int(c["n"]) for c in configs], device=device)
        self.steps = 0

    def user_vectors(self, us, hist, length, training):
        """Fused, normalised user vectors [B, K, d]. Gathers go through embedding(_bag), whose backward
        sums duplicate rows efficiently (plain indexing's backward serialises a popular item's rows)."""
        users, items, mix = self.params
        k = self.k
        ln = length[us].clamp(min=1).to(items.dtype)
        valid = (torch.arange(HISTORY, device=us.device)[None, :] < length[us][:, None]).to(items.dtype)
        mean = F.embedding_bag(hist[us], items.view(items.shape[0], -1), mode="sum",
                               per_sample_weights=valid / ln[:, None]).view(-1, k, DIM)  # [B, K, d]
        g = self.gamma[None, :, None]
        h = g * rows(users, us) + (1 - g) * torch.einsum("bkd,ked->bke", mean, mix)
        if training:
            p = self.dropout[None, :, None]
            h = h * (torch.rand_like(h) >= p).to(h.dtype) / (1 - p)
        return F.normalize(h, dim=-1, eps=1e-12)

    def loss(self, us, pos, neg, neg_mask, hist, length):
        items = self.params[1]
        u = self.user_vectors(us, hist, length, True)  # [B, K, d]
        qi = F.normalize(rows(items, pos), dim=-1, eps=1e-12)
        qj = F.normalize(rows(items, neg), dim=-1, eps=1e-12)  # [n, K, d]
        cos_pos = (u * qi).sum(-1)  # [B, K]
        cos_neg = torch.bmm(u.transpose(0, 1), qj.permute(1, 2, 0))  # [K, B, n]
        cols = torch.arange(neg.shape[0], device=us.device)
        per_config = (cols[None, :] < self.n[:, None]).to(u.dtype) / self.n[:, None]  # [K, n]
        hinge = torch.relu(cos_neg - self.margin[:, None, None]) * neg_mask[None] * per_config[:, None, :]
        loss = torch.relu(1 - cos_pos).T + self.weight[:, None] * hinge.sum(-1)  # [K, B]
        return loss.mean(1)

    def adamw(self, lr):
        """Foil's AdamW (dev.foil.train.AdamW): bias corrections folded, no weight decay; lr is [K]."""
        self.steps += 1
        c1 = 1 - 0.9 ** self.steps
        c2 = 1 - 0.999 ** self.steps
        root2 = math.sqrt(c2)
        shapes = ((1, -1, 1), (1, -1, 1), (-1, 1, 1))
        with torch.no_grad():
            for p, m1, m2, shape in zip(self.params, self.m1, self.m2, shapes):
                g = p.grad
                m1.mul_(0.9).add_(g, alpha=0.1)
                m2.mul_(0.999).addcmul_(g, g, value=0.001)
                p.sub_(m1 / (m2.sqrt() + 1e-8 * root2) * (lr * root2 / c1).view(shape))
                p.grad = None

    @torch.no_grad()
    def factors(self, hist, length):
        num_users = hist.shape[0]
        parts = [self.user_vectors(torch.arange(s, min(s + 4096, num_users), device=hist.device), hist, length, False)
                 for s in range(0, num_users, 4096)]
        return torch.cat(parts), F.normalize(self.params[1], dim=-1, eps=1e-12)


@torch.no_grad()
def evaluate(stack, hist, length, train_dense, test_dense, k=20):
    u, q = stack.factors(hist, length)
    num_test = test_dense.sum(1)
    users = torch.nonzero(num_test > 0).squeeze(1)
    discount = 1 / torch.log2(torch.arange(2, k + 2, device=u.device, dtype=torch.float64))
    ideal = torch.cumsum(discount, 0)
    out = []
    for c in range(stack.k):
        recall = ndcg = 0.0
        for s in range(0, len(users), 8192):
            us = users[s:s + 8192]
            scores = u[us, c] @ q[:, c].T
            scores.masked_fill_(train_dense[us], float("-inf"))
            top = scores.topk(k, dim=1).indices
            hits = test_dense[us].gather(1, top).to(torch.float64)
            nt = num_test[us].to(torch.float64)
            recall += (hits.sum(1) / nt).sum().item()
            ndcg += ((hits * discount).sum(1) / ideal[(nt.clamp(max=k) - 1).long()]).sum().item()
        out.append((recall / len(users), ndcg / len(users)))
    return out


def rate(cfg, step, steps_per_epoch):
    """dev.foil.train.Schedule: 1 % linear warm-up from 0, then linear decay to 0 at the config's end."""
    total = steps_per_epoch * int(cfg["epochs"])
    warm = round(0.01 * total)
    if step < warm:
        return cfg["lr"] * (step + 1) / (warm + 1)
    return cfg["lr"] * max(0.0, (total - step) / max(1, total - warm))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--configs", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--validation", help="FRACTION:SEED: score on items held out of train (the test is not read)")
    ap.add_argument("--batch-size", type=int, default=512)
    ap.add_argument("--eval-every", type=int, default=11)
    ap.add_argument("--seed", type=int, default=42, help="batch order, negatives, dropout and histories")
    ap.add_argument("--max-steps", type=int, default=0, help="steps per epoch (smoke tests)")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    a = ap.parse_args()
    configs = [{**DEFAULTS, **c} for c in json.load(open(a.configs))]
    device = torch.device(a.device)

    tu, ti = read_lightgcn(f"{a.data}/train.txt")
    su, si = read_lightgcn(f"{a.data}/test.txt")
    num_users = int(max(tu.max(), su.max())) + 1
    num_items = int(max(ti.max(), si.max())) + 1
    tu, ti = tu[ti >= 0], ti[ti >= 0]
    if a.validation:
        fraction, vseed = a.validation.split(":")
        (tu, ti), (su, si) = validation_split(tu, ti, num_users, float(fraction), int(vseed))
    else:
        su, si = su[si >= 0], si[si >= 0]
    train_dense = dense(tu, ti, num_users, num_items, device)
    test_dense = dense(su, si, num_users, num_items, device)
    hist_np, length_np = histories(tu, ti, num_users, a.seed)
    hist, length = torch.as_tensor(hist_np, device=device), torch.as_tensor(length_np, device=device)
    uoi, ioi = torch.as_tensor(tu, device=device), torch.as_tensor(ti, device=device)
    size = len(tu)
    steps = -(-size // a.batch_size)
    if a.max_steps:
        steps = min(steps, a.max_steps)
    epochs = max(int(c["epochs"]) for c in configs)
    n_max = max(int(c["n"]) for c in configs)
    torch.manual_seed(a.seed)
    gen = torch.Generator(device=device).manual_seed(a.seed)
    stack = Stack(configs, num_users, num_items, device)
    split = "validation " + a.validation if a.validation else "test"
    print(f"{len(configs)} configs, {num_users} users, {num_items} items, {size} training pairs, "
          f"{steps} steps x {epochs} epochs, {split}, {device}", flush=True)
    ends = {int(c["epochs"]) for c in configs}
    rates = torch.tensor([[rate(c, step, steps) for c in configs] for step in range(epochs * steps)],
                         dtype=torch.float32, device=device)
    with open(a.out, "a") as out:
        for epoch in range(1, epochs + 1):
            t0 = time.time()
            order = torch.randperm(size, generator=gen, device=device)
            for s in range(steps):
                idx = order[s * a.batch_size:(s + 1) * a.batch_size]
                us, pos = uoi[idx], ioi[idx]
                neg = torch.randint(0, num_items, (n_max,), generator=gen, device=device)
                mask = (~train_dense[us[:, None], neg[None, :]]).to(torch.float32)
                stack.loss(us, pos, neg, mask, hist, length).sum().backward()
                stack.adamw(rates[(epoch - 1) * steps + s])
            if device.type == "cuda":
                torch.cuda.synchronize()
            seconds = time.time() - t0
            if epoch % a.eval_every == 0 or epoch in ends:
                scores = evaluate(stack, hist, length, train_dense, test_dense)
                for c, (r, n) in zip(configs, scores):
                    if epoch <= int(c["epochs"]):
                        row = {"name": c["name"], "split": split, "epoch": epoch, "recall@20": round(r, 4),
                               "ndcg@20": round(n, 4), "epoch_seconds": round(seconds, 2)}
                        out.write(json.dumps(row) + "\n")
                        print(json.dumps(row), flush=True)
                out.flush()
            else:
                print(f"epoch {epoch}: {seconds:.2f} s", flush=True)


if __name__ == "__main__":
    sys.exit(main())
