import streamlit as st

from content.lesson_files import lesson
from core.misconceptions import double_softmax, loss_against_accuracy
from lessons import misconceptions as mc
from lessons.misconceptions_figures import chart_parts
from ui.course import lesson_end
from ui.shell import live, page_setup, share_link
from ui.widgets import chart, lesson_text, link_slider, show_code

settings = page_setup("misconceptions")


def myth(name, controls, charted=False):
    """One myth: its statement from the lesson file; `controls()` draws its sliders and returns the sentence
    for this state and, when `charted`, the chart's (figure, key, table, alt) to place beside them; then the
    sentence of truth."""
    st.markdown(lesson("misconceptions", name))
    left, right = st.columns([2, 3], gap="large") if charted else (st.container(), None)
    with left:
        sentence, *figure = controls()
    with st.container(key=f"myth_{name.replace(' ', '_')}_answer"):  # right under its sliders, on a phone too
        st.markdown(sentence)
    if charted:
        with right:
            chart(*figure[0])
    st.success(lesson("misconceptions", f"{name} truth"), icon=":material/check_circle:")
    st.divider()


def page_body():
    base, unit, present = settings.base, settings.units, settings.present
    charted = {"unit": unit, "presenter": present}  # what the charts in a unit take

    def accuracy():
        wrong = link_slider("Model A's q on its one mistake", "mwrong")
        return (mc.accuracy_sentence(wrong, base=base, unit=unit),)

    def log_k():
        k = link_slider("Number of classes K", "mk")
        q = link_slider("q on the true class", "mt")
        return (mc.log_k_sentence(k, q, base=base, unit=unit),)

    def distance():
        p, q = link_slider("p (first outcome)", "mp"), link_slider("q (first outcome)", "mq")
        return mc.swap_sentence(p, q, base=base, unit=unit), chart_parts("swap", p, q, **charted)

    def wrong_classes():
        z = link_slider("Logit of class 1, a wrong class (class 0's is 2)", "mz")
        share = link_slider(
            "Share of the prediction's wrong mass on class 1 (class 1's soft label is 0.2)", "msplit"
        )
        return (mc.wrong_class_sentence(z, share, base=base, unit=unit),)

    def calibration():
        scale = link_slider("Scale s of the logits", "mscale")
        return mc.calibration_sentence(scale, base=base, unit=unit), chart_parts(
            "calibration", scale, presenter=present
        )

    def mse():
        init = link_slider("Scale of the initial weights", "minit")
        return mc.training_sentence(init), chart_parts("mse", init, presenter=present)

    def double():
        gap = link_slider("True class's logit z₀ (the other two are 0)", "mgap")
        return mc.double_softmax_sentence(gap, base=base, unit=unit), chart_parts(
            "double_softmax", gap, **charted
        )

    def two_class():
        z0, z1 = link_slider("z₀ (not spam)", "mz0"), link_slider("z₁ (spam)", "mz1")
        return (mc.two_class_sentence(z0, z1, base=base, unit=unit),)

    def units():
        return (mc.units_sentence(link_slider("q on the true class", "mbits")),)

    myth("accuracy", accuracy)
    myth("log k", log_k)
    myth("distance", distance, charted=True)
    myth("wrong classes", wrong_classes)
    myth("calibration", calibration, charted=True)
    myth("mse", mse, charted=True)
    myth("double softmax", double, charted=True)
    myth("two class", two_class)
    myth("units", units)
    lesson_text("misconceptions", settings)


live(page_body)
show_code(loss_against_accuracy, double_softmax)
lesson_end(settings)
share_link(settings)
