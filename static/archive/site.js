// Progressive enhancement only: every page works without this file.
// A filter box for long facet lists: typing hides the values that do not match.
document.querySelectorAll(".facet-filter").forEach(function (label) {
  label.hidden = false;
  var input = label.querySelector("input");
  var listId = input.getAttribute("data-filters");
  var lists = document.querySelectorAll("#" + listId + ", [data-more-of='" + listId + "']");
  input.addEventListener("input", function () {
    var needle = input.value.trim().toLowerCase();
    lists.forEach(function (list) {
      list.querySelectorAll(":scope > li").forEach(function (item) {
        item.hidden = needle !== "" && item.textContent.toLowerCase().indexOf(needle) === -1;
      });
      var more = list.closest("details");
      if (more && needle) { more.open = true; }
    });
  });
});
