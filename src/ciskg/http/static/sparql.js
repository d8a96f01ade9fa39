// The query editor of ciskg: highlighting, examples, running a query against /sparql
// and showing the answer as a table whose IRIs link to the pages of this server.
// Written for this project (no library, no network access beyond this server).
"use strict";

(() => {
  const form = document.getElementById("query-form");
  const area = document.getElementById("query");
  const shade = document.getElementById("highlight");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const errorBox = document.getElementById("error");
  const downloads = document.getElementById("downloads");
  const select = document.getElementById("examples");
  const examples = JSON.parse(document.getElementById("examples-data").textContent);
  const prefixes = JSON.parse(document.getElementById("prefixes-data").textContent);
  const base = form.dataset.base;

  const KEYWORDS = new Set(("select construct describe ask where filter optional union graph " +
    "prefix base distinct reduced order by group having limit offset values bind as minus not " +
    "exists in service from named asc desc count sum min max avg sample group_concat separator " +
    "if coalesce str lang langmatches datatype bound iri uri bnode contains strstarts strends " +
    "regex lcase ucase isiri isblank isliteral true false undef a").split(" "));
  const TOKEN = /(#[^\n]*)|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(<[^<>"{}|^`\\\s]*>)|([?$][\w\u00B7-\uFFFF]+)|([A-Za-z][\w.-]*:[\w.-]*)|([A-Za-z_]+)/gu;

  const escapeHtml = (s) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

  function paint() {
    const text = area.value;
    let html = "";
    let last = 0;
    for (const m of text.matchAll(TOKEN)) {
      html += escapeHtml(text.slice(last, m.index));
      const [token, comment, string, iri, variable, pname, word] = m;
      let css = "";
      if (comment) css = "c-comment";
      else if (string) css = "c-string";
      else if (iri) css = "c-iri";
      else if (variable) css = "c-var";
      else if (pname) css = "c-pname";
      else if (word && KEYWORDS.has(word.toLowerCase())) css = "c-kw";
      html += css ? `<span class="${css}">${escapeHtml(token)}</span>` : escapeHtml(token);
      last = m.index + token.length;
    }
    html += escapeHtml(text.slice(last));
    shade.innerHTML = html + (text.endsWith("\n") ? " " : "");
    shade.scrollTop = area.scrollTop;
    shade.scrollLeft = area.scrollLeft;
  }

  function compact(iri) {
    if (iri.startsWith(base + "id/")) return iri.slice(base.length + 3);
    let best = "";
    let shown = iri;
    for (const [prefix, ns] of Object.entries(prefixes)) {
      const local = iri.slice(ns.length);
      if (iri.startsWith(ns) && ns.length > best.length && local && !/[/#]/.test(local)) {
        best = ns;
        shown = `${prefix}:${local}`;
      }
    }
    return shown;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = term.value.startsWith(base) ? "/" + term.value.slice(base.length) : term.value;
      a.textContent = compact(term.value);
      a.title = term.value;
      td.append(a);
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else {
      const span = document.createElement("span");
      span.textContent = term.value;
      if (term["xml:lang"]) span.lang = term["xml:lang"];
      td.append(span);
      if (term["xml:lang"]) {
        const tag = document.createElement("small");
        tag.className = "tag";
        tag.textContent = " @" + term["xml:lang"];
        td.append(tag);
      }
    }
    return td;
  }

  function show(head, rows) {
    const table = document.createElement("table");
    table.className = "results";
    const tr = table.createTHead().insertRow();
    for (const name of head) {
      const th = document.createElement("th");
      th.textContent = name;
      tr.append(th);
    }
    const body = table.createTBody();
    for (const row of rows) {
      const line = body.insertRow();
      for (const term of row) line.append(cell(term));
    }
    results.replaceChildren(table);
  }

  const NT_TERM = /^(<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?)\s*/;
  function ntTerm(text) {
    if (text.startsWith("<")) return { type: "uri", value: text.slice(1, -1) };
    if (text.startsWith("_:")) return { type: "bnode", value: text.slice(2) };
    const end = text.lastIndexOf('"');
    const value = JSON.parse(text.slice(0, end + 1));
    const rest = text.slice(end + 1);
    return rest.startsWith("@") ? { type: "literal", value, "xml:lang": rest.slice(1) } : { type: "literal", value };
  }
  function fromNTriples(body) {
    const rows = [];
    for (let line of body.split("\n")) {
      line = line.trim();
      const row = [];
      while (row.length < 3 && line) {
        const m = NT_TERM.exec(line);
        if (!m) break;
        row.push(ntTerm(m[1]));
        line = line.slice(m[0].length);
      }
      if (row.length === 3) rows.push(row);
    }
    return { head: ["subject", "predicate", "object"], rows };
  }

  async function run(event) {
    if (event) event.preventDefault();
    const query = area.value;
    status.textContent = "…";
    errorBox.replaceChildren();
    const started = performance.now();
    let response;
    try {
      response = await fetch("/sparql", {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Accept: "application/sparql-results+json, application/n-triples;q=0.9",
        },
        body: new URLSearchParams({ query }),
      });
    } catch (err) {
      status.textContent = String(err);
      return;
    }
    const ms = Math.round(performance.now() - started);
    const body = await response.text();
    if (!response.ok) {
      const pre = document.createElement("pre");
      pre.className = "error";
      pre.textContent = body;
      errorBox.append(pre);
      results.replaceChildren();
      status.textContent = `${response.status} · ${ms} ms`;
      return;
    }
    let table;
    if ((response.headers.get("content-type") || "").startsWith("application/n-triples")) {
      table = fromNTriples(body);
    } else {
      const data = JSON.parse(body);
      table = "boolean" in data
        ? { head: ["boolean"], rows: [[{ type: "literal", value: String(data.boolean) }]] }
        : { head: data.head.vars, rows: data.results.bindings.map((b) => data.head.vars.map((v) => b[v])) };
    }
    show(table.head, table.rows);
    status.textContent = `${table.rows.length} rows · ${ms} ms`;
    const url = (fmt) => "/sparql?" + new URLSearchParams({ query, format: fmt });
    downloads.replaceChildren(...["csv", "tsv", "json", "xml"].map((fmt) => {
      const a = document.createElement("a");
      a.href = url(fmt);
      a.textContent = fmt.toUpperCase();
      return a;
    }));
    history.replaceState(null, "", "/sparql/ui?" + new URLSearchParams({ query }));
  }

  select.addEventListener("change", () => {
    const chosen = examples.find((e) => e.name === select.value);
    if (chosen) {
      area.value = chosen.text;
      paint();
    }
  });
  area.addEventListener("input", paint);
  area.addEventListener("scroll", () => {
    shade.scrollTop = area.scrollTop;
    shade.scrollLeft = area.scrollLeft;
  });
  area.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) run(event);
  });
  form.addEventListener("submit", run);
  document.body.classList.add("js");
  paint();
})();
