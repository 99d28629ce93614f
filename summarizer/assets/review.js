"use strict";
// The review page. Everything shown comes from the JSON block and is put in the page with
// textContent, attributes or text nodes, never parsed as markup: a script tag in an article is
// shown as those characters. Only the displayed article is in the DOM.
(function () {
  const DATA = JSON.parse(document.getElementById("data").textContent);
  // Okabe & Ito's palette: distinguishable with the common colour-vision deficiencies.
  const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];
  const HOW = {
    cue: "cue: the article says so plainly (a reporting verb next to the name, a pronoun resolved to a name, a quotation running on)",
    model: "model: the article does not say plainly; the model was asked who said it",
    nearest: "nearest: the article does not say plainly; the person it last made its subject (a guess to check)",
  };
  const state = { current: -1, visible: [], haystacks: null };
  const $ = (id) => document.getElementById(id);

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else if (key === "color") node.style.setProperty("--c", value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  const plural = (n, word) => n + " " + word + (n === 1 ? "" : "s");
  const counts = (a) => a.status === "ok"
    ? [plural(a.quotes.length, "quote"), plural(a.participants.length, "participant"),
       plural(a.agreements.length, "agreement"), plural((a.statements || []).length, "statement")].join(" · ") + (a.seconds != null ? " · " + a.seconds.toFixed(1) + " s" : "")
    : (a.seconds != null ? a.seconds.toFixed(1) + " s" : "");

  // ------------------------------------------------------------------ speakers

  function initials(name) {
    const words = name.split(/\s+/).map((w) => w.replace(/^[^\p{L}]+/u, "")).filter(Boolean);
    if (!words.length) return "?";
    const picked = words.length === 1 ? [words[0]] : [words[0], words[words.length - 1]];
    return picked.map((w) => [...w][0]).join("").toUpperCase();
  }

  function speakersOf(a) {
    const speakers = new Map();
    const labels = new Map();
    for (const q of a.quotes) {
      if (!speakers.has(q.speaker)) {
        const base = initials(q.speaker);
        const n = (labels.get(base) || 0) + 1;
        labels.set(base, n);
        speakers.set(q.speaker, { name: q.speaker, color: PALETTE[speakers.size % PALETTE.length],
                                  label: n > 1 ? base + n : base, count: 0 });
      }
      speakers.get(q.speaker).count += 1;
    }
    return speakers;
  }

  // ------------------------------------------------------------------ the article text

  // The ranges a selection can highlight: "s<i>" quote i's speaker mention, "p<i>" the
  // mentions of participant i, "a<i>" the sentence stating agreement i, "t<i>" statement i (reported
  // speech) and its speaker's mention.
  function highlightRanges(a) {
    const ranges = [];
    a.quotes.forEach((q, i) => { if (q.speaker_start != null) ranges.push([q.speaker_start, q.speaker_end, "s" + i]); });
    a.participants.forEach((p, i) => p.mentions.forEach(([s, e]) => ranges.push([s, e, "p" + i])));
    a.agreements.forEach((g, i) => { if (g.sentence) ranges.push([g.sentence[0], g.sentence[1], "a" + i]); });
    (a.statements || []).forEach((t, i) => {
      ranges.push([t.start, t.end, "t" + i]);
      if (t.speaker_start != null) ranges.push([t.speaker_start, t.speaker_end, "t" + i]);
    });
    return ranges;
  }

  // The text cut at every boundary of a quotation or a highlight range; each quotation is one
  // mark (a quotation inside another nests), each piece of a range a span naming its ranges.
  function buildText(a, speakers, container) {
    const text = a.text;
    const ranges = highlightRanges(a);
    const cuts = new Set([0, text.length]);
    for (const q of a.quotes) { cuts.add(q.start); cuts.add(q.end); }
    for (const [s, e] of ranges) { cuts.add(s); cuts.add(e); }
    const points = [...cuts].filter((x) => x >= 0 && x <= text.length).sort((x, y) => x - y);
    const order = a.quotes.map((_, i) => i)
      .sort((x, y) => a.quotes[x].start - a.quotes[y].start || a.quotes[y].end - a.quotes[x].end);
    const open = [];
    let next = 0;
    const parent = () => (open.length ? open[open.length - 1].node : container);
    for (let k = 0; k + 1 < points.length; k++) {
      const start = points[k], end = points[k + 1];
      while (open.length && a.quotes[open[open.length - 1].index].end <= start) open.pop();
      while (next < order.length && a.quotes[order[next]].start <= start) {
        const index = order[next++];
        const mark = quoteMark(a.quotes[index], index, speakers);
        parent().append(mark);
        open.push({ index, node: mark });
      }
      const keys = ranges.filter(([s, e]) => s <= start && end <= e).map((r) => r[2]);
      const piece = text.slice(start, end);
      parent().append(keys.length ? el("span", { "data-r": keys.join(" "), text: piece }) : piece);
    }
  }

  function quoteMark(q, index, speakers) {
    const s = speakers.get(q.speaker);
    return el("mark", {
      class: "quote", tabindex: "0", "data-q": index, "data-speaker": q.speaker, "data-source": q.speaker_source,
      "data-label": s.label, color: s.color, title: q.speaker + " (" + q.speaker_source + ")",
    });
  }

  // ------------------------------------------------------------------ one article

  function show(index) {
    state.current = index;
    const a = DATA.articles[index];
    $("view").replaceChildren(...articleView(a));
    if (!DATA.single) {
      for (const node of $("list").querySelectorAll('[aria-selected="true"]')) node.setAttribute("aria-selected", "false");
      $("item-" + index).setAttribute("aria-selected", "true");
      $("list").setAttribute("aria-activedescendant", "item-" + index);
      window.scrollTo(0, 0);
    }
  }

  function articleView(a) {
    const parts = [el("header", {},
      el("h1", { text: a.source }),
      el("p", { class: "muted" }, el("span", { class: "status " + statusClass(a), text: a.status }), counts(a),
         a.cached ? " (from cache)" : ""),
      a.summary ? el("section", { class: "summary" }, el("h2", { text: "Summary" }), el("p", { text: a.summary })) : null)];
    if (a.error || a.warnings.length) parts.push(problems(a));
    if (a.text !== null) parts.push(columns(a));
    return parts;
  }

  const statusClass = (a) => (a.status === "ok" ? "status-ok" : "status-error");

  function problems(a) {
    const items = (a.error ? ["Not summarized: " + a.error] : []).concat(a.warnings);
    return el("section", { class: "problems", id: "problems" },
      el("h2", { text: a.error ? "Error" : plural(a.warnings.length, "warning") + ": left out of the summary" }),
      el("ul", {}, ...items.map((w) => el("li", { text: w }))));
  }

  function columns(a) {
    const speakers = speakersOf(a);
    const text = el("article", { id: "text", class: "text", "aria-label": "Article text, quotations highlighted" });
    buildText(a, speakers, text);
    text.addEventListener("click", (e) => pickQuote(e));
    text.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") pickQuote(e); });
    const aside = el("aside", { "aria-label": "Details" },
      el("h2", { text: "Selected" }),
      el("div", { id: "details", "aria-live": "polite" },
         el("p", { class: "muted", text: "Select a quotation (click, or Tab to it and press Enter), a participant, an agreement or a statement." })),
      legend(speakers), picks(a, "p"), picks(a, "a"), picks(a, "t"));
    aside.addEventListener("click", (e) => {
      const button = e.target.closest("button[data-pick]");
      if (button) select(button.dataset.pick[0], Number(button.dataset.pick.slice(1)));
    });
    return el("div", { class: "columns" }, text, aside);
  }

  function pickQuote(e) {
    const mark = e.target.closest("mark.quote");
    if (!mark) return;
    e.preventDefault();
    select("q", Number(mark.dataset.q));
  }

  function legend(speakers) {
    const rows = [...speakers.values()].map((s) => el("li", {},
      el("span", { class: "badge", color: s.color, text: s.label }), el("span", { class: "swatch", color: s.color }),
      s.name + " (" + plural(s.count, "quote") + ")"));
    return el("section", { class: "legend" }, el("h2", { text: "Speakers" }),
      rows.length ? el("ul", {}, ...rows) : el("p", { class: "muted", text: "No quotations." }),
      el("ul", { class: "muted" },
        el("li", {}, el("span", { class: "swatch", color: "#444" }), "solid: the text names the speaker (cue)"),
        el("li", {}, el("span", { class: "swatch dashed", color: "#444" }), "dashed: the model was asked (model)")));
  }

  function picks(a, kind) {
    const rows = kind === "p"
      ? a.participants.map((p, i) => pick("p" + i, p.name, p.kind, [p.role, p.affiliation].filter(Boolean).join(" · ")))
      : kind === "a" ? a.agreements.map((g, i) => pick("a" + i, g.title, g.status,
          [g.parties.join(", ") || "parties not stated", g.date].filter(Boolean).join(" · ")))
      : (a.statements || []).map((t, i) => pick("t" + i, t.speaker, "reported", clip(a.text.slice(t.start, t.end), 90)));
    const title = { p: "Participants", a: "Agreements", t: "Statements, reported speech" }[kind];
    return el("section", {}, el("h2", { text: title + " (" + rows.length + ")" }),
      rows.length ? el("ul", {}, ...rows) : el("p", { class: "muted", text: "None found." }));
  }

  const clip = (words, n) => words.length > n ? words.slice(0, n - 1) + "\u2026" : words;

  function pick(key, name, kind, detail) {
    return el("li", {}, el("button", { type: "button", class: "pick", "data-pick": key, "aria-pressed": "false" },
      name + " ", el("span", { class: "kind", text: kind }), detail ? el("small", { text: detail }) : null));
  }

  // ------------------------------------------------------------------ selection

  function select(kind, index) {
    const a = DATA.articles[state.current];
    for (const node of document.querySelectorAll(".hit")) node.classList.remove("hit");
    for (const node of document.querySelectorAll("mark.selected")) node.classList.remove("selected");
    for (const node of document.querySelectorAll('.pick[aria-pressed="true"]')) node.setAttribute("aria-pressed", "false");
    const key = (kind === "q" ? "s" : kind) + index;
    const hits = [...document.querySelectorAll('#text [data-r~="' + key + '"]')];
    hits.forEach((node) => node.classList.add("hit"));
    if (kind === "q") document.querySelector('mark.quote[data-q="' + index + '"]').classList.add("selected");
    else document.querySelector('button[data-pick="' + key + '"]').setAttribute("aria-pressed", "true");
    const details = kind === "q" ? quoteDetails(a, index) : kind === "p" ? participantDetails(a, index, hits)
      : kind === "a" ? agreementDetails(a, index) : statementDetails(a, index);
    $("details").replaceChildren(...details);
    if (hits.length) hits[0].scrollIntoView({ block: "nearest" });
  }

  function line(label, value) {
    return el("p", {}, el("strong", { text: label + ": " }), value);
  }

  function quoteDetails(a, i) {
    const q = a.quotes[i];
    const mention = q.speaker_start != null
      ? "\u201c" + a.text.slice(q.speaker_start, q.speaker_end) + "\u201d at characters " + q.speaker_start + "\u2013" + q.speaker_end + " (highlighted)"
      : "the article does not name the speaker at this quotation";
    return [el("p", {}, el("q", { text: a.text.slice(q.start, q.end) })), line("Speaker", q.speaker),
      line("Decided by", HOW[q.speaker_source] || q.speaker_source), line("Named", mention),
      el("p", { class: "muted", text: "Characters " + q.start + "\u2013" + q.end }) ];
  }

  function participantDetails(a, i, hits) {
    const p = a.participants[i];
    return [el("p", {}, el("strong", { text: p.name }), " ", el("span", { class: "kind", text: p.kind })),
      p.role ? line("Role", p.role) : null, p.affiliation ? line("For", p.affiliation) : null,
      el("p", { class: "muted", text: plural(p.mentions.length, "mention") + " highlighted in the text" })].filter(Boolean);
  }

  function statementDetails(a, i) {
    const t = a.statements[i];
    return [el("p", {}, el("q", { text: a.text.slice(t.start, t.end) })), line("Speaker", t.speaker),
      line("Reported with", "\u201c" + t.cue + "\u201d"), line("Decided by", HOW[t.speaker_source] || t.speaker_source),
      el("p", { class: "muted", text: "Reported speech, not word for word: the statement and its speaker are highlighted. Characters "
        + t.start + "\u2013" + t.end }) ];
  }

  function agreementDetails(a, i) {
    const g = a.agreements[i];
    return [el("p", {}, el("strong", { text: g.title })), line("Status", g.status),
      line("Parties", g.parties.join(", ") || "not stated"), g.date ? line("Date", g.date) : null,
      g.sentence ? line("Stated in", "\u201c" + a.text.slice(g.sentence[0], g.sentence[1]) + "\u201d (highlighted)")
                 : line("Stated in", "no single sentence of the article holds most of its title")].filter(Boolean);
  }

  // ------------------------------------------------------------------ the list (batch report)

  function buildList() {
    $("articles").hidden = false;
    $("app").classList.add("with-list");
    const items = DATA.articles.map((a, i) => {
      const problem = a.error || (a.warnings.length ? plural(a.warnings.length, "warning") + ": " + a.warnings[0] : null);
      return el("li", { id: "item-" + i, role: "option", "aria-selected": "false", "data-index": i, "data-status": a.status },
        el("span", { class: "status " + statusClass(a), text: a.status }), el("span", { class: "source", text: a.source }),
        el("span", { class: "counts", text: counts(a) }), problem ? el("span", { class: "problem", text: problem, title: problem }) : null);
    });
    $("list").append(...items);
    for (const status of [...new Set(DATA.articles.map((a) => a.status))].sort()) {
      $("status").append(el("option", { value: status, text: status }));
    }
    $("list").addEventListener("click", (e) => {
      const item = e.target.closest("li[data-index]");
      if (item) show(Number(item.dataset.index));
    });
    $("filter").addEventListener("input", applyFilter);
    $("status").addEventListener("change", applyFilter);
    document.addEventListener("keydown", listKeys);
  }

  function haystack(a) {
    return [a.source, a.status, a.summary || "", a.error || "", a.text || "", ...a.warnings].join("\n").toLowerCase();
  }

  function applyFilter() {
    const words = $("filter").value.toLowerCase().split(/\s+/).filter(Boolean);
    const status = $("status").value;
    state.haystacks = state.haystacks || DATA.articles.map(haystack);
    state.visible = [];
    DATA.articles.forEach((a, i) => {
      const keep = (!status || a.status === status) && words.every((w) => state.haystacks[i].includes(w));
      $("item-" + i).hidden = !keep;
      if (keep) state.visible.push(i);
    });
    showCount();
    if (state.visible.length && !state.visible.includes(state.current)) show(state.visible[0]);
  }

  function showCount() {
    const total = DATA.articles.length;
    $("shown").textContent = state.visible.length === total ? plural(total, "article") : state.visible.length + " of " + plural(total, "article");
  }

  function move(step) {
    const visible = state.visible;
    if (!visible.length) return;
    const at = visible.indexOf(state.current);
    const to = step === "first" ? 0 : step === "last" ? visible.length - 1 : Math.min(visible.length - 1, Math.max(0, at + step));
    show(visible[to]);
    $("item-" + visible[to]).scrollIntoView({ block: "nearest" });
  }

  function listKeys(e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const typing = e.target.matches("input, select, textarea");
    const inList = e.target === $("list");
    const steps = { j: 1, k: -1, ArrowDown: 1, ArrowUp: -1, Home: "first", End: "last" };
    if (e.target === $("filter") && e.key === "ArrowDown") { $("list").focus(); e.preventDefault(); return; }
    if (e.key === "/" && !typing) { $("filter").focus(); e.preventDefault(); return; }
    if (!(e.key in steps) || typing || (!inList && !"jk".includes(e.key))) return;
    move(steps[e.key]);
    e.preventDefault();
  }

  // ------------------------------------------------------------------ start

  if (!DATA.single) buildList();
  state.visible = DATA.articles.map((_, i) => i);
  if (!DATA.single) showCount();
  if (DATA.articles.length) show(0);
  else $("view").append(el("p", { text: "No articles." }));
  document.body.dataset.readyMs = String(Math.round(performance.now()));
  document.body.dataset.ready = "1";
})();
