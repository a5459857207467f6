"""Optional LLM phrasing: rewrite lesson titles and summaries from their evidence.

Off by default. Two backends:

* ``url``: any OpenAI-compatible ``/v1/chat/completions`` endpoint (a local llama.cpp,
  vLLM or Ollama server...), called with :mod:`urllib` from the standard library;
* ``model`` alone: the path of a local transformers text-generation model.

The LLM only rephrases: the lesson's numbers, evidence and quotes never change, and
an answer is rejected (the template title kept) when it is not valid JSON, is empty
or too long, or mentions a number the evidence does not contain. Every prompt,
answer and error is returned as a log that the lessons stage stores in
``corpus.info["llm"]`` so ``run.json`` carries it. Nothing here ever raises.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from typing import Any

SYSTEM_PROMPT = (
    "You rewrite findings from audience comments for a product team. "
    "Use only the facts given. Answer with JSON only: "
    '{"title": "<one plain sentence, at most 15 words, naming what people say>", '
    '"summary": "<one or two plain sentences>"}. '
    "Do not invent numbers; use only numbers that appear in the facts."
)

MAX_TITLE_CHARS = 160
MAX_SUMMARY_CHARS = 400


def lesson_prompt(lesson: dict[str, Any]) -> str:
    """The user message for one lesson: its template title, numbers and quotes."""
    quotes = "\n".join(f"- {q}" for q in lesson.get("quotes", []))
    return (
        f"Kind: {lesson['kind']}\n"
        f"Draft title: {lesson['title']}\n"
        f"Facts: {lesson.get('summary', '')}\n"
        f"Subject: {lesson.get('subject', '')}\n"
        f"Comments ({lesson['count']}), for example:\n{quotes}\n"
    )


def chat_completion(url: str, model: str | None, messages: list[dict[str, str]], timeout: float) -> str:
    """POST one OpenAI-style chat request and return the first choice's text.

    Example:
        >>> chat_completion("http://127.0.0.1:8080/v1/chat/completions", None,
        ...                 [{"role": "user", "content": "hi"}], 5.0)  # doctest: +SKIP
    """
    body = {"messages": messages, "temperature": 0, "max_tokens": 200}
    if model:
        body["model"] = model
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        payload = json.loads(response.read().decode("utf-8"))
    return str(payload["choices"][0]["message"]["content"])


class _LocalModel:
    """A local transformers text-generation model, loaded once, never downloaded."""

    def __init__(self, path: str) -> None:
        from transformers import pipeline

        self.generate = pipeline("text-generation", model=path, model_kwargs={"local_files_only": True})

    def __call__(self, messages: list[dict[str, str]]) -> str:
        out = self.generate(messages, max_new_tokens=120, do_sample=False)
        generated = out[0]["generated_text"]
        if isinstance(generated, list):  # chat templates return the whole conversation
            return str(generated[-1].get("content", ""))
        return str(generated)


def parse_answer(answer: str, lesson: dict[str, Any]) -> dict[str, str]:
    """Check one LLM answer against its lesson; raise ValueError saying why it is refused."""
    match = re.search(r"\{.*\}", answer, flags=re.DOTALL)
    if not match:
        raise ValueError("the answer holds no JSON object")
    data = json.loads(match.group(0))
    title = re.sub(r"\s+", " ", str(data.get("title", ""))).strip()
    summary = re.sub(r"\s+", " ", str(data.get("summary", ""))).strip()
    if not title:
        raise ValueError("the answer has no title")
    if len(title) > MAX_TITLE_CHARS or len(summary) > MAX_SUMMARY_CHARS:
        raise ValueError("the answer is too long")
    allowed = set(re.findall(r"\d+", lesson_prompt(lesson).replace(",", "")))
    used = set(re.findall(r"\d+", (title + " " + summary).replace(",", "")))
    if used - allowed:
        raise ValueError(f"the answer mentions numbers not in the evidence: {sorted(used - allowed)}")
    return {"title": title, "summary": summary}


def rephrase_lessons(
    lessons: list[dict[str, Any]], *, url: str | None, model: str | None, timeout: float = 30.0
) -> dict[str, Any]:
    """Rephrase lessons in place; return the log (endpoint, calls, errors). Never raises.

    A lesson that is rephrased keeps its template title in ``template_title`` and gets
    ``title_source = "llm"``; the others keep ``title_source = "template"``.
    """
    log: dict[str, Any] = {"endpoint": url, "model": model, "calls": [], "errors": 0, "rephrased": 0}
    local: _LocalModel | None = None
    if not url and model:
        try:
            local = _LocalModel(model)
        except Exception as err:  # noqa: BLE001 - any load failure keeps the template titles
            log["errors"] = 1
            log["error"] = f"Could not load the local model '{model}': {type(err).__name__}: {err}"
            for lesson in lessons:
                lesson["title_source"] = "template"
            return log
    for lesson in lessons:
        lesson["title_source"] = "template"
    for lesson in lessons:
        messages = [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": lesson_prompt(lesson)}]
        call: dict[str, Any] = {"rank": lesson.get("rank"), "prompt": messages}
        try:
            answer = chat_completion(url, model, messages, timeout) if url else local(messages)  # type: ignore[misc]
            call["response"] = answer
            parsed = parse_answer(answer, lesson)
        except Exception as err:  # noqa: BLE001 - recorded in the log and the report, never hidden
            call["error"] = f"{type(err).__name__}: {err}"
            log["errors"] += 1
            log["calls"].append(call)
            if isinstance(err, (urllib.error.URLError, OSError, TimeoutError)) and "response" not in call:
                # The endpoint is unreachable: do not wait out the timeout once per lesson.
                log["error"] = f"The LLM endpoint failed ({call['error']}); template titles kept."
                break
            continue
        lesson["template_title"] = lesson["title"]
        lesson["template_summary"] = lesson.get("summary", "")
        lesson["title"] = parsed["title"]
        if parsed["summary"]:
            lesson["summary"] = parsed["summary"]
        lesson["title_source"] = "llm"
        log["rephrased"] += 1
        log["calls"].append(call)
    return log
