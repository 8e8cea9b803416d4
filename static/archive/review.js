// The review screen's keys (listed on the page, under "Keys"). They act only when no field
// has the focus, and never with Ctrl, Alt or Meta, so typing and the browser's own keys are
// left alone. Plain script, no build step; the page works without it (buttons and links).
"use strict";
(function () {
  const form = document.querySelector("form[id$='_form']");
  const sources = document.getElementById("review-sources");
  if (!form || !sources) return;
  const shown = new URLSearchParams(new FormData(form)).toString();
  const changed = () => new URLSearchParams(new FormData(form)).toString() !== shown;
  let leaving = false;
  form.addEventListener("submit", () => { leaving = true; });

  function typing(target) {
    if (!target || target === document.body) return false;
    if (target.isContentEditable) return true;
    if (["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) return true;
    return Boolean(target.closest(".select2-container"));
  }

  function press(id) {
    const button = document.getElementById(id);
    if (button) form.requestSubmit(button);
  }

  function follow(id) {
    const link = document.getElementById(id);
    if (!link) return;
    if (changed() && !window.confirm("Leave this tour without saving your changes?")) return;
    leaving = true;
    window.location.assign(link.href);
  }

  // j and k walk through the highlighted facts; a finding's value jumps to its marks.
  const marks = Array.from(sources.querySelectorAll("mark"));
  let at = -1;
  function show(index) {
    if (!marks.length) return;
    if (at >= 0) marks[at].classList.remove("current");
    at = (index + marks.length) % marks.length;
    marks[at].classList.add("current");
    marks[at].scrollIntoView({ block: "center" });
  }
  document.querySelectorAll("button.finding-value[data-mark]").forEach((button) => {
    button.addEventListener("click", () => {
      const wanted = button.dataset.mark;
      const matching = marks
        .map((mark, index) => [mark, index])
        .filter(([mark]) => (mark.title || "").split("; ").includes(wanted));
      if (!matching.length) return;
      const next = matching.find(([, index]) => index > at) || matching[0];
      show(next[1]);
    });
  });

  const keys = {
    r: () => press("review-reviewed"),
    x: () => press("review-rejected"),
    s: () => press("review-save"),
    n: () => follow("review-next"),
    p: () => follow("review-previous"),
    j: () => show(at + 1),
    k: () => show(at - 1),
    e: () => {
      const first = document.querySelector("#review-facts input:not([type=hidden]), #review-facts textarea");
      if (first) first.focus();
    },
    "?": () => {
      const help = document.getElementById("review-keys");
      if (help) help.open = !help.open;
    },
  };

  // Listened for before the page's own handlers (capture): select2 keeps Esc to itself.
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return;
    if (event.key === "Escape") {
      if (typing(document.activeElement) && !document.querySelector(".select2-container--open")) {
        document.activeElement.blur();
      }
      return;
    }
    if (typing(event.target) || typing(document.activeElement)) return;
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  }, true);

  window.addEventListener("beforeunload", (event) => {
    if (!leaving && changed()) event.preventDefault();
  });
})();
