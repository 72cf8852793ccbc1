"""Driving the /admin/ page (Decap CMS) in headless Chromium as an editor would: fields found by their
Chinese labels, typed into, chosen from lists, files uploaded, the publish menu clicked."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from cdp import Browser, CDPError

# Page helpers: a field's input by its label (Decap's <label for=…>), values set as typing would set them.
HELPERS = r"""
window.__za = {
  visible(el) { return !!el && el.getBoundingClientRect().height > 0; },
  label(text) {
    return [...document.querySelectorAll('label[for]')].find(l =>
      l.textContent.trim() === text || l.textContent.trim().startsWith(text + ' ') ||
      l.textContent.trim().startsWith(text + '（') || l.textContent.trim().startsWith(text + '('));
  },
  input(text) { const l = this.label(text); return l ? document.getElementById(l.htmlFor) : null; },
  set(el, value) {
    const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, value);
    el.dispatchEvent(new Event('input', {bubbles: true}));
    el.dispatchEvent(new Event('change', {bubbles: true}));
  },
  byText(selector, text) {
    return [...document.querySelectorAll(selector)].find(e => this.visible(e) && e.textContent.trim() === text);
  },
  byPrefix(selector, text) {
    return [...document.querySelectorAll(selector)].find(e => this.visible(e) && e.textContent.trim().startsWith(text)
      && !e.querySelector(selector));
  },
  center(el) { const r = el.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; },
};
"""


class Admin:
    """One editor at the admin page of a local-mode site."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.b, self.base = browser, base_url

    def wait(self, expression: str, timeout: float = 60, what: str = "") -> Any:
        """Poll a JavaScript expression until it is truthy; its value."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.b.eval(f"(() => {{ {HELPERS} return ({expression}); }})()")
            if value:
                return value
            time.sleep(0.25)
        raise CDPError(f"timed out waiting for {what or expression}")

    def open(self) -> None:
        """Open /admin/ and log in to the local backend."""
        self.b.goto(self.base + "admin/")
        self.wait("!!document.querySelector('button')", what="Decap")
        if self.b.eval(f"(() => {{ {HELPERS} return !!__za.byText('button', '登录'); }})()"):
            self.click_text("button", "登录")
        self.wait("location.hash.includes('/collections')", what="the collections view")

    def click_at(self, x: float, y: float) -> None:
        """A real mouse click at page coordinates."""
        for kind in ("mousePressed", "mouseReleased"):
            self.b.call("Input.dispatchMouseEvent", session=True, type=kind, x=x, y=y, button="left", clickCount=1)

    def click_text(self, selector: str, text: str, timeout: float = 30) -> None:
        """Click the visible element matching `selector` whose text is `text`."""
        point = self.wait(f"(() => {{ const e = __za.byText({json.dumps(selector)}, {json.dumps(text)});"
                          " if (!e) return null; e.scrollIntoView({block: 'center'}); return __za.center(e); })()",
                          timeout, f"{selector} “{text}”")
        self.click_at(*point)

    def new_entry(self, collection: str) -> None:
        """Open the form for a new item in that collection."""
        # Leaving a refused form asks "leave this page?" (yes); a new form offers the local backup of an unsaved
        # one (no: each test starts from an empty form, as an editor who declines it).
        self.b.eval("window.confirm = message => !message.includes('备份')")
        self.b.eval(f"location.hash = '#/collections/{collection}'")  # via the list: a form already at …/new stays
        self.wait(f"location.hash.endsWith('/{collection}') && !__za.input('标题')", what="the collection's list")
        self.b.eval(f"location.hash = '#/collections/{collection}/new'")
        # the form of the entry before stays a moment: wait for an empty one with its own (hidden) 目录
        self.wait("!!__za.input('标题') && __za.input('标题').value === '' && !!__za.input('文件夹')"
                  " && !document.querySelector('[class*=ErrorMessage], li[class*=error]')"
                  f" && location.hash.endsWith('/{collection}/new')", what="the new-entry form")

    def open_entry(self, collection: str, path: str) -> None:
        """Open an existing item (its folder path within the collection, e.g. 2026-00026)."""
        self.b.eval("window.confirm = message => !message.includes('备份')")
        self.b.eval(f"location.hash = '#/collections/{collection}/entries/{path}/index'")
        self.wait("!!__za.input('标题') && __za.input('标题').value", what="the entry form")

    def fill(self, label: str, value: str) -> None:
        """Type a value into a text, textarea or date field."""
        found = self.b.eval(f"(() => {{ {HELPERS} const el = __za.input({json.dumps(label)}); if (!el) return false;"
                            f" el.scrollIntoView({{block: 'center'}}); el.focus(); __za.set(el, {json.dumps(value)});"
                            " return true; })()")
        if not found:
            raise CDPError(f"no field labelled {label}")

    def value(self, label: str) -> str:
        """The current value of a text field."""
        return str(self.b.eval(f"(() => {{ {HELPERS} const el = __za.input({json.dumps(label)}); return el ? el.value : null; }})()"))

    def choose(self, label: str, typed: str, option: str | None = None) -> None:
        """Pick from a select or relation field: type to search, then click the option."""
        self.b.eval(f"(() => {{ {HELPERS} const el = __za.input({json.dumps(label)}); el.scrollIntoView({{block: 'center'}});"
                    " el.focus(); })()")
        self.b.call("Input.insertText", session=True, text=typed)
        point = self.wait("(() => { const e = __za.byPrefix('[id*=-option-], [class*=option]', "
                          f"{json.dumps(option or typed)}); return e && __za.center(e); }})()", 60, f"option {option or typed}")
        self.click_at(*point)

    def upload(self, files: list[Path]) -> None:
        """Attach files to the form's first empty 文件 field through Decap's media library."""
        self.click_text("button", "选择文件")
        self.wait("!!document.querySelector('input[type=file]')", what="the media library")
        doc = self.b.call("DOM.getDocument", session=True, depth=0)
        node = self.b.call("DOM.querySelector", session=True, nodeId=doc["root"]["nodeId"], selector="input[type=file]")
        self.b.call("DOM.setFileInputFiles", session=True, nodeId=node["nodeId"], files=[str(f) for f in files])
        # the uploaded file's card (selected once the upload is done), then choose it
        self.wait(f"!!__za.byText('p, div, span', {json.dumps(files[-1].name)})", what=f"the upload of {files[-1].name}")
        time.sleep(0.5)
        self.click_text("button", "选用已选中项目", timeout=60)
        self.wait("!__za.byText('button', '选用已选中项目')", what="the media library to close")

    def errors(self) -> list[str]:
        """The validation messages shown under the fields."""
        return list(self.b.eval(f"(() => {{ {HELPERS} return [...document.querySelectorAll('ul li')]"
                                ".map(li => li.textContent.trim()).filter(t => t.startsWith('“')); })()"))

    def markdown_mode(self) -> None:
        """Switch the body from rich text to Markdown (the switch in the body's toolbar)."""
        point = self.wait("(() => { const e = document.querySelector('button[role=switch]'); if (!e) return null;"
                          " e.scrollIntoView({block: 'center'}); return __za.center(e); })()", what="the Markdown switch")
        self.click_at(*point)
        self.wait("[...document.querySelectorAll('[data-slate-editor] *')].some(e => e.textContent.startsWith('## '))",
                  what="the body in Markdown")

    def write_section(self, heading: str, text: str) -> None:
        """Type a paragraph under `## heading` of the body (in Markdown mode): click the heading's end, new lines, text."""
        point = self.wait("(() => { const line = [...document.querySelectorAll('[data-slate-editor] [data-slate-node=element]')]"
                          f".find(e => e.textContent === {json.dumps('## ' + heading)}); if (!line) return null;"
                          " line.scrollIntoView({block: 'center'}); const r = document.createRange(); r.selectNodeContents(line);"
                          " const rects = r.getClientRects(); const last = rects[rects.length - 1];"
                          " return [last.right - 1, last.top + last.height / 2]; })()", what=f"the ## {heading} line")
        caret_on_line = ("(() => { const n = getSelection().anchorNode; const line = n && (n.nodeType === 1 ? n : n.parentElement)"
                         ".closest('[data-slate-node=element]'); return !!line && line.textContent === "
                         f"{json.dumps('## ' + heading)}; }})()")
        for _ in range(5):  # the editor may still be settling after the switch: click until the caret is there
            self.click_at(*point)
            time.sleep(0.3)
            if self.b.eval(caret_on_line):
                break
        else:
            raise CDPError(f"the caret did not reach the ## {heading} line")
        self.b.press("End", "End", 35)
        for _ in range(2):
            self.b.press("Enter", "Enter", 13, text="\r")
        self.b.call("Input.insertText", session=True, text=text)

    def publish(self) -> None:
        """发布 → 立即发布 (Decap's simple mode: the local backend writes the file)."""
        self.click_text("button, [role=button], span", "发布")
        self.click_text("[role=menuitem], li, div", "立即发布")
