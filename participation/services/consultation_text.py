"""Markdown to safe HTML, draft texts split into paragraphs, and diffs between versions."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from html import escape

import markdown
import nh3

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def markdown_render(text: str) -> str:
    """Markdown as HTML that is safe to show: nh3 keeps only a small set of tags."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"])
    # Headings inside a body sit below the page's own h1.
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )


@dataclass(frozen=True)
class SplitParagraph:
    section: str
    text: str


def draft_split(source: str) -> list[SplitParagraph]:
    """A draft text's paragraphs: blocks separated by blank lines; a "#" line starts a section."""
    paragraphs: list[SplitParagraph] = []
    section = ""
    for block in re.split(r"\n\s*\n", source.replace("\r\n", "\n")):
        lines = [line for line in block.strip().split("\n") if line.strip()]
        body: list[str] = []
        for line in lines:
            heading = re.match(r"^#{1,6}\s+(.*)$", line.strip())
            if heading:
                if body:
                    paragraphs.append(SplitParagraph(section, "\n".join(body)))
                    body = []
                section = heading.group(1).strip()[:200]
            else:
                body.append(line.rstrip())
        if body:
            paragraphs.append(SplitParagraph(section, "\n".join(body)))
    return paragraphs


@dataclass(frozen=True)
class DiffBlock:
    """One paragraph in the comparison: ``status`` is same, added, removed or changed."""

    status: str
    section: str
    html: str


def _words_diff(old: str, new: str) -> str:
    old_words, new_words = old.split(), new.split()
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(old_words[a1:a2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(' '.join(old_words[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(' '.join(new_words[b1:b2]))}</ins>")
    return " ".join(out)


def draft_diff(old: list[SplitParagraph], new: list[SplitParagraph]) -> list[DiffBlock]:
    """Paragraph-level alignment (difflib), then a word-level diff inside changed paragraphs.

    Every piece of text is escaped; only ``<ins>`` and ``<del>`` are markup.
    """
    blocks: list[DiffBlock] = []
    old_texts = [p.text for p in old]
    new_texts = [p.text for p in new]
    matcher = difflib.SequenceMatcher(a=old_texts, b=new_texts, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            blocks += [DiffBlock("same", p.section, escape(p.text)) for p in new[b1:b2]]
        elif op == "delete":
            blocks += [
                DiffBlock("removed", p.section, f"<del>{escape(p.text)}</del>") for p in old[a1:a2]
            ]
        elif op == "insert":
            blocks += [
                DiffBlock("added", p.section, f"<ins>{escape(p.text)}</ins>") for p in new[b1:b2]
            ]
        else:
            pairs = list(zip(old[a1:a2], new[b1:b2], strict=False))
            for before, after in pairs:
                blocks.append(
                    DiffBlock("changed", after.section, _words_diff(before.text, after.text))
                )
            for extra in old[a1 + len(pairs) : a2]:
                blocks.append(
                    DiffBlock("removed", extra.section, f"<del>{escape(extra.text)}</del>")
                )
            for extra in new[b1 + len(pairs) : b2]:
                blocks.append(DiffBlock("added", extra.section, f"<ins>{escape(extra.text)}</ins>"))
    return blocks
