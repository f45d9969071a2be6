#!/usr/bin/env python3
"""Draws Passerelle's app icons (a white footbridge on the brand blue) as PNG files.

Pure Python (zlib + struct), no dependency. Run from the repository root:
    python3 frontend/scripts/make_icons.py
"""
import math
import struct
import zlib
from pathlib import Path

BLUE = (31, 78, 150)     # #1f4e96, the brand colour (white on it: 8.1:1)
WHITE = (255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "public" / "icons"


def inside_bridge(x, y):
    """(x, y) in [0, 1]²; True where the footbridge is drawn."""
    # Deck.
    if 0.14 <= x <= 0.86 and 0.60 <= y <= 0.665:
        return True
    # Arch: an ellipse band from (0.2, 0.63) up to the apex (0.5, 0.30).
    cx, cy, rx, ry = 0.5, 0.63, 0.30, 0.33
    d = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2
    if y <= 0.63 and 0.80 <= d <= 1.0:
        return True
    # Hangers between arch and deck.
    for hx in (0.32, 0.41, 0.5, 0.59, 0.68):
        if abs(x - hx) <= 0.014 and y <= 0.62:
            top = cy - ry * math.sqrt(max(0.0, 1 - ((hx - cx) / rx) ** 2))
            if y >= top:
                return True
    # Piers.
    for px in (0.2, 0.8):
        if abs(x - px) <= 0.03 and 0.60 <= y <= 0.76:
            return True
    return False


def inside_background(x, y, radius):
    if radius == 0:
        return True
    r = radius
    cx = min(max(x, r), 1 - r)
    cy = min(max(y, r), 1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def render(size, radius, scale=1.0, samples=3):
    rows = []
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            bg = fg = 0
            for sy in range(samples):
                for sx in range(samples):
                    x = (px + (sx + 0.5) / samples) / size
                    y = (py + (sy + 0.5) / samples) / size
                    if inside_background(x, y, radius):
                        bg += 1
                        # Maskable icons keep the drawing in the central safe zone.
                        bx = 0.5 + (x - 0.5) / scale
                        by = 0.5 + (y - 0.5) / scale
                        if inside_bridge(bx, by):
                            fg += 1
            n = samples * samples
            a = bg / n
            t = fg / bg if bg else 0
            color = [round(BLUE[i] * (1 - t) + WHITE[i] * t) for i in range(3)]
            row += bytes(color + [round(255 * a)])
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "icon-192.png").write_bytes(render(192, 0.2))
    (OUT / "icon-512.png").write_bytes(render(512, 0.2, samples=2))
    (OUT / "maskable-512.png").write_bytes(render(512, 0, scale=0.8, samples=2))
    (OUT / "apple-touch-icon.png").write_bytes(render(180, 0))


if __name__ == "__main__":
    main()
