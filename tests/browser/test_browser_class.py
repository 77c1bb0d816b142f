"""Class mode in Chromium: one teacher at 1280 px and three phones at 390 px on one server."""

import class_flow
from helpers import screenshot


def test_a_class_runs_from_join_to_reveal_on_three_phones(chromium, server_url):
    teacher = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    phones = [
        chromium.new_context(
            viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
        ).new_page()
        for _ in range(3)
    ]
    try:
        code = class_flow.start_class(teacher, server_url)
        class_flow.join_by_link(phones[0], server_url, code)
        class_flow.join_by_link(phones[1], server_url, code)
        class_flow.join_by_code(phones[2], server_url, code)
        class_flow.ask(teacher)
        answers = (class_flow.RIGHT, class_flow.WRONG, class_flow.RIGHT)
        for phone, option in zip(phones, answers, strict=True):
            class_flow.answer(phone, option)
        class_flow.expect_count(teacher, 3)
        screenshot(teacher, "class-teacher-answers")
        class_flow.reveal(teacher)
        for phone, option in zip(phones, answers, strict=True):
            class_flow.expect_verdict(phone, option)
        screenshot(teacher, "class-teacher-revealed")
        screenshot(phones[1], "class-phone-verdict")
    finally:
        for tab in (teacher, *phones):
            tab.context.close()
