"""UI strings in Chinese, Korean and English; Gradio picks the browser's language."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "title": "StoryWorld — from stacked exciting moments to a story world", "tab_critique": "Critique", "tab_chat": "Chat",
        "tab_batch": "Batch", "tab_evals": "Evals", "tab_cases": "Case library", "pitch": "Pitch (logline, synopsis or episode outline)",
        "upload": "…or upload a .txt / .md / .docx", "language": "Answer language", "backend": "Backend", "run": "Critique",
        "diagnosis": "Diagnosis", "curve": "Intensity curve", "findings": "Findings", "comps": "Comparable cases", "open_case": "Open a case",
        "suggestions": "Suggestions", "findings_h": "### Findings", "comps_h": "### Comparable cases", "suggestions_h": "## Suggestions", "downloads": "Downloads", "chat_box": "Ask about your pitch: 'find Korean cases like this', 'expand the characters', 'what is stacking?', or paste a revised pitch (Shift+Enter sends)",
        "send": "Send", "batch_file": "Pitches: CSV / XLSX / JSONL, or a .zip of .txt/.md files", "batch_run": "Run batch",
        "batch_summary": "Summary", "eval_dataset": "Dataset", "eval_rubric": "Rubric", "eval_judge": "Judge", "eval_run": "Run evals",
        "eval_baseline": "Baseline summary.json (optional)", "eval_table": "Per-criterion scores", "country": "Country", "trope": "Trope",
        "ip_origin": "IP origin", "strategy": "Development strategy", "filter": "Filter", "case": "Case", "all": "all",
        "intro": "Paste a pitch in Chinese, Korean or English. StoryWorld reads it for stacked payoffs (爽点 / 사이다) and for the makings of a story world, finds comparable Chinese and Korean cases, and suggests world, character and transmedia moves.",
    },
    "zh": {
        "title": "StoryWorld：从爽点堆叠到故事世界", "tab_critique": "剧本诊断", "tab_chat": "对话", "tab_batch": "批量", "tab_evals": "评测",
        "tab_cases": "案例库", "pitch": "剧本（一句话梗概、故事大纲或分集大纲）", "upload": "……或上传 .txt / .md / .docx", "language": "回答语言",
        "backend": "后端", "run": "诊断", "diagnosis": "诊断", "curve": "强度曲线", "findings": "发现", "comps": "可比案例", "open_case": "打开案例",
        "suggestions": "开发建议", "findings_h": "### 发现", "comps_h": "### 可比案例", "suggestions_h": "## 开发建议", "downloads": "下载", "chat_box": "可以问：“找类似的韩国案例”“扩展人物”“什么是爽点堆叠？”，或粘贴修改后的剧本（Shift+Enter 发送）",
        "send": "发送", "batch_file": "剧本清单：CSV / XLSX / JSONL，或包含 .txt/.md 的 .zip", "batch_run": "批量诊断", "batch_summary": "汇总",
        "eval_dataset": "数据集", "eval_rubric": "评分标准", "eval_judge": "评审模型", "eval_run": "运行评测", "eval_baseline": "基线 summary.json（可选）",
        "eval_table": "各项得分", "country": "国家", "trope": "套路", "ip_origin": "IP来源", "strategy": "开发策略", "filter": "筛选", "case": "案例",
        "all": "全部", "intro": "粘贴中文、韩文或英文剧本。StoryWorld 会检查爽点是否堆叠、故事世界是否成形，找出可比的中韩案例，并给出世界观、人物和跨媒介开发建议。",
    },
    "ko": {
        "title": "StoryWorld — 사이다 쌓기에서 스토리 월드로", "tab_critique": "기획안 진단", "tab_chat": "대화", "tab_batch": "일괄 처리", "tab_evals": "평가",
        "tab_cases": "사례 라이브러리", "pitch": "기획안(로그라인, 시놉시스 또는 회차별 구성)", "upload": "…또는 .txt / .md / .docx 업로드", "language": "답변 언어",
        "backend": "백엔드", "run": "진단", "diagnosis": "진단", "curve": "강도 곡선", "findings": "발견", "comps": "비교 사례", "open_case": "사례 열기",
        "suggestions": "개발 제안", "findings_h": "### 발견", "comps_h": "### 비교 사례", "suggestions_h": "## 개발 제안", "downloads": "다운로드", "chat_box": "질문해 보세요: '비슷한 한국 사례 찾아줘', '캐릭터 확장해줘', '사이다 밀도란?', 또는 수정한 기획안을 붙여 넣기 (Shift+Enter로 보내기)",
        "send": "보내기", "batch_file": "기획안 목록: CSV / XLSX / JSONL 또는 .txt/.md가 든 .zip", "batch_run": "일괄 진단", "batch_summary": "요약",
        "eval_dataset": "데이터셋", "eval_rubric": "루브릭", "eval_judge": "평가 모델", "eval_run": "평가 실행", "eval_baseline": "기준 summary.json(선택)",
        "eval_table": "항목별 점수", "country": "국가", "trope": "트로프", "ip_origin": "IP 원천", "strategy": "개발 전략", "filter": "필터", "case": "사례",
        "all": "전체", "intro": "중국어, 한국어 또는 영어 기획안을 붙여 넣으세요. StoryWorld가 사이다가 쌓이기만 하는지, 스토리 월드가 만들어지고 있는지 읽고, 비교할 중·한 사례를 찾아 세계관·캐릭터·트랜스미디어 제안을 합니다.",
    },
}


def build_i18n():  # type: ignore[no-untyped-def]
    import gradio as gr

    return gr.I18n(**STRINGS)
