#!/usr/bin/env python3
"""Draws docs/SCALE.md's log-log chart of cost against corpus size as an SVG, from a TSV of
step<TAB>documents<TAB>seconds rows (docs/scale.tsv), one line per step, with each step's growth exponent
(least-squares slope of log seconds on log documents) in the legend. Standard library only.
Usage: scripts/scale-chart.py docs/scale.tsv docs/scale.svg"""
import math
import sys

rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip() and not l.startswith("#")]
steps = {}
for step, docs, secs in rows:
    steps.setdefault(step, []).append((float(docs), float(secs)))
xs = [math.log10(d) for pts in steps.values() for d, _ in pts]
ys = [math.log10(s) for pts in steps.values() for _, s in pts]
x0, x1 = math.floor(min(xs)), math.ceil(max(xs))
y0, y1 = math.floor(min(ys)), math.ceil(max(ys))
W, H, L, R, T, B = 760, 460, 70, 250, 20, 50
px = lambda x: L + (x - x0) / (x1 - x0) * (W - L - R)
py = lambda y: H - B - (y - y0) / (y1 - y0) * (H - T - B)
colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>']
for e in range(x0, x1 + 1):
    out.append(f'<line x1="{px(e)}" y1="{T}" x2="{px(e)}" y2="{H-B}" stroke="#ddd"/>')
    out.append(f'<text x="{px(e)}" y="{H-B+18}" text-anchor="middle">1e{e}</text>')
for e in range(y0, y1 + 1):
    out.append(f'<line x1="{L}" y1="{py(e)}" x2="{W-R}" y2="{py(e)}" stroke="#ddd"/>')
    out.append(f'<text x="{L-6}" y="{py(e)+4}" text-anchor="end">{10**e:g} s</text>')
out.append(f'<text x="{(L+W-R)/2}" y="{H-10}" text-anchor="middle">documents (vectors)</text>')
for i, (step, pts) in enumerate(steps.items()):
    pts.sort()
    c = colors[i % len(colors)]
    lx = [math.log10(d) for d, _ in pts]
    ly = [math.log10(s) for _, s in pts]
    n = len(pts)
    slope = (n * sum(a * b for a, b in zip(lx, ly)) - sum(lx) * sum(ly)) / (n * sum(a * a for a in lx) - sum(lx) ** 2) \
        if n > 1 else float("nan")
    out.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>'
               % (c, " ".join(f"{px(a):.1f},{py(b):.1f}" for a, b in zip(lx, ly))))
    for a, b in zip(lx, ly):
        out.append(f'<circle cx="{px(a):.1f}" cy="{py(b):.1f}" r="3" fill="{c}"/>')
    out.append(f'<rect x="{W-R+12}" y="{T+10+i*20}" width="12" height="3" fill="{c}"/>')
    out.append(f'<text x="{W-R+30}" y="{T+15+i*20}">{step} (slope {slope:.2f})</text>')
out.append("</svg>")
open(sys.argv[2], "w").write("\n".join(out) + "\n")
