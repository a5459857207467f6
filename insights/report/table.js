(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("comments-data").textContent);
  var rows = data.rows;
  var search = document.getElementById("q");
  var topicSel = document.getElementById("topic");
  var intentSel = document.getElementById("intent");
  var body = document.getElementById("comment-rows");
  var status = document.getElementById("comment-status");
  var more = document.getElementById("more");
  var PAGE = 100, shown = PAGE;

  function option(select, value, label) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    select.appendChild(o);
  }
  data.topics.forEach(function (t) { option(topicSel, String(t.id), t.label + " (" + t.size + ")"); });
  data.intents.forEach(function (i) { option(intentSel, i, i); });

  function matches(r, q, topic, intent) {
    if (topic !== "" && String(r.topic) !== topic) return false;
    if (intent !== "" && r.intent !== intent) return false;
    return q === "" || r.text.toLowerCase().indexOf(q) !== -1 || r.id.toLowerCase() === q;
  }
  function cell(tr, text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    tr.appendChild(td);
  }
  function render() {
    var q = search.value.trim().toLowerCase(), topic = topicSel.value, intent = intentSel.value;
    var hits = rows.filter(function (r) { return matches(r, q, topic, intent); });
    body.textContent = "";
    hits.slice(0, shown).forEach(function (r) {
      var tr = document.createElement("tr");
      cell(tr, r.id, "id");
      cell(tr, r.text, "text");
      cell(tr, r.topic_label, "topic");
      cell(tr, r.intent, "intent " + r.intent);
      var s = r.sentiment === null ? "" : (r.sentiment > 0 ? "+" : "") + r.sentiment.toFixed(2);
      cell(tr, s, "num " + (r.sentiment === null ? "" : r.sentiment <= -0.05 ? "neg" : r.sentiment >= 0.05 ? "pos" : "neu"));
      body.appendChild(tr);
    });
    status.textContent = hits.length.toLocaleString() + " of " + rows.length.toLocaleString() +
      " comments match" + (hits.length > shown ? "; showing the first " + shown.toLocaleString() : "") + ".";
    more.hidden = hits.length <= shown;
  }
  function reset() { shown = PAGE; render(); }
  search.addEventListener("input", reset);
  topicSel.addEventListener("change", reset);
  intentSel.addEventListener("change", reset);
  more.addEventListener("click", function () { shown += PAGE * 5; render(); });
  Array.prototype.forEach.call(document.querySelectorAll("[data-topic]"), function (a) {
    a.addEventListener("click", function () { topicSel.value = a.getAttribute("data-topic"); reset(); });
  });
  document.getElementById("explorer").hidden = false;
  render();
})();
