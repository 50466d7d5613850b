// Scroll to and highlight the passage named in the address: #span=start-end are offsets
// into the report's stored text; each section block knows where it starts.
(function () {
  "use strict";
  function highlight() {
    var match = /span=(\d+)-(\d+)/.exec(window.location.hash);
    var old = document.querySelector("mark.hit");
    if (old) { old.replaceWith(document.createTextNode(old.textContent)); }
    if (!match) { return; }
    var start = Number(match[1]), end = Number(match[2]);
    var blocks = document.querySelectorAll("section.block");
    for (var i = 0; i < blocks.length; i++) {
      var pre = blocks[i].querySelector("pre.text");
      var from = Number(blocks[i].dataset.start);
      var node = pre.firstChild;
      if (!node || start < from || start >= from + node.length) { continue; }
      var range = document.createRange();
      range.setStart(node, start - from);
      range.setEnd(node, Math.min(end - from, node.length));
      var mark = document.createElement("mark");
      mark.className = "hit";
      mark.tabIndex = -1;
      range.surroundContents(mark);
      mark.scrollIntoView({ block: "center" });
      mark.focus({ preventScroll: true });
      return;
    }
  }
  window.addEventListener("hashchange", highlight);
  highlight();
})();
