"""Photos for the demo newsroom, drawn with Pillow so that no real photograph is copied.

Each scene is a simple illustration (sky, land or water, a subject) varied by a seed, so that
sixty articles get sixty different pictures that still look like a news site's photos.
"""

import random
from io import BytesIO

from PIL import Image, ImageDraw, ImageFilter, ImageFont

WIDTH, HEIGHT = 1600, 900
SKIES = {
    "day": ((92, 160, 230), (200, 228, 250)),
    "dusk": ((60, 52, 120), (245, 160, 110)),
    "night": ((10, 18, 48), (40, 56, 110)),
    "grey": ((120, 130, 145), (190, 198, 208)),
}
SCENES = (
    "kota",
    "laut",
    "stadion",
    "gunung",
    "pasar",
    "panggung",
    "teknologi",
    "sawah",
    "gedung",
    "rapat",
    "hujan",
    "kapal",
    "jalan",
    "malam",
)


def _gradient(top: tuple[int, int, int], bottom: tuple[int, int, int], height: int) -> Image.Image:
    strip = Image.new("RGB", (1, height))
    for y in range(height):
        t = y / max(height - 1, 1)
        strip.putpixel(
            (0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    return strip.resize((WIDTH, height))


def _skyline(
    draw: ImageDraw.ImageDraw,
    rng: random.Random,
    base: int,
    colour: tuple[int, int, int],
    lit: bool,
) -> None:
    x = -20
    while x < WIDTH:
        w = rng.randint(70, 170)
        h = rng.randint(150, 480)
        draw.rectangle((x, base - h, x + w, base), fill=colour)
        if lit:
            for wy in range(base - h + 16, base - 20, 26):
                for wx in range(x + 10, x + w - 14, 22):
                    if rng.random() < 0.45:
                        draw.rectangle((wx, wy, wx + 9, wy + 12), fill=(250, 214, 120))
        x += w + rng.randint(4, 18)


def _people(
    draw: ImageDraw.ImageDraw, rng: random.Random, base: int, count: int, scale: float = 1.0
) -> None:
    for _ in range(count):
        x = rng.randint(40, WIDTH - 40)
        s = scale * rng.uniform(0.8, 1.2)
        colour = rng.choice(
            [(40, 40, 48), (150, 40, 40), (30, 70, 120), (200, 160, 40), (60, 110, 70)]
        )
        draw.ellipse((x - 14 * s, base - 130 * s, x + 14 * s, base - 102 * s), fill=(70, 50, 40))
        draw.rounded_rectangle(
            (x - 22 * s, base - 100 * s, x + 22 * s, base - 40 * s), radius=int(10 * s), fill=colour
        )
        draw.rectangle((x - 16 * s, base - 40 * s, x + 16 * s, base), fill=(35, 35, 45))


def draw_scene(scene: str, seed: int) -> Image.Image:
    rng = random.Random(seed)
    mood = {"malam": "night", "hujan": "grey", "panggung": "night"}.get(
        scene, rng.choice(["day", "day", "dusk"])
    )
    horizon = rng.randint(470, 560)
    image = Image.new("RGB", (WIDTH, HEIGHT))
    image.paste(_gradient(*SKIES[mood], HEIGHT), (0, 0))
    draw = ImageDraw.Draw(image)
    sun = (rng.randint(200, 1400), rng.randint(90, 260))
    if mood != "grey":
        glow = (255, 236, 170) if mood != "night" else (235, 235, 220)
        draw.ellipse((sun[0] - 60, sun[1] - 60, sun[0] + 60, sun[1] + 60), fill=glow)
    if scene in ("laut", "kapal"):
        draw.rectangle((0, horizon, WIDTH, HEIGHT), fill=(28, 92, 150))
        for y in range(horizon + 10, HEIGHT, 22):
            for x in range(rng.randint(-40, 0), WIDTH, 120):
                draw.arc((x, y, x + 90, y + 18), 200, 340, fill=(120, 180, 220), width=3)
        if scene == "kapal":
            x = rng.randint(300, 1000)
            draw.polygon(
                [
                    (x, horizon + 60),
                    (x + 420, horizon + 60),
                    (x + 370, horizon + 140),
                    (x + 40, horizon + 140),
                ],
                fill=(150, 40, 40),
            )
            for i in range(5):
                draw.rectangle(
                    (x + 60 + i * 62, horizon - 10, x + 110 + i * 62, horizon + 60),
                    fill=rng.choice([(40, 120, 160), (220, 140, 30), (60, 140, 80)]),
                )
    elif scene in ("gunung", "sawah"):
        for layer, shade in enumerate([(70, 110, 90), (50, 95, 70), (40, 80, 55)]):
            peak = rng.randint(200, 1400)
            top = horizon - rng.randint(160, 360) + layer * 60
            draw.polygon(
                [(peak - 900, horizon + 40), (peak, top), (peak + 900, horizon + 40)], fill=shade
            )
        draw.rectangle((0, horizon + 30, WIDTH, HEIGHT), fill=(96, 160, 70))
        if scene == "sawah":
            for y in range(horizon + 60, HEIGHT, 34):
                draw.line((0, y, WIDTH, y + rng.randint(-20, 20)), fill=(70, 130, 50), width=4)
            _people(draw, rng, horizon + 180, 3, 0.8)
    elif scene == "stadion":
        draw.rectangle((0, horizon - 160, WIDTH, horizon + 40), fill=(60, 64, 80))
        for y in range(horizon - 150, horizon + 30, 14):
            for x in range(0, WIDTH, 12):
                if rng.random() < 0.8:
                    draw.point(
                        (x + rng.randint(0, 6), y),
                        fill=rng.choice([(220, 40, 40), (240, 240, 240), (30, 30, 30)]),
                    )
        draw.rectangle((0, horizon + 40, WIDTH, HEIGHT), fill=(52, 140, 64))
        for x in range(0, WIDTH, 160):
            draw.rectangle((x, horizon + 40, x + 80, HEIGHT), fill=(60, 152, 72))
        draw.line((WIDTH // 2, horizon + 40, WIDTH // 2, HEIGHT), fill=(235, 235, 235), width=6)
        draw.ellipse(
            (WIDTH // 2 - 160, 700, WIDTH // 2 + 160, 980), outline=(235, 235, 235), width=6
        )
        _people(draw, rng, HEIGHT - 60, 4, 1.3)
    elif scene == "panggung":
        draw.rectangle((200, 250, WIDTH - 200, 620), fill=(30, 20, 40))
        for i in range(6):
            x = 260 + i * 220
            colour = rng.choice([(255, 60, 120), (80, 180, 255), (255, 210, 60), (160, 90, 255)])
            draw.polygon(
                [(x, 250), (x - 120, 620), (x + 120, 620)], fill=tuple(c // 2 for c in colour)
            )
        draw.rectangle((150, 620, WIDTH - 150, 680), fill=(60, 50, 70))
        _people(draw, rng, 620, 3, 1.4)
        _people(draw, rng, HEIGHT + 40, 14, 1.6)
    elif scene in ("teknologi", "rapat"):
        draw.rectangle(
            (0, 0, WIDTH, HEIGHT), fill=(232, 236, 240) if scene == "rapat" else (18, 30, 48)
        )
        if scene == "teknologi":
            for _ in range(40):
                x, y = rng.randint(0, WIDTH), rng.randint(0, HEIGHT)
                draw.line(
                    (x, y, x + rng.choice([-1, 1]) * rng.randint(80, 300), y),
                    fill=(40, 200, 180),
                    width=3,
                )
                draw.ellipse((x - 6, y - 6, x + 6, y + 6), fill=(90, 230, 210))
            draw.rounded_rectangle(
                (520, 260, 1080, 640), radius=24, fill=(40, 52, 72), outline=(90, 230, 210), width=6
            )
            draw.rounded_rectangle((560, 300, 1040, 600), radius=12, fill=(22, 120, 150))
        else:
            draw.rectangle((0, 560, WIDTH, HEIGHT), fill=(150, 110, 80))
            draw.rounded_rectangle((200, 520, WIDTH - 200, 600), radius=20, fill=(110, 75, 50))
            _people(draw, rng, 560, 7, 1.2)
            draw.rectangle((620, 120, 980, 330), fill=(180, 30, 40))
    else:  # kota, gedung, jalan, malam, hujan, pasar
        lit = mood in ("night", "dusk")
        _skyline(draw, rng, horizon, (150, 158, 172) if not lit else (40, 44, 70), lit=False)
        _skyline(draw, rng, horizon + 40, (90, 98, 115) if not lit else (24, 26, 44), lit=lit)
        draw.rectangle((0, horizon + 40, WIDTH, HEIGHT), fill=(70, 72, 78))
        for x in range(0, WIDTH, 140):
            draw.rectangle((x, horizon + 200, x + 70, horizon + 212), fill=(230, 230, 230))
        if scene in ("jalan", "kota", "malam"):
            for _ in range(rng.randint(3, 6)):
                x = rng.randint(0, WIDTH - 200)
                y = horizon + rng.randint(90, 300)
                colour = rng.choice([(200, 40, 40), (240, 240, 240), (40, 90, 170), (230, 180, 30)])
                draw.rounded_rectangle((x, y, x + 190, y + 70), radius=18, fill=colour)
                draw.ellipse((x + 20, y + 50, x + 60, y + 90), fill=(20, 20, 20))
                draw.ellipse((x + 130, y + 50, x + 170, y + 90), fill=(20, 20, 20))
        if scene == "pasar":
            for i in range(5):
                x = 60 + i * 310
                draw.polygon(
                    [(x, horizon + 60), (x + 140, horizon - 10), (x + 280, horizon + 60)],
                    fill=rng.choice([(220, 80, 60), (60, 140, 200), (240, 190, 60)]),
                )
                draw.rectangle((x + 20, horizon + 120, x + 260, horizon + 160), fill=(140, 100, 60))
            _people(draw, rng, HEIGHT - 30, 9, 1.3)
        if scene == "hujan":
            draw.rectangle((0, horizon + 60, WIDTH, HEIGHT), fill=(96, 110, 118))
            _people(draw, rng, HEIGHT - 40, 4, 1.2)
            for _ in range(900):
                x, y = rng.randint(0, WIDTH), rng.randint(0, HEIGHT)
                draw.line((x, y, x - 8, y + 28), fill=(200, 210, 225), width=2)
        if scene == "gedung":
            draw.rectangle((560, horizon - 420, 1040, horizon + 40), fill=(225, 225, 215))
            draw.polygon(
                [(520, horizon - 420), (800, horizon - 560), (1080, horizon - 420)],
                fill=(160, 40, 40),
            )
            for x in range(600, 1020, 70):
                draw.rectangle((x, horizon - 380, x + 30, horizon + 40), fill=(200, 200, 190))
    return image.filter(ImageFilter.SMOOTH)


def avatar(initials: str, seed: int, size: int = 800) -> Image.Image:
    """A portrait placeholder: the person's initials on a coloured disc."""
    rng = random.Random(seed)
    colour = rng.choice(
        [(179, 18, 31), (30, 80, 140), (40, 110, 80), (120, 60, 140), (180, 110, 20)]
    )
    image = Image.new("RGB", (size, size), (238, 240, 244))
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 40, size - 40, size - 40), fill=colour)
    font = ImageFont.load_default(size=size // 3)
    draw.text((size / 2, size / 2), initials, fill=(255, 255, 255), font=font, anchor="mm")
    return image


def jpeg_bytes(image: Image.Image) -> bytes:
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()
