"""Draw the application icon (no downloaded asset): a blue rounded square with a white "R€" mark.

    .venv/bin/python installer/make_icon.py

writes installer/redi-desktop.png (256 px) and installer/redi-desktop.ico (16 to 256 px). Both are
committed; run this again only to change the drawing. Needs Pillow (reportlab's dependency).
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT = HERE.parent / "resources" / "fonts" / "DejaVuSans-Bold.ttf"
SIZE = 256
BLUE, GREEN, WHITE = (28, 78, 140, 255), (46, 160, 90, 255), (255, 255, 255, 255)


def draw(size: int = SIZE) -> Image.Image:
    scale = 4  # draw large, then reduce: smooth edges without antialiasing options
    big = size * scale
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    m = big // 16
    d.rounded_rectangle((m, m, big - m, big - m), radius=big // 5, fill=BLUE)
    # a rising bar chart: the budget, category by category
    bar_w, base = big // 12, big - 2.5 * m
    for i, h in enumerate((0.20, 0.32, 0.44)):
        x = int(big * 0.56) + i * (bar_w + m // 2)
        d.rectangle((x, base - int(big * h), x + bar_w, base), fill=GREEN)
    font = ImageFont.truetype(str(FONT), int(big * 0.62))
    d.text((1.6 * m, 2.2 * m), "R", font=font, fill=WHITE)
    small = ImageFont.truetype(str(FONT), int(big * 0.26))
    d.text((big * 0.58, big * 0.10), "€", font=small, fill=WHITE)
    return img.resize((size, size), Image.LANCZOS)


def main() -> None:
    img = draw()
    img.save(HERE / "redi-desktop.png")
    img.save(HERE / "redi-desktop.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    print(HERE / "redi-desktop.png", HERE / "redi-desktop.ico")


if __name__ == "__main__":
    main()
