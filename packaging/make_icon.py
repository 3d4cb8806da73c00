"""Draw the app icon: resources/icons/mensenhandel-desk.png (256 px) and .ico (16-256 px).

Run once when the design changes (the results are committed; the build only reads them):

    .venv/bin/python packaging/make_icon.py

Pillow is pinned in constraints.txt. The design: a dark blue rounded square with a white
shield carrying the letter M (DejaVu Sans Bold, shipped in resources/fonts).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
SIZE = 1024  # drawn large, scaled down with a good filter
BLUE = (21, 67, 120, 255)
WHITE = (255, 255, 255, 255)
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((32, 32, SIZE - 32, SIZE - 32), radius=180, fill=BLUE)
    # a shield: a rectangle with a pointed bottom
    left, right, top, middle, bottom = 250, SIZE - 250, 190, 600, 860
    pen.polygon([(left, top), (right, top), (right, middle), (SIZE // 2, bottom),
                 (left, middle)], fill=WHITE)
    font = ImageFont.truetype(str(ROOT / "resources" / "fonts" / "DejaVuSans-Bold.ttf"), 380)
    pen.text((SIZE // 2, 470), "M", font=font, fill=BLUE, anchor="mm")
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    image = draw()
    image.resize((256, 256), Image.Resampling.LANCZOS).save(OUT / "mensenhandel-desk.png",
                                                            optimize=True)
    image.save(OUT / "mensenhandel-desk.ico", sizes=ICO_SIZES)
    print(f"wrote {OUT / 'mensenhandel-desk.png'} and {OUT / 'mensenhandel-desk.ico'}")


if __name__ == "__main__":
    main()
