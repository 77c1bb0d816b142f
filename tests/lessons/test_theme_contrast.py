"""Light and dark themes: the app follows the device, and every palette colour reads on both backgrounds.

Contrast is WCAG 2's ratio (L1 + 0.05) / (L2 + 0.05) of relative luminances, computed here from the
sRGB formula, not taken from the app. Lines and markers need at least 3:1 (WCAG 1.4.11, non-text
contrast); body text at least 4.5:1 (WCAG 1.4.3).
"""

import tomllib

import pytest
from helpers import ROOT, contrast, luminance

from lessons import palette

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())


def palette_colours():
    """Every colour in lessons/palette.py, single constants and tuples alike, by name."""
    colours = {}
    for name, value in vars(palette).items():
        if name.isupper():
            values = value if isinstance(value, tuple) else (value,)
            for index, colour in enumerate(values):
                colours[f"{name}[{index}]" if isinstance(value, tuple) else name] = colour
    return colours


def test_the_formula_matches_known_wcag_values():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)  # the well-known 4.5 borderline
    assert contrast("#E69F00", "#FFFFFF") < 3  # Okabe-Ito's own orange is too pale on white


def test_both_themes_are_defined_and_nothing_forces_one():
    assert "base" not in CONFIG.get("theme", {}), "a [theme] base would force one theme on every device"
    light, dark = CONFIG["theme"]["light"], CONFIG["theme"]["dark"]
    assert luminance(light["backgroundColor"]) > 0.9
    assert luminance(dark["backgroundColor"]) < 0.02


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_text_and_accent_read_on_their_background(mode):
    theme = CONFIG["theme"][mode]
    assert contrast(theme["textColor"], theme["backgroundColor"]) >= 4.5
    assert contrast(theme["textColor"], theme["secondaryBackgroundColor"]) >= 4.5
    assert contrast(theme["primaryColor"], theme["backgroundColor"]) >= 3


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("name", sorted(palette_colours()))
def test_every_palette_colour_has_3_to_1_on_both_backgrounds(name, mode):
    colour, background = palette_colours()[name], CONFIG["theme"][mode]["backgroundColor"]
    assert contrast(colour, background) >= 3, f"{name} {colour} on the {mode} background {background}"


def test_the_palette_is_all_colours():
    assert len(palette_colours()) >= 10
    assert all(len(colour) == 7 and colour.startswith("#") for colour in palette_colours().values())
