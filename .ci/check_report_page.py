#!/usr/bin/env python3
"""Checks a headless-Chromium rendering of report.html: not blank, no console errors, totals in the DOM.

Usage: check_report_page.py SCREENSHOT.png DOM.html CHROMIUM_STDERR.log summary.json
Exits 1 with one line per problem. Standard library only (a small PNG decoder is included).
"""
import json
import re
import struct
import sys
import zlib

CHART_TITLES = ["Outcomes", "Error codes", "Requests and successes per minute", "Latency",
                "Attempts per row", "Pauses by cause"]


def png_pixels(path):
    """Yields (r, g, b) of every pixel of an 8-bit RGB or RGBA PNG, non-interlaced."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG file")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    if depth != 8 or color not in (2, 6) or interlace:
        raise ValueError(f"{path}: unsupported PNG (depth {depth}, colour type {color}, interlace {interlace})")
    channels = 3 if color == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            up_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else up_left)) & 0xFF
        for i in range(0, stride, channels):
            yield line[i], line[i + 1], line[i + 2]
        previous = line


def main(screenshot, dom_path, log_path, summary_path):
    problems = []
    colours, total, inked = set(), 0, 0
    for pixel in png_pixels(screenshot):
        total += 1
        if len(colours) < 5000:
            colours.add(pixel)
        if sum(pixel) < 600:
            inked += 1
    share = inked / max(total, 1)
    print(f"screenshot: {total} pixels, {len(colours)} colours, {share:.1%} not white")
    if len(colours) < 16 or share < 0.01:
        problems.append(f"the page looks blank ({len(colours)} colours, {share:.2%} of pixels not white)")

    for line in open(log_path, encoding="utf-8", errors="replace"):
        if "CONSOLE" in line or "Uncaught" in line:
            problems.append("console message: " + line.strip())

    dom = open(dom_path, encoding="utf-8").read()
    summary = json.load(open(summary_path, encoding="utf-8"))
    expected = {"rows": summary["rows"], "requests": summary["requests"], **summary["outcomes"]}
    for name, count in expected.items():
        shown = f"{count:,}"
        if not re.search(rf'id="total-{re.escape(name)}"[^>]*>{re.escape(shown)}<', dom):
            problems.append(f"the DOM does not show {name} = {shown}")
    for title in CHART_TITLES:
        if f"<figcaption>{title}</figcaption>" not in dom:
            problems.append(f"chart missing from the DOM: {title}")
    print(f"DOM: {len(dom)} characters; totals checked: " + ", ".join(f"{k} {v:,}" for k, v in expected.items()))
    for problem in problems:
        print("check failed: " + problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
