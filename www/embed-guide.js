// The embedding guide's own script, shared by embed.html and embed.zh.html (each page's words
// are below, chosen by its <html lang>): size every Fulcrum frame of the page from its height
// messages, and give each snippet and the "Build your own" form their code, Copy and Preview.
(function () {
  var zh = /^zh/i.test(document.documentElement.lang);
  var words = zh
    ? { copy: "复制", preview: "预览", hide: "隐藏预览", copied: "已复制。", fallback: "请选中文本后复制。", title: "Fulcrum：" }
    : { copy: "Copy", preview: "Preview", hide: "Hide preview", copied: "Copied.", fallback: "Select the text and copy it.", title: "Fulcrum: " };
  // A frame's title is read to the embed's readers: in the embed's language, as the builder sets it.
  var titles = {
    en: { prefix: "Fulcrum: ", ring: "ring", pool: "pool", table: "table", compare: "compare", lookup: "lookup", flow: "flow", sweep: "sweep" },
    zh: { prefix: "Fulcrum：", ring: "哈希环", pool: "服务器池", table: "请求分布表", compare: "对比", lookup: "查找", flow: "请求流", sweep: "负载扫描" }
  };

  // The same code the snippets carry.
  addEventListener("message", function (e) {
    var d = e.data;
    if (!d || d.type !== "fulcrum:height") return;
    var h = Number(d.height);
    if (!isFinite(h)) return;
    document.querySelectorAll("iframe[data-fulcrum]").forEach(function (f) {
      if (f.contentWindow === e.source && new URL(f.src, location.href).origin === e.origin) {
        f.style.height = Math.min(4000, Math.max(100, Math.round(h))) + "px";
      }
    });
  });

  // A preview opens below its button, often under the screen's edge: bring it into sight
  // (without the smooth scroll for a reader who asked for reduced motion).
  function reveal(frame) {
    var still = matchMedia("(prefers-reduced-motion: reduce)").matches;
    frame.scrollIntoView({ block: "nearest", behavior: still ? "auto" : "smooth" });
  }

  // The playground's address, next to this page (works from any sub-path).
  var base = new URL("index.html", location.href).href;
  var listener =
    '<script>\n' +
    'addEventListener("message", function (e) {\n' +
    '  var d = e.data; if (!d || d.type !== "fulcrum:height") return;\n' +
    '  var h = Number(d.height); if (!isFinite(h)) return;\n' +
    '  document.querySelectorAll("iframe[data-fulcrum]").forEach(function (f) {\n' +
    '    if (f.contentWindow === e.source && new URL(f.src, location.href).origin === e.origin)\n' +
    '      f.style.height = Math.min(4000, Math.max(100, Math.round(h))) + "px";\n' +
    '  });\n' +
    '});\n' +
    '</scr' + 'ipt>';

  function escapeAttr(s) {
    return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  function frameSrc(query) { return base + "?" + query; }
  function snippet(query, title, prefix) {
    return '<iframe src="' + escapeAttr(frameSrc(query)) + '" title="' + escapeAttr((prefix || words.title) + title) +
      '" width="100%" height="420" style="border:0" loading="lazy" data-fulcrum></iframe>\n' + listener;
  }
  function makeFrame(query, title, prefix) {
    var f = document.createElement("iframe");
    f.src = frameSrc(query);
    f.title = (prefix || words.title) + title;
    f.height = "420";
    f.loading = "lazy";
    f.setAttribute("data-fulcrum", "");
    return f;
  }
  function copy(text, status) {
    var done = function () { status.textContent = words.copied; };
    var fail = function () { status.textContent = words.fallback; };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, fail);
    else fail();
  }

  document.querySelectorAll("#snippets-list .snippet").forEach(function (box) {
    var query = box.getAttribute("data-query");
    var title = box.getAttribute("data-title");
    var pre = document.createElement("pre");
    var code = document.createElement("code");
    code.textContent = snippet(query, title);
    pre.appendChild(code);
    var row = document.createElement("div");
    row.className = "row";
    var copyButton = document.createElement("button");
    copyButton.type = "button";
    copyButton.textContent = words.copy;
    var previewButton = document.createElement("button");
    previewButton.type = "button";
    previewButton.textContent = words.preview;
    var status = document.createElement("span");
    status.className = "status";
    status.setAttribute("role", "status");
    copyButton.addEventListener("click", function () { copy(code.textContent, status); });
    previewButton.addEventListener("click", function () {
      var existing = box.querySelector("iframe");
      if (existing) { existing.remove(); previewButton.textContent = words.preview; return; }
      reveal(box.appendChild(makeFrame(query, title)));
      previewButton.textContent = words.hide;
    });
    row.append(copyButton, previewButton, status);
    box.append(pre, row);
  });

  var view = document.getElementById("b-view"), preset = document.getElementById("b-preset");
  var strategy = document.getElementById("b-strategy"), lang = document.getElementById("b-lang");
  var paused = document.getElementById("b-paused");
  var link = document.getElementById("b-link"), out = document.getElementById("b-out");
  var status = document.getElementById("b-status"), frameBox = document.getElementById("b-frame");

  // A pasted playground link's parameters (its key, seed, servers…), or none.
  function pastedParams() {
    var pasted = link.value.trim();
    if (!pasted) return null;
    var q = pasted.indexOf("?") >= 0 ? pasted.slice(pasted.indexOf("?") + 1) : pasted;
    return new URLSearchParams(q.split("#")[0]);
  }
  // The form shows what the snippet says: a pasted link's view, preset, strategy, language and
  // autoplay are set in the form's own fields (the form then wins, as it does without a link).
  function followLink() {
    var params = pastedParams();
    if (!params) return;
    [[view, "view"], [preset, "preset"], [strategy, "strategy"], [lang, "lang"]].forEach(function (pair) {
      var value = params.get(pair[1]);
      if (value !== null && Array.prototype.some.call(pair[0].options, function (o) { return o.value === value; })) {
        pair[0].value = value;
      }
    });
    paused.checked = params.get("autoplay") === "0";
  }
  function currentQuery() {
    var pasted = pastedParams();
    var params = pasted || new URLSearchParams();
    params.set("preset", preset.value);
    params.set("strategy", strategy.value);
    params.delete("embed");
    params.delete("view");
    params.set("view", view.value);
    if (lang.value) params.set("lang", lang.value); else params.delete("lang");
    params.delete("autoplay");
    if (paused.checked) params.set("autoplay", "0");
    return "embed=1&" + params.toString();
  }
  function update() {
    var t = titles[lang.value || (zh ? "zh" : "en")];
    out.value = snippet(currentQuery(), t[view.value], t.prefix);
    status.textContent = "";
    if (frameBox.firstChild) { frameBox.replaceChildren(makeFrame(currentQuery(), t[view.value], t.prefix)); }
  }
  [view, preset, strategy, lang, paused].forEach(function (el) { el.addEventListener("change", update); });
  link.addEventListener("input", function () { followLink(); update(); });
  document.getElementById("b-copy").addEventListener("click", function () { copy(out.value, status); });
  var previewButton = document.getElementById("b-preview");
  previewButton.addEventListener("click", function () {
    if (frameBox.firstChild) {
      frameBox.replaceChildren();
      previewButton.textContent = words.preview;
    } else {
      var t = titles[lang.value || (zh ? "zh" : "en")];
      var frame = makeFrame(currentQuery(), t[view.value], t.prefix);
      frameBox.replaceChildren(frame);
      previewButton.textContent = words.hide;
      reveal(frame);
    }
  });
  update();
})();
