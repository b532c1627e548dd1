"""Bad input gets a 4xx with one clear OpenAI-shaped JSON error; the server never crashes on it."""

from __future__ import annotations

import json

import pytest

from goat.serve.app import ServeConfig

ARITH = "/v1/arithmetic"
COMPLETE = "/v1/completions"
CHAT = "/v1/chat/completions"
LIMITS = ServeConfig()


MODEL = "tiny-model"  # the fixture model's directory name
RAW_JSON = {"content-type": "application/json"}


def completion(**fields) -> dict:
    return {"model": MODEL, "prompt": "What is 2 + 2?\nAnswer: ", "max_tokens": 8, **fields}


def chat(*messages: tuple[str, str]) -> dict:
    return {"model": MODEL, "messages": [{"role": role, "content": content} for role, content in messages]}


CASES = {
    # name: (path, request kwargs, status, error code, words the message must hold)
    "malformed json": (ARITH, {"content": b'{"question": "2 + 2"', "headers": RAW_JSON}, 400, "invalid_json",
                       "malformed JSON"),
    "not a json object": (ARITH, {"content": b'["2 + 2"]', "headers": RAW_JSON}, 400, "invalid_json", "JSON object"),
    "form body instead of json": (ARITH, {"data": {"question": "What is 2 + 2?"}}, 400, "invalid_json", "JSON object"),
    "chunked body without a length": (ARITH, {"content": iter([b'{"question": "2 + 2"}']), "headers": RAW_JSON},
                                      411, "length_required", "Content-Length"),
    "body over 1 MiB": (COMPLETE, {"content": json.dumps(completion(prompt="1" * (2 << 20))).encode(),
                                   "headers": RAW_JSON}, 413, "body_too_large", "limit"),
    "missing question": (ARITH, {"json": {}}, 400, "missing_field", "question"),
    "empty question": (ARITH, {"json": {"question": ""}}, 400, "invalid_value", "question"),
    "question too long": (ARITH, {"json": {"question": "What is 2 + 2? " * 100}}, 400, "invalid_value", "question"),
    "not arithmetic": (ARITH, {"json": {"question": "What is the capital of France?"}}, 400, "not_arithmetic",
                       "no arithmetic question"),
    "negative operand": (ARITH, {"json": {"question": "What is -5 + 3?"}}, 400, "not_arithmetic", "negative"),
    "answer too long to generate": (ARITH, {"json": {"question": f"What is {'9' * 300} * {'8' * 300}?"}}, 400,
                                    "max_tokens_exceeded", "new tokens"),
    "missing prompt": (COMPLETE, {"json": {"model": MODEL}}, 400, "missing_field", "prompt"),
    "missing model": (COMPLETE, {"json": {"prompt": "1 + 1"}}, 400, "missing_field", "model"),
    "prompt of the wrong type": (COMPLETE, {"json": completion(prompt=42)}, 400, "invalid_value", "prompt"),
    "prompt over the size limit": (COMPLETE, {"json": completion(prompt="1" * (LIMITS.max_prompt_chars + 1))}, 400,
                                   "prompt_too_long", "characters"),
    "too many prompts": (COMPLETE, {"json": completion(prompt=["1 + 1"] * (LIMITS.max_prompts + 1))}, 400,
                         "invalid_value", "prompts"),
    "too many tokens requested": (COMPLETE, {"json": completion(max_tokens=LIMITS.max_tokens + 1)}, 400,
                                  "max_tokens_exceeded", "max_tokens"),
    "prompt plus tokens beyond the context": (COMPLETE, {"json": completion(prompt="1" * 800, max_tokens=500)}, 400,
                                              "context_length_exceeded", "context"),
    "zero tokens": (COMPLETE, {"json": completion(max_tokens=0)}, 400, "invalid_value", "max_tokens"),
    "sampling temperature": (COMPLETE, {"json": completion(temperature=0.7)}, 400, "unsupported_value", "greedy"),
    "streaming": (COMPLETE, {"json": completion(stream=True)}, 400, "unsupported_value", "stream"),
    "several choices": (COMPLETE, {"json": completion(n=3)}, 400, "unsupported_value", "n must be 1"),
    "unknown model": (COMPLETE, {"json": completion(model="gpt-4")}, 404, "model_not_found", "gpt-4"),
    "chat without messages": (CHAT, {"json": chat()}, 400, "invalid_value", "messages"),
    "chat with a bad role": (CHAT, {"json": chat(("robot", "1 + 1"))}, 400, "invalid_value", "role"),
    "chat ending with the assistant": (CHAT, {"json": chat(("user", "1 + 1"), ("assistant", "2"))}, 400,
                                       "invalid_messages", "user"),
}  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_bad_request_gets_a_clear_4xx(client, engine, case):
    assert engine.name == MODEL
    path, kwargs, status, code, words = CASES[case]
    response = client.post(path, **kwargs)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code and error["type"] == "invalid_request_error"
    assert words in error["message"] and "\n" not in error["message"]
    assert client.get("/health").json()["status"] == "ok"


def test_unknown_path_and_wrong_method_are_json_errors(client):
    missing = client.get("/v1/nothing")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    wrong = client.get(ARITH)
    assert wrong.status_code == 405 and wrong.json()["error"]["code"] == "method_not_allowed"


def test_openai_client_sees_a_bad_request_error(base_url, engine):
    import openai

    client = openai.OpenAI(base_url=f"{base_url}/v1", api_key="unused", max_retries=0)
    with pytest.raises(openai.BadRequestError, match="max_tokens"):
        client.completions.create(model=engine.name, prompt="1 + 1", max_tokens=LIMITS.max_tokens + 1)


def test_a_failing_model_fails_its_request_not_the_server(engine):
    from fastapi.testclient import TestClient
    from serve_live import BatchDecoder, decode

    from goat.serve.app import create_app
    from goat.serve.engine import Engine

    calls = []

    def fail_once(prompts, limits):
        calls.append(prompts)
        if len(calls) == 1:
            raise RuntimeError("out of memory")
        return decode(engine, prompts, limits)

    broken = Engine(engine.name, lambda: BatchDecoder(fail_once), engine.count_tokens, engine.context_length)
    with TestClient(create_app(broken), raise_server_exceptions=False) as client:
        first = client.post(ARITH, json={"question": "What is 2 + 2?"})
        assert first.status_code == 500 and "out of memory" in first.json()["error"]["message"]
        assert client.post(ARITH, json={"question": "What is 2 + 2?"}).status_code == 200
