"""Browser: the multi-class and CE-vs-MSE pages in Chromium, on a laptop and on a phone."""

import math
import re

import numpy as np
from helpers import SLIDER, load, screenshot, wait_until_drawn
from playwright.sync_api import expect

METRIC = '[data-testid="stMetricValue"]'
CHARTS = '[data-testid="stPlotlyChart"]'
WAITS = "appears here once you have locked in your guess"  # the note in place of the contributions chart


def waiting_note(tab):
    """The note that stands in for the contributions chart until the predict box's guess."""
    return tab.locator('[data-testid="stAlert"]', has_text=WAITS)


def softmax(z):
    e = np.exp(np.asarray(z) - np.max(z))
    return e / e.sum()


def test_a_logit_slider_moves_the_loss_and_the_charts(open_tab):
    tab = open_tab("/multiclass")
    loss = tab.locator(METRIC).first
    expect(loss).to_have_text(f"{-math.log(softmax([2.0, 1.0, 0.1])[0]):.3f} nats")
    bars_before = tab.locator(".js-plotly-plot").first.inner_html()
    slider = tab.get_by_label("logit z · dog")  # a live grid's slider (ui/live_grid.py), found by its label
    slider.focus()
    for _ in range(50):  # 50 steps of 0.01: z(dog) from 2.00 to 1.50
        tab.keyboard.press("ArrowLeft")
    expect(loss).to_have_text(f"{-math.log(softmax([1.5, 1.0, 0.1])[0]):.3f} nats")
    wait_until_drawn(tab)
    assert tab.locator(".js-plotly-plot").first.inner_html() != bars_before, "the bars were redrawn"
    # the contributions chart waits for the predict box's guess: it would answer it (one true class)
    expect(tab.locator(".js-plotly-plot")).to_have_count(2)
    expect(waiting_note(tab)).to_be_visible()
    assert "z0=1.5" in tab.url
    screenshot(tab, "multiclass")


def test_hostile_class_names_are_text_on_screen(open_tab):
    tab = open_tab("/multiclass?classes=%3Cb%3Ebold%3C%2Fb%3E,**stars**,cat&true=cat")
    expect(tab.get_by_text("**stars**").first).to_be_visible()
    expect(tab.locator("b", has_text="bold")).to_have_count(0)
    expect(tab.locator('[data-testid="stException"]')).to_have_count(0)


def test_phone_width(open_tab):
    url = "/multiclass?mode=probabilities&q0=0.8&q1=0.1&q2=0.1"
    tab = open_tab(url, width=390, height=844, device_scale_factor=2)
    expect(tab.locator(METRIC).first).to_have_text(f"{-math.log(0.8):.3f} nats")
    screenshot(tab, "multiclass-phone")


def test_ce_vs_mse_marker_follows_the_slider(open_tab):
    tab = open_tab("/ce-vs-mse?q=0.05")
    expect(tab.locator(METRIC).first).to_have_text(f"{-math.log(0.05):.3f} nats")
    tab.locator(SLIDER).first.focus()
    tab.keyboard.press("ArrowRight")
    expect(tab.locator(METRIC).first).to_have_text(f"{-math.log(0.06):.3f} nats")
    # CE's push ÷ MSE's answers the page's prediction: it waits for a guess (the AppTest checks it after one)
    expect(tab.locator(METRIC).nth(2)).to_have_text("after your guess")
    wait_until_drawn(tab)
    screenshot(tab, "ce-vs-mse")


def lock_in_a_guess(tab, option):
    """Pick `option` in the box Predict, then reveal and lock it in, as a learner does."""
    box = tab.locator(".st-key-multiclass_predict")
    box.get_by_text(option, exact=True).click()
    box.get_by_role("button", name="Lock in my guess and show me").click()
    expect(box.get_by_text("The answer:")).to_be_visible()


def test_every_chart_announces_its_numbers_at_each_depth_on_a_laptop_and_a_phone(open_tab, server_url):
    """Issue 11: each chart carries an alt sentence with the current numbers; no depth shows an error. The
    contributions chart, which would answer the predict box, comes with the guess (review 26, S2)."""
    q = softmax(np.array([2.0, 1.0, 0.1]) / 0.5)
    for width, height in ((1280, 800), (390, 844)):
        tab = open_tab(width=width, height=height)
        charts = tab.locator(CHARTS)
        for depth in ("basic", "medium", "detailed"):
            load(tab, f"{server_url}/multiclass?temp=0.5&depth={depth}")
            expect(charts).to_have_count(2)
            expect(charts.nth(1)).to_have_attribute(
                "aria-label", re.compile(f"dog {(q[0] - 1) / 0.5:.3f}".replace("-", "−"))
            )
            expect(waiting_note(tab)).to_be_visible()
            expect(tab.locator('[data-testid="stException"]')).to_have_count(0)
            expect(tab.get_by_text("#### Why?")).to_have_count(0)
        lock_in_a_guess(tab, "rabbit")  # moves to the preset asked about: a cat, 20 % cat
        expect(charts).to_have_count(3)
        expect(charts.nth(1)).to_have_attribute(
            "aria-label", re.compile(f"together {-math.log(0.2):.3f} nats")
        )
        expect(waiting_note(tab)).to_have_count(0)
        screenshot(tab, f"multiclass-detailed-{width}")
        load(tab, f"{server_url}/?cat=0.7")
        expect(tab.locator('[data-testid="stPlotlyChart"]')).to_have_attribute(
            "aria-label", re.compile(f"costs {-math.log(0.7):.3f} nats")
        )
