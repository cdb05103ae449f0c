/* Behaviour shared by every page. No inline script anywhere (CSP script-src
   'self'): templates mark elements with data- attributes and this file acts. */
(function () {
  "use strict";

  // A form sent back with errors: the focus goes to its error summary, whose
  // entries link to the fields.
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }

  // <form data-conferma="Eliminare ...?">: asks before sending.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-conferma]");
    if (form && !window.confirm(form.dataset.conferma)) { event.preventDefault(); }
  });

  // A suggested birth place fills both the name and its Belfiore code.
  document.addEventListener("click", function (event) {
    var option = event.target.closest("[data-luogo-codice]");
    if (!option) { return; }
    event.preventDefault();
    var code = document.getElementById("id_birth_place_code");
    var name = document.getElementById("id_birth_place_name");
    var list = document.getElementById("luoghi-suggeriti");
    if (code) { code.value = option.dataset.luogoCodice; }
    if (name) { name.value = option.dataset.luogoNome; name.focus(); }
    if (list) { list.innerHTML = ""; }
  });

  // A live check (htmx) answering into <div data-clears-errors-of="id_field">
  // replaces the error the server gave that field when the form was sent: the
  // old red message must not stay under the new result.
  function clearStaleErrors(target) {
    var fieldId = target.dataset.clearsErrorsOf;
    var input = fieldId && document.getElementById(fieldId);
    if (!input) { return; }
    var stale = document.getElementById(fieldId + "-errore");
    if (stale) { stale.remove(); }
    document.querySelectorAll('[data-error-summary] a[href="#' + fieldId + '"]').forEach(
      function (link) { link.closest("li").remove(); });
    var describedBy = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(
      function (id) { return id && id !== fieldId + "-errore" && id !== target.id; });
    var invalid = target.querySelector(".invalid-feedback") !== null;
    if (invalid) { describedBy.push(target.id); }
    input.classList.toggle("is-invalid", invalid);
    if (invalid) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
    if (describedBy.length) { input.setAttribute("aria-describedby", describedBy.join(" ")); }
    else { input.removeAttribute("aria-describedby"); }
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.dataset && target.dataset.clearsErrorsOf) { clearStaleErrors(target); }
    if (target && target.querySelector) { focusErrorSummary(target); }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { focusErrorSummary(); });
  } else {
    focusErrorSummary();
  }
}());
