/* reportqa chat widget: one <script> tag adds a chat bubble to any page.
 *
 *   <script src="https://host/static/widget.js" data-agency="张店交警" data-api="https://host"></script>
 *
 * data-agency: the agency the page belongs to (the question may still name another);
 * data-year: optionally the report year the page is about; data-api: where the service is
 * (default: where this script came from). Plain DOM, no dependencies, no CDN. Text from
 * reports and from users is always inserted as text (textContent), never as HTML.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__reportqaWidget) { return; }
  window.__reportqaWidget = true;
  var origin = new URL(script.src, window.location.href).origin;
  var api = (script.dataset.api || origin).replace(/\/$/, "");
  var scope = script.dataset.agency || null;
  var year = script.dataset.year ? Number(script.dataset.year) : null;
  var context = null;
  var lastQuestion = "";

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = origin + "/static/widget.css";
  document.head.appendChild(css);

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  var root = make("div", "rqa-root");
  var bubble = make("button", "rqa-bubble", "问");
  bubble.type = "button";
  bubble.setAttribute("aria-label", "打开年度报告问答");
  bubble.setAttribute("aria-expanded", "false");
  var panel = make("section", "rqa-panel");
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", "年度报告问答");
  var head = make("header", "rqa-head");
  head.appendChild(make("span", "rqa-title", scope ? scope + " · 年度报告问答" : "年度报告问答"));
  var close = make("button", "rqa-close", "×");
  close.type = "button";
  close.setAttribute("aria-label", "关闭");
  head.appendChild(close);
  var log = make("div", "rqa-log");
  log.setAttribute("aria-live", "polite");
  var form = make("form", "rqa-form");
  var input = make("input", "rqa-input");
  input.type = "text";
  input.maxLength = 500;
  input.placeholder = "例如：去年有几件申请没办完？";
  input.setAttribute("aria-label", "输入问题");
  var send = make("button", "rqa-send", "发送");
  send.type = "submit";
  form.appendChild(input);
  form.appendChild(send);
  panel.appendChild(head);
  panel.appendChild(log);
  panel.appendChild(form);
  root.appendChild(panel);
  root.appendChild(bubble);
  document.body.appendChild(root);

  function open(show) {
    panel.hidden = !show;
    bubble.setAttribute("aria-expanded", String(show));
    if (show) {
      if (!log.childNodes.length) {
        say("bot", "您好！可以问报告里的数字，例如“收到多少件申请”“行政复议有几件”。");
      }
      input.focus();
    } else {
      bubble.focus();
    }
  }
  bubble.addEventListener("click", function () { open(panel.hidden); });
  close.addEventListener("click", function () { open(false); });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { open(false); }
  });

  function say(who, text) {
    var line = make("div", "rqa-msg rqa-" + who);
    line.appendChild(make("p", "rqa-text", text));
    log.appendChild(line);
    log.scrollTop = log.scrollHeight;
    return line;
  }

  function sentence(answer) {
    // The answer sentence with the figure marked: split around its first occurrence.
    var p = make("p", "rqa-text");
    var text = answer.answer || "";
    var figure = answer.value === null || answer.value === undefined ? "" : String(answer.value);
    // The last place the number stands alone (not the 0 in 2024): the figure, after "：".
    var at = -1;
    if (figure) {
      var pattern = new RegExp("(^|[^\\d.])(" + figure.replace(/[.\-]/g, "\\$&") + ")(?![\\d.])", "g");
      var found;
      while ((found = pattern.exec(text)) !== null) { at = found.index + found[1].length; }
    }
    if (at < 0) { p.textContent = text; return p; }
    var end = at + figure.length;
    while (end < text.length && /[余多万亿件条篇次场项个%元]/.test(text[end])) { end++; }
    p.appendChild(document.createTextNode(text.slice(0, at)));
    p.appendChild(make("mark", "rqa-figure", text.slice(at, end)));
    p.appendChild(document.createTextNode(text.slice(end)));
    return p;
  }

  function choiceButton(label, onClick) {
    var b = make("button", "rqa-choice", label);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  function show(answer) {
    var line = make("div", "rqa-msg rqa-bot" + (answer.found ? "" : " rqa-notfound"));
    line.appendChild(sentence(answer));
    if (answer.source && answer.source.text) {
      var src = make("blockquote", "rqa-source");
      src.appendChild(make("span", "rqa-section", answer.source.section || "出处"));
      src.appendChild(make("span", "rqa-passage", answer.source.text.replace(/\s+/g, " ").slice(0, 240)));
      if (answer.report && answer.report.id) {
        var link = make("a", "rqa-link", "在报告中查看");
        link.href = api + "/reports/" + encodeURIComponent(answer.report.id) +
          "#span=" + answer.source.start + "-" + answer.source.end;
        link.target = "_blank";
        link.rel = "noopener";
        src.appendChild(link);
      }
      line.appendChild(src);
    }
    var choices = make("div", "rqa-choices");
    (answer.alternatives || []).forEach(function (alt) {
      var label = "另一种理解：" + (alt.answer || alt.metric.label);
      choices.appendChild(choiceButton(label, function () { ask(alt.metric.label + "有多少"); }));
    });
    if (answer.clarify) {
      line.appendChild(make("p", "rqa-text", answer.clarify.question));
      answer.clarify.choices.forEach(function (choice) {
        choices.appendChild(choiceButton(choice.label, function () {
          if (answer.clarify.field === "agency") {
            ask(lastQuestion, choice.value);
          } else {
            ask(choice.label + "有多少");
          }
        }));
      });
    }
    if (choices.childNodes.length) { line.appendChild(choices); }
    log.appendChild(line);
    log.scrollTop = log.scrollHeight;
  }

  function ask(question, agency) {
    question = (question || "").trim();
    if (!question) { return; }
    lastQuestion = question;
    say("user", question);
    var waiting = say("bot rqa-waiting", "正在查找……");
    send.disabled = true;
    var body = { question: question, agency: agency || scope, context: context };
    if (year) { body.year = year; }
    fetch(api + "/api/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body)
    })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (result) {
        waiting.remove();
        if (!result.ok) {
          var message = result.data && result.data.error ? result.data.error.message : "请求失败";
          say("bot rqa-error", "抱歉，无法回答：" + message);
          return;
        }
        context = result.data.context || null;
        show(result.data);
      })
      .catch(function () {
        waiting.remove();
        say("bot rqa-error", "抱歉，暂时连不上服务，请稍后再试。");
      })
      .then(function () { send.disabled = false; input.focus(); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var question = input.value;
    input.value = "";
    ask(question);
  });
})();
