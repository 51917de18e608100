"""The Gradio app, launched for real on 127.0.0.1: every tab through gradio_client, a login, and a real browser."""

from __future__ import annotations

import html
import json
import os
import shutil
import socket
import zipfile
from pathlib import Path

import pytest

from assistant.library import CaseLibrary

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ZH_PITCH = (ROOT / "examples" / "pitches" / "zh-traffic.md").read_text(encoding="utf-8")
XSS = "第1集：林晚在婚礼上被当众退婚<script>alert(1)</script>。\n第2集：林晚亮明身份，全场震惊<img src=x onerror=alert(2)>，渣男跪地求饶。\n第3集：林晚回到江城。"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _launch(monkeypatch_env: dict[str, str]):  # type: ignore[no-untyped-def]
    from assistant.ui.app import launch

    old = {k: os.environ.get(k) for k in monkeypatch_env}
    os.environ.update(monkeypatch_env)
    try:
        port = _port()
        demo = launch(port=port, block=False)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return demo, f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="module")
def app_url():  # type: ignore[no-untyped-def]
    demo, url = _launch({})
    yield url
    demo.close()


@pytest.fixture(scope="module")
def client(app_url):  # type: ignore[no-untyped-def]
    from gradio_client import Client

    return Client(app_url, verbose=False)


def test_critique_endpoint_returns_the_diagnosis_and_files(client) -> None:  # type: ignore[no-untyped-def]
    card, plot, findings, comps, suggestions, files, case_pick = client.predict(ZH_PITCH, None, "auto", "offline", api_name="/critique")
    assert 'id="sw-diagnosis"' in card and "流量逻辑" in card
    assert plot and "叙事逻辑" in findings and "narrative_logic" not in findings and "kr-" in comps and "cn-" in comps
    assert {Path(f).name for f in files} == {"critique.md", "critique.html", "critique.json"}
    data = json.loads(Path(next(f for f in files if f.endswith(".json"))).read_text(encoding="utf-8"))
    assert data["language"] == "zh" and data["diagnosis"]["logic"] == "traffic"


def test_chat_turn_uses_the_current_pitch_and_answers_in_kind(client) -> None:  # type: ignore[no-untyped-def]
    client.predict(ZH_PITCH, None, "auto", "offline", api_name="/critique")
    _, history = client.predict("找类似的韩国案例", [], api_name="/chat")
    answer = history[-1]["content"][0]["text"] if isinstance(history[-1]["content"], list) else history[-1]["content"]
    assert "案例" in answer and "[韩国]" in answer and "[中国]" not in answer and "[KR]" not in answer  # the country in words
    _, history = client.predict("what can you do offline?", [], api_name="/chat")
    text = json.dumps(history, ensure_ascii=False)
    assert "OPENAI_API_KEY" in text


def test_batch_upload_of_a_zip(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from gradio_client import handle_file

    archive = tmp_path / "slate.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for p in sorted((ROOT / "examples" / "pitches").glob("*-traffic.md")):
            z.write(p, arcname=f"../../evil/{p.name}")  # a zip-slip path is flattened, not followed
    status, table, files = client.predict(handle_file(str(archive)), "offline", "auto", api_name="/batch")
    assert status.startswith("3 critiqued") and len(table["data"]) == 3
    assert table["headers"][3] == "logic" and {row[3] for row in table["data"]} == {"traffic logic"}  # auto: the browser's language
    assert {Path(f).name for f in files} == {"summary.csv", "summary.xlsx", "report.html"}


def test_batch_status_speaks_the_chosen_language(tmp_path: Path) -> None:
    from assistant.ui.app import run_batch_ui

    archive = tmp_path / "slate.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for p in sorted((ROOT / "examples" / "pitches").glob("*-content.md")):
            z.write(p, arcname=p.name)
    status, table, _ = run_batch_ui(str(archive), "offline", "zh", str(tmp_path))
    assert status == "已诊断 3 个，此前已完成 0 个，出错 0 个" and table["headers"][3] == "叙事逻辑"
    status, _, _ = run_batch_ui(str(archive), "offline", "zh", str(tmp_path))  # the same folder: resumed
    assert status == "已诊断 0 个，此前已完成 3 个，出错 0 个"
    status, _, _ = run_batch_ui(str(archive), "offline", "ko", str(tmp_path))  # answers in another language are new work
    assert status == "3개 진단, 0개는 이미 완료, 오류 0개"


def test_chat_reads_a_pasted_revision_in_its_own_language() -> None:
    from assistant.ui.chat import offline_reply

    revised = (ROOT / "examples" / "pitches" / "zh-content.md").read_text(encoding="utf-8")
    first, critique = offline_reply(revised, "", None)  # nothing critiqued before: the version is read, not compared with a blank
    assert first.startswith("这一版：内容逻辑") and "—" not in first.split("\n")[0] and critique is not None
    again, _ = offline_reply((ROOT / "examples" / "pitches" / "zh-traffic.md").read_text(encoding="utf-8"), "", critique)
    assert again.startswith("修改后的版本：流量逻辑") and "→" in again.split("\n")[0]


def test_eval_run_from_the_ui(client) -> None:  # type: ignore[no-untyped-def]
    status, table, chart, report = client.predict("evals/datasets/pitches.jsonl", "evals/rubric.yaml", "offline", "offline", None, api_name="/evals")
    rows = {r[0]: r for r in table["data"]}
    assert "overall" in status and rows["schema_valid"][2] == 1.0 and rows["story_world_depth"][2] == "not scored"
    assert 'id="chart"' in chart and Path(report).name == "report.html"


def test_case_library_filter(client) -> None:  # type: ignore[no-untyped-def]
    table, _ = client.predict("KR", "rebirth", "all", "all", "ko", api_name="/cases")
    assert table["headers"][:3] == ["사례 ID", "제목", "국가"]  # the table speaks the chosen language, headers and values
    assert table["data"] and all(row[2] == "한국" for row in table["data"])
    assert {row[6] for row in table["data"]} <= {"높음", "보통", "낮음"}
    assert any(row[0] == "kr-marry-my-husband" for row in table["data"])
    card = client.predict("kr-marry-my-husband", "ko", api_name="/case_card")
    assert "10년 전" in card
    notes = CaseLibrary.load().get("kr-marry-my-husband").localized["ko"]  # the card's notes are Korean too, not the English annotation
    assert html.escape(notes.financing) in card and html.escape(notes.emotional_core) in card
    assert html.escape(notes.platform) in card and html.escape(notes.gaps) in card and "높음" in card  # platform, gaps, confidence
    assert "웹소설 → 웹툰 → 드라마" in card and "회귀" in card and "rebirth" not in card  # the IP chain and trope labels too


def test_login_is_required_when_auth_is_set() -> None:
    from gradio_client import Client

    demo, url = _launch({"STORYWORLD_AUTH": "writer:pw123"})
    try:
        with pytest.raises(Exception):
            Client(url, verbose=False)
        ok = Client(url, auth=("writer", "pw123"), verbose=False)
        assert "/critique" in ok.view_api(return_format="dict", print_info=False)["named_endpoints"]
    finally:
        demo.close()


def test_bad_auth_setting_is_a_clear_error() -> None:
    from assistant.errors import StoryWorldError
    from assistant.ui.app import parse_auth

    assert parse_auth("a:b, c:d") == [("a", "b"), ("c", "d")]
    with pytest.raises(StoryWorldError, match="user:password"):
        parse_auth("justauser")


def test_views_escape_pitch_text(index_home: Path) -> None:
    from assistant.critique.service import critique_pitch
    from assistant.pitch import make_pitch
    from assistant.settings import Settings
    from assistant.ui import views

    critique = critique_pitch(make_pitch(XSS), backend="offline", settings=Settings(home=index_home, cache_dir=ROOT / ".cache"))
    rendered = views.diagnosis_card(critique) + views.findings_markdown(critique) + views.suggestions_markdown(critique)
    assert "<script>" not in rendered and "<img" not in rendered


def test_case_library_filters_and_card_speak_the_readers_language() -> None:
    """Filter choices are (label in the reader's language, id): the label is what a Chinese or Korean writer reads, the
    id is what the filter matches; the card's heading says the country in words and does not repeat a title."""
    from assistant.ui import views

    library = CaseLibrary.load()
    country, trope, ip_origin, strategy = views.filter_choices(library.taxonomy, "zh", "all")
    assert country == [("全部", "all"), ("中国", "CN"), ("韩国", "KR"), ("海外", "other")]
    assert ("其他", "other") in ip_origin and ("条漫", "webtoon") in ip_origin and ("纵向故事宇宙", "vertical") in strategy
    assert {value for _, value in trope[1:]} == {c.id for c in library.taxonomy.concepts} and ("打脸", "face-slap") in trope
    card = views.case_card(library.get("kr-sweet-home"), "ko", library.taxonomy)
    assert "<h3>스위트홈 <small>[한국, 2020]" in card  # the Korean title is the original: said once


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI: .ci/run must install it (apt-get install -y chromium)")
        pytest.skip("chromium not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                                              "--disable-component-update", "--no-first-run", "--disable-sync"])
        yield b
        b.close()


def test_browser_paste_critique_and_screenshot(app_url, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_context(locale="ko-KR", viewport={"width": 1200, "height": 1400}).new_page()
    page.goto(app_url)
    page.locator("#sw-pitch textarea").fill((ROOT / "examples" / "pitches" / "ko-traffic.md").read_text(encoding="utf-8"))
    page.locator("#sw-run").click()
    page.locator("#sw-diagnosis").wait_for(timeout=90_000)
    assert "트래픽 논리" in page.locator("#sw-diagnosis").inner_text()
    page.locator("#sw-plot img, #sw-plot canvas, #sw-plot svg").first.wait_for(timeout=30_000)
    assert page.get_by_role("tab", name="기획안 진단").count() == 1  # UI text follows the browser's language
    shot = tmp_path / "ui-ko.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    shutil.copy(shot, ROOT / "out" / "ui-ko.png") if (ROOT / "out").exists() else None


def test_browser_chat_sends_with_shift_enter(app_url, browser) -> None:  # type: ignore[no-untyped-def]
    """The chat box takes a pasted pitch over many lines, so Enter is a new line and Shift+Enter sends, as its label says."""
    page = browser.new_context(locale="zh-CN").new_page()
    page.goto(app_url)
    page.get_by_role("tab", name="对话").click()
    box = page.get_by_label("Shift+Enter 发送", exact=False)
    box.click()
    page.keyboard.type("什么是爽点堆叠？")
    page.keyboard.press("Enter")
    assert box.input_value() == "什么是爽点堆叠？\n"  # still in the box, on a new line
    page.keyboard.press("Shift+Enter")
    page.locator("#sw-chat").get_by_text("什么是爽点堆叠？").first.wait_for(timeout=30_000)
    assert box.input_value() == ""


def test_browser_renders_injected_markup_as_text(app_url, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_context(locale="en-US").new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(app_url)
    page.locator("#sw-pitch textarea").fill(XSS)
    page.locator("#sw-run").click()
    page.locator("#sw-diagnosis").wait_for(timeout=90_000)
    page.wait_for_timeout(1500)
    assert dialogs == []
    findings = page.locator("#sw-findings").inner_text()
    assert "<img src=x onerror=alert(2)>" in findings or "<script>alert(1)</script>" in findings
    assert page.locator("#sw-findings img").count() == 0


def test_reports_open_in_the_browser(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.batch.report import write_reports
    from assistant.batch.runner import BatchOptions, run_batch

    run_batch(ROOT / "examples" / "pitches", tmp_path / "batch", BatchOptions(workers=1))
    html = write_reports(tmp_path / "batch")["html"]
    page = browser.new_page(viewport={"width": 1100, "height": 1200})
    page.goto(html.as_uri())
    assert page.locator("#overview tbody tr").count() == 9
    assert page.locator("#scatter circle").count() == 9 and page.locator("#tropes rect").count() > 3
    page.locator("#logic").select_option("traffic")
    assert page.locator("#overview tbody tr:visible").count() == 3
    page.screenshot(path=str(tmp_path / "batch.png"), full_page=True)
    assert (tmp_path / "batch.png").stat().st_size > 20_000


def test_eval_report_opens_in_the_browser(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import run_cli

    out = tmp_path / "eval"
    assert run_cli("eval", "run", "--out", str(out), "--limit", "9").returncode == 0
    page = browser.new_page(viewport={"width": 1000, "height": 1000})
    page.goto((out / "report.html").as_uri())
    assert page.locator("#criteria tbody tr").count() == 13
    assert page.locator("#chart rect").count() == 8  # the 8 checks are scored; the 5 judge criteria say "not scored"
    page.screenshot(path=str(tmp_path / "eval.png"), full_page=True)
    assert (tmp_path / "eval.png").stat().st_size > 10_000


def test_chat_streams_from_a_model_agent_with_tools(script, fake_llm_url, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from assistant.ui.app import chat_turn

    monkeypatch.setenv("STORYWORLD_CACHE_DIR", str(tmp_path / "cache"))  # the call log stays out of the repository
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    monkeypatch.setenv("OPENAI_BASE_URL", f"{fake_llm_url}/v1")
    monkeypatch.setenv("STORYWORLD_MAX_RETRIES", "0")
    script({"tool_calls": [["search_cases", {"query": "契约婚姻 隐藏身份", "country": "KR"}]]},
           {"content": "可以参考《사내맞선》：契约关系要有代价。"})
    turns = list(chat_turn("找类似的韩国案例", [], ZH_PITCH, None))
    final = turns[-1][1][-1]["content"]
    assert len(turns) > 1 and final == "可以参考《사내맞선》：契约关系要有代价。"  # streamed in pieces, then whole
    import httpx

    sent = httpx.get(f"{fake_llm_url}/_requests").json()
    tool_result = json.dumps(sent[1]["messages"], ensure_ascii=False)
    assert "[KR]" in tool_result and "[CN]" not in tool_result  # the tool really searched, Korean cases only
    from assistant import llm_log
    from assistant.settings import get_settings

    chat_rows = [r for r in llm_log.recent(get_settings()) if r["kind"] == "chat"][:2]
    assert len(chat_rows) == 2 and all(r["ok"] == 1 and r["prompt_chars"] > 0 for r in chat_rows)  # both agent turns logged


def test_chat_falls_back_offline_when_the_model_fails(script, fake_llm_url, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from assistant.ui.app import chat_turn

    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    monkeypatch.setenv("OPENAI_BASE_URL", f"{fake_llm_url}/v1")
    monkeypatch.setenv("STORYWORLD_MAX_RETRIES", "0")
    script({"status": 500}, {"status": 500})
    final = list(chat_turn("what is stacking?", [], ZH_PITCH, None))[-1][1][-1]["content"]
    assert "model unavailable" in final and "stacking index" in final


def test_browser_language_is_read_from_accept_language() -> None:
    from assistant.ui.app import browser_language

    assert browser_language("ko-KR,ko;q=0.9,en-US;q=0.8") == "ko"
    assert browser_language("zh-CN,zh;q=0.9") == "zh"
    assert browser_language("fr-FR,fr;q=0.9") == "en" and browser_language(None) == "en"
