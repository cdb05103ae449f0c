// The booking page: say in words which slot is chosen (read by screen
// readers through aria-live), as the tick shows it to the eye.
(function () {
  "use strict";
  var output = document.getElementById("orario-scelto");
  if (!output) {
    return;
  }
  function show(input) {
    output.textContent = "Orario scelto: " + input.getAttribute("data-label");
    output.hidden = false;
  }
  var inputs = document.querySelectorAll("input.rete-slot-input");
  inputs.forEach(function (input) {
    input.addEventListener("change", function () {
      if (input.checked) {
        show(input);
      }
    });
    if (input.checked) {
      show(input);
    }
  });
})();
