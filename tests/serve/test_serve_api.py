"""The API's happy paths: OpenAI-shaped responses (checked with the openai client itself), the audited
arithmetic endpoint, health and metrics."""

from __future__ import annotations

import re

import httpx
import pytest
from serve_live import decode

from goat.arith.audit import audit
from goat.arith.prompt import format_prompt


@pytest.fixture(scope="module")
def openai_client(base_url):
    from openai import OpenAI

    return OpenAI(base_url=f"{base_url}/v1", api_key="unused", max_retries=0, timeout=30)


def test_openai_client_completion(openai_client, engine):
    prompt = format_prompt("What is 12 + 30?")
    result = openai_client.completions.create(model=engine.name, prompt=prompt, max_tokens=12, temperature=0)
    assert result.object == "text_completion" and result.model == engine.name and result.id.startswith("cmpl-")
    [choice] = result.choices
    assert choice.text == decode(engine, [prompt], [12])[0]  # the server adds nothing to the shared decoder
    assert choice.finish_reason in ("stop", "length")
    assert result.usage.prompt_tokens == len(prompt)  # the digit tokenizer: one token per character
    assert result.usage.total_tokens == result.usage.prompt_tokens + result.usage.completion_tokens
    assert result.usage.completion_tokens <= 12


def test_openai_client_chat(openai_client, engine):
    result = openai_client.chat.completions.create(
        model=engine.name, messages=[{"role": "user", "content": "What is 7 * 8?"}], max_tokens=10
    )
    assert result.object == "chat.completion"
    message = result.choices[0].message
    assert message.role == "assistant"
    assert message.content == decode(engine, [format_prompt("What is 7 * 8?")], [10])[0]


def test_openai_client_lists_the_model(openai_client, engine):
    assert [m.id for m in openai_client.models.list()] == [engine.name]


def test_stop_strings_cut_the_text(client, engine):
    prompt = format_prompt("What is 5 + 5?")
    full = client.post("/v1/completions", json={"model": engine.name, "prompt": prompt, "max_tokens": 20}).json()
    text = full["choices"][0]["text"]
    assert len(text) >= 3, "the tiny model should write a few characters"
    stop = text[2]
    cut = client.post(
        "/v1/completions", json={"model": engine.name, "prompt": prompt, "max_tokens": 20, "stop": [stop]}
    ).json()["choices"][0]
    assert cut["text"] == text[: text.index(stop)]
    assert cut["finish_reason"] == "stop"


def test_several_prompts_in_one_request(client, engine):
    prompts = [format_prompt(f"What is {n} + 1?") for n in (3, 40, 500)]
    body = client.post("/v1/completions", json={"model": engine.name, "prompt": prompts, "max_tokens": 8}).json()
    assert [c["index"] for c in body["choices"]] == [0, 1, 2]
    assert [c["text"] for c in body["choices"]] == decode(engine, prompts, [8] * 3)


def test_chat_history_becomes_solved_examples(client, engine):
    from goat.arith.prompt import few_shot_prompt

    messages = [
        {"role": "system", "content": "You are a calculator."},
        {"role": "user", "content": "What is 1 + 1?"},
        {"role": "assistant", "content": "1 + 1 = 2"},
        {"role": "user", "content": [{"type": "text", "text": "What is 2 + 2?"}]},
    ]
    body = client.post("/v1/chat/completions", json={"model": engine.name, "messages": messages, "max_tokens": 6})
    prompt = few_shot_prompt("What is 2 + 2?", [("What is 1 + 1?", "1 + 1 = 2")])
    assert body.json()["choices"][0]["message"]["content"] == decode(engine, [prompt], [6])[0]


def test_arithmetic_returns_what_goat_ask_returns(client, tiny_model_dir):
    from goat.ask.api import Goat

    body = client.post("/v1/arithmetic", json={"question": "What is 397 x 4429?"}).json()
    [asked] = Goat.load(str(tiny_model_dir)).ask(["What is 397 x 4429?"])
    assert body["expression"] == "397 * 4429" and body["target"] == str(397 * 4429)
    assert (body["output"], body["answer"], body["verified"]) == (asked.output, asked.answer, asked.verified)
    assert body["steps"] == asked.audit["steps"] and body["first_wrong_step"] == asked.audit["first_wrong_step"]
    assert body["steps"] == audit(397, "*", 4429, body["output"]).to_dict()["steps"]
    if not body["verified"]:  # a random model: the audit must say where it went wrong
        assert body["first_wrong_step"] == next(s for s in body["steps"] if not s["ok"])


def test_arithmetic_warns_beyond_the_training_range(client):
    body = client.post("/v1/arithmetic", json={"question": f"What is {'9' * 17} + 1?"}).json()
    assert "beyond the 16 digits" in body["warning"]


def test_health_and_metrics(client, engine):
    assert client.get("/health").json() == {"status": "ok", "model": engine.name, "queue_depth": 0}
    client.post("/v1/arithmetic", json={"question": "What is 2 + 2?"})
    text = client.get("/metrics").text
    assert re.search(r'^goat_requests_total\{path="/v1/arithmetic",status="200"\} 1\.0$', text, re.M)
    assert re.search(r"^goat_batch_size_count 1\.0$", text, re.M)
    assert re.search(r'^goat_request_latency_seconds_bucket\{le="\+Inf",path="/v1/arithmetic"\} 1\.0$', text, re.M)
    assert re.search(r"^goat_queue_depth 0\.0$", text, re.M)


def test_page_is_self_contained(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'id="question"' in page.text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page.text), "the page must load nothing from outside"


def test_live_server_answers_over_a_real_socket(base_url):
    assert httpx.get(f"{base_url}/health").json()["status"] == "ok"
