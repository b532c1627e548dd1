"""The HTTP API: OpenAI-compatible completions, an audited arithmetic endpoint, health, metrics and a page.

Every generation goes through one `Batcher`, so concurrent requests of every endpoint share batches.
Decoding is greedy (Goat answers have one right text): `temperature` may be left out or 0, anything else
is refused with a 400 rather than silently ignored. Bad input gets a 4xx with an OpenAI-shaped JSON error,
`{"error": {"message", "type", "param", "code"}}`, which the `openai` client turns into its exceptions.

    app = create_app(engine, ServeConfig(max_batch_size=32))
    uvicorn.run(app, host="127.0.0.1", port=8000)
"""

from __future__ import annotations

import asyncio
import time
import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException

from goat.arith.prompt import few_shot_prompt, format_prompt
from goat.ask.api import read_question
from goat.eval.generate import max_new_tokens_for
from goat.serve.batcher import Batcher, QueueFull
from goat.serve.engine import Engine
from goat.serve.metrics import Metrics

PAGE = Path(__file__).with_name("page.html")


@dataclass
class ServeConfig:
    max_batch_size: int = 32
    max_wait_ms: float = 10.0
    queue_size: int = 256
    timeout_s: float = 60.0
    max_prompt_chars: int = 8000  # checked before tokenizing, so a huge prompt costs nothing
    max_tokens: int = 1024  # the most new tokens one request may ask for
    default_max_tokens: int = 256  # when a request leaves max_tokens out (a chain for 8-digit x 8-digit fits)
    max_prompts: int = 32  # prompts in one /v1/completions request
    max_body_bytes: int = 1 << 20


class ApiError(Exception):
    def __init__(self, status: int, message: str, code: str, param: str | None = None, headers: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.code, self.param, self.headers = status, message, code, param, headers


def error_response(status: int, message: str, code: str, param: str | None = None, headers=None) -> JSONResponse:
    kind = "invalid_request_error" if status < 500 else "server_error"
    body = {"error": {"message": message, "type": kind, "param": param, "code": code}}
    return JSONResponse(body, status_code=status, headers=headers)


class Strict(BaseModel):
    model_config = ConfigDict(extra="ignore")  # clients send fields we do not use (user, seed...): harmless


class Sampling(Strict):
    """The request fields every completion endpoint shares."""

    model: str
    max_tokens: int | None = Field(None, ge=1)
    max_completion_tokens: int | None = Field(None, ge=1)  # the chat API's newer name for max_tokens
    temperature: float | None = Field(None, ge=0, le=2)
    top_p: float | None = Field(None, gt=0, le=1)
    stop: str | list[str] | None = None
    n: int | None = Field(None, ge=1)
    stream: bool | None = None


class CompletionRequest(Sampling):
    prompt: str | list[str]
    echo: bool | None = None
    logprobs: int | None = None
    best_of: int | None = None


class TextPart(Strict):
    type: Literal["text"]
    text: str


class Message(Strict):
    role: Literal["system", "developer", "user", "assistant"]
    content: str | list[TextPart] | None = None

    @property
    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(part.text for part in self.content)
        return self.content or ""


class ChatRequest(Sampling):
    messages: list[Message] = Field(min_length=1)
    logprobs: bool | None = None


class ArithmeticRequest(Strict):
    question: str = Field(min_length=1, max_length=1000)


def chat_prompt(messages: list[Message]) -> str:
    """The last user message in Goat's prompt format; earlier user/assistant turns become solved examples
    before it (the few-shot format), since Goat models are trained on single questions. System and developer
    messages are not shown to the model: it was never trained to follow them."""
    turns = [m for m in messages if m.role in ("user", "assistant")]
    if not turns or turns[-1].role != "user":
        raise ApiError(400, "the last user/assistant message must be from the user", "invalid_messages", "messages")
    pairs = zip(turns, turns[1:-1], strict=False)
    shots = [(q.text, a.text) for q, a in pairs if (q.role, a.role) == ("user", "assistant")]
    return few_shot_prompt(turns[-1].text, shots) if shots else format_prompt(turns[-1].text)


def cut_at_stop(text: str, stops: list[str]) -> tuple[str, bool]:
    """The text up to the first stop string (OpenAI's `stop`: applied after greedy decoding, same result)."""
    cuts = [i for i in (text.find(s) for s in stops if s) if i >= 0]
    return (text[: min(cuts)], True) if cuts else (text, False)


def create_app(engine: Engine, config: ServeConfig | None = None) -> FastAPI:
    config = config or ServeConfig()
    metrics = Metrics()
    batcher = Batcher(
        engine.new_decoder, config.max_batch_size, config.max_wait_ms, config.queue_size, config.timeout_s, metrics
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        await batcher.start()
        yield
        await batcher.stop()

    app = FastAPI(title="goat", lifespan=lifespan)
    app.state.batcher, app.state.metrics, app.state.engine = batcher, metrics, engine

    # ---- errors: one JSON shape for all of them ----

    @app.exception_handler(ApiError)
    async def on_api_error(request: Request, e: ApiError):
        return error_response(e.status, e.message, e.code, e.param, e.headers)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, e: RequestValidationError):
        first = e.errors()[0]
        if first["type"] == "json_invalid":
            reason = first.get("ctx", {}).get("error", "")
            return error_response(400, f"malformed JSON body: {reason}".rstrip(": "), "invalid_json")
        where = ".".join(str(p) for p in first["loc"] if p != "body" and not str(p).startswith(("str", "list[")))
        if first["type"] == "model_attributes_type" and not where:
            return error_response(
                400, "the body must be a JSON object (Content-Type: application/json)", "invalid_json"
            )
        message = f"{where}: {first['msg']}" if where else first["msg"]
        return error_response(400, message, "missing_field" if first["type"] == "missing" else "invalid_value", where)

    @app.exception_handler(HTTPException)
    async def on_http_error(request: Request, e: HTTPException):
        return error_response(
            e.status_code,
            str(e.detail),
            {404: "not_found", 405: "method_not_allowed"}.get(e.status_code, "http_error"),
            headers=e.headers,
        )

    @app.exception_handler(Exception)
    async def on_crash(request: Request, e: Exception):  # a model failure: the server stays up
        return error_response(500, f"internal error: {type(e).__name__}: {e}", "internal_error")

    @app.middleware("http")
    async def limit_body(request: Request, call_next):
        """Refuse a body by its declared size before reading it; requiring Content-Length (every HTTP client
        sends it for a JSON body) means no body goes unbounded. uvicorn reads no more than it declares."""
        if request.method in ("POST", "PUT", "PATCH"):
            length = request.headers.get("content-length")
            if length is None:
                return error_response(411, "send the body with a Content-Length header", "length_required")
            if not length.isdigit() or int(length) > config.max_body_bytes:
                message = f"the body is {length} bytes; the limit is {config.max_body_bytes}"
                return error_response(413, message, "body_too_large")
        return await call_next(request)

    @app.middleware("http")
    async def count_requests(request: Request, call_next):
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        path = route.path if route else "unmatched"  # unmatched paths share one label: no unbounded series
        metrics.requests.labels(path, str(response.status_code)).inc()
        metrics.latency.labels(path).observe(time.perf_counter() - started)
        return response

    # ---- checks shared by the completion endpoints ----

    def check(req: Sampling, prompts: list[str]) -> tuple[int, list[str]]:
        """The new-token limit and the stop strings, or an ApiError naming the first problem."""
        if req.model != engine.name:
            raise ApiError(
                404,
                f"model {req.model!r} is not served here; GET /v1/models lists {engine.name!r}",
                "model_not_found",
                "model",
            )
        if req.temperature not in (None, 0):
            raise ApiError(
                400,
                "only greedy decoding is served: leave temperature out or set it to 0",
                "unsupported_value",
                "temperature",
            )
        if req.top_p not in (None, 1):
            raise ApiError(
                400, "only greedy decoding is served: leave top_p out or set it to 1", "unsupported_value", "top_p"
            )
        if req.n not in (None, 1):
            raise ApiError(400, "n must be 1: greedy decoding gives one answer", "unsupported_value", "n")
        if req.stream:
            raise ApiError(400, "streaming is not supported: set stream to false", "unsupported_value", "stream")
        stops = [req.stop] if isinstance(req.stop, str) else req.stop or []
        if len(stops) > 4:
            raise ApiError(400, f"stop holds {len(stops)} strings; at most 4", "invalid_value", "stop")
        max_tokens = req.max_tokens or req.max_completion_tokens or config.default_max_tokens
        if max_tokens > config.max_tokens:
            raise ApiError(
                400,
                f"max_tokens is {max_tokens}; this server allows at most {config.max_tokens}",
                "max_tokens_exceeded",
                "max_tokens",
            )
        for prompt in prompts:
            check_prompt(prompt, max_tokens)
        return max_tokens, stops

    def check_prompt(prompt: str, max_tokens: int) -> int:
        if len(prompt) > config.max_prompt_chars:
            raise ApiError(
                400,
                f"the prompt is {len(prompt)} characters; the limit is {config.max_prompt_chars}",
                "prompt_too_long",
                "prompt",
            )
        n = engine.count_tokens(prompt)
        if engine.context_length and n + max_tokens > engine.context_length:
            raise ApiError(
                400,
                f"the prompt ({n} tokens) plus max_tokens ({max_tokens}) exceed the model's "
                f"context of {engine.context_length} tokens",
                "context_length_exceeded",
                "max_tokens",
            )
        return n

    async def generate(prompt: str, max_tokens: int) -> str:
        try:
            return await batcher.submit(prompt, max_tokens)
        except QueueFull as e:
            raise ApiError(503, f"{e}; retry later", "queue_full", headers={"Retry-After": "1"}) from None
        except TimeoutError as e:
            raise ApiError(504, str(e), "timeout") from None

    async def complete(req: Sampling, prompts: list[str]) -> tuple[list[tuple[str, str]], dict]:
        """(text, finish_reason) per prompt, and the usage counts."""
        max_tokens, stops = check(req, prompts)
        texts = await asyncio.gather(*(generate(p, max_tokens) for p in prompts))
        results, used = [], 0
        for text in texts:
            text, stopped = cut_at_stop(text, stops)
            n = engine.count_tokens(text)
            used += n
            results.append((text, "length" if n >= max_tokens and not stopped else "stop"))
        prompt_tokens = sum(engine.count_tokens(p) for p in prompts)
        usage = {"prompt_tokens": prompt_tokens, "completion_tokens": used, "total_tokens": prompt_tokens + used}
        return results, usage

    # ---- endpoints ----

    @app.post("/v1/completions")
    async def completions(req: CompletionRequest):
        prompts = [req.prompt] if isinstance(req.prompt, str) else req.prompt
        if not 1 <= len(prompts) <= config.max_prompts:
            raise ApiError(
                400, f"prompt holds {len(prompts)} prompts; send 1 to {config.max_prompts}", "invalid_value", "prompt"
            )
        for name in ("echo", "logprobs"):
            if getattr(req, name):
                raise ApiError(400, f"{name} is not supported", "unsupported_value", name)
        if req.best_of not in (None, 1):
            raise ApiError(400, "best_of must be 1: greedy decoding gives one answer", "unsupported_value", "best_of")
        results, usage = await complete(req, prompts)
        choices = [
            {"index": i, "text": text, "logprobs": None, "finish_reason": reason}
            for i, (text, reason) in enumerate(results)
        ]
        return {
            "id": f"cmpl-{uuid.uuid4().hex}",
            "object": "text_completion",
            "created": int(time.time()),
            "model": engine.name,
            "choices": choices,
            "usage": usage,
        }

    @app.post("/v1/chat/completions")
    async def chat_completions(req: ChatRequest):
        if req.logprobs:
            raise ApiError(400, "logprobs is not supported", "unsupported_value", "logprobs")
        [(text, reason)], usage = await complete(req, [chat_prompt(req.messages)])
        choice = {
            "index": 0,
            "message": {"role": "assistant", "content": text},
            "logprobs": None,
            "finish_reason": reason,
        }
        return {
            "id": f"chatcmpl-{uuid.uuid4().hex}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": engine.name,
            "choices": [choice],
            "usage": usage,
        }

    @app.post("/v1/arithmetic")
    async def arithmetic(req: ArithmeticRequest):
        """The model's chain for a question, audited step by step against Python's integers: the fields of
        `goat ask --json` (goat.ask.api.Answer), with the audit's steps and first wrong step at the top level."""
        answer = read_question(req.question)
        if answer.error:
            raise ApiError(400, answer.error, "not_arithmetic", "question")
        a, op, b = answer.expression
        max_tokens = max_new_tokens_for(answer.expression)
        if max_tokens > config.max_tokens:
            raise ApiError(
                400,
                f"the answer to a {len(str(a))}-digit {op} {len(str(b))}-digit question needs up to {max_tokens} "
                f"new tokens; this server allows {config.max_tokens}: ask with smaller numbers",
                "max_tokens_exceeded",
                "question",
            )
        prompt = format_prompt(answer.question)
        check_prompt(prompt, max_tokens)
        answer.complete(await generate(prompt, max_tokens))
        return {
            **{k: v for k, v in answer.to_dict().items() if k != "audit"},  # its fields are flattened below
            "expression": f"{a} {op} {b}",
            "target": answer.audit["target"],
            "correct": answer.audit["correct"],
            "steps": answer.audit["steps"],
            "first_wrong_step": answer.audit["first_wrong_step"],
        }

    @app.get("/v1/models")
    async def models():
        return {"object": "list", "data": [{"id": engine.name, "object": "model", "created": 0, "owned_by": "goat"}]}

    @app.get("/health")
    async def health():
        return {"status": "ok", "model": engine.name, "queue_depth": batcher.depth}

    @app.get("/metrics")
    async def prometheus():
        return Response(metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8")

    @app.get("/", response_class=HTMLResponse)
    async def page():
        return HTMLResponse(PAGE.read_text())

    return app
