
// Sort keys: wholly a number, compared as one; any other text in natural order (aos-s-145 before aos-s-1445,
// 10.0.0.9 before 10.0.0.53).
var NUMBER = /^-?[0-9]+(\.[0-9]+)?$/, NATURAL = new Intl.Collator(undefined, {numeric: true, sensitivity: "base"});

function pagedTable(prefix) {
  var PAGE = {{ page_rows }}, page = 0, pending = null, texts = null, matching = [];
  function byId(name) { return document.getElementById(prefix + name); }
  var table = byId("results"), body = table.tBodies[0], rows = Array.from(body.rows);
  var box = byId("filter"), verdict = byId("verdict"), shown = byId("shown");
  var previous = byId("previous"), next = byId("next");
  function render() {
    var first = page * PAGE, last = Math.min(first + PAGE, matching.length), visible = new Set();
    for (var i = first; i < last; i++) { visible.add(matching[i]); }
    rows.forEach(function (row) { var hide = !visible.has(row); if (row.hidden !== hide) { row.hidden = hide; } });
    shown.textContent = (matching.length ? "rows " + (first + 1) + "-" + last + " of " : "no rows of ") +
      matching.length + (matching.length === rows.length ? "" : " matching (" + rows.length + " in all)");
    previous.disabled = page === 0; next.disabled = last >= matching.length;
  }
  function applyFilter() {
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean), wanted = verdict.value;
    texts = texts || new Map(rows.map(function (row) { return [row, row.textContent.toLowerCase()]; }));
    matching = rows.filter(function (row) {
      return (!wanted || row.dataset.verdict === wanted) &&
        words.every(function (word) { return texts.get(row).indexOf(word) !== -1; });
    });
    page = 0; render();
  }
  box.addEventListener("input", function () { clearTimeout(pending); pending = setTimeout(applyFilter, 120); });
  verdict.addEventListener("change", applyFilter);
  previous.addEventListener("click", function () { page -= 1; render(); });
  next.addEventListener("click", function () { page += 1; render(); });
  table.tHead.querySelectorAll("th").forEach(function (th, column) {
    th.addEventListener("click", function () {
      var ascending = th.dataset.order !== "asc"; th.dataset.order = ascending ? "asc" : "desc";
      var keyed = rows.map(function (row, index) {
        // A cell shows its own sort key unless it says another (data-sort: a rank, a number behind a bar).
        var cell = row.cells[column], key = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent;
        return {row: row, index: index, key: key, number: NUMBER.test(key) ? parseFloat(key) : null};
      });
      keyed.sort(function (a, b) {
        var cmp = (a.number !== null && b.number !== null) ? a.number - b.number : NATURAL.compare(a.key, b.key);
        return (ascending ? cmp : -cmp) || a.index - b.index;
      });
      rows = keyed.map(function (entry) { return entry.row; });
      body.replaceChildren.apply(body, rows);
      applyFilter();
    });
  });
  applyFilter();
}
