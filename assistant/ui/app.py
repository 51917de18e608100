"""The Gradio Blocks app: Critique, Chat, Batch, Evals and Case library tabs. Handlers only call package functions."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any, Iterator

from assistant.errors import StoryWorldError
from assistant.settings import Settings, get_settings
from assistant.ui import views

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
MAX_FILE_SIZE = "5mb"
ALL = "all"


STATUS = {  # the status line over the batch and eval tables, in the reader's language
    "batch": {"zh": "已诊断 {done} 个，此前已完成 {skipped} 个，出错 {errors} 个", "ko": "{done}개 진단, {skipped}개는 이미 완료, 오류 {errors}개",
              "en": "{done} critiqued, {skipped} already done, {errors} errors"},
    "evals": {"zh": "总分 {mean:.3f}（共 {items} 条）", "ko": "종합 {mean:.3f} ({items}개 항목)", "en": "overall {mean:.3f} on {items} items"},
    "regression": {"zh": "退步：{drops}", "ko": "하락: {drops}", "en": "regression: {drops}"},
    "steady": {"zh": "没有哪一项的下降超出容差", "ko": "허용 범위를 넘어 떨어진 항목 없음", "en": "no criterion dropped beyond its tolerance"},
}


def _error(exc: Exception):  # type: ignore[no-untyped-def]
    import gradio as gr

    return gr.Error(str(exc), print_exception=False)


def parse_auth(value: str | None) -> list[tuple[str, str]] | None:
    """STORYWORLD_AUTH="writer:pw,editor:pw2" → [("writer", "pw"), ("editor", "pw2")]."""
    if not value:
        return None
    pairs = []
    for item in value.split(","):
        user, sep, password = item.strip().partition(":")
        if not sep or not user or not password:
            raise StoryWorldError("STORYWORLD_AUTH must be user:password pairs separated by commas")
        pairs.append((user, password))
    return pairs


# ---------------------------------------------------------------- handlers (thin: parse input, call the package, render)


def read_upload(path: str | None) -> str:
    if not path:
        return ""
    from assistant.pitch import read_pitch

    return read_pitch(path).text


def run_critique(text: str, upload: str | None, lang: str, backend: str, workdir: str):  # type: ignore[no-untyped-def]
    import gradio as gr

    from assistant.critique.service import critique_pitch
    from assistant.pitch import make_pitch
    from assistant.render.html import critique_to_html
    from assistant.render.markdown import critique_to_markdown

    try:
        source = text if text and text.strip() else read_upload(upload)
        critique = critique_pitch(make_pitch(source), backend=backend, lang=lang)
    except StoryWorldError as exc:
        raise _error(exc) from None
    out = Path(workdir) / critique.pitch_id
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for name, render in (("critique.md", critique_to_markdown), ("critique.html", critique_to_html)):
        (out / name).write_text(render(critique), encoding="utf-8")
        files.append(str(out / name))
    (out / "critique.json").write_text(critique.model_dump_json(indent=2), encoding="utf-8")
    files.append(str(out / "critique.json"))
    comp_ids = [c.case_id for c in critique.comparable_cases]
    return (views.diagnosis_card(critique), views.curve_figure(critique), views.findings_markdown(critique), views.comps_markdown(critique),
            views.suggestions_markdown(critique), files, gr.update(choices=comp_ids, value=comp_ids[0] if comp_ids else None),
            critique.model_dump(mode="json"), source)


def show_case(case_id: str | None, lang: str, critique: dict | None = None) -> str:  # type: ignore[type-arg]
    from assistant.library import CaseLibrary

    if not case_id:
        return ""
    language = lang if lang in ("zh", "ko", "en") else (critique or {}).get("language", "en")
    library = CaseLibrary.load()
    return views.case_card(library.get(case_id), language, library.taxonomy)


def chat_turn(message: str, history: list[dict[str, Any]], pitch_text: str, critique: dict | None) -> Iterator[tuple]:  # type: ignore[type-arg]
    from assistant.text.lang import detect_language
    from assistant.ui.chat import chat_text, model_reply, offline_reply

    history = list(history or [])
    if not message or not message.strip():
        yield "", history, critique
        return
    settings = get_settings()
    history.append({"role": "user", "content": message})
    if settings.effective_backend == "openai":
        try:
            for partial in model_reply(message, history[:-1], pitch_text or "", settings):
                yield "", history + [{"role": "assistant", "content": partial}], critique
            return
        except Exception as exc:  # the model failing must not lose the conversation: answer offline, say so
            answer, critique = offline_reply(message, pitch_text or "", critique)
            note = chat_text("model_down", detect_language(message), error=type(exc).__name__) + "\n\n"
            yield "", history + [{"role": "assistant", "content": note + answer}], critique
            return
    try:
        answer, critique = offline_reply(message, pitch_text or "", critique)
    except StoryWorldError as exc:
        answer = f"⚠️ {exc}"
    yield "", history + [{"role": "assistant", "content": answer}], critique


def _batch_source(upload: str, workdir: Path) -> Path:
    path = Path(upload)
    if path.suffix.lower() != ".zip":
        return path
    target = workdir / "unzipped"
    target.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path) as archive:
        for member in archive.infolist():
            name = Path(member.filename).name  # flatten: no path from the archive is trusted (zip-slip)
            if member.is_dir() or not name or name.startswith(".") or Path(name).suffix.lower() not in (".txt", ".md", ".docx", ".fountain"):
                continue
            with archive.open(member) as src, (target / name).open("wb") as dst:
                shutil.copyfileobj(src, dst)
    return target


def run_batch_ui(upload: str | None, backend: str, lang: str, workdir: str, progress=None, table_lang: str = "en"):  # type: ignore[no-untyped-def]
    """Critique every pitch in the upload; the summary table's headers and logic words are in `table_lang`."""
    from assistant.batch.report import summary_rows, write_reports
    from assistant.batch.runner import BatchOptions, run_batch

    if not upload:
        raise _error(StoryWorldError("upload a CSV, XLSX, JSONL or ZIP file first"))
    out = Path(workdir) / ("batch-" + Path(upload).stem)
    try:
        source = _batch_source(upload, out)
        options = BatchOptions(backend=backend, lang=lang, model=get_settings().model, workers=1)
        summary = run_batch(source, out, options, progress=(lambda d, t: progress((d, t))) if progress else None)
        paths = write_reports(out)
    except (StoryWorldError, zipfile.BadZipFile) as exc:
        raise _error(exc if isinstance(exc, StoryWorldError) else StoryWorldError(f"not a readable zip file: {exc}")) from None
    rows, errors, _ = summary_rows(out)
    table_lang = lang if lang in ("zh", "ko", "en") else table_lang
    table = views.table("batch", views.batch_rows(rows, table_lang), table_lang)
    status = STATUS["batch"].get(table_lang, STATUS["batch"]["en"]).format(done=summary.done, skipped=summary.skipped, errors=summary.failed + summary.bad_input)
    return status, table, [str(paths["csv"]), str(paths["xlsx"]), str(paths["html"])]


def run_evals_ui(dataset: str, rubric: str, backend: str, judge: str, baseline: str | None, workdir: str, lang: str = "en"):  # type: ignore[no-untyped-def]
    from assistant.analysis.calibration import load_labelled
    from assistant.evals.report import chart_svg
    from assistant.evals.rubric import load_rubric
    from assistant.evals.runner import EvalOptions, compare, run_eval
    from assistant.library import CaseLibrary

    settings = get_settings()
    try:
        judge_impl = None
        if judge == "openai":
            from assistant.evals.judge import Judge

            judge_impl = Judge(settings, CaseLibrary.load(settings))
        rows = load_labelled([settings.path(Path(dataset))])
        the_rubric = load_rubric(settings.path(Path(rubric)))
        out = Path(workdir) / f"eval-{Path(dataset).stem}-{backend}-{judge}"
        summary = run_eval(rows, the_rubric, EvalOptions(backend=backend, judge=judge), out, settings.path(settings.cache_dir) / "evals",
                           {c.id for c in CaseLibrary.load(settings).cases}, judge=judge_impl)
    except StoryWorldError as exc:
        raise _error(exc) from None
    table = views.table("evals", views.eval_rows(summary["criteria"], lang), lang)
    words = {key: forms.get(lang, forms["en"]) for key, forms in STATUS.items()}
    verdict = words["evals"].format(mean=summary["overall"]["mean"], items=summary["items"])
    if baseline:
        drops = compare(summary, json.loads(Path(baseline).read_text(encoding="utf-8")))
        verdict += " · " + (words["regression"].format(drops="; ".join(drops)) if drops else words["steady"])
    return verdict, table, chart_svg(summary), str(out / "report.html")


def browser_language(accept_language: str | None) -> str:
    """zh, ko or en from an Accept-Language header (first supported one wins), en otherwise."""
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in ("zh", "ko", "en"):
            return code
    return "en"


def request_language(request) -> str:  # type: ignore[no-untyped-def]
    return browser_language(request.headers.get("accept-language") if request is not None else None)


def initial_library(request=None):  # type: ignore[no-untyped-def]
    """The case list on page load, and the filters' choices, in the browser's language."""
    import gradio as gr

    from assistant.library import CaseLibrary

    lang = request_language(request)
    rows, pick = filter_cases(ALL, ALL, ALL, ALL, lang)
    country, trope, ip_origin, strategy = views.filter_choices(CaseLibrary.load().taxonomy, lang, ALL)
    return (gr.update(value=lang), rows, pick, gr.update(choices=country), gr.update(choices=trope), gr.update(choices=ip_origin),
            gr.update(choices=strategy))


def filter_cases(country: str, trope: str, ip_origin: str, strategy: str, lang: str):  # type: ignore[no-untyped-def]
    import gradio as gr

    from assistant.library import CaseLibrary

    library = CaseLibrary.load()
    cases = library.filter(country=None if country == ALL else country, trope=None if trope == ALL else trope)
    cases = [c for c in cases if (ip_origin == ALL or c.dimensions.ip_origin.type == ip_origin)
             and (strategy == ALL or c.dimensions.development_strategy.type == strategy)]
    language = lang if lang in ("zh", "ko", "en") else "en"
    ids = [c.id for c in cases]
    return views.table("cases", views.case_rows(cases, language), language), gr.update(choices=ids, value=ids[0] if ids else None)


# ---------------------------------------------------------------- layout


def build_app(settings: Settings | None = None):  # type: ignore[no-untyped-def]
    import gradio as gr
    from typing import get_args

    from assistant.library import CaseLibrary
    from assistant.schemas.case import IPOriginType, StrategyType
    from assistant.ui.i18n import build_i18n

    settings = settings or get_settings()
    i18n = build_i18n()
    library = CaseLibrary.load(settings)
    workdir = tempfile.mkdtemp(prefix="storyworld-ui-")
    backend_default = settings.effective_backend
    datasets = sorted(str(p.relative_to(settings.home)) for p in (settings.home / "evals" / "datasets").glob("pitches*.jsonl"))
    rubrics = sorted(str(p.relative_to(settings.home)) for p in (settings.home / "evals").glob("*.yaml"))

    with gr.Blocks(title="StoryWorld") as demo:
        work = gr.State(workdir)
        critique_state = gr.State(None)
        pitch_state = gr.State("")
        gr.Markdown("# StoryWorld")
        gr.Markdown(i18n("intro"))
        with gr.Tabs():
            with gr.Tab(i18n("tab_critique")):
                with gr.Row():
                    with gr.Column(scale=3):
                        pitch = gr.Textbox(label=i18n("pitch"), lines=12, max_lines=40, elem_id="sw-pitch")
                        upload = gr.File(label=i18n("upload"), file_types=[".txt", ".md", ".docx", ".fountain"], type="filepath")
                    with gr.Column(scale=1):
                        lang = gr.Dropdown(["auto", "zh", "ko", "en"], value="auto", label=i18n("language"))
                        backend = gr.Dropdown(["offline", "openai"], value=backend_default, label=i18n("backend"))
                        run = gr.Button(i18n("run"), variant="primary", elem_id="sw-run")
                card = gr.HTML(elem_id="sw-card")
                plot = gr.Plot(label=i18n("curve"), elem_id="sw-plot")
                with gr.Row():
                    with gr.Column():
                        gr.Markdown(i18n("findings_h"))
                        findings = gr.Markdown(elem_id="sw-findings")
                    with gr.Column():
                        gr.Markdown(i18n("comps_h"))
                        comps = gr.Markdown(elem_id="sw-comps")
                        case_pick = gr.Dropdown([], label=i18n("open_case"), interactive=True, allow_custom_value=True)
                        case_view = gr.HTML(elem_id="sw-case")
                gr.Markdown(i18n("suggestions_h"))
                suggestions = gr.Markdown(elem_id="sw-suggestions")
                downloads = gr.File(label=i18n("downloads"), file_count="multiple", interactive=False)
                run.click(run_critique, [pitch, upload, lang, backend, work],
                          [card, plot, findings, comps, suggestions, downloads, case_pick, critique_state, pitch_state], api_name="critique")
                case_pick.change(show_case, [case_pick, lang, critique_state], case_view, api_name="case_card")
            with gr.Tab(i18n("tab_chat")):
                chatbot = gr.Chatbot(label=i18n("tab_chat"), height=420, elem_id="sw-chat")  # not Gradio's English "Chatbot"
                box = gr.Textbox(label=i18n("chat_box"), lines=2)
                send = gr.Button(i18n("send"))
                send.click(chat_turn, [box, chatbot, pitch_state, critique_state], [box, chatbot, critique_state], api_name="chat")
                box.submit(chat_turn, [box, chatbot, pitch_state, critique_state], [box, chatbot, critique_state], api_visibility="private")
            with gr.Tab(i18n("tab_batch")):
                batch_file = gr.File(label=i18n("batch_file"), file_types=[".csv", ".xlsx", ".jsonl", ".zip"], type="filepath")
                with gr.Row():
                    batch_backend = gr.Dropdown(["offline", "openai"], value=backend_default, label=i18n("backend"))
                    batch_lang = gr.Dropdown(["auto", "zh", "ko", "en"], value="auto", label=i18n("language"))
                    batch_run = gr.Button(i18n("batch_run"), variant="primary")
                batch_status = gr.Markdown()
                batch_table = gr.Dataframe(headers=["id", "title", "language", "logic", "stacking", "world", "character", "comps"], interactive=False)
                batch_files = gr.File(label=i18n("downloads"), file_count="multiple", interactive=False)

                def _batch(upload_path, be, lg, wd, request, progress=gr.Progress()):  # type: ignore[no-untyped-def]
                    return run_batch_ui(upload_path, be, lg, wd, progress=lambda dt: progress(dt), table_lang=request_language(request))

                _batch.__annotations__ = {"request": gr.Request}  # a real annotation: Gradio passes the request to it

                batch_run.click(_batch, [batch_file, batch_backend, batch_lang, work], [batch_status, batch_table, batch_files], api_name="batch")
            with gr.Tab(i18n("tab_evals")):
                with gr.Row():
                    ev_dataset = gr.Dropdown(datasets, value=datasets[0] if datasets else None, label=i18n("eval_dataset"))
                    ev_rubric = gr.Dropdown(rubrics, value="evals/rubric.yaml" if "evals/rubric.yaml" in rubrics else None, label=i18n("eval_rubric"))
                    ev_backend = gr.Dropdown(["offline", "openai"], value="offline", label=i18n("backend"))
                    ev_judge = gr.Dropdown(["offline", "openai"], value="offline", label=i18n("eval_judge"))
                ev_baseline = gr.File(label=i18n("eval_baseline"), file_types=[".json"], type="filepath")
                ev_run = gr.Button(i18n("eval_run"), variant="primary")
                ev_status = gr.Markdown()
                ev_table = gr.Dataframe(headers=["criterion", "kind", "mean", "95% CI", "pass rate"], interactive=False)
                ev_chart = gr.HTML()
                ev_report = gr.File(label="report.html", interactive=False)
                def _evals(dataset, rubric, be, judge, baseline, wd, request):  # type: ignore[no-untyped-def]
                    return run_evals_ui(dataset, rubric, be, judge, baseline, wd, lang=request_language(request))

                _evals.__annotations__ = {"request": gr.Request}
                ev_run.click(_evals, [ev_dataset, ev_rubric, ev_backend, ev_judge, ev_baseline, work], [ev_status, ev_table, ev_chart, ev_report],
                             api_name="evals")
            with gr.Tab(i18n("tab_cases")):
                trope_ids = [ALL] + sorted(c.id for c in library.taxonomy.concepts)
                with gr.Row():
                    f_country = gr.Dropdown([ALL, "CN", "KR", "other"], value=ALL, label=i18n("country"))
                    f_trope = gr.Dropdown(trope_ids, value=ALL, label=i18n("trope"))
                    f_ip = gr.Dropdown([ALL, *get_args(IPOriginType)], value=ALL, label=i18n("ip_origin"))
                    f_strategy = gr.Dropdown([ALL, *get_args(StrategyType)], value=ALL, label=i18n("strategy"))
                    f_lang = gr.Dropdown(["zh", "ko", "en"], value="en", label=i18n("language"))
                f_run = gr.Button(i18n("filter"))
                case_table = gr.Dataframe(headers=["id", "title", "country", "year", "IP origin", "strategy", "stacking"], interactive=False)
                lib_pick = gr.Dropdown([], label=i18n("case"), interactive=True, allow_custom_value=True)
                lib_card = gr.HTML()
                f_run.click(filter_cases, [f_country, f_trope, f_ip, f_strategy, f_lang], [case_table, lib_pick], api_name="cases")
                lib_pick.change(show_case, [lib_pick, f_lang], lib_card, api_visibility="private")
                def _on_load(request):  # type: ignore[no-untyped-def]
                    return initial_library(request)

                # Real annotation object (this module uses postponed annotations, which Gradio cannot resolve here).
                _on_load.__annotations__ = {"request": gr.Request}

                demo.load(_on_load, None, [f_lang, case_table, lib_pick, f_country, f_trope, f_ip, f_strategy], api_visibility="private")
    return demo, i18n


def launch(host: str = "127.0.0.1", port: int = 7860, share: bool = False, block: bool = True, settings: Settings | None = None):  # type: ignore[no-untyped-def]
    """Start the app; optional login from STORYWORLD_AUTH, upload limit, bounded queue."""
    settings = settings or get_settings()
    auth = parse_auth(os.environ.get("STORYWORLD_AUTH"))
    demo, i18n = build_app(settings)
    demo.queue(default_concurrency_limit=2, max_size=64)
    demo.launch(server_name=host, server_port=port, share=share, auth=auth, max_file_size=MAX_FILE_SIZE, i18n=i18n,
                css=views.CSS, prevent_thread_lock=not block, show_error=True, quiet=True)
    return demo
