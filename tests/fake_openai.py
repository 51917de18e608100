"""A scripted OpenAI-compatible HTTP server for tests: real sockets, real `openai` client, no monkeypatching.

Steps, one per chat request: {"content": str}, {"tool_calls": [[name, args]]}, {"status": 429|500, "retry_after": s},
{"sleep": s}. `GET /_requests` returns the request bodies received; `POST /_script` replaces the script.
Embeddings are deterministic 8-d vectors derived from a hash of the text.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse

app = FastAPI()
SCRIPT: list[dict] = []
REQUESTS: list[dict] = []


@app.post("/_script")
async def set_script(steps: list[dict]) -> dict:
    SCRIPT[:] = steps
    REQUESTS.clear()
    return {"ok": True}


@app.get("/_requests")
async def get_requests() -> list[dict]:
    return REQUESTS


@app.post("/v1/chat/completions")
async def chat(req: Request):  # type: ignore[no-untyped-def]
    body = await req.json()
    REQUESTS.append(body)
    step = SCRIPT.pop(0) if SCRIPT else {"content": "ok"}
    await asyncio.sleep(step.get("sleep", 0))
    if "status" in step:
        return JSONResponse({"error": {"message": "injected", "type": "fault"}}, step["status"],
                            headers={"retry-after": str(step.get("retry_after", 0))})
    calls = [{"id": f"call_{i}", "type": "function", "function": {"name": n, "arguments": a if isinstance(a, str) else json.dumps(a, ensure_ascii=False)}}
             for i, (n, a) in enumerate(step.get("tool_calls", []))]
    msg = {"role": "assistant", "content": step.get("content"), **({"tool_calls": calls} if calls else {})}
    base = {"id": "chatcmpl-1", "created": int(time.time()), "model": body["model"]}
    finish = "tool_calls" if calls else "stop"
    if not body.get("stream"):
        return {**base, "object": "chat.completion", "choices": [{"index": 0, "message": msg, "finish_reason": finish}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
    text = msg["content"] or ""
    deltas = [{"role": "assistant", "content": ""}] + [{"content": text[i:i + 4]} for i in range(0, len(text), 4)]
    if calls:
        deltas.append({"tool_calls": [{"index": i, **c} for i, c in enumerate(calls)]})

    def sse():  # type: ignore[no-untyped-def]
        for i, d in enumerate(deltas + [{}]):
            chunk = {**base, "object": "chat.completion.chunk",
                     "choices": [{"index": 0, "delta": d, "finish_reason": finish if i == len(deltas) else None}]}
            yield f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"
        yield "data: [DONE]\n\n"

    return StreamingResponse(sse(), media_type="text/event-stream")


@app.post("/v1/embeddings")
async def embeddings(req: Request) -> dict:
    body = await req.json()
    REQUESTS.append(body)
    inp = body["input"]
    inp = [inp] if isinstance(inp, str) else inp

    def vec(s: object) -> list[float]:
        return [b / 255 for b in hashlib.sha256(str(s).encode()).digest()[:8]]

    return {"object": "list", "model": body["model"], "usage": {"prompt_tokens": 1, "total_tokens": 1},
            "data": [{"object": "embedding", "index": i, "embedding": vec(s)} for i, s in enumerate(inp)]}
