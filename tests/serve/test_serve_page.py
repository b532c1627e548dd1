"""The page end to end in Debian's headless Chromium (never a downloaded browser): type a question, and
the answer and the audited chain shown must be what the API returns for it."""

from __future__ import annotations

import httpx
import pytest

CHROMIUM = "/usr/bin/chromium"  # installed by `make test` (apt-get install chromium)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def test_page_shows_the_apis_answer_and_audited_steps(browser, base_url):
    question = "What is 4821 x 37?"
    api = httpx.post(f"{base_url}/v1/arithmetic", json={"question": question}).json()

    page = browser.new_page()
    page.goto(base_url)
    page.fill("#question", question)
    page.click("#ask")
    page.wait_for_selector("#result:not([hidden])", timeout=20_000)

    shown = page.inner_text("#answer")
    assert shown == (api["answer"] if api["answer"] is not None else "(none)")
    assert page.inner_text("#target") == api["target"] == str(4821 * 37)
    steps = page.query_selector_all("#steps li")
    assert [s.query_selector(".step-text").inner_text() for s in steps] == [
        s["text"] or "(missing)" for s in api["steps"]
    ]
    assert ["ok" in s.get_attribute("class") for s in steps] == [s["ok"] for s in api["steps"]]
    assert page.inner_text("#verdict") == ("verified" if api["verified"] else
                                           "right answer, wrong steps" if api["correct"] else "wrong")  # fmt: skip
    page.close()


def test_page_marks_each_step_of_a_chain(browser, engine):
    """The random model writes no chain, so this one is written by a scripted engine: the true chain for
    the question with one partial product off by 10. The page must mark exactly the steps the audit finds."""
    from serve_live import BatchDecoder, live_server

    from goat.arith.decompose import solve
    from goat.arith.parse import parse_question
    from goat.serve.app import create_app
    from goat.serve.engine import Engine

    def one_slip(prompts, limits):
        chains = [solve(*parse_question(p)) for p in prompts]
        return [c.replace(str(4821 * 7), str(4821 * 7 + 10)) for c in chains]

    with live_server(create_app(Engine(engine.name, lambda: BatchDecoder(one_slip), engine.count_tokens, None))) as url:
        page = browser.new_page()
        page.goto(url)
        page.fill("#question", "What is 4821 x 37?")
        page.click("#ask")
        page.wait_for_selector("#result:not([hidden])", timeout=20_000)
        marks = [m.inner_text() for m in page.query_selector_all("#steps li .mark")]
        assert page.inner_text("#answer") == page.inner_text("#target") == "178377"
        assert page.inner_text("#verdict") == "right answer, wrong steps"
        page.close()
    assert marks == ["\u2713", "\u2713", "\u2713", "\u2717", "\u2717"]  # partial product, then the running sum


def test_page_shows_the_error_for_a_non_arithmetic_question(browser, base_url):
    page = browser.new_page()
    page.goto(base_url)
    page.fill("#question", "Who wrote Hamlet?")
    page.click("#ask")
    page.wait_for_selector("#error:not([hidden])", timeout=20_000)
    assert "no arithmetic question" in page.inner_text("#error")
    assert page.is_hidden("#result")
    page.close()
