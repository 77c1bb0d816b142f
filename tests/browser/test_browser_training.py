"""Browser: the training lab in Chromium. Play runs the animation in the page, with no rerun."""

import re

import pytest
from helpers import PHONE_USER_AGENT, screenshot, wait_until_drawn
from playwright.sync_api import expect

from core.lab_data import make_data
from core.race import race
from lessons import palette
from lessons.race_text import figure_title

CHART = ".js-plotly-plot"
STEP_LABEL = f"{CHART} .slider-group > text.slider-label"  # the slider's current value: "Step 12 of 200"
METRIC = '[data-testid="stMetricValue"]'
# The loss panel (third subplot): its moving step line and the two dots riding the curves.
LOSS_PANEL_MARKS = """() => {
  const paths = [...document.querySelectorAll('.js-plotly-plot .subplot.x3y3 .scatterlayer path')];
  const line = paths.find(path => /^M[\\d.]+,[\\d.]+L[\\d.]+,0$/.test(path.getAttribute('d') || ''));
  const dots = paths.filter(path => (path.getAttribute('transform') || '').startsWith('translate'));
  return {
    line_x: parseFloat(line.getAttribute('d').slice(1)),
    dots: dots.map(dot => ({
      fill: getComputedStyle(dot).fill,
      y: parseFloat(dot.getAttribute('transform').split(',')[1]),
    })),
  };
}"""


def rgb(colour):
    """'#0072B2' as 'rgb(0, 114, 178)', the way the browser reports a fill."""
    return "rgb({}, {}, {})".format(*(int(colour[i : i + 2], 16) for i in (1, 3, 5)))


def step_shown(tab):
    """The step number the chart's slider label shows."""
    return int(re.fullmatch(r"Step (\d+) of \d+", tab.locator(STEP_LABEL).text_content()).group(1))


def expect_title(tab, title, timeout=15_000):
    """Wait until the one chart on the page states `title` (a rerun briefly shows old and new charts)."""
    expect(tab.locator(f"{CHART} .gtitle", has_text=title)).to_have_count(1, timeout=timeout)
    expect(tab.locator(CHART)).to_have_count(1, timeout=timeout)


def open_lab(tab, url):
    tab.goto(url)
    wait_until_drawn(tab)
    expect(tab.locator(STEP_LABEL)).to_have_text("Step 0 of 200")


def test_play_advances_the_step_and_the_loss_chart_and_shows_cross_entropy_ahead(browser_page, server_url):
    tab = browser_page
    open_lab(tab, f"{server_url}/training")
    loss_panel = tab.locator(f"{CHART} .subplot.x3y3").first
    before = tab.evaluate(LOSS_PANEL_MARKS)
    pixels_before = loss_panel.screenshot()
    assert before["line_x"] == 0

    tab.locator(f"{CHART} .updatemenu-button", has_text="Play").click()
    expect(tab.locator(STEP_LABEL)).not_to_have_text("Step 0 of 200", timeout=20_000)
    # past step 5, however slowly a loaded machine draws the frames (one second gave 4 steps at a load of 12)
    tab.wait_for_function(
        f"() => Number(document.querySelector({STEP_LABEL!r}).textContent.match(/Step (\\d+)/)[1]) > 5",
        timeout=20_000,
    )
    assert step_shown(tab) > 5
    after = tab.evaluate(LOSS_PANEL_MARKS)
    assert after["line_x"] > before["line_x"], "the step line moved right along the loss chart"
    assert loss_panel.screenshot() != pixels_before
    dot_height = {dot["fill"]: dot["y"] for dot in after["dots"]}
    ce, mse = dot_height[rgb(palette.CROSS_ENTROPY)], dot_height[rgb(palette.MSE)]
    assert ce > mse, "the blue cross-entropy dot sits lower (less loss) than the orange MSE dot"
    assert not tab.locator('[data-testid="stStatusWidget"]').count(), "playing runs no Python"
    screenshot(tab, "training")

    tab.locator(f"{CHART} .updatemenu-button", has_text="Pause").click()
    tab.wait_for_timeout(200)
    paused_at = step_shown(tab)
    tab.wait_for_timeout(500)
    assert step_shown(tab) == paused_at, "Pause stops the animation"
    assert "step" not in tab.url.lower(), "the playing position stays out of the link"
    tab.locator(f"{CHART} .updatemenu-button", has_text="Reset").click()
    expect(tab.locator(STEP_LABEL)).to_have_text("Step 0 of 200")


def test_step_shows_one_frame_at_a_time_from_the_start_and_after_reset(browser_page, server_url):
    tab = browser_page
    open_lab(tab, f"{server_url}/training")
    button = tab.locator(f"{CHART} .updatemenu-button", has_text="Step")
    shown = []
    for _ in range(3):
        button.click()
        tab.wait_for_timeout(400)  # a held frame stays put: no drift while the learner reads
        shown.append(step_shown(tab))
    assert shown == [1, 2, 3], "each press shows the next step (the first eight frames are steps 0-7)"
    tab.locator(f"{CHART} .updatemenu-button", has_text="Reset").click()
    expect(tab.locator(STEP_LABEL)).to_have_text("Step 0 of 200")
    button.click()
    expect(tab.locator(STEP_LABEL)).to_have_text("Step 1 of 200")
    tab.locator(f"{CHART} .updatemenu-button", has_text="Play").click()
    expect(tab.locator(STEP_LABEL)).not_to_have_text("Step 1 of 200", timeout=5_000)
    tab.wait_for_timeout(1_000)
    assert step_shown(tab) > 3, "Play after Step carries on playing"


def expected_title(**settings):
    """The title's result line core/ computes for the default settings changed by `settings`."""
    X, y, X_test, y_test = make_data(settings.pop("shape", "blobs"))
    options = {"init_scale": 8.0, "test": (X_test, y_test)} | settings
    return figure_title(race(X, y, **options)).split("<br>")[-1]  # the title's second line


def test_a_keyboard_change_retrains_and_goes_into_the_link(browser_page, server_url):
    tab = browser_page
    open_lab(tab, f"{server_url}/training")
    expect_title(tab, expected_title())
    init = tab.locator('[data-testid="stSlider"]', has_text="Initial weight scale").locator(
        'input[type="range"]'
    )
    init.focus()
    tab.keyboard.press("ArrowLeft")
    tab.keyboard.press("ArrowLeft")
    expect_title(tab, expected_title(init_scale=7.0))
    assert "init=7" in tab.url
    expect(tab.locator(STEP_LABEL)).to_have_text("Step 0 of 200")


def test_the_shared_rate_race_in_presenter_mode(browser_page, server_url):
    tab = browser_page
    open_lab(tab, f"{server_url}/training?present=true")
    tab.get_by_text("Fair race", exact=True).click()
    expect_title(tab, expected_title(fair=False))
    assert expected_title(fair=False).endswith("MSE not within 200")
    wait_until_drawn(tab)
    tab.locator(f"{CHART} .slider-rail-rect").scroll_into_view_if_needed()
    grip = tab.locator(f"{CHART} .slider-grip-rect").bounding_box()
    rail = tab.locator(f"{CHART} .slider-rail-rect").bounding_box()
    tab.mouse.move(grip["x"] + grip["width"] / 2, grip["y"] + grip["height"] / 2)
    tab.mouse.down()  # drag the step slider to its end, as a person would
    tab.mouse.move(rail["x"] + rail["width"] + 20, grip["y"] + grip["height"] / 2, steps=5)
    tab.mouse.up()
    expect(tab.locator(STEP_LABEL)).to_have_text("Step 200 of 200")
    expect(tab.locator(METRIC).filter(has_text="never")).to_have_count(1)
    screenshot(tab, "presenter-training")


def test_the_hidden_layer_redraws_the_regions_with_a_bent_border(browser_page, server_url):
    tab = browser_page
    open_lab(tab, f"{server_url}/training?data=Two+moons&init=1")
    expect_title(tab, expected_title(shape="moons", init_scale=1.0))
    assert tab.locator(f"{CHART} .heatmaplayer .hm").count() == 0, "a linear model draws polygons"
    tab.get_by_text("A hidden layer", exact=True).click()
    expect_title(tab, expected_title(shape="moons", init_scale=1.0, width=8))
    wait_until_drawn(tab)
    expect(tab.locator(f"{CHART} .heatmaplayer .hm")).to_have_count(2)
    assert "hidden=true" in tab.url
    regions = tab.locator(f"{CHART} .subplot.xy").first
    before = regions.screenshot()
    tab.locator(f"{CHART} .updatemenu-button", has_text="Play").click()
    expect(tab.locator(STEP_LABEL)).not_to_have_text("Step 0 of 200", timeout=5_000)
    tab.wait_for_timeout(1_500)
    tab.locator(f"{CHART} .updatemenu-button", has_text="Pause").click()
    assert regions.screenshot() != before, "the bent border moves as the hidden layer learns"
    screenshot(tab, "training-hidden-layer")


# Each panel's plot area (from plotly.js's laid-out axes), each y-axis title, the tick labels and the
# controls, in page pixels: [left, top, right, bottom].
LAYOUT_BOXES = """() => {
  const chart = document.querySelector('.js-plotly-plot');
  const full = chart._fullLayout, at = chart.getBoundingClientRect();
  const rect = e => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
  const suffixes = ['', '2', '3', '4', '5'];
  return {
    chart: rect(chart),
    panels: suffixes.map(s => {
      const x = full['xaxis' + s], y = full['yaxis' + s];
      const left = at.left + x._offset, top = at.top + y._offset;
      return [left, top, left + x._length, top + y._length];
    }),
    y_titles: suffixes.map(s => rect(chart.querySelector('.g-y' + s + 'title'))),
    ticks: [...chart.querySelectorAll('.xtick text, .ytick text')].map(rect),
    titles: [...chart.querySelectorAll('.annotation')].map(rect),
    buttons: rect(chart.querySelector('.updatemenu-container')),
    slider: rect(chart.querySelector('.slider-container')),
  };
}"""


def overlap(a, b):
    """True when boxes [left, top, right, bottom] share any area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize(
    ("units", "device"),
    [("nats", "a narrow window"), ("bits", "a phone")],
)
def test_on_a_phone_no_axis_title_covers_a_panel_and_the_controls_do_not_overlap(
    open_tab, server_url, units, device
):
    """Issue 19 S3: at 390 px the region panels' axis titles overlapped, and Play/Step covered the slider.
    A phone (its User-Agent) gets the curve panels one under another, the whole width, under Play."""
    phone = (
        {"user_agent": PHONE_USER_AGENT, "has_touch": True, "is_mobile": True} if device == "a phone" else {}
    )
    tab = open_tab(width=390, height=900, **phone)
    open_lab(tab, f"{server_url}/training?init=1&overlap=1&units={units}")
    boxes = tab.evaluate(LAYOUT_BOXES)
    for i, title in enumerate(boxes["y_titles"]):
        for j, panel in enumerate(boxes["panels"]):
            assert i == j or not overlap(title, panel), (
                f"the y-axis title of panel {i + 1} covers panel {j + 1}"
            )
    assert not overlap(boxes["buttons"], boxes["slider"]), "Play, Pause, Step and Reset sit on the slider"
    for name in ("buttons", "slider"):
        for box in boxes["panels"] + boxes["titles"]:
            assert not overlap(boxes[name], box), f"the {name} cover a panel or a panel's title"
    left, _, right, _ = boxes["chart"]
    assert all(left <= tick[0] and tick[2] <= right for tick in boxes["ticks"]), "a tick label is clipped"
    curves = [right - left for left, _, right, _ in boxes["panels"][2:]]
    assert (min(curves) > 250) == (device == "a phone"), f"curve panels {curves} px wide"
    tab.locator(f"{CHART} .updatemenu-button", has_text="Step").click()
    expect(tab.locator(STEP_LABEL)).to_have_text("Step 1 of 200")
    screenshot(tab, f"training-phone-{units}")


BOXES = """() => {
  const chart = document.querySelector('.js-plotly-plot');
  const box = (element) => {
    const r = element.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom];
  };
  const named = '.gtitle, .annotation-text, .xtitle, .ytitle, .legendtext, .updatemenu-item-text';
  return {
    texts: [...chart.querySelectorAll(named)]
      .filter((element) => element.textContent.trim()).map((element) => [element.textContent, box(element)]),
    legend: box(chart.querySelector('.legend')),
  };
}"""


@pytest.mark.parametrize("query", ["init=2.5", ""])
def test_in_presenter_mode_at_1080p_no_text_of_the_race_covers_another_and_all_of_it_is_on_screen(
    chromium, server_url, query
):
    """Issue 20: at 1920×1080 the race's three-line title ran into the maps' titles, a map's axis title
    into the gradient panel, and the loss panel's axis title into the Play buttons."""
    context = chromium.new_context(viewport={"width": 1920, "height": 1080})
    tab = context.new_page()
    open_lab(tab, f"{server_url}/training?present=true&{query}")
    shown = tab.evaluate(BOXES)
    texts = shown["texts"]
    overlaps = [
        (a[0], b[0])
        for i, a in enumerate(texts)
        for b in texts[i + 1 :]
        if a[1][0] < b[1][2] - 1 and b[1][0] < a[1][2] - 1 and a[1][1] < b[1][3] - 1 and b[1][1] < a[1][3] - 1
    ]
    assert not overlaps, overlaps
    assert shown["legend"][3] <= 1080, "the legend is on the projected screen"
    screenshot(tab, "presenter-training-1080p", full_page=False)
    context.close()
